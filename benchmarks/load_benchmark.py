"""How long loading records takes: a first load, the same records again, then a re-extraction.

    python benchmarks/load_benchmark.py                      # 10 000 records, SQLite and PostgreSQL
    python benchmarks/load_benchmark.py --records 2000 --postgres ''   # SQLite only

Records are synthetic but shaped like real ones (8 place, 4 institution, 3 area and 4 date
mentions per article, drawn from pools so canonical rows repeat across articles). PostgreSQL
is measured in a schema of its own, dropped afterwards, when the server answers.
"""

import argparse
import hashlib
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from pipeline.records import validate
from pipeline.sinks.database import load_records

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PLACE_KINDS = ("city", "province", "region", "site")
VALIDATION_SAMPLE = 500


def synthetic_record(n: int, rng: random.Random, extracted_at: str) -> dict[str, Any]:
    """One valid record whose entity items point at the sentences they were written into."""
    text, items = "", {"places": [], "institutions": [], "areas": [], "dates": []}

    def write(fragment: str, group: str | None = None, **fields: Any) -> None:
        nonlocal text
        if group:
            items[group].append({"text": fragment, "start": len(text), "end": len(text) + len(fragment), **fields})
        text += fragment

    for sentence in range(8):
        place = rng.randrange(400)
        kind = PLACE_KINDS[place % len(PLACE_KINDS)]
        place_fields = {
            "name": f"Commune {place:03d}", "kind": kind, "country": "MA", "lat": 30 + place / 100,
            "lon": -7 - place / 100, "geonames_id": 2_500_000 + place if place % 2 else None,
            "parent": "Souss-Massa", "source": "gazetteer",
        }
        if sentence < 4:
            institution = rng.randrange(150)
            write(f"L’Agence n°{institution} de développement agricole", "institutions",
                  name=f"Agence n°{institution} de développement agricole", acronym=f"ADA{institution}",
                  kind="public_agency", source="gazetteer")
            write(" a annoncé ")
        else:
            write("Les autorités ont annoncé ")
        if sentence < 3:
            hectares = float(rng.randrange(10, 5000))
            write(f"{hectares:.0f} hectares", "areas", value=hectares, unit="hectares", hectares=hectares,
                  hectares_max=None, qualifier=None, measured="plantations d’arganiers",
                  place=place_fields["name"])
        else:
            write("un nouveau programme")
        write(" à ")
        write(place_fields["name"], "places", **place_fields)
        if sentence < 4:
            year = rng.randrange(2015, 2027)
            write(", pour ")
            write(str(year), "dates", value=str(year), value_end=None, granularity="year", relative=False)
        write(". Le projet mobilise les coopératives locales et les services déconcentrés de l’État. ")
    record_id = hashlib.sha256(f"benchmark-{n}".encode()).hexdigest()
    return {
        "schema_version": "1",
        "id": record_id[:32],
        "source": {"path": f"pages/{n}.html", "url": f"https://www.example.ma/{n}", "format": "html",
                   "sha256": record_id},
        "metadata": {"title": f"Article {n}", "published": f"20{15 + n % 10}-0{1 + n % 9}-1{n % 10}",
                     "outlet": f"Outlet {n % 12}", "site": "example.ma", "author": None, "language": "fr"},
        "text": text.strip(),
        **items,
        "warnings": [],
        "provenance": {"pipeline": "0.1.0", "model": "fr_core_news_md-3.8.0", "extracted_at": extracted_at},
    }


def timed(label: str, action: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = action()
    print(f"  {label:<38} {time.perf_counter() - start:6.2f} s  {getattr(result, 'summary', lambda: '')()}")
    return result


def measure(url: str, first: list[dict], again: list[dict]) -> None:
    timed("first load", lambda: load_records(first, url))
    timed("same records again (not revalidated)", lambda: load_records(first, url))
    timed("all re-extracted", lambda: load_records(again, url))


def postgres_schema_url(server: str) -> tuple[str, str] | None:
    """A fresh schema on the server and a URL that loads into it, or None when nobody answers."""
    engine = sa.create_engine(server, connect_args={"connect_timeout": 3})
    schema = f"news_benchmark_{uuid.uuid4().hex[:12]}"
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as error:
        print(f"PostgreSQL skipped: {error.orig}", file=sys.stderr)
        return None
    finally:
        engine.dispose()
    url = sa.make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_schema(server: str, schema: str) -> None:
    engine = sa.create_engine(server)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="how many synthetic records (default 10 000)")
    parser.add_argument("--postgres", default=POSTGRES_URL, help="PostgreSQL server URL; empty to skip")
    args = parser.parse_args()

    rng = random.Random(7)
    first = [synthetic_record(n, rng, "2025-11-02T10:00:00+00:00") for n in range(args.records)]
    rng = random.Random(7)
    again = [synthetic_record(n, rng, "2025-12-01T10:00:00+00:00") for n in range(args.records)]
    rows = sum(1 + sum(len(r[g]) for g in ("places", "institutions", "areas", "dates")) for r in first)
    print(f"{args.records} records, {rows} article and mention rows")
    sample = first[:VALIDATION_SAMPLE]
    start = time.perf_counter()
    for record in sample:
        validate(record)
    per_record = (time.perf_counter() - start) / len(sample)
    print(f"  validation: {per_record * 1000:.1f} ms a record, "
          f"so {per_record * len(first):.1f} s of each full load below")

    with tempfile.TemporaryDirectory() as folder:
        print("SQLite")
        measure(f"sqlite:///{Path(folder) / 'news.db'}", first, again)
    if args.postgres and (target := postgres_schema_url(args.postgres)):
        url, schema = target
        print("PostgreSQL")
        try:
            measure(url, first, again)
        finally:
            drop_schema(args.postgres, schema)


if __name__ == "__main__":
    main()
