"""Gold annotations: load JSON Lines, check every line, and give typed articles.

A gold line is checked as a whole so that an annotator sees every problem of a
file at once, each named by file and line: a line that is not JSON, a missing
field, offsets outside the text, a span whose ``text`` differs from the article
text at its offsets. The format is described in ``samples/gold/GUIDELINES.md``.
"""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.jsonl import JsonLinesError, Line, read_lines
from pipeline.normalise.dates import ISO_VALUE
from pipeline.records.model import ISO_DAY, ITEM_TYPES

GOLD_VERSION = "1"
ENTITY_TYPES = tuple(ITEM_TYPES)  # the record lists a gold article annotates
_ISO_VALUE = re.compile(ISO_VALUE)
_ISO_DAY = re.compile(ISO_DAY)


class EvaluationError(PipelineError):
    """A gold or predictions file that cannot be used; the message names the file and line."""


class GoldError(EvaluationError):
    """A gold file that cannot be used; the message names every bad line."""


@dataclass(frozen=True)
class GoldPlace:
    start: int
    end: int
    name: str


@dataclass(frozen=True)
class GoldInstitution:
    start: int
    end: int
    name: str
    acronym: str | None


@dataclass(frozen=True)
class GoldArea:
    start: int
    end: int
    hectares: float
    hectares_max: float | None


@dataclass(frozen=True)
class GoldDate:
    start: int
    end: int
    value: str | None
    value_end: str | None


GoldMention = GoldPlace | GoldInstitution | GoldArea | GoldDate
GOLD_TYPES: dict[str, type[GoldMention]] = {
    "places": GoldPlace,
    "institutions": GoldInstitution,
    "areas": GoldArea,
    "dates": GoldDate,
}
GOLD_FIELDS = {
    group: tuple(field.name for field in fields(gold_type) if field.name not in ("start", "end"))
    for group, gold_type in GOLD_TYPES.items()
}
"""What gold keeps of each record item besides its offsets: record fields of the same names."""


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article, with the gold file and line it comes from."""

    id: str
    text: str
    places: tuple[GoldPlace, ...]
    institutions: tuple[GoldInstitution, ...]
    areas: tuple[GoldArea, ...]
    dates: tuple[GoldDate, ...]
    source: str | None = None
    published: date | None = None
    outlet: str | None = None
    title: str | None = None
    split: str | None = None
    body_must_contain: tuple[str, ...] = ()
    body_must_not_contain: tuple[str, ...] = ()
    file: str = ""
    line: int = 0

    @property
    def origin(self) -> str:
        return f"{self.file}:{self.line}"

    def mentions(self, entity_type: str) -> tuple[GoldMention, ...]:
        """The gold mentions of one type (``places``, ``institutions``, ``areas``, ``dates``)."""
        return getattr(self, entity_type)


def load_gold(paths: Iterable[str | Path]) -> list[GoldArticle]:
    """Every article of the given gold files, in order; raise GoldError listing all bad lines.

    Article ids must be unique across the files, so that predictions can be
    matched to them.
    """
    articles: list[GoldArticle] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            lines = list(read_lines(path))
        except JsonLinesError as error:
            raise GoldError(str(error)) from None
        for line in lines:
            where = f"{path}:{line.number}"
            try:
                article = gold_article(line, file=str(path))
            except GoldError as error:
                problems.append(str(error))
                continue
            if article.id in seen:
                problems.append(f"{where}: id {article.id!r} already used at {seen[article.id]}")
                continue
            seen[article.id] = where
            articles.append(article)
    if problems:
        raise GoldError("invalid gold data:\n" + "\n".join(problems))
    return articles


def gold_article(line: Line, *, file: str) -> GoldArticle:
    """The GoldArticle of one line of a gold file; raises GoldError listing the line's problems."""
    where = f"{file}:{line.number}"
    if line.value is None:
        raise GoldError(f"{where}: {line.problem}")
    data = line.value
    problems: list[str] = []
    check = _Checker(problems)
    version = data.get("gold_version", GOLD_VERSION)
    if version != GOLD_VERSION:
        problems.append(f"gold_version {version!r} is not supported (expected {GOLD_VERSION!r})")
    article_id = check.string(data, "id")
    text = check.string(data, "text")
    entities = {name: _mentions(data, name, text, problems) for name in ENTITY_TYPES}
    article = GoldArticle(
        id=article_id,
        text=text,
        places=entities["places"],
        institutions=entities["institutions"],
        areas=entities["areas"],
        dates=entities["dates"],
        source=check.string(data, "source", optional=True),
        published=_published(data, problems),
        outlet=check.string(data, "outlet", optional=True),
        title=check.string(data, "title", optional=True),
        split=check.string(data, "split", optional=True),
        body_must_contain=_fragments(data, "body_must_contain", problems),
        body_must_not_contain=_fragments(data, "body_must_not_contain", problems),
        file=file,
        line=line.number,
    )
    if problems:
        raise GoldError("\n".join(f"{where}: {problem}" for problem in problems))
    return article


class _Checker:
    """Field readers that record a problem and return a harmless value instead of raising."""

    def __init__(self, problems: list[str], prefix: str = "") -> None:
        self.problems = problems
        self.prefix = prefix

    def fail(self, message: str) -> None:
        self.problems.append(f"{self.prefix}{message}")

    def _given(self, data: Mapping[str, Any], key: str, *, optional: bool) -> Any:
        """The field's value, or None when it is absent (a problem unless optional) or null and optional."""
        if key not in data:
            if not optional:
                self.fail(f"missing field {key!r}")
            return None
        return data[key]

    def string(self, data: Mapping[str, Any], key: str, *, optional: bool = False) -> str | None:
        value = self._given(data, key, optional=optional)
        if value is None and (optional or key not in data):
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key!r} must be a non-empty string, got {value!r}")
            return None
        return value

    def number(self, data: Mapping[str, Any], key: str, *, optional: bool = False) -> float | None:
        value = self._given(data, key, optional=optional)
        if value is None and (optional or key not in data):
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < math.inf:
            self.fail(f"{key!r} must be a non-negative number, got {value!r}")
            return None
        return float(value)

    def iso_value(self, data: Mapping[str, Any], key: str, *, required: bool) -> str | None:
        if key not in data:
            if required:
                self.fail(f"missing field {key!r}")
            return None
        value = data[key]
        if value is not None and not _valid_iso(value):
            self.fail(f"{key!r} must be YYYY, YYYY-MM, YYYY-MM-DD or null, got {value!r}")
            return None
        return value


def _mentions(data: Mapping[str, Any], entity_type: str, text: str | None, problems: list[str]) -> tuple:
    if entity_type not in data:
        problems.append(f"missing field {entity_type!r}")
        return ()
    items = data[entity_type]
    if not isinstance(items, list):
        problems.append(f"{entity_type!r} must be a list")
        return ()
    mentions = []
    for index, item in enumerate(items):
        check = _Checker(problems, f"{entity_type}[{index}]: ")
        if not isinstance(item, dict):
            check.fail("not a JSON object")
            continue
        mention = _mention(entity_type, item, check)
        if mention is not None and text is not None and _span_ok(item, mention, text, check):
            mentions.append(mention)
    mentions.sort(key=lambda m: (m.start, m.end))
    for previous, current in zip(mentions, mentions[1:]):
        if current.start < previous.end:
            problems.append(
                f"{entity_type}: spans {previous.start}:{previous.end} and {current.start}:{current.end} overlap"
            )
    return tuple(mentions)


def _mention(entity_type: str, item: Mapping[str, Any], check: _Checker) -> GoldMention | None:
    before = len(check.problems)
    offsets = []
    for key in ("start", "end"):
        value = item.get(key)
        if key not in item:
            check.fail(f"missing field {key!r}")
        elif isinstance(value, bool) or not isinstance(value, int):
            check.fail(f"{key!r} must be an integer, got {value!r}")
        offsets.append(value)
    start, end = offsets
    if entity_type == "places":
        mention: GoldMention = GoldPlace(start, end, check.string(item, "name"))
    elif entity_type == "institutions":
        mention = GoldInstitution(start, end, check.string(item, "name"), check.string(item, "acronym", optional=True))
    elif entity_type == "areas":
        hectares = check.number(item, "hectares")
        hectares_max = check.number(item, "hectares_max", optional=True)
        if hectares is not None and hectares_max is not None and hectares_max < hectares:
            check.fail(f"hectares_max {hectares_max} is below hectares {hectares}")
        mention = GoldArea(start, end, hectares, hectares_max)
    else:
        value = check.iso_value(item, "value", required=True)
        mention = GoldDate(start, end, value, check.iso_value(item, "value_end", required=False))
    return mention if len(check.problems) == before else None


def _span_ok(item: Mapping[str, Any], mention: GoldMention, text: str, check: _Checker) -> bool:
    start, end = mention.start, mention.end
    if not 0 <= start < end <= len(text):
        check.fail(f"offsets {start}:{end} out of range for a text of {len(text)} characters")
        return False
    covered = text[start:end]
    if "text" in item and item["text"] != covered:
        check.fail(f"span text {item['text']!r} differs from the text at {start}:{end}: {covered!r}")
        return False
    if covered != covered.strip():
        check.fail(f"span {start}:{end} {covered!r} starts or ends with whitespace")
        return False
    return True


def _valid_iso(value: Any) -> bool:
    """A calendar value at year, month or day precision: ``2024``, ``2023-10``, ``2023-10-05``."""
    if not (isinstance(value, str) and _ISO_VALUE.fullmatch(value)):
        return False
    try:
        date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return False
    return True


def _published(data: Mapping[str, Any], problems: list[str]) -> date | None:
    value = data.get("published")
    if value is None:
        return None
    try:
        if not (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"'published' must be a YYYY-MM-DD date or null, got {value!r}")
        return None


def _fragments(data: Mapping[str, Any], key: str, problems: list[str]) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{key!r} must be a list of non-empty strings")
        return ()
    return tuple(value)
