"""Typed failures: every input that gives no record says which stage refused it and why."""

import textwrap
from dataclasses import asdict, dataclass
from enum import IntEnum


class ExitStatus(IntEnum):
    """The exit status of every command, with what it means: the one table the help and README show."""

    meaning: str

    def __new__(cls, value: int, meaning: str) -> "ExitStatus":
        status = int.__new__(cls, value)
        status._value_ = value
        status.meaning = meaning
        return status

    OK = 0, "everything was done: every input gave a record, every record was loaded, every figure met its floor"
    SOME_FAILED = 1, (
        "some inputs gave an error entry or were skipped (named on stderr; the rest were written or loaded), "
        "or a figure fell below its --min-f1 floor"
    )
    USAGE = 2, "the command line is wrong"
    NOTHING_USABLE = 3, "no input could be used: no record written or loaded, or a gold or records file is unusable"
    DATABASE = 4, "the database of --db cannot be used (unreachable, or its schema is not this package's)"
    CANNOT_WRITE = 5, "an output file cannot be written"
    INTERRUPTED = 130, "interrupted by SIGINT (Ctrl-C): the pages done are written; extract --resume finishes the batch"
    TERMINATED = 143, "interrupted by SIGTERM, likewise"


def exit_status_help() -> str:
    """The exit-status table as the epilog of every command's --help."""
    lines = (
        textwrap.fill(status.meaning, width=88, initial_indent=f"  {status.value}  ", subsequent_indent="     ")
        for status in ExitStatus
    )
    return "exit status:\n" + "\n".join(lines) + "\n"


class PipelineError(Exception):
    """Base class of the errors this package raises on purpose."""


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
    sha256: str | None = None  # of the input's raw bytes, when they could be read: what --resume matches

    def as_entry(self) -> dict[str, str]:
        """The error entry written to the errors JSON Lines file: its fields, in order, less an
        unknown hash."""
        return {name: value for name, value in asdict(self).items() if value is not None}
