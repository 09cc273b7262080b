"""Read sources into raw pages: decoded content, detected format, hash of the raw bytes.

Limits hold per page, not per file: a page is a whole file, or one line of a JSON Lines
file, and no more than ``max_bytes`` of a source is ever held in memory at once. A
file's size is checked before it is read.
"""

import hashlib
import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import Rejected
from pipeline.ingest.charset import bom_encoding, decode
from pipeline.ingest.paths import expand_inputs
from pipeline.jsonl import STDIO, parse_line

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<meta")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_HEAD = 8192

ReadLine = Callable[[int], bytes]


@dataclass(frozen=True)
class RawPage:
    """One scraped page as read: where it came from and its decoded content."""

    source: str
    format: str  # how the source stores pages: html, text or jsonl
    content: str
    is_html: bool
    sha256: str
    url: str | None = None
    lossy_decoding: bool = False


def read_inputs(
    inputs: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, exclude: Iterable[str] = ()
) -> Iterator[RawPage | Rejected]:
    """Every page of every input, or a rejection naming the input and the reason."""
    for source in expand_inputs(inputs, exclude=exclude):
        if isinstance(source, Rejected):
            yield source
            continue
        try:
            if source == STDIO:
                yield from read_stream(source, sys.stdin.buffer, max_bytes=max_bytes)
                continue
            with open(source, "rb") as stream:
                size = os.fstat(stream.fileno()).st_size if Path(source).is_file() else None
                yield from read_stream(source, stream, max_bytes=max_bytes, size=size)
        except OSError as error:
            yield Rejected(source, "ingest", f"cannot read: {error.strerror or error}")
        except Exception as error:  # one broken input must never stop the batch: report it
            yield Rejected(source, "ingest", f"unexpected {type(error).__name__}: {error}")


def count_pages(
    inputs: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, exclude: Iterable[str] = ()
) -> int | None:
    """How many outcomes ``read_inputs`` will give, without decoding pages (None when reading
    stdin): one per source, or one per non-blank line of a JSON Lines source, streamed."""
    total = 0
    for source in expand_inputs(inputs, exclude=exclude):
        if source == STDIO:
            return None
        if isinstance(source, Rejected):
            total += 1
            continue
        try:
            with open(source, "rb") as stream:
                first = stream.readline(max_bytes + 1)
                if _jsonl_suffix(source) or _is_json_object(first):
                    lines = sum(1 for _, line, _ in _lines(_pushed_back(first, stream), max_bytes) if line is None or line.strip())
                    total += max(lines, 1)
                else:
                    total += 1
        except OSError:
            total += 1
    return total


def read_source(source: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawPage | Rejected]:
    """The pages held in one source's bytes: one page, or one per JSON Lines line."""
    return read_stream(source, io.BytesIO(data), max_bytes=max_bytes, size=len(data))


def read_stream(
    source: str, stream: BinaryIO, *, max_bytes: int = DEFAULT_MAX_BYTES, size: int | None = None
) -> Iterator[RawPage | Rejected]:
    """The pages of one open source; ``size`` is its length when known (a regular file)."""
    if size is not None and size > max_bytes and not _jsonl_suffix(source) and not _starts_an_object(stream):
        yield Rejected(source, "ingest", f"oversize: {size} bytes, limit {max_bytes}")
        return
    first = stream.readline(max_bytes + 1)
    if _jsonl_suffix(source) or _is_json_object(first):
        yield from _jsonl_pages(source, _pushed_back(first, stream), max_bytes)
        return
    data = first + stream.read(max(0, max_bytes + 1 - len(first)))
    if len(data) > max_bytes:
        yield Rejected(source, "ingest", f"oversize: {size or 'more than ' + str(max_bytes)} bytes, limit {max_bytes}")
        return
    yield _page(source, data)


def _page(source: str, data: bytes) -> RawPage | Rejected:
    problem = _unreadable(data)
    if problem:
        return Rejected(source, "ingest", problem, _sha256(data))
    decoded = decode(data)
    is_html = _is_html(source, decoded.text)
    return RawPage(source, "html" if is_html else "text", decoded.text, is_html, _sha256(data), None, decoded.lossy)


def _unreadable(data: bytes) -> str | None:
    if not data.strip():
        return "empty input"
    if data.startswith(_SQLITE_MAGIC):
        return "a SQLite database, not a text or HTML page"
    encoding = bom_encoding(data)
    head = data[: _HEAD * 4].decode(encoding, errors="replace")[:_HEAD] if encoding else data[:_HEAD].decode("latin-1")
    if "\x00" in head:
        return "binary content (NUL bytes), not a text or HTML page"
    if len(_CONTROL_CHARS.findall(head)) > len(head) * 0.05:
        return "binary content (control bytes), not a text or HTML page"
    if encoding and not head.strip("\ufeff \t\r\n"):
        return "empty input"
    return None


def _jsonl_suffix(source: str) -> bool:
    return Path(source).suffix.lower() in _JSONL_SUFFIXES


def _starts_an_object(stream: BinaryIO) -> bool:
    """Whether a seekable stream's first bytes open a JSON object, the stream left where it was."""
    position = stream.tell()
    head = stream.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    stream.seek(position)
    return head.startswith(b"{")


def _is_json_object(line: bytes) -> bool:
    text = line.lstrip(b"\xef\xbb\xbf \t").strip()
    return text.startswith(b"{") and parse_line(text.decode("utf-8", errors="replace"), 1).value is not None


def _pushed_back(first: bytes, stream: BinaryIO) -> ReadLine:
    """``readline(limit)`` over ``first`` then the rest of ``stream``."""
    pending = [first]

    def readline(limit: int) -> bytes:
        if pending:
            line = pending.pop()
            if line.endswith(b"\n") or len(line) >= limit:
                return line
            return line + stream.readline(limit - len(line))
        return stream.readline(limit)

    return readline


def _lines(readline: ReadLine, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(number, line without its end, size) for each line; the line is None when over ``limit``,
    its bytes skipped without being held."""
    number = 0
    while line := readline(limit + 1):
        number += 1
        size = len(line)
        if size > limit and not line.endswith(b"\n"):
            while (rest := readline(limit + 1)) and (size := size + len(rest)) and not rest.endswith(b"\n"):
                continue
            yield number, None, size - len(rest) + len(rest.rstrip(b"\r\n"))
            continue
        yield number, line.rstrip(b"\r\n"), size


def _jsonl_pages(source: str, readline: ReadLine, max_bytes: int) -> Iterator[RawPage | Rejected]:
    """A scraper's JSON Lines: ``{"url": …, "html": …}`` or ``{"url": …, "text": …}`` per line.

    JSON text is UTF-8; a line that is not is decoded with replacement, and the text
    inside it is never decoded again, whatever charset its HTML declares.
    """
    empty = True
    for number, line, size in _lines(readline, max_bytes):
        name = f"{source}#L{number}"
        if line is None:
            empty = False
            yield Rejected(name, "ingest", f"oversize: {size} bytes, limit {max_bytes}")
            continue
        if not line.strip():
            continue
        empty = False
        decoded = decode(line, declared=False)
        parsed = parse_line(decoded.text, number)
        if parsed.value is None:
            yield Rejected(name, "ingest", f"line is {parsed.problem}", _sha256(line))
            continue
        item = parsed.value
        url = _text(item.get("url")) if isinstance(item.get("url"), str) else None
        for key in ("html", "text"):
            content = item.get(key)
            if isinstance(content, str) and content.strip():
                lossy = decoded.lossy or _SURROGATE.search(content) is not None
                yield RawPage(name, "jsonl", _text(content), key == "html", _sha256(line), url, lossy)
                break
        else:
            yield Rejected(name, "ingest", 'line has no non-empty "html" or "text" field', _sha256(line))
    if empty:
        yield Rejected(source, "ingest", "empty input")


def _text(value: str) -> str:
    """A JSON string as UTF-8 can carry it: a lone surrogate (``"\\ud800"``) becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", value)


def _is_html(source: str, text: str) -> bool:
    if Path(source).suffix.lower() in _HTML_SUFFIXES:
        return True
    head = text[:2048].lower()
    return any(marker in head for marker in _HTML_MARKERS)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
