"""The one reader of the data files in ``models/``: JSON Lines, TSV tables and word lists.

Every resource is UTF-8 text with one entry a line; blank lines are skipped, and in
tables and word lists a line starting with ``#`` is a comment. A malformed line is
refused at load with a ResourceError naming ``file:line`` and the reason. What an
entry means (a known label, a positive size) is checked by the module that reads
it, which can name the line too: every entry carries the line it was read from.

>>> from pipeline.paths import MODELS_DIR
>>> units = read_tsv(MODELS_DIR / "areas" / "units.tsv", ("form", "hectares", "ambiguous"))
>>> units[0], units[0].line
({'form': 'ha', 'hectares': '1', 'ambiguous': '1'}, 4)
>>> {"le", "la", "des"} <= read_words(MODELS_DIR / "cleaning" / "french-function-words.txt")
True
"""

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pipeline.errors import ResourceError
from pipeline.jsonl import numbered_lines, parse_line, split_lines

__all__ = ["ResourceError", "ResourceLine", "read_jsonl", "read_tsv", "read_words"]

_V = TypeVar("_V")


class ResourceLine(dict[str, _V]):
    """The fields of one line of a resource file (a JSON object, a table row by column name) and its number."""

    def __init__(self, fields: Mapping[str, _V], *, line: int) -> None:
        super().__init__(fields)
        self.line = line


def read_jsonl(path: Path, *, required: Sequence[str] = ("id",)) -> list[ResourceLine[Any]]:
    """The objects of a JSON Lines file, one a line, in file order.

    Each has the ``required`` keys; an ``id``, where there is one, is a non-empty
    string that no other entry of the file has.
    """
    entries: list[ResourceLine[Any]] = []
    first_line: dict[str, int] = {}
    for number, text in _data_lines(path, comments=False):
        parsed = parse_line(text, number)
        if parsed.value is None:
            raise ResourceError(f"{path}:{number}: {parsed.problem}")
        fields = parsed.value
        missing = [key for key in required if key not in fields]
        if missing:
            raise ResourceError(f"{path}:{number}: missing {', '.join(map(repr, missing))}")
        if "id" in fields:
            entry_id = fields["id"]
            if not isinstance(entry_id, str) or not entry_id:
                raise ResourceError(f"{path}:{number}: the id must be a non-empty string, found {entry_id!r}")
            if entry_id in first_line:
                raise ResourceError(f"{path}:{number}: id {entry_id!r} already used at line {first_line[entry_id]}")
            first_line[entry_id] = number
        entries.append(ResourceLine(fields, line=number))
    return entries


def read_tsv(path: Path, columns: Sequence[str] | None = None) -> list[ResourceLine[str]]:
    """The rows of a tab-separated table, each a dict by column name, cells stripped.

    Every table of ``models/`` has one convention: comment lines first (what the table is
    for, what each column means), then a header row naming the columns, which must be
    exactly ``columns`` when they are given, then the rows. Quotes are plain characters
    (« L'Oriental », « "Le Matin" »): no csv quoting is applied.
    """
    lines = _data_lines(path, comments=True)
    if not lines:
        raise ResourceError(f"{path}: empty table, no header row")
    (header_line, header_text), lines = lines[0], lines[1:]
    names = tuple(_split([header_text])[0])
    if columns is not None and names != tuple(columns):
        raise ResourceError(f"{path}:{header_line}: header row names columns {names}, expected {tuple(columns)}")
    if len(set(names)) != len(names):
        raise ResourceError(f"{path}:{header_line}: a column is named twice in {names}")
    rows: list[ResourceLine[str]] = []
    for (number, text), cells in zip(lines, _split([text for _, text in lines])):
        if len(cells) != len(names):
            raise ResourceError(f"{path}:{number}: {len(cells)} cells, expected {len(names)}: {text!r}")
        rows.append(ResourceLine(dict(zip(names, cells)), line=number))
    return rows


def read_words(path: Path) -> frozenset[str]:
    """A one-column word list: each line that is not a comment is one word or phrase, stripped."""
    words: set[str] = set()
    for number, line in _data_lines(path, comments=True):
        if "\t" in line:
            raise ResourceError(f"{path}:{number}: one word or phrase a line, found a tab: {line!r}")
        words.add(line.strip())
    return frozenset(words)


def _data_lines(path: Path, *, comments: bool) -> list[tuple[int, str]]:
    """The numbered lines that hold data: not blank, and, with ``comments``, not starting with ``#``."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ResourceError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ResourceError(f"{path}:{line}: not UTF-8 text") from None
    return [
        (number, line)
        for number, line in numbered_lines(split_lines(text))
        if not (comments and line.startswith("#"))
    ]


def _split(lines: list[str]) -> list[list[str]]:
    """Tab-separated cells, stripped; QUOTE_NONE keeps apostrophes and quotes as written."""
    return [[cell.strip() for cell in cells] for cells in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]
