"""French numbers as the press writes them."""

import doctest
import json
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from pipeline.normalise import numbers
from pipeline.normalise.numbers import NotANumber, is_approximate, parse_decimal, parse_number, split_scale
from tests.conftest import SHARED

PEER = SHARED / "peer" / "numbers"

# Thousands separators of the French press: dot, space, no-break space, narrow no-break space.
SEPARATORS = (".", " ", "\u00a0", "\u202f")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.600", 3600),
        ("13.000", 13000),
        ("1.234.567", 1234567),
        ("3 600", 3600),
        ("3\u00a0600", 3600),
        ("3\u202f600", 3600),
        ("1 234 567", 1234567),
        ("2024", 2024),
        ("1,5", 1.5),
        ("0,25", 0.25),
        ("1.234,5", 1234.5),
        ("12\u202f345,75", 12345.75),
        # A dot that cannot group thousands is a decimal point; a comma always is.
        ("3.6", 3.6),
        ("3.60", 3.6),
        ("1.2345", 1.2345),
        ("0.600", 0.6),
        ("3,600", 3.6),
        ("1,5 million", 1_500_000),
        ("2 millions", 2_000_000),
        ("1,287 milliard", 1_287_000_000),
        ("3 millions et demi", 3_500_000),
        ("10 mille", 10_000),
        ("un millier", 1000),
        ("une centaine", 100),
        ("trois douzaines", 36),
        ("un milliard vingt-cinq millions", 1_025_000_000),
        ("deux milliers", 2000),
        ("mille", 1000),
        ("un million", 1_000_000),
        ("deux mille", 2000),
        ("trois cents", 300),
        ("quarante-deux", 42),
        ("Quarante-deux", 42),
        ("vingt et un", 21),
        ("soixante-dix", 70),
        ("quatre-vingt-dix-neuf", 99),
        ("deux cent mille", 200_000),
        ("deux millions", 2_000_000),
        ("mille deux cents", 1200),
    ],
)
def test_reads_french_numbers(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Long numbers in words, read whole.
        ("cinquante et un million cinq cent soixante dix-huit mille trois cent deux", 51_578_302),
        ("cinquante-trois milliards deux cent quarante-trois mille sept cent vingt-quatre", 53_000_243_724),
        ("cinquante trois mille millions deux cent quarante trois mille sept cent vingt quatre", 53_000_243_724),
        ("neuf mille neuf cent quatre-vingt-dix neuf", 9999),
        ("deux cent deux mille", 202_000),
        ("trois cent trente et un", 331),
        ("soixante et onze", 71),
        ("quatre-vingt-un", 81),
        ("quatre vingt dix sept", 97),
        ("trois million sept", 3_000_007),
        ("mille deux cents soixante-six", 1266),  # « cents » before a number: tolerated
        ("dix-neuf cent soixante-treize", 1973),
        ("mil neuf cent vingt", 1920),
        # Belgian and Swiss tens.
        ("septante-cinq", 75),
        ("huitante et un", 81),
        ("octante-huit", 88),
        ("nonante-neuf", 99),
        # Digits with a scale.
        ("322 cent", 32_200),
        ("1 billion", 10**12),
        ("1 million 200 mille", 1_200_000),
        ("2 douzaines", 24),
        # Decimals in words.
        ("deux virgule cinq", 2.5),
        ("deux cent virgule zéro trois", 200.03),
        ("douze virgule quatre-vingt-dix-neuf", 12.99),
        ("zéro virgule cinq", 0.5),
        ("un virgule deux cent trente-six", 1.236),
        ("deux virgule cinq millions", 2_500_000),
        # Fractions.
        ("un demi", 0.5),
        ("un tiers", 1 / 3),
        ("trois quarts", 0.75),
        ("un et demi", 1.5),
        ("cinq et un quart", 5.25),
        ("cent et trois quarts", 100.75),
        ("un demi-million", 500_000),
        ("demi-million", 500_000),
        ("un million et demi", 1_500_000),
        ("deux mille et demi", 2500),
        ("cinq milliards et trois quarts", 5_750_000_000),
        ("un milliard et demi million", 1_000_500_000),
        ("une demi-douzaine", 6),
        ("1/2", 0.5),
        ("3/4", 0.75),
        ("2 1/4", 2.25),
        ("½", 0.5),
        ("1 ½", 1.5),
    ],
)
def test_reads_numbers_in_words_by_their_grammar(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "text",
    [
        "mille mille deux cent",  # a scale inside its own remainder
        "deux millions trois millions",
        "cinq zéro",  # zero is a number alone or before « virgule »
        "cinquante zéro trois",
        "zéro huit",  # a code spelt digit by digit
        "soixante quinze cent",  # « cent » multiplies a unit or a teen
        "un cent",
        "vingt douze",
        "dix dix",
        "million",  # a large scale needs its multiplier
        "deux demis",
        "deux virgule",
        "un sur trois",  # a ratio
        "12/2020",  # a month, not a fraction
        "3/2",
        "trois et deux",
    ],
)
def test_rejects_malformed_numerals(text: str) -> None:
    with pytest.raises(NotANumber):
        parse_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "milliers",  # « des milliers » is no figure
        "millions",
        "centaines",
        "12-90",  # a law number
        "1.234 567",  # one separator throughout, not two
        "3.600 emplois",
        "et",
        "deux et trois",
        "05 22 48 13 00",  # a phone number
    ],
)
def test_rejects_what_is_not_one_number(text: str) -> None:
    with pytest.raises(NotANumber):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,5 million", ("1,5", 1_000_000)), ("un millier", ("un", 1000)), ("3.600", ("3.600", 1))],
)
def test_splits_the_scale_word(text: str, expected: tuple[str, int]) -> None:
    assert split_scale(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("un millier", True), ("une centaine", True), ("deux mille", False), ("2 millions", False), ("300", False)],
)
def test_knows_orders_of_magnitude(text: str, expected: bool) -> None:
    assert is_approximate(text) is expected


def test_docstring_examples() -> None:
    assert doctest.testmod(numbers).failed == 0


def grouped(value: int, separator: str) -> str:
    """``value`` with its thousands grouped by ``separator``: 1234567 -> 1.234.567."""
    return f"{value:,}".replace(",", separator)


@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from(SEPARATORS))
def test_grouped_thousands_read_back(value: int, separator: str) -> None:
    assert parse_decimal(grouped(value, separator)) == value


@given(st.integers(min_value=0, max_value=10**12))
def test_plain_digits_read_back(value: int) -> None:
    assert parse_decimal(str(value)) == value


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=1, max_value=999),
    st.sampled_from(SEPARATORS + ("",)),
)
def test_decimal_comma_reads_back(whole: int, hundredths: int, separator: str) -> None:
    fraction = f"{hundredths:03d}".rstrip("0")
    text = f"{grouped(whole, separator) if separator else whole},{fraction}"
    assert parse_decimal(text) == Decimal(f"{whole}.{fraction}")


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=9),
    st.sampled_from([("million", 10**6), ("millions", 10**6), ("milliard", 10**9), ("milliards", 10**9)]),
)
def test_scale_words_read_back(whole: int, tenth: int, scale: tuple[str, int]) -> None:
    word, multiplier = scale
    text = f"{whole},{tenth} {word}" if tenth else f"{whole} {word}"
    assert parse_decimal(text) == (whole + Decimal(tenth) / 10) * multiplier


@given(st.integers(min_value=0, max_value=10**13), st.sampled_from(["fr", "fr_CH"]))
def test_numbers_spelt_out_by_num2words_read_back(value: int, language: str) -> None:
    assert parse_decimal(num2words(value, lang=language)) == value


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=999))
def test_decimals_spelt_out_by_num2words_read_back(whole: int, thousandths: int) -> None:
    value = Decimal(f"{whole}.{thousandths:03d}".rstrip("0"))
    assert parse_decimal(num2words(value, lang="fr")) == value


def peer_cases(name: str) -> list[dict]:
    path = PEER / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_peer_text2num_cases() -> None:
    """text2num's own French cases hold through parse_number, but for the codes spelt digit by
    digit after a zero (« zéro huit »), which are no quantity here."""
    cases = [case for case in peer_cases("text2num-fr.jsonl") if case["function"] == "text2num"]
    if not cases:
        pytest.skip("no peer material in ../shared/peer")
    for case in cases:
        if isinstance(case["expected"], dict) or case["input"].startswith("zéro "):
            with pytest.raises(NotANumber):
                parse_number(case["input"])
        else:
            assert parse_number(case["input"]) == case["expected"], case["input"]


# The forms of the issue: digits with French separators and an optional scale word, or words.
# Spoken decimals (« deux cent virgule trois ») are left out.
RELEVANT = re.compile(
    r"\d[\d., \u00a0\u202f]*(?: (?:mille|millions?|milliards?))?|(?!.*virgule)[a-zà-ÿ]+(?:[ -]+[a-zà-ÿ]+)*"
)


def test_peer_recognizers_cases() -> None:
    """Microsoft Recognizers-Text's French number specs, on the forms this parser reads."""
    cases = []
    for case in peer_cases("recognizers-fr-numbers.jsonl"):
        text = case["input"].strip()
        found = case["expected"]
        if (
            case["active_in_dotnet_tests"]
            and len(found) == 1
            and found[0]["text"] == text.lower()
            and found[0]["resolution"]["subtype"] in ("integer", "decimal")
            and RELEVANT.fullmatch(text)
        ):
            cases.append((text, Decimal(found[0]["resolution"]["value"].replace(",", "."))))
    if not cases:
        pytest.skip("no peer material in ../shared/peer")
    assert len(cases) >= 20
    for text, expected in cases:
        assert parse_decimal(text) == expected, text
