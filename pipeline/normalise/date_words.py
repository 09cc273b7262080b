"""Date words: the French lexicon of dates, and what the words of one expression say.

This module reads; ``pipeline.normalise.dates`` resolves. The text of an
expression is folded (lower case, no accents, one apostrophe: « Aujourdʼhui »,
« aujourd’hui » and « aujourd'hui » are one word), numbers written in words
become digits (« deux mille dix-huit » -> ``2018``), and each word is recorded in
``Parts``: a day, a month, a year, a weekday, an offset... The numbers left
without a name are placed last, by the calendar: « 22/04 » is a day and a month,
« 11/2016 » a month and a year, « 02/22/2016 » a month and a day since 22 is no
month.

>>> words("Aujourdʼhui, le 2 au 7 février deux mille dix-huit", lexicon())
["aujourd'hui", ',', 'le', '2', 'au', '7', 'fevrier', '2018']
>>> parts = read(words("Lundi 12 Janvier, 2016", lexicon()), lexicon())
>>> parts.day, parts.month, parts.year, parts.weekday
(12, 1, 2016, 0)
>>> parts = read(words("02/22/2016", lexicon()), lexicon())
>>> parts.month, parts.day
(2, 22)
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.normalise.numbers import NotANumber, number_words, parse_decimal
from pipeline.paths import MODELS_DIR
from pipeline.resources import ResourceError, read_tsv
from pipeline.text import straight_apostrophes, without_accents, without_case

LEXICON_FILE = MODELS_DIR / "dates" / "lexicon.tsv"

Lexicon = dict[str, dict[str, str]]

KINDS = frozenset(
    {"month", "month_abbr", "weekday", "weekday_abbr", "day_word", "today", "anchored_day", "direction",
     "anchored_direction", "period", "decade", "article", "this", "edge", "ordinal", "part", "quarter",
     "semester", "season", "shift", "anchored_shift", "filler", "range_from", "range_to",
     "number_suffix", "hyphen_prefix"}
)
_NUMERIC_KINDS = KINDS - {"period", "article", "this", "edge", "filler", "range_from", "range_to",
                          "number_suffix", "hyphen_prefix"}
# The scale words a date's numbers may hold: « deux mille dix-huit », not « un million ».
_LARGEST_SCALE = 1000

# One word, number or punctuation mark; « 1er », « 2ème » (suffixes of the lexicon), « t2 »,
# « aujourd'hui » stay whole.
_WORD = r"[tqs][1-4](?!\w)|\d+(?:{suffixes})?|[^\W\d_]+(?:[-'][^\W\d_]+)*'?|[^\w\s]"
_YEAR = re.compile(r"1\d{3}|20\d{2}")


def fold(text: str) -> str:
    """Lower case, without accents, with one apostrophe: the form the lexicon is looked up by."""
    return without_accents(without_case(straight_apostrophes(text)))


@lru_cache(maxsize=None)
def lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """The date words by kind: ``lexicon()["month"]["février"] == "2"``, also under their folded
    form (``["fevrier"]``), which is how ``words`` writes them.

    Raises ResourceError (a ValueError) on a malformed line, an unknown kind or a form
    listed twice for one kind, so that a bad edit fails at start-up, not on some article.
    """
    written: Lexicon = {kind: {} for kind in KINDS}
    for row in read_tsv(path, ("form", "kind", "value")):
        form, kind, value = row["form"], row["kind"], row["value"]
        if kind not in KINDS or form in written[kind]:
            raise ResourceError(f"{path}:{row.line}: expected « form, known kind, value », once: {row}")
        if kind in _NUMERIC_KINDS and not re.fullmatch(r"-?\d+", value):
            raise ResourceError(f"{path}:{row.line}: the value of a {kind} is a whole number: {row}")
        written[kind][form] = value
    # Number words are the number grammar's (models/areas/numerals.tsv), which reads their values.
    written["number"] = dict.fromkeys(number_words().whole_number_words(largest_scale=_LARGEST_SCALE), "-")
    return {kind: {fold(form): value for form, value in forms.items()} | forms for kind, forms in written.items()}


def _alternatives(forms: Iterable[str]) -> str:
    """A regular expression matching any of the forms, the longest first."""
    return "|".join(re.escape(form) for form in sorted(forms, key=lambda form: (-len(form), form)))


@dataclass
class Parts:
    """What the words of one expression say, before any resolution."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    direction: int = 0
    this: bool = False
    day_offset: int | None = None
    period: str | None = None
    part: tuple[int, int] | None = None  # (months in the part, rank): (3, 2) is the second quarter
    season: int | None = None  # its first month
    decade: bool = False
    rank: int | None = None  # « premier vendredi de juillet »
    shift: int = 0  # -1 « il y a », +1 « dans », « plus tard »
    count: int | None = None  # how many units the shift moves by
    offsets: list[tuple[int, str]] = field(default_factory=list)
    anchored: bool = False  # « le lendemain », « le mois suivant »: from the day the text speaks of
    numbers: list[str] = field(default_factory=list)  # digits not yet placed, in text order
    short_year: int | None = None  # « 78 » in « 18/08/78 »: its century depends on the reference
    year_first: bool = False


def words(text: str, lex: Lexicon) -> list[str]:
    """Folded words; « l'an » -> « l' », « an »; phrases of the lexicon and numbers in words joined."""
    text = fold(text).replace("–", "-").replace("—", "-")
    text = re.sub(r"\b([ld])'", r"\1' ", text)
    if lex["hyphen_prefix"]:  # « mi-2026 » -> « mi 2026 »
        text = re.sub(rf"\b({_alternatives(lex['hyphen_prefix'])})-", r"\1 ", text)
    found = re.findall(_WORD.format(suffixes=_alternatives(lex["number_suffix"])), text)
    return _numbers_in_words(_join_phrases(_split_hyphens(found, lex), lex), lex)


def _split_hyphens(found: list[str], lex: Lexicon) -> list[str]:
    """« juin-août » -> « juin », « - », « août »; « avant-hier », « vingt-cinq » stay whole."""
    result: list[str] = []
    for word in found:
        pieces = word.split("-")
        if len(pieces) > 1 and not any(word in forms for forms in lex.values()) and not is_number_word(word, lex) \
                and all(any(piece in forms for forms in lex.values()) for piece in pieces):
            result.extend(item for piece in pieces for item in (piece, "-"))
            result.pop()
        else:
            result.append(word)
    return result


def _join_phrases(found: list[str], lex: Lexicon) -> list[str]:
    """« il y a » -> one word « il y a », as the lexicon lists it (longest phrase first)."""
    phrases = {tuple(form.split()) for forms in lex.values() for form in forms if " " in form}
    longest = max((len(key) for key in phrases), default=0)
    joined: list[str] = []
    index = 0
    while index < len(found):
        for size in range(min(longest, len(found) - index), 1, -1):
            if tuple(found[index:index + size]) in phrases:
                joined.append(" ".join(found[index:index + size]))
                index += size
                break
        else:
            joined.append(found[index])
            index += 1
    return joined


def is_number_word(word: str, lex: Lexicon) -> bool:
    """« dix-huit », « cent »: a word of a whole number written in words, hyphenated parts included."""
    return all(part in lex["number"] for part in word.split("-"))


def _numbers_in_words(found: list[str], lex: Lexicon) -> list[str]:
    """Runs of number words read as one number: « vingt et un » -> « 21 »; a run that does not read stays."""
    result: list[str] = []
    index = 0
    while index < len(found):
        end = index
        while end < len(found) and (is_number_word(found[end], lex) or
                                    found[end] == "et" and end > index and end + 1 < len(found)
                                    and is_number_word(found[end + 1], lex)):
            end += 1
        if end == index or end == index + 1 and (found[index] in lex["month"] or found[index] in lex["month_abbr"]):
            result.append(found[index])
            index += 1
            continue
        try:
            value = parse_decimal(" ".join(found[index:end]))
        except NotANumber:
            value = None
        if value is None or value % 1:  # a date counts in whole numbers
            result.extend(found[index:end])
        else:
            result.append(str(int(value)))
        index = end
    return result


def read(found: list[str], lex: Lexicon, *, alone: bool = True) -> Parts | None:
    """Collect the parts the words name; None when a word is not a date word or says a thing twice.

    ``alone`` is False for the halves of a range, where « 1/3 » is a day, not a fraction.
    """
    parts = Parts()
    index = 0
    while index < len(found):
        word = found[index]
        following = found[index + 1] if index + 1 < len(found) else ""
        if word in lex["ordinal"] and following in lex["part"]:
            parts.part = (int(lex["part"][following]), int(lex["ordinal"][word]))
            index += 2
            continue
        if word in lex["ordinal"] and following in lex["weekday"]:
            parts.rank = int(lex["ordinal"][word])
        elif not _take(parts, word, following, lex):
            return None
        index += 1
    return _place_numbers(parts, alone and not {".", ","} & set(found), alone)


def _day(word: str, lex: Lexicon) -> re.Match[str] | None:
    """« 5 », « 1er »: a day number, with a suffix a day may carry (kind number_suffix, value day)."""
    suffixes = [form for form, use in lex["number_suffix"].items() if use == "day"]
    return re.fullmatch(rf"(\d{{1,2}})(?:{_alternatives(suffixes)})?", word)


def _take(parts: Parts, word: str, following: str, lex: Lexicon) -> bool:
    """Record what one word says in ``parts``; False when it is not a date word or says it twice."""
    if _YEAR.fullmatch(word):
        if parts.year is not None:
            return False
        parts.year, parts.year_first = int(word), not parts.numbers and parts.month is None
    elif word.isdigit() and following in lex["period"]:
        parts.count = int(word)
    elif word.isdigit() and len(word) <= 2:
        parts.numbers.append(word)
    elif day := _day(word, lex):
        if parts.day is not None:
            return False
        parts.day = int(day[1])
    elif word in lex["month"] or word in lex["month_abbr"]:
        if parts.month is not None:
            return False
        parts.month = int(lex["month"].get(word) or lex["month_abbr"][word])
    elif word in lex["weekday"] or word in lex["weekday_abbr"]:
        parts.weekday = int(lex["weekday"].get(word) or lex["weekday_abbr"][word])
    elif word in lex["quarter"] or word in lex["semester"]:
        parts.part = (3, int(lex["quarter"][word])) if word in lex["quarter"] else (6, int(lex["semester"][word]))
    elif word in lex["season"]:
        parts.season = int(lex["season"][word])
    else:
        return _take_relative(parts, word, following, lex)
    return True


def _take_relative(parts: Parts, word: str, following: str, lex: Lexicon) -> bool:
    """The words of relative dates: « hier », « dernier », « il y a », « le lendemain », « ce », « mois »."""
    if word in lex["day_word"] or word in lex["today"] or word in lex["anchored_day"]:
        parts.day_offset = int(lex["day_word"].get(word) or lex["today"].get(word) or lex["anchored_day"][word])
        parts.anchored = word in lex["anchored_day"]
    elif word in lex["direction"] or word in lex["anchored_direction"]:
        parts.direction = int(lex["direction"].get(word) or lex["anchored_direction"][word])
        parts.anchored = parts.anchored or word in lex["anchored_direction"]
    elif word in lex["shift"] or word in lex["anchored_shift"]:
        parts.shift = int(lex["shift"].get(word) or lex["anchored_shift"][word])
        parts.anchored = parts.anchored or word in lex["anchored_shift"]
    elif word in lex["decade"] and _YEAR.fullmatch(following):
        parts.decade = True
    elif word in lex["period"]:
        if parts.count is not None:
            parts.offsets.append((parts.count, lex["period"][word]))
            parts.count = None
        else:
            parts.period = lex["period"][word]
    elif word in lex["this"]:
        parts.this = True
    elif word in lex["ordinal"] and parts.day is None:
        parts.day = int(lex["ordinal"][word])  # « premier janvier », « août deuxième »
    elif not (word in lex["filler"] or word in lex["article"] or word in lex["edge"] or word in (",", ".", "-", "/")):
        return False
    return True


def _place_numbers(parts: Parts, undotted: bool, alone: bool) -> Parts | None:
    """Give the numbers without a name their place: day, month or two-digit year, by the calendar.

    Two numbers alone are a day and a month unless they read as a fraction, a score or a
    decimal (« 1/2 », « 2-1 », « 12.5 »).
    """
    written, numbers = parts.numbers, [int(digits) for digits in parts.numbers]
    parts.numbers = []
    if parts.count is not None:
        return None
    if len(numbers) == 3 and parts.year is None and parts.month is None:
        parts.short_year, numbers = numbers[-1], numbers[:-1]
    elif numbers and parts.year is None and parts.month is not None and numbers[-1] > 31:
        parts.short_year, numbers = numbers[-1], numbers[:-1]
    if parts.month is not None or parts.day is not None:
        if len(numbers) > 1 or (numbers and parts.day is not None):
            return None
        if numbers:
            parts.day = numbers[0]
        return parts
    if len(numbers) == 2:
        first, second = numbers
        if parts.year is None and parts.short_year is None and alone and (
                not undotted or len(written[0]) == len(written[1]) == 1):
            return None
        parts.month, parts.day = (first, second) if parts.year_first or first <= 12 < second else (second, first)
    elif len(numbers) == 1:
        if parts.year is not None or parts.short_year is not None:
            parts.month = numbers[0]
        else:
            parts.day = numbers[0]
    elif numbers:
        return None
    return parts


def range_halves(found: list[str], lex: Lexicon) -> list[tuple[list[str], list[str]]]:
    """Each way to cut « entre X et Y », « du X au Y », « X jusqu'à Y », « X-Y » into X and Y."""
    pair = lex["range_from"].get(found[0])
    first = 0 if pair is None else 1
    halves = []
    for index in range(first + 1, len(found) - 1):
        closing = lex["range_to"].get(found[index])
        if found[index] == "-" or closing is not None and (pair is None or closing == pair):
            halves.append((found[first:index], found[index + 1:]))
    return halves
