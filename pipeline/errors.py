"""Typed failures: every input that gives no record says which stage refused it and why."""

from dataclasses import dataclass


class PipelineError(Exception):
    """Base class of the errors this package raises on purpose."""


class InputError(PipelineError):
    """An input cannot be read as a page (missing, empty, binary, oversize, malformed)."""


class ResourceError(PipelineError, ValueError):
    """A data file of ``models/`` is missing or malformed; raised at load, never mid-batch.

    A ValueError too, as the checks of each resource reader raised before there was one reader.
    """


@dataclass(frozen=True)
class Rejected:
    """An input that yields no record, kept with its reason so nothing is silently lost."""

    input: str
    stage: str
    reason: str

    def as_entry(self) -> dict[str, str]:
        """The error entry written to the errors JSON Lines file."""
        return {"input": self.input, "stage": self.stage, "reason": self.reason}
