"""Dates: read one French date expression and resolve it against a reference date.

The dates component finds the expressions; this module reads the text of one
expression into a DateValue at the precision the text gives. References that
depend on when the article was written (« hier », « mardi dernier »,
« le 5 octobre ») are resolved against the reference passed in, the article's
publication date; with no reference they keep ``value=None`` and
``relative=True``. Nothing here looks at the clock.

>>> normalise_date("8 février 2024", None)
DateValue(value='2024-02-08', value_end=None, granularity='day', relative=False)
>>> normalise_date("mardi dernier", date(2025, 10, 30))
DateValue(value='2025-10-28', value_end=None, granularity='day', relative=True)
>>> normalise_date("entre 2021 et 2024", None)
DateValue(value='2021', value_end='2024', granularity='year', relative=False)
>>> normalise_date("l'an dernier", None)
DateValue(value=None, value_end=None, granularity='year', relative=True)
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pipeline.paths import MODELS_DIR
from pipeline.resources import ResourceError, read_tsv
from pipeline.text import straight_apostrophes

LEXICON_FILE = MODELS_DIR / "dates" / "lexicon.tsv"

Granularity = Literal["day", "month", "year"]
ISO_VALUE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
"""A date value at its own precision: ``2024``, ``2023-10``, ``2023-10-05``."""
Tense = Literal["past", "future"]

KINDS = frozenset(
    {"month", "month_abbr", "weekday", "day_word", "today", "direction", "period",
     "decade", "article", "this", "edge", "ordinal", "part", "filler", "range_from", "range_to",
     "number_suffix", "hyphen_prefix"}
)
_NUMERIC_KINDS = frozenset(
    {"month", "month_abbr", "weekday", "day_word", "today", "direction", "decade", "ordinal", "part"}
)

# One word, number or punctuation mark; « 1er », « 2ème » (suffixes of the lexicon), « déc. »,
# « aujourd'hui » stay whole.
_WORD = r"\d+(?:{suffixes})?|[^\W\d_]+(?:[-'][^\W\d_]+)*'?\.?|[^\w\s]"
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text gives: ``2024``, ``2023-10`` or ``2023-10-05``.

    ``value_end`` closes a range (« entre 2021 et 2024 »); ``relative`` says the
    value was computed from the publication date, or would have been (``value``
    is then None when the article has no date).
    """

    value: Annotated[str | None, {"pattern": ISO_VALUE}]
    value_end: Annotated[str | None, {"pattern": ISO_VALUE}]
    granularity: Granularity
    relative: bool


Lexicon = dict[str, dict[str, str]]


@lru_cache(maxsize=None)
def lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """The date words by kind: ``lexicon()["month"]["février"] == "2"``.

    Raises ResourceError (a ValueError) on a malformed line, an unknown kind or a form
    listed twice for one kind, so that a bad edit fails at start-up, not on some article.
    """
    words: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for row in read_tsv(path, ("form", "kind", "value")):
        form, kind, value = row["form"], row["kind"], row["value"]
        if kind not in KINDS or form in words[kind]:
            raise ResourceError(f"{path}:{row.line}: expected « form, known kind, value », once: {row}")
        if kind in _NUMERIC_KINDS and not re.fullmatch(r"-?\d+", value):
            raise ResourceError(f"{path}:{row.line}: the value of a {kind} is a whole number: {row}")
        words[kind][form] = value
    return words


def normalise_date(
    text: str, reference: date | None, *, tense: Tense | None = None, words: Lexicon | None = None
) -> DateValue | None:
    """Read a French date expression; None when the text is not one the rules can read.

    ``reference`` is the publication date. ``tense`` is the tense of the verb the
    expression depends on, when known: it decides between last and next occurrence
    for « mardi » or « le 5 octobre » when the text itself does not say. ``words`` is the
    lexicon to read with (default: the one of models/dates).
    """
    lex = words or lexicon()
    if isinstance(reference, datetime):
        reference = reference.date()
    tokens = _words(text, lex)
    if not tokens:
        return None
    years = _year_range(tokens)
    if years is not None:
        return years
    numeric = _numeric_date(tokens, lex)
    if numeric is not None:
        return numeric
    halves = _range_halves(tokens, lex)
    if halves is not None:
        return _range(*halves, reference, tense, lex)
    parts = _read(tokens, lex)
    return None if parts is None else _resolve(parts, reference, tense)


def _alternatives(forms: Iterable[str]) -> str:
    """A regular expression matching any of the forms, the longest first."""
    return "|".join(re.escape(form) for form in sorted(forms, key=lambda form: (-len(form), form)))


def _words(text: str, lex: Lexicon) -> list[str]:
    """Lower-case words with one kind of apostrophe and hyphen; « l'an » -> « l' », « an »."""
    text = straight_apostrophes(text.lower()).replace("–", "-").replace("—", "-")
    text = re.sub(r"\b([ld])'", r"\1' ", text)
    if lex["hyphen_prefix"]:  # « mi-2026 » -> « mi 2026 »
        text = re.sub(rf"\b({_alternatives(lex['hyphen_prefix'])})-", r"\1 ", text)
    return re.findall(_WORD.format(suffixes=_alternatives(lex["number_suffix"])), text)


def _year_range(words: list[str]) -> DateValue | None:
    """« 2015-2020 », « 2023/2024 », « 2023-24 »: the second year may drop its century."""
    if len(words) != 3 or words[1] not in ("-", "/") or not _YEAR.fullmatch(words[0]):
        return None
    start, end = words[0], words[2]
    if re.fullmatch(r"\d{2}", end):
        end = start[:2] + end
    if not _YEAR.fullmatch(end) or end <= start:
        return None
    return DateValue(start, end, "year", False)


def _numeric_date(words: list[str], lex: Lexicon) -> DateValue | None:
    """« 30/10/2025 », « 30 - 10 - 2025 », « 30.10.2025 », « 2025-10-30 », after an optional weekday."""
    if words and words[0] in lex["weekday"]:
        words = words[1:]
    if len(words) != 5 or words[1] != words[3] or words[1] not in ("-", "/", "."):
        return None
    if not all(word.isdigit() for word in words[0::2]):
        return None
    if _YEAR.fullmatch(words[0]) and words[1] == "-":
        year, month, day = words[0::2]
    else:
        day, month, year = words[0::2]
    if not _YEAR.fullmatch(year):
        return None
    return _day_value(int(year), int(month), int(day), relative=False)


def _range_halves(words: list[str], lex: Lexicon) -> tuple[list[str], list[str]] | None:
    """Split « entre X et Y », « du X au Y », « de X à Y », « 7 et 8 septembre » into X and Y."""
    pair = lex["range_from"].get(words[0])
    first = 0 if pair is None else 1
    for index, word in enumerate(words[first:], start=first):
        closing = lex["range_to"].get(word)
        if closing is not None and (pair is None or closing == pair):
            return words[first:index], words[index + 1:]
    return None


@dataclass
class _Parts:
    """What the words of one expression say, before any resolution."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    direction: int = 0
    this: bool = False
    day_offset: int | None = None
    period: str | None = None
    part: tuple[int, int] | None = None
    decade: bool = False


def _read(words: list[str], lex: Lexicon) -> _Parts | None:
    """Collect the parts the words name; None when a word is not a date word."""
    parts = _Parts()
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in lex["ordinal"] and following in lex["part"]:
            parts.part = (int(lex["part"][following]), int(lex["ordinal"][word]))
            index += 2
            continue
        if not _take(parts, word, following, lex):
            return None
        index += 1
    return parts


def _day(word: str, lex: Lexicon) -> re.Match[str] | None:
    """« 5 », « 1er »: a day number, with a suffix a day may carry (kind number_suffix, value day)."""
    suffixes = [form for form, use in lex["number_suffix"].items() if use == "day"]
    return re.fullmatch(rf"(\d{{1,2}})(?:{_alternatives(suffixes)})?", word)


def _take(parts: _Parts, word: str, following: str, lex: Lexicon) -> bool:
    """Record what one word says in ``parts``; False when it is not a date word or says it twice."""
    if _YEAR.fullmatch(word):
        if parts.year is not None:
            return False
        parts.year = int(word)
    elif day := _day(word, lex):
        if parts.day is not None:
            return False
        parts.day = int(day[1])
    elif word in lex["month"] or word in lex["month_abbr"]:
        parts.month = int(lex["month"].get(word) or lex["month_abbr"][word])
    elif word in lex["weekday"]:
        parts.weekday = int(lex["weekday"][word])
    elif word in lex["day_word"] or word in lex["today"]:
        parts.day_offset = int(lex["day_word"].get(word) or lex["today"][word])
    elif word in lex["direction"]:
        parts.direction = int(lex["direction"][word])
    elif word in lex["decade"] and _YEAR.fullmatch(following):
        parts.decade = True
    elif word in lex["period"]:
        parts.period = lex["period"][word]
    elif word in lex["this"]:
        parts.this = True
    elif not (word in lex["filler"] or word in lex["article"] or word in lex["edge"]):
        return False
    return True


def _resolve(parts: _Parts, reference: date | None, tense: Tense | None) -> DateValue | None:
    """The value the parts give, resolved against ``reference`` when they need it."""
    if parts.year is not None:
        return _absolute(parts)
    if parts.day_offset is not None:
        return _relative_day(reference, lambda ref: ref + timedelta(days=parts.day_offset or 0))
    if parts.month is not None and parts.day is not None:
        return _relative_day(reference, lambda ref: _day_in_year(parts, ref, tense))
    if parts.month is not None and parts.day is None:
        return _relative_month(parts, reference, tense)
    if parts.weekday is not None and parts.day is None:
        return _relative_day(reference, lambda ref: _weekday(parts, ref, tense))
    if parts.period is not None and (parts.direction or parts.this):
        return _relative_period(parts.period, parts.direction, reference)
    return None


def _absolute(parts: _Parts) -> DateValue | None:
    """Parts with a year: a day, a month, a part of the year, a decade or the year itself."""
    year = parts.year or 0
    if parts.decade:
        return DateValue(str(year), str(year + 9), "year", False) if year % 10 == 0 else None
    if parts.part is not None:
        months, rank = parts.part
        if rank * months > 12:
            return None
        return DateValue(f"{year}-{(rank - 1) * months + 1:02d}", f"{year}-{rank * months:02d}", "month", False)
    if parts.month is None:
        return None if parts.day is not None else DateValue(str(year), None, "year", False)
    if parts.day is None:
        return DateValue(f"{year}-{parts.month:02d}", None, "month", False)
    return _day_value(year, parts.month, parts.day, relative=False)


def _day_value(year: int, month: int, day: int, *, relative: bool) -> DateValue | None:
    """A calendar day, or None for one that does not exist (« 31/02/2024 »)."""
    try:
        return DateValue(date(year, month, day).isoformat(), None, "day", relative)
    except ValueError:
        return None


def _relative_day(reference: date | None, resolve: Callable[[date], date | None]) -> DateValue | None:
    """A day found from the reference; kept unresolved when there is none."""
    if reference is None:
        return DateValue(None, None, "day", True)
    day = resolve(reference)
    return None if day is None else DateValue(day.isoformat(), None, "day", True)



def _choose(options: list[date], reference: date, direction: int, tense: Tense | None) -> date | None:
    """The option the words point to.

    « dernier » takes the last one strictly before the reference, « prochain » the
    first strictly after; a past or future tense the last on or before, the first
    on or after; else the nearest, the past one on a tie.
    """
    if direction < 0:
        return max((option for option in options if option < reference), default=None)
    if direction > 0:
        return min((option for option in options if option > reference), default=None)
    if tense == "past":
        return max((option for option in options if option <= reference), default=None)
    if tense == "future":
        return min((option for option in options if option >= reference), default=None)
    return min(options, key=lambda option: (abs(option - reference), option > reference), default=None)


def _day_in_year(parts: _Parts, reference: date, tense: Tense | None) -> date | None:
    """« le 5 octobre », « mardi 8 décembre », « le 7 avril dernier »: the year is the one that fits."""
    options = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            options.append(date(year, parts.month or 0, parts.day or 0))
        except ValueError:
            continue
    if parts.weekday is not None:
        options = [option for option in options if option.weekday() == parts.weekday] or options
    return _choose(options, reference, parts.direction, tense)


def _weekday(parts: _Parts, reference: date, tense: Tense | None) -> date | None:
    """« mardi » (the last one, or the next with a future tense), « mardi dernier », « ce mardi »."""
    options = [reference + timedelta(days=shift) for shift in range(-7, 8)]
    options = [option for option in options if option.weekday() == parts.weekday]
    if parts.this and not tense:
        return _choose(options, reference, parts.direction, None)
    return _choose(options, reference, parts.direction, tense or "past")


def _relative_month(parts: _Parts, reference: date | None, tense: Tense | None) -> DateValue | None:
    """« en mars dernier », « fin juin », « en octobre »: the month of the year that fits."""
    if reference is None:
        return DateValue(None, None, "month", True)
    this_month = reference.replace(day=1)
    options = [date(year, parts.month or 0, 1) for year in (reference.year - 1, reference.year, reference.year + 1)]
    chosen = _choose(options, this_month, parts.direction, tense)
    return None if chosen is None else DateValue(chosen.isoformat()[:7], None, "month", True)


def _relative_period(period: str, direction: int, reference: date | None) -> DateValue | None:
    """« la semaine dernière », « le mois prochain », « l'an dernier », « cette année »."""
    granularity: Granularity = "day" if period == "week" else "month" if period == "month" else "year"
    if reference is None:
        return DateValue(None, None, granularity, True)
    if period == "week":
        monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=direction)
        return DateValue(monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "day", True)
    if period == "month":
        return DateValue(_month_shift(reference, direction), None, "month", True)
    return DateValue(str(reference.year + direction), None, "year", True)


def _month_shift(reference: date, months: int) -> str:
    """The ISO month ``months`` after the reference's month (before when negative)."""
    index = reference.year * 12 + reference.month - 1 + months
    return f"{index // 12}-{index % 12 + 1:02d}"


def _range(
    left: list[str], right: list[str], reference: date | None, tense: Tense | None, lex: Lexicon
) -> DateValue | None:
    """« du 5 au 8 novembre 2025 »: the first half takes the month and year it leaves out from the second."""
    right_parts = _read(right, lex)
    left_parts = _read(left, lex)
    if right_parts is None or left_parts is None:
        return None
    end = _resolve(right_parts, reference, tense)
    if end is None:
        return None
    if end.value is None:
        return DateValue(None, None, end.granularity, True)
    inherited_year = left_parts.year is None and end.granularity != "year"
    if left_parts.day is not None and left_parts.month is None and end.granularity == "day":
        left_parts.month = int(end.value[5:7])
    if inherited_year:
        left_parts.year = int(end.value[:4])
    start = _resolve(left_parts, reference, tense)
    if start is not None and inherited_year and start.value is not None and start.value > end.value:
        start = _resolve(replace(left_parts, year=(left_parts.year or 0) - 1), reference, tense)
    if start is None or start.value is None or start.granularity != end.granularity or start.value > end.value:
        return None
    return DateValue(start.value, end.value, start.granularity, start.relative or end.relative)
