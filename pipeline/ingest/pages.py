"""Read sources into raw pages: decoded content, detected format, hash of the raw bytes."""

import hashlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Rejected
from pipeline.ingest.charset import decode
from pipeline.ingest.paths import expand_inputs
from pipeline.jsonl import STDIO, parse_line

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<meta")
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))


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
            data = sys.stdin.buffer.read() if source == STDIO else Path(source).read_bytes()
        except OSError as error:
            yield Rejected(source, "ingest", f"cannot read: {error.strerror or error}")
            continue
        yield from read_source(source, data, max_bytes=max_bytes)


def count_pages(
    inputs: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, exclude: Iterable[str] = ()
) -> int | None:
    """How many pages ``read_inputs`` will give, without decoding them (None when reading stdin).

    A rejection counts as a page; a JSON Lines file counts its non-blank lines.
    """
    total = 0
    for source in expand_inputs(inputs, exclude=exclude):
        if source == STDIO:
            return None
        if isinstance(source, Rejected):
            total += 1
            continue
        try:
            data = Path(source).read_bytes()
        except OSError:
            total += 1
            continue
        head = data[:65536].split(b"\n", 1)[0].decode("utf-8", errors="replace")
        jsonl = not _unreadable(data, max_bytes) and _is_jsonl(source, head)
        total += sum(1 for line in data.splitlines() if line.strip()) if jsonl else 1
    return total


def read_source(source: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawPage | Rejected]:
    """The pages held in one source's bytes: one page, or one per JSON Lines line."""
    problem = _unreadable(data, max_bytes)
    if problem:
        yield Rejected(source, "ingest", problem, _sha256(data))
        return
    decoded = decode(data)
    if _is_jsonl(source, decoded.text):
        yield from _jsonl_pages(source, data)
        return
    is_html = _is_html(source, decoded.text)
    yield RawPage(source, "html" if is_html else "text", decoded.text, is_html, _sha256(data), None, decoded.lossy)


def _unreadable(data: bytes, max_bytes: int) -> str | None:
    if len(data) > max_bytes:
        return f"oversize: {len(data)} bytes, limit {max_bytes}"
    if not data.strip():
        return "empty input"
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary content (NUL bytes), not a text or HTML page"
    if sum(head.count(bytes([b])) for b in _CONTROL_BYTES) > len(head) * 0.05:
        return "binary content (control bytes), not a text or HTML page"
    return None


def _is_jsonl(source: str, text: str) -> bool:
    if Path(source).suffix.lower() in _JSONL_SUFFIXES:
        return True
    first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    return parse_line(first, 1).value is not None


def _is_html(source: str, text: str) -> bool:
    if Path(source).suffix.lower() in _HTML_SUFFIXES:
        return True
    head = text[:2048].lower()
    return any(marker in head for marker in _HTML_MARKERS)


def _jsonl_pages(source: str, data: bytes) -> Iterator[RawPage | Rejected]:
    """A scraper's JSON Lines: ``{"url": …, "html": …}`` or ``{"url": …, "text": …}`` per line."""
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        name, digest = f"{source}#L{number}", _sha256(line)
        parsed = parse_line(decode(line).text, number)
        if parsed.value is None:
            yield Rejected(name, "ingest", f"line is {parsed.problem}", digest)
            continue
        item = parsed.value
        url = item.get("url") if isinstance(item.get("url"), str) else None
        for key in ("html", "text"):
            content = item.get(key)
            if isinstance(content, str) and content.strip():
                yield RawPage(name, "jsonl", content, key == "html", digest, url)
                break
        else:
            yield Rejected(name, "ingest", 'line has no non-empty "html" or "text" field', digest)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
