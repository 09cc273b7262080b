"""Custom attributes of the spaCy objects, declared in one place.

Each entity component writes its spans to ``doc.spans[GROUP]`` and sets the
normalised value on ``span._.norm``; the dates component reads the reference
date from ``doc._.published``; ``doc._.input`` names the input a doc was made
from, so that a document that fails is reported by its input's name.
"""

from spacy.tokens import Doc, Span

SPAN_GROUPS = ("places", "institutions", "areas", "dates")


def declare_extensions() -> None:
    """Declare the attributes once per process; never overwrite another package's."""
    if not Span.has_extension("norm"):
        Span.set_extension("norm", default=None)
    for name in ("published", "input"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


declare_extensions()
