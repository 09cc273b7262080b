"""Surface areas written in French, read into hectares (no spaCy here)."""

import doctest
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalise import areas
from pipeline.normalise.areas import DEFAULT_DATA_DIR, Area, AreaGrammar, NotAnArea, parse_area

GRAMMAR = AreaGrammar()
# Thousands separators of the French press: dot, space, no-break space, narrow no-break space.
SEPARATORS = (".", " ", "\u00a0", "\u202f")


@pytest.mark.parametrize(
    ("text", "hectares", "hectares_max", "qualifier"),
    [
        # Numbers as the press writes them.
        ("3.600 hectares", 3600, None, None),
        ("13.000 ha", 13000, None, None),
        ("3 600 ha", 3600, None, None),
        ("3\u00a0600 ha", 3600, None, None),
        ("3\u202f600 ha", 3600, None, None),
        ("1,5 ha", 1.5, None, None),
        ("1.234,5 ha", 1234.5, None, None),
        ("3.6 ha", 3.6, None, None),
        ("1,5 million d'hectares", 1_500_000, None, None),
        ("2 millions d’hectares", 2_000_000, None, None),
        ("un millier d'hectares", 1000, None, "approximate"),
        ("une centaine d'hectares", 100, None, "approximate"),
        ("deux mille hectares", 2000, None, None),
        ("trois cents hectares", 300, None, None),
        ("quarante-deux hectares", 42, None, None),
        ("un hectare", 1, None, None),
        ("30ha", 30, None, None),
        ("cinquante et un million cinq cent soixante dix-huit mille trois cent deux hectares", 51_578_302, None, None),
        ("deux virgule cinq hectares", 2.5, None, None),
        # Fractions.
        ("un demi-hectare", 0.5, None, None),
        ("trois quarts d'hectare", 0.75, None, None),
        ("un tiers d'hectare", round(1 / 3, 6), None, None),
        ("1/2 ha", 0.5, None, None),
        ("2 1/4 hectares", 2.25, None, None),
        ("demi-million d'hectares", 500_000, None, None),
        ("un million et demi d'hectares", 1_500_000, None, None),
        ("3 millions et demi d'hectares", 3_500_000, None, None),
        ("deux hectares et demi", 2.5, None, None),
        ("un hectare et quart", 1.25, None, None),
        ("12 ha 50 ares et demi", 12.505, None, None),
        ("deux millions d'hectares et demi", 2_500_000, None, None),  # « deux millions et demi d'hectares »
        ("entre 2 et 3 hectares et demi", 2, 3.5, None),
        # Units.
        ("300 Ha", 300, None, None),
        ("45 acres", 18.210854, None, None),
        ("une acre", 0.404686, None, None),
        ("300 HA", 300, None, None),
        ("55 ares", 0.55, None, None),
        ("97 centiares", 0.0097, None, None),
        ("12 km²", 1200, None, None),
        ("12 km2", 1200, None, None),
        ("12 kilomètres carrés", 1200, None, None),
        ("4,2 Mha", 4_200_000, None, None),
        ("1 kilomètre carré", 100, None, None),
        ("5.000 m²", 0.5, None, None),
        ("5 000 m2", 0.5, None, None),
        ("250 mètres carrés", 0.025, None, None),
        # Compounds.
        ("442 hectares, 55 ares et 97 centiares", 442.5597, None, None),
        ("12 ha 50 ares", 12.5, None, None),
        ("3 hectares et 20 ares", 3.2, None, None),
        # Ranges.
        ("entre 200 et 300 ha", 200, 300, None),
        ("de 200 à 300 hectares", 200, 300, None),
        ("200 à 300 ha", 200, 300, None),
        ("200-300 ha", 200, 300, None),
        ("200 – 300 ha", 200, 300, None),
        ("entre 1 et 1,5 million d'hectares", 1_000_000, 1_500_000, None),
        ("entre 800.000 et 1,2 million d'hectares", 800_000, 1_200_000, None),
        # Qualifiers.
        ("environ 13.000 ha", 13000, None, "approximate"),
        ("près de 3.000 hectares", 3000, None, "approximate"),
        ("près d'un million d'hectares", 1_000_000, None, "approximate"),
        ("quelque 500 ha", 500, None, "approximate"),
        ("plus de 4.000 ha", 4000, None, "at_least"),
        ("au moins 12 hectares", 12, None, "at_least"),
        ("pas moins de 60 ha", 60, None, "at_least"),
        ("moins de 5 ha", 5, None, "at_most"),
        ("jusqu'à 300 ha", 300, None, "at_most"),
        ("jusqu’à 300 ha", 300, None, "at_most"),
        ("environ 200 à 300 ha", 200, 300, "approximate"),
    ],
)
def test_reads_areas(text: str, hectares: float, hectares_max: float | None, qualifier: str | None) -> None:
    area = parse_area(text)
    assert (area.hectares, area.hectares_max, area.qualifier) == (hectares, hectares_max, qualifier)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("3.600 hectares", 3600.0, "hectares"),
        ("environ 13.000 ha", 13000.0, "ha"),
        ("12 km²", 12.0, "km²"),
        ("300 Ha", 300.0, "Ha"),
        ("entre 200 et 300 ha", 200.0, "ha"),
        ("1,5 million d'hectares", 1_500_000.0, "hectares"),
        ("442 hectares, 55 ares et 97 centiares", 442.5597, "hectares"),
    ],
)
def test_keeps_value_and_unit_as_written(text: str, value: float, unit: str) -> None:
    area = parse_area(text)
    assert (area.value, area.unit) == (value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "3.600 emplois",
        "13.000 dirhams",
        "2.000 MW",
        "12 %",
        "1,287 milliard de dirhams",
        "15 km",
        "4,5 m³",
        "4 m3",
        "Ha Long",
        "2024",
        "des milliers d'hectares",
        "des centaines d'hectares",
        "de 300 ha",  # « de » opens a range only
        "entre 300 et 200 ha",  # a range goes up
        "2008 à 1,2 million d'hectares",  # « passée de 400.000 ha en 2008 à 1,2 million d'hectares »
        "3.600 hectares (ha)",
        "300 ha et 200 ha",  # two areas, not one
        "3 km² et 50 km²",
        "hectares",
        # Malformed numbers give no area rather than a wrong one.
        "mille mille deux cent hectares",
        "cinq zéro hectares",
        "cinquante zéro trois hectares",
        "soixante quinze cent hectares",
        "million d'hectares",
        "2 hectares et deux",
    ],
)
def test_rejects_what_is_not_one_area(text: str) -> None:
    with pytest.raises(NotAnArea):
        parse_area(text)


@pytest.mark.parametrize(
    ("text", "unit", "hectares"),
    [("2.400", "hectares", 2400), ("près de 2 400", "ha", 2400), ("12", "km²", 1200), ("200 à 300", "ha", 200)],
)
def test_unit_understood_from_an_earlier_figure(text: str, unit: str, hectares: float) -> None:
    area = parse_area(text, implied_unit=unit)
    assert (area.unit, area.hectares) == (unit, hectares)


def test_an_implied_unit_takes_no_written_unit() -> None:
    with pytest.raises(NotAnArea):
        parse_area("4.000 ha", implied_unit="ha")


def test_area_fields_are_the_record_fields() -> None:
    assert list(Area.__dataclass_fields__) == [
        "value",
        "unit",
        "hectares",
        "hectares_max",
        "qualifier",
        "measured",
        "place",
    ]


def test_every_unit_and_qualifier_of_the_data_is_read() -> None:
    for form, unit in GRAMMAR.units.items():
        assert parse_area(f"3 {unit.form}").hectares == round(3 * float(unit.hectares), 6), form
    for form, kind in GRAMMAR.qualifiers.items():
        separator = "" if form.endswith("'") else " "
        assert parse_area(f"{form}{separator}un hectare").qualifier == kind, form


def test_bad_data_is_refused_with_its_line(tmp_path: Path) -> None:
    for name in ("qualifiers.tsv", "connectors.tsv", "number_scales.tsv", "numerals.tsv"):
        (tmp_path / name).write_text((DEFAULT_DATA_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "units.tsv").write_text("form\thectares\tambiguous\nha\t1\t1\nHA\t1\t0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="units.tsv:3"):
        AreaGrammar(tmp_path)


def test_docstring_examples() -> None:
    assert doctest.testmod(areas).failed == 0


def french(value: int, separator: str) -> str:
    """An integer as the French press writes it: thousands grouped, or plain below 10 000."""
    if separator == "":
        return str(value)
    return f"{value:,}".replace(",", separator)


UNITS = st.sampled_from(sorted(unit.form for unit in GRAMMAR.units.values()))
STYLES = st.sampled_from(SEPARATORS + ("",))


def expected_hectares(value: Decimal, unit: str) -> float:
    return round(float(value * GRAMMAR.size(unit)), 6)


@given(st.integers(min_value=1, max_value=10**9), STYLES, UNITS)
def test_integers_in_every_style_read_back(value: int, style: str, unit: str) -> None:
    area = parse_area(f"{french(value, style)} {unit}")
    assert area.hectares == expected_hectares(Decimal(value), unit)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99), STYLES, UNITS)
def test_decimal_comma_reads_back(whole: int, hundredths: int, style: str, unit: str) -> None:
    fraction = f"{hundredths:02d}".rstrip("0")
    area = parse_area(f"{french(whole, style)},{fraction} {unit}")
    assert area.hectares == expected_hectares(Decimal(f"{whole}.{fraction}"), unit)


@given(
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=1, max_value=10**6),
    STYLES,
    st.sampled_from([("entre", "et"), ("de", "à"), ("", "à"), ("", "-")]),
)
def test_ranges_read_back(low: int, extra: int, style: str, connector: tuple[str, str]) -> None:
    opening, separator = connector
    high = low + min(extra, 99 * low)  # further apart, the bounds are two things (see below)
    text = f"{opening} {french(low, style)} {separator} {french(high, style)} hectares".strip()
    area = parse_area(text)
    assert (area.hectares, area.hectares_max) == (low, high)


@given(
    st.integers(min_value=1, max_value=10**5),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
    STYLES,
)
def test_compounds_read_back(hectares: int, ares: int, centiares: int, style: str) -> None:
    area = parse_area(f"{french(hectares, style)} hectares, {ares} ares et {centiares} centiares")
    assert area.hectares == round(hectares + ares / 100 + centiares / 10_000, 6)
