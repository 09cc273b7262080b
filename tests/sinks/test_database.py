"""The database sink, against SQLite and the real PostgreSQL server.

The databases (``db_url``) come from ``conftest.py``: a SQLite file, or a PostgreSQL schema
of its own, dropped afterwards.
"""

import dataclasses
import hashlib
import random
import string
from collections.abc import Callable, Iterator, Sequence
from copy import deepcopy
from typing import Any

import pytest
import sqlalchemy as sa

from pipeline.normalise.institutions import Institution
from pipeline.normalise.places import Place
from pipeline.records import AreaItem, DateItem, Metadata, Provenance, Source, Span
from pipeline.sinks import database
from pipeline.sinks.database import DEFAULT_DB_URL, UnsupportedDatabaseError, create_engine, load_records
from pipeline.sinks.db_schema import (
    DATA_TABLES,
    MIGRATIONS,
    SCHEMA_VERSION,
    DatabaseSchemaError,
    Migration,
    areas,
    articles,
    dates,
    institutions,
    migrate,
    place_mentions,
    places,
)

EXTRACTED_AT = "2025-11-02T10:00:00+00:00"

# Canonical entities, as the extractors write them into record items.
LAAYOUNE = {"name": "Laâyoune", "kind": "city", "country": "MA", "lat": 27.1536, "lon": -13.2033,
            "geonames_id": 2462881, "parent": "Laâyoune-Sakia El Hamra", "source": "both"}
LAAYOUNE_REGION = {"name": "Laâyoune-Sakia El Hamra", "kind": "region", "country": "MA", "lat": None, "lon": None,
                   "geonames_id": None, "parent": None, "source": "gazetteer"}
FES = {"name": "Fès", "kind": "city", "country": "MA", "lat": 34.0331, "lon": -5.0003,
       "geonames_id": 2548885, "parent": "Fès-Meknès", "source": "both"}
SEFROU = {"name": "Sefrou", "kind": "province", "country": "MA", "lat": None, "lon": None,
          "geonames_id": None, "parent": "Fès-Meknès", "source": "gazetteer"}
AGADIR = {"name": "Agadir", "kind": "city", "country": "MA", "lat": 30.4202, "lon": -9.5982,
          "geonames_id": 2561668, "parent": "Souss-Massa", "source": "both"}
AGRICULTURE = {"name": "Ministère de l’Agriculture", "acronym": None, "kind": "ministry", "source": "model"}
ANEF = {"name": "Agence nationale des eaux et forêts", "acronym": "ANEF", "kind": "public_agency",
        "source": "gazetteer"}
ONCA = {"name": "Office national du conseil agricole", "acronym": "ONCA", "kind": "public_agency",
        "source": "gazetteer"}
CAM = {"name": "Crédit Agricole du Maroc", "acronym": "CAM", "kind": "bank", "source": "both"}


def area(hectares: float, place: str | None, *, unit: str = "hectares", hectares_max: float | None = None,
         qualifier: str | None = None, measured: str | None = None) -> dict[str, Any]:
    return {"value": hectares, "unit": unit, "hectares": hectares, "hectares_max": hectares_max,
            "qualifier": qualifier, "measured": measured, "place": place}


def date(value: str, granularity: str, *, relative: bool = False) -> dict[str, Any]:
    return {"value": value, "value_end": None, "granularity": granularity, "relative": relative}


Entities = Sequence[tuple[str, dict[str, Any]]]


def make_record(key: str, text: str, *, title: str, published: str, outlet: str, places: Entities = (),
                institutions: Entities = (), areas: Entities = (), dates: Entities = (),
                extracted_at: str = EXTRACTED_AT) -> dict[str, Any]:
    """A record as issue 2 specifies it; each entity is (surface text, fields), located in ``text``.

    A surface written ``"Fès#2"`` is the second occurrence of ``"Fès"``.
    """

    def items(entities: Entities) -> list[dict[str, Any]]:
        located = []
        for surface, fields in entities:
            surface, _, nth = surface.partition("#")
            start = -1
            for _ in range(int(nth or 1)):
                start = text.index(surface, start + 1)
            located.append({"text": surface, "start": start, "end": start + len(surface), **fields})
        return sorted(located, key=lambda item: item["start"])

    page_sha = hashlib.sha256(f"{key}\n{text}".encode()).hexdigest()
    return {
        "schema_version": "1",
        "id": hashlib.sha256(key.encode()).hexdigest()[:32],
        "source": {"path": f"samples/pages/{key}.html", "url": f"https://www.example.ma/{key}", "format": "html",
                   "sha256": page_sha},
        "metadata": {"title": title, "published": published, "outlet": outlet, "site": "example.ma",
                     "author": None, "language": "fr"},
        "text": text,
        "places": items(places),
        "institutions": items(institutions),
        "areas": items(areas),
        "dates": items(dates),
        "warnings": [],
        "provenance": {"pipeline": "0.1.0", "model": "fr_core_news_md-3.8.0", "extracted_at": extracted_at},
    }


ARGANIERS = make_record(
    "arganiers-laayoune",
    "Laâyoune – Le ministère de l’Agriculture a lancé mardi un programme de plantation d’arganiers sur "
    "3 600 hectares dans la région de Laâyoune-Sakia El Hamra. L’Agence nationale des eaux et forêts prévoit "
    "d’étendre le projet à Fès d’ici 2026.",
    title="Laâyoune : l’arganier gagne 3 600 hectares", published="2024-03-12", outlet="Le Matin",
    places=[("Laâyoune", LAAYOUNE), ("Laâyoune-Sakia El Hamra", LAAYOUNE_REGION), ("Fès", FES)],
    institutions=[("ministère de l’Agriculture", AGRICULTURE), ("Agence nationale des eaux et forêts", ANEF)],
    areas=[("3 600 hectares", area(3600.0, "Laâyoune-Sakia El Hamra", measured="plantation d’arganiers"))],
    dates=[("mardi", date("2024-03-12", "day", relative=True)), ("2026", date("2026", "year"))],
)
IRRIGATION = make_record(
    "irrigation-sefrou",
    "Fès – L’Office national du conseil agricole a présenté samedi un projet d’irrigation goutte-à-goutte de "
    "1 200 ha dans la province de Sefrou, à 30 km de Fès. Le ministère de l’Agriculture en assure le financement "
    "depuis octobre 2023.",
    title="Sefrou : 1 200 ha irrigués au goutte-à-goutte", published="2024-10-05", outlet="Les ECO",
    places=[("Fès", FES), ("Sefrou", SEFROU), ("Fès#2", FES)],
    institutions=[("Office national du conseil agricole", ONCA), ("ministère de l’Agriculture", AGRICULTURE)],
    areas=[("1 200 ha", area(1200.0, "Sefrou", unit="ha", measured="projet d’irrigation goutte-à-goutte"))],
    dates=[("samedi", date("2024-10-05", "day", relative=True)), ("octobre 2023", date("2023-10", "month"))],
)
SERRES = make_record(
    "serres-laayoune",
    "Le Crédit Agricole du Maroc financera entre 500 et 800 hectares de cultures sous serre autour de Laâyoune, "
    "selon l’Agence nationale des eaux et forêts. Près de Fès, environ 250 hectares de cerisiers seront "
    "replantés en 2025.",
    title="Serres et cerisiers : le CAM s’engage", published="2025-01-20", outlet="Médias24",
    places=[("Laâyoune", LAAYOUNE), ("Fès", FES)],
    institutions=[("Crédit Agricole du Maroc", CAM), ("Agence nationale des eaux et forêts", ANEF)],
    areas=[
        ("entre 500 et 800 hectares", area(500.0, "Laâyoune", hectares_max=800.0, measured="cultures sous serre")),
        ("environ 250 hectares", area(250.0, "Fès", qualifier="approximate", measured="cerisiers")),
    ],
    dates=[("2025", date("2025", "year"))],
)
RECORDS = [ARGANIERS, IRRIGATION, SERRES]


# --- databases -------------------------------------------------------------------------------

def query(url: str, sql: str, **params: Any) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every data table, in primary-key order."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: [tuple(row) for row in conn.execute(sa.select(table).order_by(*table.primary_key))]
                for table in DATA_TABLES
            }
    finally:
        engine.dispose()


def article_rows(url: str, record_id: str) -> dict[str, int]:
    """How many rows of each per-article table belong to one article."""
    counts = {"articles": query(url, "SELECT count(*) FROM articles WHERE id = :id", id=record_id)[0][0]}
    for table in ("place_mentions", "institution_mentions", "areas", "dates"):
        counts[table] = query(url, f"SELECT count(*) FROM {table} WHERE article_id = :id", id=record_id)[0][0]
    return counts


def fully_in(record: dict[str, Any]) -> dict[str, int]:
    return {"articles": 1, "place_mentions": len(record["places"]), "institution_mentions": len(record["institutions"]),
            "areas": len(record["areas"]), "dates": len(record["dates"])}


FULLY_OUT = {"articles": 0, "place_mentions": 0, "institution_mentions": 0, "areas": 0, "dates": 0}


# --- loading ---------------------------------------------------------------------------------

def test_first_load_creates_the_schema_and_stores_each_entity_once(db_url: str) -> None:
    report = load_records(RECORDS, db_url)

    assert (report.loaded, report.replaced, report.unchanged, report.skipped) == (3, 0, 0, [])
    assert query(db_url, "SELECT max(version) FROM schema_migrations") == [(SCHEMA_VERSION,)]
    for record in RECORDS:
        assert article_rows(db_url, record["id"]) == fully_in(record)
    assert query(db_url, "SELECT name FROM places ORDER BY name") == [
        ("Fès",), ("Laâyoune",), ("Laâyoune-Sakia El Hamra",), ("Sefrou",)
    ]
    assert query(db_url, "SELECT count(*) FROM institutions") == [(4,)]


def test_loading_the_same_records_twice_leaves_the_database_unchanged(db_url: str) -> None:
    load_records(RECORDS, db_url)
    before = dump(db_url)

    report = load_records(deepcopy(RECORDS), db_url)

    assert (report.loaded, report.replaced, report.unchanged, report.skipped) == (0, 0, 3, [])
    assert dump(db_url) == before


def test_records_already_loaded_are_not_validated_again(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    load_records(RECORDS, url)
    validated = []
    monkeypatch.setattr(database, "validate", lambda record: validated.append(record["id"]) or [])
    changed = deepcopy(SERRES)
    changed["provenance"]["extracted_at"] = "2026-01-01T00:00:00+00:00"

    load_records([ARGANIERS, IRRIGATION, changed], url)

    assert validated == [SERRES["id"]]


def test_a_reextracted_article_replaces_its_rows(db_url: str) -> None:
    load_records(RECORDS, db_url)
    reextracted = make_record(
        "arganiers-laayoune",
        "Agadir – Le ministère de l’Agriculture a lancé mardi un programme de plantation d’arganiers sur "
        "4 000 hectares autour d’Agadir.",
        title="Agadir : l’arganier gagne 4 000 hectares", published="2024-03-12", outlet="Le Matin",
        places=[("Agadir", AGADIR), ("Agadir#2", AGADIR)],
        institutions=[("ministère de l’Agriculture", AGRICULTURE)],
        areas=[("4 000 hectares", area(4000.0, "Agadir", measured="plantation d’arganiers"))],
        dates=[("mardi", date("2024-03-12", "day", relative=True))],
        extracted_at="2025-12-01T08:30:00+00:00",
    )

    report = load_records([reextracted], db_url)

    assert (report.loaded, report.replaced, report.unchanged) == (0, 1, 0)
    assert article_rows(db_url, reextracted["id"]) == fully_in(reextracted)
    assert query(db_url, "SELECT title, extracted_at FROM articles WHERE id = :id", id=reextracted["id"]) == [
        ("Agadir : l’arganier gagne 4 000 hectares", "2025-12-01T08:30:00+00:00")
    ]
    # The region only this article named is gone; places other articles still name stay.
    assert query(db_url, "SELECT name FROM places ORDER BY name") == [("Agadir",), ("Fès",), ("Laâyoune",), ("Sefrou",)]
    assert query(db_url, "SELECT sum(hectares) FROM areas") == [(5950.0,)]


def test_a_new_extraction_time_alone_is_a_reextraction(db_url: str) -> None:
    load_records(RECORDS, db_url)
    again = deepcopy(IRRIGATION)
    again["provenance"]["extracted_at"] = "2026-01-01T00:00:00+00:00"

    report = load_records([again], db_url)

    assert (report.loaded, report.replaced, report.unchanged) == (0, 1, 0)
    assert query(db_url, "SELECT extracted_at FROM articles WHERE id = :id", id=again["id"]) == [
        ("2026-01-01T00:00:00+00:00",)
    ]


@pytest.mark.parametrize(
    ("extracted_at", "title"),
    [(EXTRACTED_AT, "Serres et cerisiers : le CAM s’engage"), ("2026-01-01T00:00:00+00:00", "Serres : le CAM double la mise")],
    ids=["same-extraction-time", "later-extraction"],
)
def test_the_same_id_twice_in_one_input_counts_once_and_never_goes_backwards(
    db_url: str, extracted_at: str, title: str
) -> None:
    later = deepcopy(SERRES)
    later["metadata"]["title"] = "Serres : le CAM double la mise"
    later["provenance"]["extracted_at"] = extracted_at

    for expected in [(1, 0, 0), (0, 0, 1)]:  # a reload of the same input changes nothing and says so
        report = load_records([SERRES, later], db_url, chunk_size=10)
        assert (report.loaded, report.replaced, report.unchanged, report.skipped) == (*expected, [])
        assert query(db_url, "SELECT title FROM articles") == [(title,)]


def test_an_older_extraction_never_replaces_a_newer_one(db_url: str) -> None:
    newer = deepcopy(IRRIGATION)
    newer["provenance"]["extracted_at"] = "2026-01-01T00:00:00+00:00"
    newer["metadata"]["title"] = "Sefrou : la version récente"
    load_records([newer], db_url)

    report = load_records(RECORDS, db_url)

    assert (report.loaded, report.replaced, report.unchanged) == (2, 0, 1)
    assert query(db_url, "SELECT title FROM articles WHERE id = :id", id=newer["id"]) == [("Sefrou : la version récente",)]


def test_unicode_round_trips(db_url: str) -> None:
    load_records(RECORDS, db_url)

    assert query(db_url, "SELECT title, text FROM articles WHERE id = :id", id=ARGANIERS["id"]) == [
        (ARGANIERS["metadata"]["title"], ARGANIERS["text"])
    ]
    assert query(db_url, "SELECT geonames_id FROM places WHERE name = 'Laâyoune'") == [(2462881,)]
    assert query(db_url, "SELECT count(*) FROM place_mentions WHERE text = 'Fès'") == [(4,)]
    assert query(db_url, "SELECT name FROM institutions WHERE name LIKE '%’%'") == [("Ministère de l’Agriculture",)]
    assert query(db_url, "SELECT text, measured FROM areas WHERE place = 'Laâyoune-Sakia El Hamra'") == [
        ("3 600 hectares", "plantation d’arganiers")
    ]


# --- crashes and bad records -----------------------------------------------------------------

@pytest.fixture
def crash_in_second_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kill the load while the second chunk's areas are being written."""
    insert = database._insert
    calls = []

    def insert_then_crash(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        if table.name == "areas":
            calls.append(table)
            if len(calls) == 2:
                raise RuntimeError("killed mid-load")
        insert(conn, table, rows)

    monkeypatch.setattr(database, "_insert", insert_then_crash)


@pytest.mark.usefixtures("crash_in_second_chunk")
def test_a_load_killed_mid_chunk_leaves_each_article_fully_in_or_out(db_url: str) -> None:
    with pytest.raises(RuntimeError, match="killed mid-load"):
        load_records(RECORDS, db_url, chunk_size=2)

    assert article_rows(db_url, ARGANIERS["id"]) == fully_in(ARGANIERS)
    assert article_rows(db_url, IRRIGATION["id"]) == fully_in(IRRIGATION)
    assert article_rows(db_url, SERRES["id"]) == FULLY_OUT
    assert query(db_url, "SELECT count(*) FROM institutions WHERE name = 'Crédit Agricole du Maroc'") == [(0,)]


def test_a_replacement_killed_midway_keeps_the_previous_version(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    load_records(RECORDS, db_url)
    before = dump(db_url)
    reextracted = deepcopy(SERRES)
    reextracted["provenance"]["extracted_at"] = "2026-01-01T00:00:00+00:00"

    def crash(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        raise RuntimeError("killed mid-load")

    monkeypatch.setattr(database, "_insert", crash)
    with pytest.raises(RuntimeError):
        load_records([reextracted], db_url)

    assert dump(db_url) == before


def test_an_input_dying_midway_keeps_the_chunks_already_loaded(db_url: str) -> None:
    def records() -> Iterator[dict[str, Any]]:
        yield from RECORDS
        raise OSError("input truncated")

    with pytest.raises(OSError):
        load_records(records(), db_url, chunk_size=2)

    assert [article_rows(db_url, r["id"]) for r in RECORDS] == [fully_in(ARGANIERS), fully_in(IRRIGATION), FULLY_OUT]


def _without_text(record: dict) -> Any:
    del record["text"]
    return record


def _offset_as_string(record: dict) -> Any:
    record["places"][0]["start"] = "0"
    return record


def _unknown_kind(record: dict) -> Any:
    record["places"][1]["kind"] = "village"
    return record


def _offsets_off_the_text(record: dict) -> Any:
    record["dates"][0]["end"] += 1
    return record


def _not_an_object(record: dict) -> Any:
    return [record]


@pytest.mark.parametrize(
    ("break_record", "label", "reason"),
    [
        (_without_text, IRRIGATION["id"], "must contain ['text']"),
        (_offset_as_string, IRRIGATION["id"], "places/0/start"),
        (_unknown_kind, IRRIGATION["id"], "kind: must be one of"),
        (_offsets_off_the_text, IRRIGATION["id"], "dates/0: text 'samedi' is not text["),
        (_not_an_object, "line 2", "must be object"),
    ],
)
def test_a_record_violating_the_schema_is_reported_and_skipped(
    db_url: str, break_record: Callable[[dict], Any], label: str, reason: str
) -> None:
    report = load_records([ARGANIERS, break_record(deepcopy(IRRIGATION)), SERRES], db_url)

    assert report.loaded == 2
    assert [skipped_label for skipped_label, _ in report.skipped] == [label]
    assert reason in report.skipped[0][1]
    assert article_rows(db_url, IRRIGATION["id"]) == FULLY_OUT
    assert query(db_url, "SELECT count(*) FROM places WHERE name = 'Sefrou'") == [(0,)]


def test_a_record_the_database_refuses_is_skipped_whole(db_url: str) -> None:
    """Two places on the same characters pass the JSON Schema but not the mention table's key."""
    clash = deepcopy(IRRIGATION)
    clash["places"].insert(1, {**clash["places"][0], **{k: v for k, v in AGADIR.items() if k != "source"}})

    report = load_records([ARGANIERS, clash, SERRES], db_url)

    assert report.loaded == 2
    assert [(label, reason.split(":")[0]) for label, reason in report.skipped] == [
        (clash["id"], "refused by the database")
    ]
    assert article_rows(db_url, clash["id"]) == FULLY_OUT
    assert article_rows(db_url, SERRES["id"]) == fully_in(SERRES)


def _huge_outlet(record: dict) -> None:
    # Random letters, as a page's og:site_name may hold: PostgreSQL cannot compress them into an index entry.
    record["metadata"]["outlet"] = "".join(random.Random(7).choices(string.ascii_letters, k=10_000))


def _geonames_id_past_64_bits(record: dict) -> None:
    record["places"][0]["geonames_id"] = 2**70


def _lone_surrogate(record: dict) -> None:
    record["source"]["path"] = "samples/pages/caf\udce9.html"


def _nul_character(record: dict) -> None:
    record["metadata"]["title"] = "Sefrou\x00"


@pytest.mark.parametrize(
    ("spoil", "refused_by"),
    [
        (_huge_outlet, {"postgresql"}),
        (_geonames_id_past_64_bits, {"sqlite", "postgresql"}),
        (_lone_surrogate, {"sqlite", "postgresql"}),
        (_nul_character, {"postgresql"}),
    ],
)
def test_one_record_the_database_cannot_store_is_skipped_never_the_load(db_url: str, spoil, refused_by) -> None:
    bad = deepcopy(IRRIGATION)
    spoil(bad)

    report = load_records([ARGANIERS, bad, SERRES], db_url)

    if sa.make_url(db_url).get_backend_name() not in refused_by:
        assert (report.loaded, report.skipped) == (3, [])
        return
    assert (report.loaded, [label for label, _ in report.skipped]) == (2, [bad["id"]])
    assert report.skipped[0][1].startswith(("refused by the database: ", "cannot be turned into rows: "))
    assert article_rows(db_url, bad["id"]) == FULLY_OUT
    assert article_rows(db_url, SERRES["id"]) == fully_in(SERRES)


# --- schema versions -------------------------------------------------------------------------

def test_a_database_of_a_newer_version_is_refused(db_url: str) -> None:
    load_records(RECORDS, db_url)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01')"))
    engine.dispose()

    with pytest.raises(DatabaseSchemaError, match="version 99, newer than the version 1"):
        load_records(RECORDS, db_url)


def test_tables_not_created_by_the_package_are_refused(db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE articles (id INTEGER PRIMARY KEY, body TEXT)"))
    engine.dispose()

    with pytest.raises(DatabaseSchemaError, match="articles but no schema_migrations table"):
        load_records(RECORDS, db_url)


def test_an_older_database_is_migrated_in_order(db_url: str) -> None:
    load_records(RECORDS, db_url)

    def add_section(conn: sa.Connection) -> None:
        conn.execute(sa.text("ALTER TABLE articles ADD COLUMN section TEXT"))

    version_2 = Migration(2, "add articles.section", add_section)

    engine = create_engine(db_url)
    with engine.begin() as conn:
        assert migrate(conn, (*MIGRATIONS, version_2)) == 2
    with engine.begin() as conn:
        assert migrate(conn, (*MIGRATIONS, version_2)) == 2
    engine.dispose()

    assert query(db_url, "SELECT version, name FROM schema_migrations ORDER BY version") == [
        (1, MIGRATIONS[0].name), (2, "add articles.section")
    ]
    assert query(db_url, "SELECT count(section) FROM articles") == [(0,)]


# --- URLs ------------------------------------------------------------------------------------

def test_the_default_url_is_a_sqlite_file_under_outputs(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    load_records(RECORDS)

    assert DEFAULT_DB_URL == "sqlite:///outputs/news.db"
    assert query(f"sqlite:///{tmp_path / 'outputs' / 'news.db'}", "SELECT count(*) FROM articles") == [(3,)]


def test_a_plain_postgresql_url_uses_psycopg() -> None:
    assert create_engine("postgresql://postgres@127.0.0.1:5432/test").dialect.driver == "psycopg"


def test_other_databases_are_refused_clearly() -> None:
    with pytest.raises(UnsupportedDatabaseError, match="'mysql'"):
        create_engine("mysql://root@localhost/news")


# --- the README queries ----------------------------------------------------------------------

HECTARES_PER_PLACE_AND_YEAR = """
SELECT p.name AS place, substr(CAST(a.published AS TEXT), 1, 4) AS year,
       count(*) AS areas, sum(ar.hectares) AS hectares
FROM areas ar
JOIN places p ON p.id = ar.place_id
JOIN articles a ON a.id = ar.article_id
GROUP BY p.name, year
ORDER BY year, hectares DESC;
"""

ARTICLES_PER_INSTITUTION = """
SELECT i.name, i.acronym, count(DISTINCT m.article_id) AS articles
FROM institutions i
JOIN institution_mentions m ON m.institution_id = i.id
GROUP BY i.id, i.name, i.acronym
ORDER BY articles DESC, i.name;
"""

HECTARES_PER_INSTITUTION_AND_PLACE = """
WITH named AS (SELECT DISTINCT article_id, institution_id FROM institution_mentions)
SELECT i.name AS institution, p.name AS place,
       count(DISTINCT ar.article_id) AS articles, sum(ar.hectares) AS hectares
FROM named n
JOIN institutions i ON i.id = n.institution_id
JOIN areas ar ON ar.article_id = n.article_id
JOIN places p ON p.id = ar.place_id
GROUP BY i.name, p.name
ORDER BY hectares DESC, institution, place;
"""


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (HECTARES_PER_PLACE_AND_YEAR, [
            ("Laâyoune-Sakia El Hamra", "2024", 1, 3600.0),
            ("Sefrou", "2024", 1, 1200.0),
            ("Laâyoune", "2025", 1, 500.0),
            ("Fès", "2025", 1, 250.0),
        ]),
        (ARTICLES_PER_INSTITUTION, [
            ("Agence nationale des eaux et forêts", "ANEF", 2),
            ("Ministère de l’Agriculture", None, 2),
            ("Crédit Agricole du Maroc", "CAM", 1),
            ("Office national du conseil agricole", "ONCA", 1),
        ]),
        (HECTARES_PER_INSTITUTION_AND_PLACE, [
            ("Agence nationale des eaux et forêts", "Laâyoune-Sakia El Hamra", 1, 3600.0),
            ("Ministère de l’Agriculture", "Laâyoune-Sakia El Hamra", 1, 3600.0),
            ("Ministère de l’Agriculture", "Sefrou", 1, 1200.0),
            ("Office national du conseil agricole", "Sefrou", 1, 1200.0),
            ("Agence nationale des eaux et forêts", "Laâyoune", 1, 500.0),
            ("Crédit Agricole du Maroc", "Laâyoune", 1, 500.0),
            ("Agence nationale des eaux et forêts", "Fès", 1, 250.0),
            ("Crédit Agricole du Maroc", "Fès", 1, 250.0),
        ]),
    ],
    ids=["hectares per place and year", "articles per institution", "hectares per institution and place"],
)
def test_readme_queries(db_url: str, sql: str, expected: list[tuple]) -> None:
    load_records(RECORDS, db_url)

    assert query(db_url, sql) == expected


@pytest.mark.parametrize(
    ("table", "record_types", "left_out"),
    [
        (articles, (Source, Metadata, Provenance), ()),
        (places, (Place,), ("source",)),
        (place_mentions, (Span,), ()),
        (institutions, (Institution,), ("source",)),
        (areas, (AreaItem,), ()),
        (dates, (DateItem,), ()),
    ],
)
def test_every_record_field_has_its_column(table: sa.Table, record_types: tuple[type, ...], left_out: tuple) -> None:
    """The tables of migration 1 are frozen history; this keeps them in step with the record types."""
    offsets = {"start": "start_char", "end": "end_char"}
    names = {offsets.get(field.name, field.name) for cls in record_types for field in dataclasses.fields(cls)}
    assert names - set(left_out) <= set(table.columns.keys())
