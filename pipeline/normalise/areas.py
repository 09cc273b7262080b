"""Surface areas written in French, read into hectares.

The grammar's words (units, qualifiers, range and compound connectors) are data
in ``models/areas/``; this module only knows how they fit together:

    area     = [qualifier] quantity [link] unit {joiner quantity [link] unit} ["et" fraction]
    quantity = number | [opening] number separator number

A fraction after the last unit belongs to its number: « deux hectares et demi » reads
as « deux et demi hectares ».

>>> parse_area("environ 13.000 ha").hectares
13000.0
>>> parse_area("442 hectares, 55 ares et 97 centiares").hectares
442.5597
>>> area = parse_area("entre 200 et 300 hectares")
>>> (area.hectares, area.hectares_max)
(200.0, 300.0)
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, get_args

from pipeline.normalise.numbers import (
    NotANumber,
    NumberWords,
    is_approximate,
    number_words,
    parse_decimal,
    split_scale,
)
from pipeline.paths import MODELS_DIR
from pipeline.resources import ResourceError, read_tsv
from pipeline.text import single_spaces, straight_apostrophes

DEFAULT_DATA_DIR = MODELS_DIR / "areas"
Qualifier = Literal["approximate", "at_least", "at_most"]
QUALIFIERS = get_args(Qualifier)
CONNECTOR_KINDS = ("range", "joiner", "link")

# Bounds further apart than this are two different things, not a range:
# « passée de 400.000 ha en 2008 à 1,2 million d'hectares ».
MAX_RANGE_RATIO = 100


@dataclass(frozen=True)
class Area:
    """A surface area as the record stores it.

    ``value`` and ``unit`` are as written (the lower bound of a range; for a
    compound, the total in its first unit); ``hectares`` is the value in
    hectares, ``hectares_max`` the upper bound of a range.
    """

    value: Annotated[float, {"minimum": 0}]
    unit: str
    hectares: Annotated[float, {"minimum": 0}]
    hectares_max: Annotated[float | None, {"minimum": 0}]
    qualifier: Qualifier | None
    measured: str | None = None
    place: str | None = None


class NotAnArea(ValueError):
    """The text is not one surface area."""


@dataclass(frozen=True)
class Unit:
    """One written form of a surface unit."""

    form: str
    hectares: Decimal
    ambiguous: bool


def _key(form: str) -> str:
    """How a unit form is looked up: lower case, single spaces (« Kilomètres  carrés »)."""
    return single_spaces(form).lower()


def load_units(path: Path) -> dict[str, Unit]:
    """Unit forms (lower case) to their size in hectares."""
    units: dict[str, Unit] = {}
    for row in read_tsv(path, ("form", "hectares", "ambiguous")):
        form = row["form"]
        try:
            size = Decimal(row["hectares"])
        except InvalidOperation:
            raise ResourceError(f"{path}:{row.line}: bad size {row['hectares']!r}") from None
        if size <= 0 or row["ambiguous"] not in ("0", "1") or _key(form) in units:
            raise ResourceError(f"{path}:{row.line}: bad or duplicate unit {form!r}")
        units[_key(form)] = Unit(form, size, row["ambiguous"] == "1")
    return units


def load_qualifiers(path: Path) -> dict[str, str]:
    """Qualifier forms (lower case) to their kind."""
    qualifiers: dict[str, str] = {}
    for row in read_tsv(path, ("form", "qualifier")):
        form = row["form"].lower()
        if row["qualifier"] not in QUALIFIERS or form in qualifiers:
            raise ResourceError(f"{path}:{row.line}: bad or duplicate qualifier {row['form']!r}")
        qualifiers[form] = row["qualifier"]
    return qualifiers


def load_connectors(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Connector kind to its (opening, separator) pairs, in file order."""
    connectors: dict[str, list[tuple[str, str]]] = {kind: [] for kind in CONNECTOR_KINDS}
    for row in read_tsv(path, ("kind", "opening", "separator")):
        if row["kind"] not in connectors or not row["separator"]:
            raise ResourceError(f"{path}:{row.line}: bad connector {row['kind']!r}")
        connectors[row["kind"]].append((row["opening"], row["separator"]))
    return connectors


class AreaGrammar:
    """Reads the text of one surface area, with the words of one data folder."""

    def __init__(self, data_dir: Path = DEFAULT_DATA_DIR) -> None:
        self.numbers = number_words(data_dir)
        self.units = load_units(data_dir / "units.tsv")
        self.qualifiers = load_qualifiers(data_dir / "qualifiers.tsv")
        connectors = load_connectors(data_dir / "connectors.tsv")
        self.ranges = connectors["range"]
        self.joiners = sorted((separator for _, separator in connectors["joiner"]), key=len, reverse=True)
        self.links = frozenset(separator for _, separator in connectors["link"])
        links = "|".join(re.escape(link) for link in sorted(self.links, key=lambda link: (-len(link), link)))
        # A link word ends the number: « 2 millions d'hectares », « 1,5 million de m² ».
        self._link = re.compile(rf"(?:^|(?<=\s))(?:{links})\s*$", re.IGNORECASE)
        openings = [*self.qualifiers, *(opening for opening, _ in self.ranges if opening)]
        self._first_words = frozenset(re.match(r"[^ ']+'?", form).group() for form in openings)
        forms = "|".join(re.escape(form) for form in sorted(self.units, key=len, reverse=True))
        # A unit is not inside a word: « ha » in « hectares », « m2 » in « km2 ».
        self._unit = re.compile(rf"(?<![^\W\d_])(?:{forms})(?!\w)", re.IGNORECASE)

    def parse(self, text: str, *, implied_unit: str | None = None) -> Area:
        """The area a text states, the whole text and nothing else.

        With ``implied_unit`` the text carries no unit of its own: its unit is
        understood from an earlier figure (« et 2.400 autres »).
        Raises NotAnArea otherwise.
        """
        body = straight_apostrophes(single_spaces(text))
        qualifier, body = self._take_qualifier(body)
        if implied_unit is not None:
            parts = [(body, implied_unit)]
        else:
            parts = self._split_units(body)
        if len(parts) == 1:
            number_text, unit = parts[0]
            low, high = self._quantity(number_text)
            if qualifier is None and is_approximate(number_text, words=self.numbers):
                qualifier = "approximate"  # « une centaine d'hectares »
            return self._area(low, high, unit, qualifier)
        return self._compound(parts, qualifier)

    def size(self, unit: str) -> Decimal:
        """Hectares per one unit written as ``unit``."""
        try:
            return self.units[_key(unit)].hectares
        except KeyError:
            raise NotAnArea(f"unknown unit {unit!r}") from None

    def is_ambiguous(self, unit: str) -> bool:
        """Whether the unit form is also part of names (« Ha Long »)."""
        known = self.units.get(_key(unit))
        return known is not None and known.ambiguous

    def may_begin(self, word: str) -> bool:
        """Whether an area can begin with this word: a figure, a number word, or the first word
        of a qualifier or a range (« près », « jusqu' », « entre »). Cheap, to skip the rest."""
        word = straight_apostrophes(word.lower())
        return word[:1].isnumeric() or word in self._first_words or self.numbers.is_numeral_word(word)

    def is_link(self, word: str) -> bool:
        """Whether the word links a number to its unit or a noun to its complement (« de », « d' »)."""
        return straight_apostrophes(word.lower()) in self.links

    def _take_qualifier(self, body: str) -> tuple[str | None, str]:
        lowered = body.lower()
        for form in sorted(self.qualifiers, key=len, reverse=True):
            if lowered.startswith(form) and (form.endswith("'") or lowered[len(form) : len(form) + 1] == " "):
                return self.qualifiers[form], body[len(form) :].strip()
        return None, body

    def _split_units(self, body: str) -> list[tuple[str, str]]:
        """Cut ``body`` after each unit into (number text, unit) parts; what follows the last
        unit joins its number (« deux hectares et demi »), for the number grammar to judge."""
        parts = []
        position = 0
        for match in self._unit.finditer(body):
            chunk = body[position : match.start()].strip()
            if parts:
                chunk = self._take_joiner(chunk)
            # « un demi-hectare »: the number ends at the hyphen.
            chunk = self._link.sub("", chunk).strip().removesuffix("-")
            parts.append((chunk, match.group()))
            position = match.end()
        if not parts:
            raise NotAnArea(body)
        rest = body[position:].strip()
        if rest:
            if not self.numbers.is_and(rest.split(" ")[0]):
                raise NotAnArea(body)
            number, unit = parts[-1]
            parts[-1] = (f"{number} {rest}", unit)
        return parts

    def _take_joiner(self, chunk: str) -> str:
        """Drop the joiner before a compound's next part; land registers write none (« 12 ha 50 ares »)."""
        for joiner in self.joiners:
            rest = chunk[len(joiner) :]
            if chunk.lower().startswith(joiner) and not (joiner[-1].isalpha() and rest[:1].isalnum()):
                return rest
        return chunk

    def _quantity(self, text: str) -> tuple[Decimal, Decimal | None]:
        """One number, or the two bounds of a range."""
        try:
            return parse_decimal(text, words=self.numbers), None
        except NotANumber:
            pass
        for opening, separator in self.ranges:
            inner = text
            if opening:
                if not text.lower().startswith(opening + " "):
                    continue
                inner = text[len(opening) + 1 :]
            for low_text, high_text in _splits(inner, separator):
                try:
                    low, high = _range_bounds(low_text, high_text, self.numbers)
                except NotANumber:
                    continue
                if low < high <= low * MAX_RANGE_RATIO:
                    return low, high
        raise NotAnArea(text)

    def _area(self, low: Decimal, high: Decimal | None, unit: str, qualifier: str | None) -> Area:
        size = self.size(unit)
        return Area(
            value=float(low),
            unit=unit,
            hectares=_hectares(low * size),
            hectares_max=None if high is None else _hectares(high * size),
            qualifier=qualifier,
        )

    def _compound(self, parts: list[tuple[str, str]], qualifier: str | None) -> Area:
        """« 442 hectares, 55 ares et 97 centiares »: one area, units from largest to smallest."""
        sizes = [self.size(unit) for _, unit in parts]
        if any(later >= earlier for earlier, later in zip(sizes, sizes[1:])):
            raise NotAnArea("a compound goes from larger to smaller units")
        try:
            total = sum(parse_decimal(number, words=self.numbers) * size for (number, _), size in zip(parts, sizes))
        except NotANumber as error:
            raise NotAnArea(str(error)) from error
        return Area(
            value=float(total / sizes[0]),
            unit=parts[0][1],
            hectares=_hectares(total),
            hectares_max=None,
            qualifier=qualifier,
        )


def _splits(text: str, separator: str) -> list[tuple[str, str]]:
    """Every way to cut ``text`` in two at ``separator`` (a word needs spaces around it)."""
    if separator.isalpha():
        pattern = rf"\s+{re.escape(separator)}\s+"
    else:
        pattern = rf"\s*{re.escape(separator)}\s*"
    return [(text[: m.start()], text[m.end() :]) for m in re.finditer(pattern, text, re.IGNORECASE)]


def _range_bounds(low_text: str, high_text: str, words: NumberWords) -> tuple[Decimal, Decimal]:
    """The bounds of a range; the lower one takes the scale of the upper one when it has
    none and would otherwise be above it: « entre 1 et 1,5 million »."""
    high = parse_decimal(high_text, words=words)
    low = parse_decimal(low_text, words=words)
    high_head, multiplier = split_scale(high_text, words=words)
    if (split_scale(low_text, words=words)[1] == 1 and multiplier > 1 and high_head
            and low < parse_decimal(high_head, words=words)):
        low *= multiplier
    return low, high


def _hectares(value: Decimal) -> float:
    """Hectares rounded to 6 decimals, so output is deterministic."""
    return round(float(value), 6)


@lru_cache(maxsize=1)
def default_grammar() -> AreaGrammar:
    """The grammar of the project's own data, loaded once."""
    return AreaGrammar()


def parse_area(text: str, *, implied_unit: str | None = None) -> Area:
    """The area a French text states, with the project's data (see AreaGrammar.parse)."""
    return default_grammar().parse(text, implied_unit=implied_unit)
