"""The one JSON Lines reader and writer: records, error entries, gold, scraped pages, data files.

One JSON object a line, UTF-8 (a byte-order mark is tolerated); blank lines are skipped;
lines end with ``\\n``, ``\\r\\n`` or ``\\r``. ``STDIO`` (``-``) stands for standard input
or output wherever a file is expected. A line that is not a JSON object is a ``Line``
with a ``problem``: each caller decides whether it stops the file (data files, gold) or
only that line (pages, records to load), and names it by file and line.

>>> [(line.number, line.value, line.problem) for line in parse_lines('{"id": "a"}\\n\\n[1]\\n')]
[(1, {'id': 'a'}, None), (3, None, 'not a JSON object: found list')]
"""

import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pipeline.errors import PipelineError

STDIO = "-"
"""The file name of standard input (for a reader) and standard output (for a writer)."""

_UNDECODABLE = re.compile("[\udc80-\udcff]")
"""A byte that is not UTF-8, as the ``surrogateescape`` error handler reads it."""

_SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate (a file name byte that is not UTF-8, a ``"\\ud800"`` escape read from JSON):
no UTF-8 form, so it is written as its JSON escape, which reads back the same."""


class JsonLinesError(PipelineError, ValueError):
    """A JSON Lines file that cannot be read, or a line that cannot be used; names file and line."""


@dataclass(frozen=True)
class Line:
    """One non-blank line: its JSON object, or why it is not one."""

    number: int
    value: dict[str, Any] | None
    problem: str | None = None


def parse_line(text: str, number: int) -> Line:
    """The JSON object of one line, or the problem that keeps it from being one."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return Line(number, None, f"not valid JSON: {error.msg} at column {error.colno}")
    if not isinstance(value, dict):
        return Line(number, None, f"not a JSON object: found {type(value).__name__}")
    return Line(number, value)


def numbered_lines(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """The non-blank lines with their 1-based numbers, line ends removed."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line.rstrip("\n")


def split_lines(text: str) -> list[str]:
    """The lines of a text, split at ``\\n``, ``\\r\\n`` and ``\\r`` as ``open()`` reads them."""
    return list(io.StringIO(text, newline=None))


def parse_lines(text: str) -> Iterator[Line]:
    """Every non-blank line of a JSON Lines text, parsed."""
    for number, line in numbered_lines(split_lines(text)):
        yield parse_line(line, number)


def read_lines(path: str | Path) -> Iterator[Line]:
    """Every non-blank line of a JSON Lines file (``-`` for stdin), parsed, read as it streams.

    A line that is not UTF-8 is a Line with its problem, like one that is not JSON: it
    never hides the others. Raises JsonLinesError when the file cannot be opened.
    """
    try:
        with _open(path) as stream:
            for number, line in numbered_lines(stream):
                undecodable = _UNDECODABLE.search(line)
                if undecodable:
                    byte = ord(undecodable.group()) - 0xDC00
                    yield Line(number, None, f"not UTF-8: byte 0x{byte:02x} at column {undecodable.start() + 1}")
                else:
                    yield parse_line(line, number)
    except OSError as error:
        raise JsonLinesError(f"{path}: cannot read: {error.strerror or error}") from None


def read_objects(path: str | Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The objects of a JSON Lines file with their ``file:line``; the first bad line raises JsonLinesError."""
    for line in read_lines(path):
        where = f"{path}:{line.number}"
        if line.value is None:
            raise JsonLinesError(f"{where}: {line.problem}")
        yield where, line.value


def dumps(value: Any, *, compact: bool = True) -> str:
    """One line of JSON, UTF-8 characters as written; compact (records: same record, same bytes)
    or spaced for lines people edit by hand (gold)."""
    line = json.dumps(value, ensure_ascii=False, separators=(",", ":") if compact else None)
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", line)


@contextmanager
def writer(target: str | Path, *, append: bool = False) -> Iterator[TextIO]:
    """A text stream for ``target``: a file (parents created) or ``-`` for stdout.

    ``append`` keeps the lines already there, less a last line cut short by a killed run.
    """
    if str(target) == STDIO:
        yield sys.stdout
        sys.stdout.flush()
        return
    with _open_for_writing(Path(target), append=append) as stream:
        yield stream


class LazyWriter:
    """A JSON Lines file created on its first line: no empty file when there is nothing to say."""

    def __init__(self, target: str | Path | None, *, append: bool = False) -> None:
        self.target = target
        self.append = append
        self.stream: TextIO | None = None

    def write(self, value: Any) -> None:
        if self.target is None:
            return
        if self.stream is None:
            self.stream = _open_for_writing(Path(self.target), append=self.append)
        write_line(self.stream, value)

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()


def _open_for_writing(path: Path, *, append: bool) -> TextIO:
    path.parent.mkdir(parents=True, exist_ok=True)
    if append:
        _drop_partial_line(path)
    return path.open("a" if append else "w", encoding="utf-8", newline="\n")


def _drop_partial_line(path: Path, *, chunk: int = 65536) -> None:
    """Cut a file back to its last complete line (a run killed mid-write leaves half a line)."""
    if not path.is_file():
        return
    with path.open("r+b") as stream:
        end = position = stream.seek(0, 2)
        while position > 0:
            start = max(0, position - chunk)
            stream.seek(start)
            data = stream.read(position - start)
            if position == end and data.endswith(b"\n"):
                return
            cut = data.rfind(b"\n")
            if cut >= 0:
                stream.truncate(start + cut + 1)
                return
            position = start
        stream.truncate(0)


def write_line(stream: TextIO, value: Any, *, compact: bool = True) -> None:
    """Write one line and flush it, so a reader sees every finished line."""
    stream.write(dumps(value, compact=compact) + "\n")
    stream.flush()


def _open(path: str | Path) -> TextIO:
    if str(path) == STDIO:
        buffer = getattr(sys.stdin, "buffer", None)  # None when stdin is already text (a test's StringIO)
        return sys.stdin if buffer is None else io.TextIOWrapper(
            buffer, encoding="utf-8-sig", errors="surrogateescape", newline=None
        )
    return Path(path).open(encoding="utf-8-sig", errors="surrogateescape", newline=None)
