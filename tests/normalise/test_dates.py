"""Reading French date expressions, resolved against the publication date.

Unless a test says otherwise the article was published on Thursday 30 October 2025.
"""

from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline.normalise.dates import DateValue, lexicon, normalise_date

PUBLISHED = date(2025, 10, 30)  # a Thursday


def day(value: str, *, relative: bool = False, end: str | None = None) -> DateValue:
    return DateValue(value, end, "day", relative)


def month(value: str, *, relative: bool = False, end: str | None = None) -> DateValue:
    return DateValue(value, end, "month", relative)


def year(value: str, *, relative: bool = False, end: str | None = None) -> DateValue:
    return DateValue(value, end, "year", relative)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # full dates
        ("30 - 10 - 2025", day("2025-10-30")),
        ("30/10/2025", day("2025-10-30")),
        ("30.10.2025", day("2025-10-30")),
        ("30-10-2025", day("2025-10-30")),
        ("2025-10-30", day("2025-10-30")),
        ("8 février 2024", day("2024-02-08")),
        ("le 8 février 2024", day("2024-02-08")),
        ("mardi 8 décembre 2020", day("2020-12-08")),
        ("1er janvier 2026", day("2026-01-01")),
        ("1ᵉʳ mars 2024", day("2024-03-01")),
        ("8 déc. 2020", day("2020-12-08")),
        ("4 fév. 2022", day("2022-02-04")),
        ("15 aout 2023", day("2023-08-15")),
        ("dimanche 9 novembre 2025", day("2025-11-09")),
        # a day and a month: the year that makes sense
        ("5 octobre", day("2025-10-05", relative=True)),
        ("15 décembre", day("2025-12-15", relative=True)),
        ("20 mai", day("2025-05-20", relative=True)),
        ("7 avril dernier", day("2025-04-07", relative=True)),
        ("2 novembre prochain", day("2025-11-02", relative=True)),
        ("mardi 4 novembre", day("2025-11-04", relative=True)),
        # month and year
        ("octobre 2023", month("2023-10")),
        ("fin juin 2024", month("2024-06")),
        ("mi-juillet 2025", month("2025-07")),
        ("sept. 2023", month("2023-09")),
        ("mars dernier", month("2025-03", relative=True)),
        ("octobre dernier", month("2024-10", relative=True)),
        ("janvier prochain", month("2026-01", relative=True)),
        ("octobre", month("2025-10", relative=True)),
        ("fin juin", month("2025-06", relative=True)),
        # years
        ("2024", year("2024")),
        ("fin 2024", year("2024")),
        ("début 2025", year("2025")),
        ("mi-2025", year("2025")),
        ("premier trimestre 2024", month("2024-01", end="2024-03")),
        ("1er trimestre 2024", month("2024-01", end="2024-03")),
        ("troisième trimestre de l'année 2023", month("2023-07", end="2023-09")),
        ("2ème semestre 2024", month("2024-07", end="2024-12")),
        ("années 1990", year("1990", end="1999")),
        ("année 2024", year("2024")),
        ("l'année 2024", year("2024")),
        # ranges
        ("2015-2020", year("2015", end="2020")),
        ("2020–2025", year("2020", end="2025")),
        ("2023/2024", year("2023", end="2024")),
        ("2023-24", year("2023", end="2024")),
        ("entre 2021 et 2024", year("2021", end="2024")),
        ("de 2004 à 2019", year("2004", end="2019")),
        ("du 5 au 8 novembre 2025", day("2025-11-05", end="2025-11-08")),
        ("du 5 octobre au 8 novembre 2025", day("2025-10-05", end="2025-11-08")),
        ("du 28 décembre au 3 janvier 2025", day("2024-12-28", end="2025-01-03")),
        ("entre le 1er janvier et le 31 mars 2024", day("2024-01-01", end="2024-03-31")),
        ("de janvier à mars 2024", month("2024-01", end="2024-03")),
        ("d'avril 2023 à mars 2024", month("2023-04", end="2024-03")),
        ("entre janvier et mars 2024", month("2024-01", end="2024-03")),
        ("7 et 8 septembre 2024", day("2024-09-07", end="2024-09-08")),
        ("7 et 8 septembre", day("2025-09-07", end="2025-09-08", relative=True)),
        ("5 au 8 novembre 2025", day("2025-11-05", end="2025-11-08")),
        # relative references
        ("hier", day("2025-10-29", relative=True)),
        ("avant-hier", day("2025-10-28", relative=True)),
        ("aujourd'hui", day("2025-10-30", relative=True)),
        ("aujourd’hui", day("2025-10-30", relative=True)),
        ("demain", day("2025-10-31", relative=True)),
        ("après-demain", day("2025-11-01", relative=True)),
        ("mardi", day("2025-10-28", relative=True)),
        ("jeudi", day("2025-10-30", relative=True)),
        ("vendredi", day("2025-10-24", relative=True)),
        ("mardi dernier", day("2025-10-28", relative=True)),
        ("jeudi dernier", day("2025-10-23", relative=True)),
        ("mardi prochain", day("2025-11-04", relative=True)),
        ("ce samedi", day("2025-11-01", relative=True)),
        ("semaine dernière", day("2025-10-20", end="2025-10-26", relative=True)),
        ("la semaine dernière", day("2025-10-20", end="2025-10-26", relative=True)),
        ("cette semaine", day("2025-10-27", end="2025-11-02", relative=True)),
        ("le mois prochain", month("2025-11", relative=True)),
        ("le mois dernier", month("2025-09", relative=True)),
        ("mois prochain", month("2025-11", relative=True)),
        ("an prochain", year("2026", relative=True)),
        ("année passée", year("2024", relative=True)),
        ("l'an dernier", year("2024", relative=True)),
        ("l’année dernière", year("2024", relative=True)),
        ("l'année prochaine", year("2026", relative=True)),
        ("cette année", year("2025", relative=True)),
    ],
)
def test_reads_the_expression_at_its_precision(text: str, expected: DateValue) -> None:
    assert normalise_date(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    "text",
    ["31/02/2024", "30/13/2025", "45 octobre 2025", "2025-10", "2024-2020", "mi-temps",
     "l'année", "il y a quelques années", "le rapport", ""],
)
def test_refuses_what_is_not_a_date(text: str) -> None:
    assert normalise_date(text, PUBLISHED) is None


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("hier", date(2024, 3, 1), day("2024-02-29", relative=True)),
        ("hier", date(2025, 1, 1), day("2024-12-31", relative=True)),
        ("mardi dernier", date(2024, 3, 15), day("2024-03-12", relative=True)),
        ("mardi dernier", date(2024, 3, 12), day("2024-03-05", relative=True)),
        ("la semaine dernière", date(2024, 1, 3), day("2023-12-25", end="2023-12-31", relative=True)),
        ("le mois prochain", date(2024, 12, 10), month("2025-01", relative=True)),
        ("l'an dernier", date(2019, 6, 1), year("2018", relative=True)),
        ("mars dernier", date(2024, 2, 10), month("2023-03", relative=True)),
        ("le 7 avril dernier", date(2024, 4, 7), day("2023-04-07", relative=True)),
        ("5 octobre", date(2024, 1, 10), day("2023-10-05", relative=True)),
        ("5 janvier", date(2024, 11, 20), day("2025-01-05", relative=True)),
        ("du 5 au 8 novembre", date(2024, 10, 2), day("2024-11-05", end="2024-11-08", relative=True)),
    ],
)
def test_relative_dates_move_with_the_publication_date(text: str, published: date, expected: DateValue) -> None:
    assert normalise_date(text, published) == expected


@pytest.mark.parametrize(
    ("text", "granularity"),
    [("hier", "day"), ("mardi dernier", "day"), ("le 5 octobre", "day"), ("mars dernier", "month"),
     ("le mois prochain", "month"), ("an dernier", "year"),
     ("du 5 au 8 novembre", "day")],
)
def test_without_publication_date_relative_dates_stay_unresolved(text: str, granularity: str) -> None:
    assert normalise_date(text, None) == DateValue(None, None, granularity, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8 février 2024", day("2024-02-08")), ("entre 2021 et 2024", year("2021", end="2024")),
     ("octobre 2023", month("2023-10"))],
)
def test_absolute_dates_need_no_publication_date(text: str, expected: DateValue) -> None:
    assert normalise_date(text, None) == expected


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("mardi", None, day("2025-10-28", relative=True)),  # « a été lancée mardi »
        ("mardi", "past", day("2025-10-28", relative=True)),
        ("mardi", "future", day("2025-11-04", relative=True)),  # « se tiendra mardi »
        ("jeudi", "future", day("2025-10-30", relative=True)),  # « tiendra jeudi », said that Thursday
        ("5 octobre", "future", day("2026-10-05", relative=True)),
        ("15 décembre", "past", day("2024-12-15", relative=True)),
        ("juin", "future", month("2026-06", relative=True)),
        ("7 avril dernier", "future", day("2025-04-07", relative=True)),  # the words win over the tense
    ],
)
def test_the_verb_tense_breaks_the_tie_the_words_leave(text: str, tense: str | None, expected: DateValue) -> None:
    assert normalise_date(text, PUBLISHED, tense=tense) == expected


def test_a_publication_datetime_counts_as_its_day() -> None:
    assert normalise_date("hier", datetime(2025, 10, 30, 23, 59)) == day("2025-10-29", relative=True)


def test_the_weekday_picks_the_year_of_a_day_without_one() -> None:
    # 8 December was a Tuesday in 2020, a Monday in 2025
    assert normalise_date("mardi 8 décembre", date(2021, 3, 1)) == day("2020-12-08", relative=True)


def test_lexicon_lists_the_words_by_kind() -> None:
    words = lexicon()
    assert words["month"]["février"] == "2"
    assert words["weekday"]["dimanche"] == "6"
    assert words["today"]["aujourd'hui"] == "0"


def test_a_malformed_lexicon_line_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.tsv"
    bad.write_text("form\tkind\tvalue\nfévrier\tmonth\tdeux\n", encoding="utf-8")
    with pytest.raises(ValueError, match="whole number"):
        lexicon(bad)
