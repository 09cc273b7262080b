"""Reading French date expressions, resolved against the publication date.

Unless a test says otherwise the article was published on Thursday 30 October 2025.
"""

import doctest
from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline.normalise import date_calendar, date_words, dates
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
        ("premier trimestre 2024", DateValue("2024-01", "2024-03", "quarter", False)),
        ("1er trimestre 2024", DateValue("2024-01", "2024-03", "quarter", False)),
        ("troisième trimestre de l'année 2023", DateValue("2023-07", "2023-09", "quarter", False)),
        ("2ème semestre 2024", DateValue("2024-07", "2024-12", "semester", False)),
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


def part(value: str, end: str, granularity: str, *, relative: bool = False) -> DateValue:
    return DateValue(value, end, granularity, relative)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbers: two-digit years, month and year, ISO partial, dots, a space before a separator
        ("20/02/14", day("2014-02-20")),
        ("samedi 23/06/18", day("2018-06-23")),
        ("31 octobre 74", day("1974-10-31")),
        ("1er avril 78", day("1978-04-01")),
        ("11/2016", month("2016-11")),
        ("11 / 2016", month("2016-11")),
        ("2016-11", month("2016-11")),
        ("2015-3", month("2015-03")),
        ("2016.11", month("2016-11")),
        ("12.03.2019", day("2019-03-12")),
        ("2015/08/12", day("2015-08-12")),
        ("02 04 2009", day("2009-04-02")),
        ("02/22/2016", day("2016-02-22")),  # 22 is no month: month first
        ("23/Sep/2020", day("2020-09-23")),
        ("12/08, 2015", day("2015-08-12")),
        # abbreviated and capitalised months, ordinals, commas
        ("déc. 2018", month("2018-12")),
        ("sept 2017", month("2017-09")),
        ("1 sep. 2019", day("2019-09-01")),
        ("Lundi 12 Janvier, 2016", day("2016-01-12")),
        ("mer. 10 juin 2020", day("2020-06-10")),
        ("premier mars 2021", day("2021-03-01")),
        ("novembre, 2016", month("2016-11")),
        ("juin de 1992", month("1992-06")),
        ("novembre de l'année 2016", month("2016-11")),
        # years in words
        ("deux mille dix-huit", year("2018")),
        ("mille neuf cent quatre-vingt-dix-neuf", year("1999")),
        ("le 3 avril deux mille vingt et un", day("2021-04-03")),
        # ranges
        ("du 2 au 7 février 2018", day("2018-02-02", end="2018-02-07")),
        ("entre mars et mai 2019", month("2019-03", end="2019-05")),
        ("février et mai 2018", month("2018-02", end="2018-05")),
        ("juin-août 1992", month("1992-06", end="1992-08")),
        ("de novembre à février 2017", month("2016-11", end="2017-02")),
        ("2019-2020", year("2019", end="2020")),
        ("2011-12", year("2011", end="2012")),  # a campaign, not December 2011
        ("2015-12", month("2015-12")),
        ("de 2015 à 2023", year("2015", end="2023")),
        ("du 01/05 au 07/05, 2020", day("2020-05-01", end="2020-05-07")),
        ("28/2 - 3/3/2020", day("2020-02-28", end="2020-03-03")),
        ("12 janvier 2016 - 22/01/2016", day("2016-01-12", end="2016-01-22")),
        # quarters, semesters, seasons: months with their own granularity
        ("deuxième trimestre 2020", part("2020-04", "2020-06", "quarter")),
        ("T2 2020", part("2020-04", "2020-06", "quarter")),
        ("premier semestre 2019", part("2019-01", "2019-06", "semester")),
        ("S2 2019", part("2019-07", "2019-12", "semester")),
        ("été 2021", part("2021-06", "2021-08", "season")),
        ("printemps de 2022", part("2022-03", "2022-05", "season")),
        ("hiver 2021", part("2021-12", "2022-02", "season")),
    ],
)
def test_reads_numeric_abbreviated_and_worded_forms(text: str, expected: DateValue) -> None:
    assert normalise_date(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # offsets counted from the publication day (Thursday 30 October 2025)
        ("il y a deux ans", day("2023-10-30", relative=True)),
        ("il y a trois jours", day("2025-10-27", relative=True)),
        ("Il ya 2 jours", day("2025-10-28", relative=True)),
        ("il y a environ un mois", day("2025-09-30", relative=True)),
        ("dans deux semaines", day("2025-11-13", relative=True)),
        ("dans 3 mois", day("2026-01-30", relative=True)),
        # weekdays with a direction
        ("mardi prochain", day("2025-11-04", relative=True)),
        ("jeudi passé", day("2025-10-23", relative=True)),
        ("ce jeudi", day("2025-10-30", relative=True)),
        ("ce lundi", day("2025-10-27", relative=True)),
        ("lundi de la semaine prochaine", day("2025-11-03", relative=True)),
        ("vendredi de la semaine dernière", day("2025-10-24", relative=True)),
        ("jeudi 10 septembre", day("2026-09-10", relative=True)),  # a Thursday in 2026, not 2025
        ("premier vendredi de novembre", day("2025-11-07", relative=True)),
        ("du 4 au 22 de ce mois", day("2025-10-04", end="2025-10-22", relative=True)),
        # every apostrophe, no accents
        ("aujourdʼhui", day("2025-10-30", relative=True)),
        ("aujourd′hui", day("2025-10-30", relative=True)),
        ("l’an dernier", year("2024", relative=True)),
        ("apres-demain", day("2025-11-01", relative=True)),
        ("avant hier", day("2025-10-28", relative=True)),
        # months, quarters and seasons from the publication date
        ("cette décembre", month("2025-12", relative=True)),
        ("prochain juin", month("2026-06", relative=True)),
        ("le trimestre dernier", part("2025-07", "2025-09", "quarter", relative=True)),
        ("cet été", part("2025-06", "2025-08", "season", relative=True)),
        ("l'hiver dernier", part("2024-12", "2025-02", "season", relative=True)),
    ],
)
def test_reads_relative_forms(text: str, expected: DateValue) -> None:
    assert normalise_date(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le lendemain", day("2025-03-05", relative=True)),
        ("la veille", day("2025-03-03", relative=True)),
        ("l'avant-veille", day("2025-03-02", relative=True)),
        ("trois jours plus tard", day("2025-03-07", relative=True)),
        ("deux semaines après", day("2025-03-18", relative=True)),
        ("le mois suivant", month("2025-04", relative=True)),
        ("l'année suivante", year("2026", relative=True)),
    ],
)
def test_some_words_count_from_the_date_the_text_speaks_of(text: str, expected: DateValue) -> None:
    assert normalise_date(text, PUBLISHED, anchor=day("2025-03-04")) == expected


def test_a_year_anchor_gives_a_year() -> None:
    # « Achetés sur plan en 2009 ... Douze ans plus tard »
    assert normalise_date("douze ans plus tard", PUBLISHED, anchor=year("2009")) == year("2021", relative=True)
    # a year says nothing of « le lendemain »: the publication date serves
    assert normalise_date("le lendemain", PUBLISHED, anchor=year("2009")) == day("2025-10-31", relative=True)


@pytest.mark.parametrize(
    ("text", "published", "tense", "expected"),
    [
        # the reading nearest the publication date; a past tense allows a few days of lag
        ("le 15 février", date(2013, 2, 12), "past", day("2013-02-15", relative=True)),
        ("22/04", date(2016, 11, 7), None, day("2017-04-22", relative=True)),
        ("29/2", date(2017, 3, 22), None, day("2016-02-29", relative=True)),
        ("le 25 mardi", date(2018, 9, 28), None, day("2018-09-25", relative=True)),
    ],
)
def test_a_day_without_its_year_takes_the_nearest(text: str, published: date, tense: str | None,
                                                   expected: DateValue) -> None:
    assert normalise_date(text, published, tense=tense) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le 22 février", day("2020-02-22", relative=True)),
        ("fin juin", month("2020-06", relative=True)),
        ("du 13 au 28 mars", day("2020-03-13", end="2020-03-28", relative=True)),
        ("hier", DateValue(None, None, "day", True)),
        ("mardi dernier", DateValue(None, None, "day", True)),
        ("il y a deux ans", DateValue(None, None, "day", True)),
    ],
)
def test_without_publication_date_the_year_the_text_gives_serves_days_and_months(text: str, expected: DateValue) -> None:
    assert normalise_date(text, None, year=2020) == expected


def test_the_date_modules_examples_hold() -> None:
    for module in (dates, date_words, date_calendar):
        assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(
    "text",
    ["31/02/2024", "30/13/2025", "45 octobre 2025", "2024-2020", "mi-temps", "1/2", "2-1", "12.5", "12,5",
     "3/4", "Covid-19", "U17", "il a 20 ans",
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
