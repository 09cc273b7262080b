"""Line rules shared by HTML and text-dump cleaning: widgets, aggregator lines, bylines.

The patterns are data (``models/cleaning/``); this module only applies them.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from pipeline.paths import MODELS_DIR
from pipeline.resources import read_jsonl

CLEANING_DIR = MODELS_DIR / "cleaning"
# A headline strip is one long line of many titles separated by runs of spaces.
_STRIP_SEPARATOR = re.compile(r"\S(?: {3,}|\t+)\S")
_STRIP_MIN_SEPARATORS = 3


@dataclass(frozen=True)
class Byline:
    """What an aggregator page says of the original publication."""

    outlet: str | None = None
    published: date | None = None
    author: str | None = None


def load_patterns(path: Path) -> dict[str, re.Pattern[str]]:
    """Read a JSON Lines pattern file: one ``{"id", "pattern"}`` per line, ids unique."""
    entries = read_jsonl(path, required=("id", "pattern"))
    return {entry["id"]: re.compile(entry["pattern"], re.IGNORECASE) for entry in entries}


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(load_patterns(CLEANING_DIR / "boilerplate.jsonl").values())


@lru_cache(maxsize=1)
def aggregator_patterns() -> dict[str, re.Pattern[str]]:
    return load_patterns(CLEANING_DIR / "aggregator.jsonl")


def is_headline_strip(line: str) -> bool:
    return len(_STRIP_SEPARATOR.findall(line)) >= _STRIP_MIN_SEPARATORS


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    return is_headline_strip(line) or any(p.search(stripped) for p in boilerplate_patterns())


def published_in(line: str) -> Byline | None:
    """Parse ``Publié dans Les ECO le 30 - 10 - 2025``; None when the line is not one."""
    match = aggregator_patterns()["published-in"].match(line.strip())
    if not match:
        return None
    try:
        published = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        published = None
    return Byline(outlet=match["outlet"].strip(), published=published)


def author_line(line: str, *, name_alone: bool = False) -> str | None:
    """The author of a closing ``Sanae Raqui / Les Inspirations ECO`` line, else None.

    With ``name_alone`` (on aggregator pages, where the byline closes the body),
    a bare ``Mehdi Ouassat`` line counts too.
    """
    ids = ("author-outlet", "author-alone") if name_alone else ("author-outlet",)
    for pattern_id in ids:
        match = aggregator_patterns()[pattern_id].match(line.strip())
        if match:
            return match["author"].strip()
    return None


def find_published_in(lines: list[str]) -> Byline:
    """The first ``Publié dans`` line among ``lines`` (e.g. a page's visible text)."""
    return next(filter(None, map(published_in, lines)), Byline())


def strip_aggregator(lines: list[str], *, aggregated: bool = False) -> tuple[list[str], Byline, str | None]:
    """Remove chrome and the aggregator's own lines from a body.

    Returns the remaining body lines, what the ``Publié dans`` and byline lines
    said, and the title when it stands just before the ``Publié dans`` line.
    ``aggregated`` says the page is an aggregator's even if the body lacks that line.
    """
    lines = [line.strip() for line in lines if line.strip() and not is_boilerplate(line)]
    byline, title = Byline(), None
    for index, line in enumerate(lines):
        found = published_in(line)
        if found:
            byline = found
            title = lines[index - 1] if index > 0 else None
            lines = lines[index + 1 :]
            break
    aggregated = aggregated or byline.outlet is not None
    author = author_line(lines[-1], name_alone=aggregated) if lines else None
    if author:
        lines = lines[:-1]
        byline = Byline(byline.outlet, byline.published, author)
    return lines, byline, title
