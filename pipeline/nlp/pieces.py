"""Long texts analysed in pieces: the cost of every component grows with the text, never faster.

A text longer than ``PIECE_CHARS`` is cut after a paragraph break (else a sentence end,
else a space) into pieces the model analyses one by one; the analysed pieces are then
joined into one Doc whose text is the original text, character for character, so every
offset holds. Pieces also keep each Doc well under spaCy's ``max_length``, and the model
takes them in batches of bounded length, so memory stays bounded whatever the text.
"""

import re
import warnings
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

PIECE_CHARS = 10_000
"""Four times a usual article (the gold articles hold 2,000 to 5,300 characters): usual articles stay whole."""

BATCH_CHARS = 40_000
"""Characters the model analyses at once at most: its working memory grows with them, not with the text."""

_BREAKS = (re.compile(r"\n"), re.compile(r"[.!?…][»”\")]?\s"), re.compile(r"\s"))


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """Consecutive pieces of at most ``size`` characters; joined, they give ``text`` back."""
    found = []
    start = 0
    while len(text) - start > size:
        cut = _cut(text[start : start + size])
        found.append(text[start : start + cut])
        start += cut
    found.append(text[start:])
    return found


def _cut(window: str) -> int:
    """Where to end a piece: after the last paragraph break, else sentence end, else space of the
    window's second half, then of the whole window; a window without any is cut at its end."""
    for start in (len(window) // 2, 0):
        for pattern in _BREAKS:
            ends = [match.end() for match in pattern.finditer(window, start)]
            if ends:
                return ends[-1]
    return len(window)


def batches(docs: Iterable[Doc], size: int, chars: int = BATCH_CHARS) -> Iterator[list[Doc]]:
    """Batches of at most ``size`` docs and, unless one doc alone is longer, ``chars`` characters."""
    batch: list[Doc] = []
    length = 0
    for doc in docs:
        if batch and (len(batch) == size or length + len(doc.text) > chars):
            yield batch
            batch, length = [], 0
        batch.append(doc)
        length += len(doc.text)
    if batch:
        yield batch


def joined(docs: list[Doc]) -> Doc:
    """The analysed pieces as one Doc: spans, their ``_`` values and the parse, offsets shifted."""
    if len(docs) == 1:
        return docs[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W101: Doc-level ``_`` values are not joined; copied below
        doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
    # Doc-level values (publication date, input name) are keyed without offsets; the pieces share them.
    doc.user_data.update((key, value) for key, value in docs[0].user_data.items() if key[2:] == (None, None))
    return doc
