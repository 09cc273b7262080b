"""French numbers as the press writes them, read into exact values.

In digits, the French convention decides the ambiguous cases: a dot or a space
groups thousands (``3.600``, ``13 000``) and a comma marks decimals (``1,5``). A
dot that cannot be a thousands separator (``3.6``) is read as a decimal point,
as some sites write them.

In words, the text must be one well-formed French numeral, read by its grammar
(the words are data in ``models/areas/``), never a list of phrases:

    number   = quantity [scale] ["et" fraction]
    quantity = digits | digit fraction | words ["virgule" {"zéro"} words] | fraction
    fraction = [words] ("demi" | "tiers" | "quart"…) [scale]
    words    = [words] scale [words]   (each scale above every scale it governs)
             | [below-twenty] "cent" [below-hundred] | below-hundred

A malformed sequence (``mille mille deux cent``, ``cinq zéro``) is no number.

>>> parse_number("3.600")
3600.0
>>> parse_number("1,5 million")
1500000.0
>>> parse_number("un millier")
1000.0
>>> parse_number("cinquante et un million cinq cent soixante dix-huit mille trois cent deux")
51578302.0
>>> parse_number("un million et demi"), parse_number("trois quarts"), parse_number("deux virgule cinq")
(1500000.0, 0.75, 2.5)
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, lru_cache
from pathlib import Path

from pipeline.paths import MODELS_DIR
from pipeline.resources import ResourceError, read_tsv
from pipeline.text import single_spaces

DATA_DIR = MODELS_DIR / "areas"
NUMERAL_KINDS = ("unit", "teen", "ten", "ten_teen", "hundred", "zero", "fraction", "point", "and")
CARDINAL_KINDS = frozenset({"unit", "teen", "ten", "ten_teen", "hundred", "zero"})

# Thousands grouped by one separator used throughout, then an optional decimal comma.
_GROUPED = re.compile(r"[1-9]\d{0,2}(?P<sep>[. ])\d{3}(?:(?P=sep)\d{3})*(?:,\d+)?")
_PLAIN = re.compile(r"\d+(?:,\d+)?")
_DOT_DECIMAL = re.compile(r"\d+\.\d+")
# « 3/4 », « 2 1/4 »: a proper fraction of one- or two-digit terms, after an optional whole
# part (« 12/2020 », « 03/12 » are dates).
_DIGIT_FRACTION = re.compile(r"(?:(?P<whole>\d+) )?(?P<over>[1-9]\d?)/(?P<under>[1-9]\d?)")
# « 1 ½ », « ½ »: a vulgar fraction character after an optional whole part.
_VULGAR = re.compile(r"(?:(?P<whole>\d+) ?)?(?P<fraction>[\u00bc-\u00be\u2150-\u215e])")
# A hyphen between two letters joins numeral words: « quatre-vingt-dix », « demi-million ».
_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
# A group in digits among scale words: « 1 million 200 mille ».
_DIGIT_GROUP = re.compile(r"[1-9]\d{0,2}")


class NotANumber(ValueError):
    """The text is not a French number."""


@dataclass(frozen=True)
class Scale:
    """A word that multiplies the number before it (« 2 millions », « une centaine »)."""

    multiplier: int
    approximate: bool


def _scales(path: Path) -> dict[str, Scale]:
    scales: dict[str, Scale] = {}
    for row in read_tsv(path, ("word", "multiplier", "approximate")):
        word, multiplier, approximate = row["word"], row["multiplier"], row["approximate"]
        if word in scales or not multiplier.isdigit() or approximate not in ("0", "1"):
            raise ResourceError(f"{path}:{row.line}: expected word, multiplier, 0 or 1, once: {row}")
        scales[word] = Scale(int(multiplier), approximate == "1")
    return scales


def _numerals(path: Path) -> dict[str, tuple[str, int]]:
    numerals: dict[str, tuple[str, int]] = {}
    for row in read_tsv(path, ("word", "value", "kind")):
        word, value, kind = row["word"], row["value"], row["kind"]
        if word in numerals or not value.isdigit() or kind not in NUMERAL_KINDS:
            raise ResourceError(f"{path}:{row.line}: expected word, value, known kind, once: {row}")
        numerals[word] = (kind, int(value))
    return numerals


@dataclass(frozen=True)
class NumberWords:
    """The words of French numbers kept as data, and the grammar that reads them: scale words
    from ``number_scales.tsv``, the other numeral words by kind from ``numerals.tsv``."""

    scales: dict[str, Scale]
    numerals: dict[str, tuple[str, int]]

    @classmethod
    def load(cls, folder: Path) -> "NumberWords":
        return cls(scales=_scales(folder / "number_scales.tsv"), numerals=_numerals(folder / "numerals.tsv"))

    @cached_property
    def _parts(self) -> frozenset[str]:
        """Every numeral word, and each part of the hyphenated ones (« vingts » of « quatre-vingts »)."""
        return _with_parts([*self.numerals, *self.scales])

    def whole_number_words(self, *, largest_scale: int) -> frozenset[str]:
        """The words that write whole numbers: numerals of the cardinal kinds, each part of the
        hyphenated ones (« vingts » of « quatre-vingts »), and the exact scale words up to
        ``largest_scale`` (« mille » for the years of dates)."""
        words = [word for word, (kind, _) in self.numerals.items() if kind in CARDINAL_KINDS]
        words += [word for word, scale in self.scales.items() if scale.multiplier <= largest_scale and not scale.approximate]
        return _with_parts(words)

    def is_numeral_word(self, word: str) -> bool:
        """Whether a word (hyphenated parts included) can only be part of a number:
        « dix-huit », « million », « virgule »."""
        parts = [part for part in _WORD_HYPHEN.sub(" ", word.lower()).split(" ") if self._kind(part) != "and"]
        return bool(parts) and all(part in self._parts for part in parts)

    def is_and(self, word: str) -> bool:
        """Whether the word joins the parts of a number: « vingt et un », « un million et demi »."""
        return self._kind(word.lower()) == "and"

    def is_fraction(self, word: str) -> bool:
        """Whether the word names a fraction: « demi », « quarts »."""
        return self._kind(word.lower()) == "fraction"

    def read(self, text: str) -> Fraction:
        """The exact value of ``text``, one number in digits, words or both."""
        text = single_spaces(text)
        value = _digits(text)
        if value is None:
            value = self._number(self._words(text))
        return value

    def _number(self, words: list[str]) -> Fraction:
        """number = quantity [scale] ["et" fraction]."""
        joints = [i for i, word in enumerate(words) if 0 < i < len(words) - 1 and self._kind(word) == "and"]
        if joints:
            head, tail = words[: joints[-1]], words[joints[-1] + 1 :]
            fraction = self._fraction(tail)
            if fraction is not None:
                value = self._number(head)
                scale = self.scales.get(head[-1])
                if tail[-1] in self.scales or scale is None or scale.multiplier < 1000:
                    return value + fraction  # « cent et trois quarts », « un milliard et demi million »
                return value + fraction * scale.multiplier  # « un million et demi »
        scale = self._multiplier(words[-1])
        if scale is None or len(words) == 1:
            return self._quantity(words)
        if not scale.approximate:
            try:
                return Fraction(self._integer(words))  # « un milliard vingt-cinq millions »
            except NotANumber:
                pass
            head = self._quantity(words[:-1], words_integer=False)  # « 1,5 million », « demi-million », « 322 cent »
        else:
            head = self._quantity(words[:-1])  # « trois douzaines », « une demi-douzaine »
        return head * scale.multiplier

    def _quantity(self, words: list[str], *, words_integer: bool = True) -> Fraction:
        """A number without a trailing scale: digits, a decimal or a fraction in words, or,
        if ``words_integer``, a whole number in words."""
        digits = _digits(" ".join(words))
        if digits is not None:
            return digits
        fraction = self._fraction(words)
        if fraction is not None:
            return fraction
        kinds = [self._kind(word) for word in words]
        if "point" in kinds:  # « deux virgule cinq »
            point = kinds.index("point")
            whole = 0 if kinds[:point] == ["zero"] else self._integer(words[:point])
            return Fraction(f"{whole}.{self._decimals(words[point + 1 :])}")
        if words_integer:
            if kinds == ["zero"]:
                return Fraction(0)
            return Fraction(self._integer(words))
        raise NotANumber(" ".join(words))

    def _decimals(self, words: list[str]) -> str:
        """The figures after « virgule »: a number after its zeros (« zéro cinq » is 05, « deux cent
        trente-six » 236), or digits one by one (« un zéro un » is 101)."""
        if not words:
            raise NotANumber("nothing after the decimal point")
        zeros = next((i for i, word in enumerate(words) if self._kind(word) != "zero"), len(words))
        try:
            return "0" * zeros + (str(self._integer(words[zeros:])) if words[zeros:] else "")
        except NotANumber:
            if all(self._kind(word) in ("unit", "zero") for word in words):
                return "".join(str(self.numerals[word][1]) for word in words)
            raise

    def _fraction(self, words: list[str]) -> Fraction | None:
        """fraction = [words] denominator [scale]: « un demi », « trois quarts », « demi million »; else None."""
        scale = self.scales.get(words[-1]) if len(words) > 1 else None
        if scale is not None and not scale.approximate:
            words = words[:-1]
        kind, denominator = self.numerals.get(words[-1], ("", 0))
        if kind != "fraction":
            return None
        numerator = self._integer(words[:-1]) if len(words) > 1 else 1
        if denominator == 2 and numerator != 1:
            raise NotANumber(" ".join(words))  # « deux demi »
        return Fraction(numerator, denominator) * (scale.multiplier if scale else 1)

    def _integer(self, words: list[str]) -> int:
        """A whole number in words: the largest scale splits it into its multiplier (a number
        with smaller scales only) and a remainder below the scale."""
        if not words:
            raise NotANumber("")
        scales = [self.scales[word].multiplier if self._exact_scale(word) else 0 for word in words]
        multiplier = max(scales)
        if not multiplier:
            return self._below_thousand(words)
        position = scales.index(multiplier)  # the first, so that a repeated scale lands in the remainder
        head, tail = words[:position], words[position + 1 :]
        if not head and multiplier > 1000 or self._is_one(head) and multiplier == 1000:
            raise NotANumber(" ".join(words))  # « million » alone, « un mille »
        times = self._integer(head) if head else 1
        rest = self._integer(tail) if tail else 0
        if not 0 < times < multiplier or rest >= multiplier:
            raise NotANumber(" ".join(words))  # « mille mille deux cent »
        return times * multiplier + rest

    def _multiplier(self, word: str) -> Scale | None:
        """The scale a word puts on the number before it: a scale word, or « cent » after digits."""
        if self._kind(word) == "hundred":
            return Scale(100, approximate=False)
        return self.scales.get(word)

    def _exact_scale(self, word: str) -> bool:
        scale = self.scales.get(word)
        return scale is not None and not scale.approximate and scale.multiplier >= 1000

    def _below_thousand(self, words: list[str]) -> int:
        """[below-twenty] "cent" [below-hundred]: « trois cent douze », « dix-neuf cent »."""
        if len(words) == 1 and _DIGIT_GROUP.fullmatch(words[0]):
            return int(words[0])
        hundreds = [i for i, word in enumerate(words) if self._kind(word) == "hundred"]
        if not hundreds:
            return self._below_hundred(words)
        position = hundreds[0]
        times = self._below_hundred(words[:position]) if position else 1
        if times == 10 or times > 19 or self._is_one(words[:position]):
            raise NotANumber(" ".join(words))  # « soixante quinze cent », « un cent »
        rest = self._below_hundred(words[position + 1 :]) if position + 1 < len(words) else 0
        return times * 100 + rest

    def _below_hundred(self, words: list[str]) -> int:
        """Tens and units: « vingt et un », « soixante-dix-sept », « quatre-vingt-dix-neuf », « nonante-huit »."""
        text = " ".join(words)
        if self._kind(words[0]) not in ("ten", "ten_teen"):
            return self._below_twenty(words)
        tens, rest, takes_teens = self.numerals[words[0]][1], words[1:], self._kind(words[0]) == "ten_teen"
        if not rest:
            return tens
        if self._kind(rest[0]) == "and":  # « vingt et un », « soixante et onze », « septante et un »
            low = self._below_twenty(rest[1:])
            if low == 1 or takes_teens and low == 11:
                return tens + low
            raise NotANumber(text)
        low = self._below_twenty(rest)
        if low >= 10 and not takes_teens:
            raise NotANumber(text)  # « vingt douze »
        return tens + low

    def _below_twenty(self, words: list[str]) -> int:
        """A unit, a teen, or « dix-sept » to « dix-neuf »."""
        if len(words) == 1 and self._kind(words[0]) in ("unit", "teen"):
            return self.numerals[words[0]][1]
        values = [self.numerals[word][1] for word in words if self._kind(word) in ("unit", "teen")]
        if len(values) == len(words) == 2 and values[0] == 10 and self._kind(words[1]) == "unit" and values[1] >= 7:
            return 10 + values[1]  # « dix-sept »
        raise NotANumber(" ".join(words))

    def _is_one(self, words: list[str]) -> bool:
        """« un », « une »: no multiplier of « cent » or « mille »."""
        return len(words) == 1 and self._kind(words[0]) == "unit" and self.numerals[words[0]][1] == 1

    def _words(self, text: str) -> list[str]:
        """The words of a number, hyphens undone and compounds of the data joined again:
        « quatre-vingt-dix » -> ``["quatre-vingt", "dix"]``."""
        words = _WORD_HYPHEN.sub(" ", text.lower()).split(" ")
        joined: list[str] = []
        for word in words:
            if joined and f"{joined[-1]}-{word}" in self.numerals:
                joined[-1] = f"{joined[-1]}-{word}"
            else:
                joined.append(word)
        return joined

    def _kind(self, word: str) -> str:
        return self.numerals.get(word, ("", 0))[0]


def _with_parts(words: list[str]) -> frozenset[str]:
    """The words, and each part of the hyphenated ones (« quatre », « vingts » of « quatre-vingts »)."""
    return frozenset(part for word in words for part in [word, *word.split("-")])


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
    """Like parse_number, but exact: ``1,287 milliard`` is exactly 1 287 000 000 (a third is
    given to 28 significant digits)."""
    return _decimal((words or number_words()).read(text))


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _digits(text: str) -> Fraction | None:
    """A number written in digits only, or None."""
    if _GROUPED.fullmatch(text):
        return Fraction(text.replace(".", "").replace(" ", "").replace(",", "."))
    if _PLAIN.fullmatch(text):
        return Fraction(text.replace(",", "."))
    if _DOT_DECIMAL.fullmatch(text):
        return Fraction(text)
    whole, fraction = None, None
    if match := _DIGIT_FRACTION.fullmatch(text):
        over, under = int(match["over"]), int(match["under"])
        if not 0 < over < under:
            raise NotANumber(text)  # « 12/2020 » is no fraction of anything
        whole, fraction = match["whole"], Fraction(over, under)
    elif match := _VULGAR.fullmatch(text):
        whole, fraction = match["whole"], Fraction(unicodedata.numeric(match["fraction"])).limit_denominator(10)
    if fraction is None:
        return None
    return int(whole or 0) + fraction
