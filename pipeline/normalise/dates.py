"""Dates: read one French date expression and resolve it against a reference date.

The dates component finds the expressions; ``date_words`` says what their words
name; this module turns that into a DateValue at the precision the text gives.
References that depend on when the article was written (« hier », « mardi
dernier », « le 5 octobre ») are resolved against the reference passed in, the
article's publication date; with no reference they keep ``value=None`` and
``relative=True``. Words that count from the day the text speaks of (« le
lendemain », « trois jours plus tard ») take ``anchor`` when given. Nothing here
looks at the clock.

>>> normalise_date("8 février 2024", None)
DateValue(value='2024-02-08', value_end=None, granularity='day', relative=False)
>>> normalise_date("mardi dernier", date(2025, 10, 30))
DateValue(value='2025-10-28', value_end=None, granularity='day', relative=True)
>>> normalise_date("entre 2021 et 2024", None)
DateValue(value='2021', value_end='2024', granularity='year', relative=False)
>>> normalise_date("T2 2020", None)
DateValue(value='2020-04', value_end='2020-06', granularity='quarter', relative=False)
>>> normalise_date("l'an dernier", None)
DateValue(value=None, value_end=None, granularity='year', relative=True)
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from pipeline.normalise.date_calendar import century, day_of_month, days_in_month, month_index, month_start
from pipeline.normalise.date_words import Lexicon, Parts, lexicon, range_halves, read
from pipeline.normalise.date_words import words as _split

__all__ = ["DateValue", "Granularity", "Lexicon", "Tense", "lexicon", "normalise_date"]

Granularity = Literal["day", "month", "quarter", "semester", "season", "year"]
ISO_VALUE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
"""A date value at its own precision: ``2024``, ``2023-10``, ``2023-10-05``."""
Tense = Literal["past", "future"]

_PART_GRANULARITY: dict[int, Granularity] = {3: "quarter", 6: "semester"}
_YEAR = re.compile(r"1\d{3}|20\d{2}")
# A page's date may lag the events it reports by a few days: a past tense still
# allows a day this close after the publication date (« le 15 février » on the 12th).
_TENSE_SLACK = timedelta(days=7)


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text gives: ``2024``, ``2023-10`` or ``2023-10-05``.

    ``value_end`` closes a range (« entre 2021 et 2024 », « deuxième trimestre
    2020 »); ``relative`` says the words alone do not give the value: it was
    computed from the publication date, or from the year the text gives around
    them, or would have been (``value`` is then None).
    """

    value: Annotated[str | None, {"pattern": ISO_VALUE}]
    value_end: Annotated[str | None, {"pattern": ISO_VALUE}]
    granularity: Granularity
    relative: bool


@dataclass(frozen=True)
class _Context:
    """What resolves an expression besides its words (see ``normalise_date``)."""

    reference: date | None
    tense: Tense | None
    anchor: "DateValue | None"
    year: int | None
    lex: Lexicon


def normalise_date(text: str, reference: date | None, *, tense: Tense | None = None,
                   anchor: "DateValue | None" = None, year: int | None = None,
                   words: Lexicon | None = None) -> DateValue | None:
    """Read a French date expression; None when the text is not one the rules can read.

    ``reference`` is the publication date. ``tense`` is the tense of the verb the
    expression depends on, when known: it decides between last and next occurrence
    for « mardi » or « le 5 octobre » when the text itself does not say.
    ``anchor`` is the date the text was last speaking of, for « le lendemain », « douze
    ans plus tard »: when it is as precise as the words need, they count from it.
    ``year`` is the year the text gives around the expression: without a reference,
    « le 22 février » takes it (as a narrative is read), « hier » stays unresolved.
    ``words`` is the lexicon to read with (default: the one of models/dates).
    """
    if isinstance(reference, datetime):
        reference = reference.date()
    lex = words or lexicon()
    context = _Context(reference, tense, anchor, year, lex)
    found = _split(text, lex)
    if not found:
        return None
    years = _year_range(found)
    if years is not None:
        return years
    parts = read(found, lex)
    if parts is not None:
        single = _resolve(parts, context)
        if single is not None:
            return single
    for left, right in range_halves(found, lex):
        value = _range(left, right, context)
        if value is not None:
            return value
    return None


def _year_range(found: list[str]) -> DateValue | None:
    """« 2015-2020 », « 2023/2024 », « 2023-24 »: the second year may drop its century.

    « 2015-12 » is December 2015; « 2011-12 » the two years, as a season or a campaign is written.
    """
    if len(found) != 3 or found[1] not in ("-", "/") or not _YEAR.fullmatch(found[0]):
        return None
    start, end = found[0], found[2]
    if re.fullmatch(r"\d{2}", end):
        if int(end) <= 12 and int(end) != (int(start) + 1) % 100:
            return None
        end = start[:2] + end
    if not _YEAR.fullmatch(end) or end <= start:
        return None
    return DateValue(start, end, "year", False)


def _resolve(parts: Parts, context: _Context) -> DateValue | None:
    """The value the parts give, resolved against the context when they need it."""
    reference, tense = context.reference, context.tense
    if parts.short_year is not None:
        parts = replace(parts, year=century(parts.short_year, reference), short_year=None)
    if parts.year is not None:
        return _absolute(parts)
    if reference is None and context.year is not None and parts.month is not None \
            and not (parts.this or parts.rank):
        told = _absolute(replace(parts, year=context.year, weekday=None))
        return None if told is None else replace(told, relative=True)
    if parts.anchored and context.anchor is not None and context.anchor.value is not None:
        anchor = context.anchor
        if _RANK[anchor.granularity] <= min((_RANK[unit] for unit in _units(parts)), default=0):
            day = date.fromisoformat((anchor.value + "-01-01")[:10])
            found = _resolve(replace(parts, anchored=False), replace(context, reference=day, anchor=None))
            if found is None or found.value is None or found.value_end is not None:
                return found
            if len(found.value) <= len(anchor.value):
                return replace(found, relative=True)
            return DateValue(found.value[:len(anchor.value)], None, anchor.granularity, True)
    if parts.offsets:
        return _shifted(parts, reference) if parts.shift else None
    if parts.day_offset is not None:
        return _relative_day(reference, lambda ref: ref + timedelta(days=parts.day_offset or 0))
    if parts.rank is not None and parts.weekday is not None:
        return _relative_day(reference, lambda ref: _nth_weekday(parts, ref, tense))
    if parts.day is not None and parts.month is None and parts.period == "month":
        return _relative_day(reference, lambda ref: day_of_month(parts.day or 0, month_start(ref, parts.direction)))
    if parts.day is not None and parts.month is None and parts.weekday is not None:
        return _relative_day(reference, lambda ref: _day_on_weekday(parts, ref))
    if parts.month is not None and parts.day is not None:
        return _relative_day(reference, lambda ref: _day_in_year(parts, ref, tense))
    if parts.month is not None:
        return _relative_month(parts, reference, tense)
    if parts.weekday is not None and parts.day is None:
        return _relative_day(reference, lambda ref: _weekday(parts, ref, tense))
    if parts.season is not None and (parts.direction or parts.this):
        return _relative_season(parts, reference)
    if parts.period is not None and (parts.direction or parts.this) and parts.day is None:
        return _relative_period(parts.period, parts.direction, reference)
    return None


_RANK = {"day": 0, "month": 1, "quarter": 1, "semester": 1, "season": 1, "year": 2, "week": 0}


def _units(parts: Parts) -> list[str]:
    """The units the words count in: « trois jours plus tard » days, « le mois suivant » months."""
    units = [unit for _, unit in parts.offsets]
    if parts.day_offset is not None:
        units.append("day")
    if parts.period is not None:
        units.append(parts.period)
    return units


def _absolute(parts: Parts) -> DateValue | None:
    """Parts with a year: a day, a month, a part of the year, a season, a decade or the year itself."""
    year = parts.year or 0
    if parts.decade:
        return DateValue(str(year), str(year + 9), "year", False) if year % 10 == 0 else None
    if parts.part is not None:
        months, rank = parts.part
        if rank * months > 12:
            return None
        return DateValue(f"{year}-{(rank - 1) * months + 1:02d}", f"{year}-{rank * months:02d}",
                         _PART_GRANULARITY.get(months, "month"), False)
    if parts.season is not None:
        return _season(year, parts.season, relative=False)
    if parts.month is None:
        return None if parts.day is not None else DateValue(str(year), None, "year", False)
    if not 1 <= parts.month <= 12:
        return None
    if parts.day is None:
        return DateValue(f"{year}-{parts.month:02d}", None, "month", False)
    return _day_value(year, parts.month, parts.day, relative=False)


def _day_value(year: int, month: int, day: int, *, relative: bool) -> DateValue | None:
    """A calendar day, or None for one that does not exist (« 31/02/2024 »)."""
    try:
        return DateValue(date(year, month, day).isoformat(), None, "day", relative)
    except ValueError:
        return None


def _season(year: int, first_month: int, *, relative: bool) -> DateValue:
    """A season as its three months; winter runs from the December of its year into the next."""
    end = month_index(year, first_month) + 2
    return DateValue(f"{year}-{first_month:02d}", f"{end // 12}-{end % 12 + 1:02d}", "season", relative)


def _relative_day(reference: date | None, resolve: Callable[[date], date | None]) -> DateValue | None:
    """A day found from the reference; kept unresolved when there is none."""
    if reference is None:
        return DateValue(None, None, "day", True)
    found = resolve(reference)
    return None if found is None else DateValue(found.isoformat(), None, "day", True)


def _choose(options: list[date], reference: date, direction: int, tense: Tense | None) -> date | None:
    """The option the words point to.

    « dernier » takes the last one strictly before the reference, « prochain » the
    first strictly after; a past or future tense the last on or before, the first
    on or after (give or take a few days of lag, ``_TENSE_SLACK``); else the
    nearest, the past one on a tie.
    """
    if direction < 0:
        return max((option for option in options if option < reference), default=None)
    if direction > 0:
        return min((option for option in options if option > reference), default=None)
    nearest = min(options, key=lambda option: (abs(option - reference), option > reference), default=None)
    if nearest is None or tense is None or abs(nearest - reference) <= _TENSE_SLACK:
        return nearest
    if tense == "past":
        return max((option for option in options if option <= reference), default=None)
    return min((option for option in options if option >= reference), default=None)


def _day_in_year(parts: Parts, reference: date, tense: Tense | None) -> date | None:
    """« le 5 octobre », « mardi 8 décembre », « le 7 avril dernier »: the year is the one that fits."""
    options = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            options.append(date(year, parts.month or 0, parts.day or 0))
        except ValueError:
            continue
    if not options and parts.month == 2 and parts.day == 29:  # the nearest leap year
        options = [date(year, 2, 29) for year in range(reference.year - 3, reference.year + 4) if year % 4 == 0
                   and (year % 100 or year % 400 == 0)]
    if parts.weekday is not None:
        options = [option for option in options if option.weekday() == parts.weekday] or options
    return _choose(options, reference, parts.direction, tense)


def _day_on_weekday(parts: Parts, reference: date) -> date | None:
    """« le 25, mardi »: the nearest 25th that is a Tuesday."""
    options = [day_of_month(parts.day or 0, month_start(reference, shift)) for shift in range(-6, 7)]
    options = [option for option in options if option is not None and option.weekday() == parts.weekday]
    return _choose(options, reference, 0, None)


def _nth_weekday(parts: Parts, reference: date, tense: Tense | None) -> date | None:
    """« le premier vendredi de juillet », « le deuxième lundi de ce mois »."""
    if parts.month is not None:
        month = _relative_month(replace(parts, rank=None, weekday=None), reference, tense)
        if month is None or month.value is None:
            return None
        start = date.fromisoformat(month.value + "-01")
    elif parts.period == "month":
        start = month_start(reference, parts.direction)
    else:
        return None
    first = start + timedelta(days=(int(parts.weekday or 0) - start.weekday()) % 7)
    found = first + timedelta(weeks=(parts.rank or 1) - 1)
    return found if found.month == start.month else None


def _weekday(parts: Parts, reference: date, tense: Tense | None) -> date | None:
    """« mardi » (the last one, or the next with a future tense), « mardi dernier », « ce mardi »,
    « lundi de la semaine prochaine »."""
    if parts.this or parts.period == "week":
        monday = reference - timedelta(days=reference.weekday())
        return monday + timedelta(weeks=parts.direction if parts.period == "week" else 0, days=parts.weekday or 0)
    options = [reference + timedelta(days=shift) for shift in range(-7, 8)]
    options = [option for option in options if option.weekday() == parts.weekday]
    if parts.direction:
        return _choose(options, reference, parts.direction, None)
    past = [option for option in options if option <= reference]
    future = [option for option in options if option >= reference]
    return min(future) if tense == "future" else max(past)


def _relative_month(parts: Parts, reference: date | None, tense: Tense | None) -> DateValue | None:
    """« en mars dernier », « fin juin », « en octobre », « cette décembre »: the month of the year that fits."""
    if reference is None:
        return DateValue(None, None, "month", True)
    if parts.this:
        return DateValue(f"{reference.year}-{parts.month:02d}", None, "month", True)
    this_month = reference.replace(day=1)
    options = [date(year, parts.month or 0, 1) for year in (reference.year - 1, reference.year, reference.year + 1)]
    chosen = _choose(options, this_month, parts.direction, tense)
    return None if chosen is None else DateValue(chosen.isoformat()[:7], None, "month", True)


def _relative_period(period: str, direction: int, reference: date | None) -> DateValue | None:
    """« la semaine dernière », « le mois prochain », « l'an dernier », « cette année », « le trimestre dernier »."""
    granularity: Granularity = {"day": "day", "week": "day", "month": "month", "quarter": "quarter",
                                "semester": "semester"}.get(period, "year")  # type: ignore[assignment]
    if reference is None:
        return DateValue(None, None, granularity, True)
    if period == "day":
        return DateValue((reference + timedelta(days=direction)).isoformat(), None, "day", True)
    if period == "week":
        monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=direction)
        return DateValue(monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "day", True)
    if period == "month":
        return DateValue(month_start(reference, direction).isoformat()[:7], None, "month", True)
    if period in ("quarter", "semester"):
        size = 3 if period == "quarter" else 6
        first = month_index(reference.year, reference.month) // size * size + direction * size
        last = first + size - 1
        return DateValue(f"{first // 12}-{first % 12 + 1:02d}", f"{last // 12}-{last % 12 + 1:02d}", granularity, True)
    return DateValue(str(reference.year + direction), None, "year", True)


def _relative_season(parts: Parts, reference: date | None) -> DateValue | None:
    """« cet été » (the one of the reference's year), « l'hiver dernier » (the last one over),
    « le printemps prochain » (the next one to begin)."""
    if reference is None:
        return DateValue(None, None, "season", True)
    first = parts.season or 1
    month = month_index(reference.year, reference.month)
    starts = [month_index(year, first) for year in range(reference.year - 2, reference.year + 2)]
    if parts.direction < 0:
        start = max(start for start in starts if start + 2 < month)
    elif parts.direction > 0:
        start = min(start for start in starts if start > month)
    else:
        year = reference.year - 1 if first == 12 and reference.month <= 2 else reference.year
        start = month_index(year, first)
    return _season(start // 12, first, relative=True)


def _shifted(parts: Parts, reference: date | None) -> DateValue | None:
    """« il y a deux ans », « dans 3 semaines », « trois jours plus tard »: the day so far from the reference."""
    if reference is None:
        return DateValue(None, None, "day", True)
    days = sum(count * {"day": 1, "week": 7}.get(unit, 0) for count, unit in parts.offsets)
    months = sum(count * {"month": 1, "year": 12}.get(unit, 0) for count, unit in parts.offsets)
    moved = month_start(reference, parts.shift * months)
    moved = day_of_month(min(reference.day, days_in_month(moved)), moved) or moved
    return DateValue((moved + timedelta(days=parts.shift * days)).isoformat(), None, "day", True)


def _range(left: list[str], right: list[str], context: _Context) -> DateValue | None:
    """« du 5 au 8 novembre 2025 », « novembre 19-20 »: each half takes the month and year it leaves out from the other."""
    left_parts, right_parts = read(left, context.lex, alone=False), read(right, context.lex, alone=False)
    if left_parts is None or right_parts is None:
        return None
    for this, other in ((left_parts, right_parts), (right_parts, left_parts)):
        if this.month is None and this.day is not None and this.weekday is None and other.month is not None:
            this.month = other.month
            this.this, this.direction = this.this or other.this, this.direction or other.direction
        if this.month is None and this.day is not None and other.period == "month":
            this.period, this.this, this.direction = other.period, other.this, other.direction
    for parts in (left_parts, right_parts):
        if parts.short_year is not None:
            parts.year, parts.short_year = century(parts.short_year, context.reference), None
    left_year, right_year = left_parts.year is None, right_parts.year is None
    if left_year and not right_year and (left_parts.month or left_parts.day) is not None:
        left_parts.year = right_parts.year
    if right_year and not left_year and (right_parts.month or right_parts.day) is not None:
        right_parts.year = left_parts.year
    start, end = _resolve(left_parts, context), _resolve(right_parts, context)
    if start is not None and end is not None and start.value and end.value and start.value > end.value:
        if left_year and not right_year:
            start = _resolve(replace(left_parts, year=(left_parts.year or 0) - 1), context)
        elif right_year and not left_year:
            end = _resolve(replace(right_parts, year=(right_parts.year or 0) + 1), context)
    if start is None or end is None or start.granularity != end.granularity or start.value_end or end.value_end:
        return None
    if start.value is None or end.value is None:
        return DateValue(None, None, end.granularity, True) if start.relative or end.relative else None
    if start.value >= end.value:
        return None
    return DateValue(start.value, end.value, start.granularity, start.relative or end.relative)
