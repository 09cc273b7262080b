"""French numbers as the press writes them, read into exact values.

The French convention decides the ambiguous cases: a dot or a space groups
thousands (``3.600``, ``13 000``) and a comma marks decimals (``1,5``). A dot
that cannot be a thousands separator (``3.6``) is read as a decimal point, as
some sites write them.

>>> parse_number("3.600")
3600.0
>>> parse_number("1,5 million")
1500000.0
>>> parse_number("un millier")
1000.0
>>> parse_number("quarante-deux")
42.0
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from text_to_num import text2num

from pipeline.paths import MODELS_DIR
from pipeline.resources import ResourceError, read_tsv
from pipeline.text import single_spaces

DATA_DIR = MODELS_DIR / "areas"

# Thousands grouped by one separator used throughout, then an optional decimal comma.
_GROUPED = re.compile(r"[1-9]\d{0,2}(?P<sep>[. ])\d{3}(?:(?P=sep)\d{3})*(?:,\d+)?")
_PLAIN = re.compile(r"\d+(?:,\d+)?")
_DOT_DECIMAL = re.compile(r"\d+\.\d+")


class NotANumber(ValueError):
    """The text is not a French number."""


@dataclass(frozen=True)
class Scale:
    """A word that multiplies the number before it (« 2 millions », « une centaine »)."""

    multiplier: int
    approximate: bool


@dataclass(frozen=True)
class NumberWords:
    """The words of French numbers kept as data: scale words, and the fractions written after a
    scale (« deux millions et demi »), from ``number_scales.tsv`` and ``number_fractions.tsv``."""

    scales: dict[str, Scale]
    fractions: dict[str, Decimal]

    @classmethod
    def load(cls, folder: Path) -> "NumberWords":
        return cls(scales=_scales(folder / "number_scales.tsv"), fractions=_fractions(folder / "number_fractions.tsv"))


def _scales(path: Path) -> dict[str, Scale]:
    scales: dict[str, Scale] = {}
    for row in read_tsv(path, ("word", "multiplier", "approximate")):
        word, multiplier, approximate = row["word"], row["multiplier"], row["approximate"]
        if word in scales or not multiplier.isdigit() or approximate not in ("0", "1"):
            raise ResourceError(f"{path}:{row.line}: expected word, multiplier, 0 or 1, once: {row}")
        scales[word] = Scale(int(multiplier), approximate == "1")
    return scales


def _fractions(path: Path) -> dict[str, Decimal]:
    fractions: dict[str, Decimal] = {}
    for row in read_tsv(path, ("form", "fraction")):
        try:
            fraction = Decimal(row["fraction"])
        except ArithmeticError:
            fraction = Decimal(0)
        if row["form"] in fractions or not 0 < fraction < 1:
            raise ResourceError(f"{path}:{row.line}: expected a form and a fraction between 0 and 1, once: {row}")
        fractions[row["form"]] = fraction
    return fractions


@lru_cache(maxsize=None)
def number_words(folder: Path = DATA_DIR) -> NumberWords:
    """The number words of a data folder (default: models/areas), read once."""
    return NumberWords.load(folder)


def split_scale(text: str, *, words: NumberWords | None = None) -> tuple[str, int]:
    """Split a trailing scale word off a number: ``"1,5 million"`` -> ``("1,5", 1000000)``.

    Returns the text unchanged with multiplier 1 when there is no scale word.
    """
    parts = single_spaces(text).split(" ")
    scale = (words or number_words()).scales.get(parts[-1].lower())
    if scale is None:
        return " ".join(parts), 1
    return " ".join(parts[:-1]), scale.multiplier


def is_approximate(text: str, *, words: NumberWords | None = None) -> bool:
    """Whether the number gives an order of magnitude: « une centaine », « un millier »."""
    scale = (words or number_words()).scales.get(single_spaces(text).split(" ")[-1].lower())
    return scale is not None and scale.approximate


def parse_number(text: str, *, words: NumberWords | None = None) -> float:
    """The value of a French number written in digits, words or both.

    Raises NotANumber when the whole text is not one number.
    """
    return float(parse_decimal(text, words=words))


def parse_decimal(text: str, *, words: NumberWords | None = None) -> Decimal:
    """Like parse_number, but exact: ``1,287 milliard`` is exactly 1 287 000 000."""
    words = words or number_words()
    text = single_spaces(text)
    for form, fraction in words.fractions.items():
        number = text.removesuffix(" " + form)
        if number != text and number:
            head, multiplier = split_scale(number, words=words)
            if multiplier == 1 or not head:
                raise NotANumber(text)
            return (_parse_head(head) + fraction) * multiplier
    head, multiplier = split_scale(text, words=words)
    if not head:
        # A bare scale word is a number only in the singular: « mille », « million »;
        # « des millions », « des milliers » are no figure.
        if text.lower().endswith("s"):
            raise NotANumber(text)
        return _parse_head(text)
    try:
        # Words first: the last « millions » of « un milliard vingt-cinq millions » is no scale.
        return _parse_head(text)
    except NotANumber:
        return _parse_head(head) * multiplier


def _parse_head(text: str) -> Decimal:
    """A number without a trailing scale word."""
    if _GROUPED.fullmatch(text):
        return Decimal(text.replace(".", "").replace(" ", "").replace(",", "."))
    if _PLAIN.fullmatch(text):
        return Decimal(text.replace(",", "."))
    if _DOT_DECIMAL.fullmatch(text):
        return Decimal(text)
    words = re.sub(r"\s*-\s*", "-", text.lower())
    try:
        return Decimal(text2num(words, "fr"))
    except ValueError as error:
        raise NotANumber(text) from error
