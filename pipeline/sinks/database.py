"""Load records into SQLite or PostgreSQL: idempotent, chunked, each article fully in or out.

An article is recognised by its record id and the SHA-256 of the whole record: the same
record again is left alone, a newer extraction (same id, later ``extracted_at``) replaces
every row of that article in the chunk's transaction, and an extraction no newer than the
stored one leaves it as it is: a load never goes backwards. Each chunk is one transaction,
so a load killed halfway leaves every article either fully in or fully out.

Loads may run side by side: migrations run under a lock (an advisory lock on PostgreSQL,
the write lock on SQLite), and each chunk locks its article ids before looking them up, so
two loads of the same article count it once between them. A record the database refuses
(a value out of range, a text too long for an index) is skipped with the reason, never the load.
"""

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from pipeline.normalise.places import Place
from pipeline.records import AreaItem, DateItem, InstitutionItem, PlaceItem, Record, Span, as_json, from_json, validate
from pipeline.sinks.db_schema import (
    DatabaseError,
    areas,
    articles,
    dates,
    institution_mentions,
    institutions,
    migrate,
    place_mentions,
    places,
)

DEFAULT_DB_URL = "sqlite:///outputs/news.db"
"""Relative to the working directory; the folder is created on first use."""

DEFAULT_CHUNK_SIZE = 500
"""Articles per transaction by default."""

MAX_CHUNK_SIZE = 5000
"""Articles per transaction at most: their ids go into one ``IN (...)`` list."""

_IN_CLAUSE_SIZE = 500
"""Keys per ``IN (...)`` lookup: well under SQLite's bound-parameter limit."""

_SQLITE_BUSY_SECONDS = 300
"""How long a SQLite loader waits for another's write lock: a whole chunk, with room to spare."""

_MIGRATION_LOCK = 0x6E657773  # "news": the PostgreSQL advisory lock key that serialises migrations

_RECORD_FAULTS = (sa.exc.IntegrityError, sa.exc.DataError, OverflowError, UnicodeError)
"""What one record can make the database raise: a key clash, a value out of range or not
representable (an integer past 64 bits, a lone surrogate, a NUL character)."""


class UnsupportedDatabaseError(DatabaseError):
    """The URL names a database other than SQLite or PostgreSQL."""


@dataclass
class LoadReport:
    """What a load did: articles newly loaded, replaced by a re-extraction, left as they were, skipped.

    ``skipped`` holds ``(record id, reason)``, or ``("line N", reason)`` for a record without a
    usable id, N being its 1-based position in the input.
    """

    loaded: int = 0
    unchanged: int = 0
    replaced: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        """One more article ``loaded``, ``replaced`` or ``unchanged``."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def summary(self) -> str:
        counts = (self.loaded, self.replaced, self.unchanged, len(self.skipped))
        return "loaded {}, replaced {}, unchanged {}, skipped {}".format(*counts)


@dataclass
class _Mention:
    key: str
    canonical: dict[str, Any]
    row: dict[str, Any]


@dataclass
class _Article:
    """One record turned into rows, before any database id is known."""

    label: str
    id: str
    digest: str
    row: dict[str, Any]
    places: list[_Mention]
    institutions: list[_Mention]
    areas: list[dict[str, Any]]
    dates: list[dict[str, Any]]


def load_records(
    records: Iterable[dict], url: str = DEFAULT_DB_URL, *, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> LoadReport:
    """Load records into the database at ``url``, creating or migrating its schema first."""
    if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk_size must be between 1 and {MAX_CHUNK_SIZE}, got {chunk_size}")
    report = LoadReport()
    engine = create_engine(url)
    try:
        _migrate(engine)
        for chunk in _chunks(records, chunk_size):
            repeats = {item.id for item in chunk if item.repeat}
            prepared = _prepared(engine, chunk, report)
            if prepared:
                _load_chunk(engine, prepared, report, repeats)
    finally:
        engine.dispose()
    return report


def prepare_database(url: str) -> None:
    """Connect and bring the schema up to date, so a database that cannot be used fails before any work."""
    engine = create_engine(url)
    try:
        _migrate(engine)
    finally:
        engine.dispose()


def database_files(url: str) -> list[str]:
    """The files a SQLite database at ``url`` writes (none for a server), never to read as input pages."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return []
    return [parsed.database + suffix for suffix in ("", "-journal", "-wal", "-shm")]


def _migrate(engine: sa.Engine) -> None:
    """Migrate under a lock, so that two loads starting together on a new database never race."""
    with engine.begin() as conn:  # on SQLite, BEGIN IMMEDIATE has taken the write lock
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
        migrate(conn)


def create_engine(url: str) -> sa.Engine:
    """An engine for SQLite or PostgreSQL; ``postgresql://`` means the psycopg 3 driver."""
    parsed = sa.make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return sa.create_engine(parsed)
    if backend != "sqlite":
        raise UnsupportedDatabaseError(f"cannot load into {backend!r} databases: use a sqlite:/// or postgresql:// URL")
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": _SQLITE_BUSY_SECONDS})
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 module opens transactions implicitly and never around DDL; hand that to
    # SQLAlchemy's "begin" event so a migration and a chunk are each one real transaction.
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _sqlite_begin(conn: sa.Connection) -> None:
    # IMMEDIATE takes the write lock up front: two loaders queue instead of deadlocking.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass(frozen=True)
class _Input:
    """A record as given, with its 1-based position and its id when that is a usable string."""

    line: int
    record: Any
    id: str | None
    repeat: bool = False  # the id came earlier in this load: applied if newer, never counted again

    @property
    def label(self) -> str:
        return self.id or f"line {self.line}"


def _chunks(records: Iterable[Any], size: int) -> Iterator[list[_Input]]:
    """Chunks of at most ``size`` records; a repeated id starts a new chunk so both apply in order."""
    chunk: list[_Input] = []
    ids: set[str] = set()
    seen: set[str] = set()
    for line, record in enumerate(records, start=1):
        record_id = record.get("id") if isinstance(record, dict) else None
        record_id = record_id if isinstance(record_id, str) and record_id else None
        item = _Input(line, record, record_id, repeat=record_id in seen)
        if record_id:
            seen.add(record_id)
        if len(chunk) == size or item.id in ids:
            yield chunk
            chunk, ids = [], set()
        chunk.append(item)
        if item.id:
            ids.add(item.id)
    if chunk:
        yield chunk


def _prepared(engine: sa.Engine, chunk: list[_Input], report: LoadReport) -> list[_Article]:
    """The chunk's new or changed valid records as rows; the others are counted or skipped with a reason."""
    with engine.connect() as conn:
        stored = _lookup(conn, articles.c.id, articles.c.record_sha256, [item.id for item in chunk if item.id])
    prepared = []
    for item in chunk:
        if _already_stored(item, stored):
            if not item.repeat:
                report.unchanged += 1
            continue
        errors = validate(item.record)
        if errors:
            report.skipped.append((item.label, "; ".join(errors)))
            continue
        try:
            prepared.append(_article(item.label, from_json(Record, item.record), _digest(item.record)))
        except (KeyError, TypeError, ValueError) as error:
            report.skipped.append((item.label, f"cannot be turned into rows: {error!r}"))
    return prepared


def _already_stored(item: _Input, stored: dict[str, str]) -> bool:
    """The same record is in the database, so it was validated when loaded: skip the costly check."""
    if item.id not in stored:
        return False
    try:
        return stored[item.id] == _digest(item.record)
    except TypeError:  # not JSON data: validation says why
        return False


def _load_chunk(engine: sa.Engine, chunk: list[_Article], report: LoadReport, repeats: set[str]) -> None:
    """One transaction per chunk; a chunk the database refuses is retried article by article,
    and an article it refuses alone is skipped with the reason."""
    try:
        with engine.begin() as conn:
            outcomes = _write_chunk(conn, chunk)
    except (*_RECORD_FAULTS, sa.exc.OperationalError) as error:
        if isinstance(error, sa.exc.OperationalError) and not _too_large(error):
            raise
        if len(chunk) > 1:
            for article in chunk:
                _load_chunk(engine, [article], report, repeats)
            return
        report.skipped.append((chunk[0].label, f"refused by the database: {getattr(error, 'orig', None) or error}"))
        return
    for article_id, outcome in outcomes.items():
        if article_id not in repeats:
            report.count(outcome)


def _too_large(error: sa.exc.OperationalError) -> bool:
    """PostgreSQL's program limits (SQLSTATE class 54): a value too large for an index entry."""
    return str(getattr(error.orig, "sqlstate", "") or "").startswith("54")


def _write_chunk(conn: sa.Connection, chunk: list[_Article]) -> dict[str, str]:
    """Write the new and newer articles of a chunk; returns loaded, replaced or unchanged by id."""
    _lock_articles(conn, [article.id for article in chunk])
    stored = _stored(conn, [article.id for article in chunk])
    fresh = [article for article in chunk if article.id not in stored or _newer(article, stored[article.id])]
    replaced = [article.id for article in fresh if article.id in stored]
    old_places, old_institutions = _delete_articles(conn, replaced) if replaced else (set(), set())

    place_ids = _canonical_ids(conn, places, places.c.key, [m for a in fresh for m in a.places])
    institution_ids = _canonical_ids(
        conn, institutions, institutions.c.name, [m for a in fresh for m in a.institutions]
    )
    _insert(conn, articles, [article.row for article in fresh])
    _insert(conn, place_mentions, [{**m.row, "place_id": place_ids[m.key]} for a in fresh for m in a.places])
    _insert(
        conn,
        institution_mentions,
        [{**m.row, "institution_id": institution_ids[m.key]} for a in fresh for m in a.institutions],
    )
    _insert(conn, areas, [_with_place_id(row, place_ids) for a in fresh for row in a.areas])
    _insert(conn, dates, [row for a in fresh for row in a.dates])
    _delete_orphans(conn, old_places, old_institutions)
    written = {article.id for article in fresh}
    return {
        article.id: ("replaced" if article.id in stored else "loaded") if article.id in written else "unchanged"
        for article in chunk
    }


def _lock_articles(conn: sa.Connection, ids: list[str]) -> None:
    """On PostgreSQL, lock the chunk's article ids until commit, in one order for every loader, so
    a concurrent load of the same article waits and then sees it stored (SQLite: BEGIN IMMEDIATE)."""
    if conn.dialect.name != "postgresql" or not ids:
        return
    keys = sorted({int.from_bytes(hashlib.sha256(i.encode()).digest()[:8], "big", signed=True) for i in ids})
    for batch in _batches(keys):
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"), {"keys": batch})


def _stored(conn: sa.Connection, ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """(record digest, extracted_at) of the stored articles among ``ids``."""
    found: dict[str, tuple[str, str | None]] = {}
    for batch in _batches(ids):
        query = sa.select(articles.c.id, articles.c.record_sha256, articles.c.extracted_at).where(articles.c.id.in_(batch))
        found.update((row.id, (row.record_sha256, row.extracted_at)) for row in conn.execute(query))
    return found


def _newer(article: _Article, stored: tuple[str, str | None]) -> bool:
    """Whether an article is another extraction, later than the stored one: only that replaces it."""
    digest, extracted_at = stored
    return article.digest != digest and _moment(article.row["extracted_at"]) > _moment(extracted_at)


def _moment(extracted_at: str | None) -> datetime:
    """An ``extracted_at`` as a comparable instant; a missing or unreadable one is the oldest."""
    try:
        moment = datetime.fromisoformat(extracted_at or "")
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _with_place_id(row: dict[str, Any], place_ids: dict[str, int]) -> dict[str, Any]:
    columns = {name: value for name, value in row.items() if name != "place_key"}
    return {**columns, "place_id": place_ids[row["place_key"]] if row["place_key"] else None}


def _insert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(sa.insert(table), rows)


def _delete_articles(conn: sa.Connection, ids: list[str]) -> tuple[set[int], set[int]]:
    """Delete every row of these articles; returns the canonical ids they referenced."""
    old_places = set(
        conn.execute(sa.select(place_mentions.c.place_id).where(place_mentions.c.article_id.in_(ids))).scalars()
    ) | set(
        conn.execute(
            sa.select(areas.c.place_id).where(areas.c.article_id.in_(ids), areas.c.place_id.is_not(None))
        ).scalars()
    )
    old_institutions = set(
        conn.execute(
            sa.select(institution_mentions.c.institution_id).where(institution_mentions.c.article_id.in_(ids))
        ).scalars()
    )
    for table in (place_mentions, institution_mentions, areas, dates):
        conn.execute(sa.delete(table).where(table.c.article_id.in_(ids)))
    conn.execute(sa.delete(articles).where(articles.c.id.in_(ids)))
    return old_places, old_institutions


def _delete_orphans(conn: sa.Connection, old_places: set[int], old_institutions: set[int]) -> None:
    """Drop canonical rows a re-extraction no longer mentions, so a replaced article leaves no trace."""
    for batch in _batches(old_places):
        conn.execute(
            sa.delete(places).where(
                places.c.id.in_(batch),
                ~sa.exists().where(place_mentions.c.place_id == places.c.id),
                ~sa.exists().where(areas.c.place_id == places.c.id),
            )
        )
    for batch in _batches(old_institutions):
        conn.execute(
            sa.delete(institutions).where(
                institutions.c.id.in_(batch),
                ~sa.exists().where(institution_mentions.c.institution_id == institutions.c.id),
            )
        )


def _canonical_ids(conn: sa.Connection, table: sa.Table, key: sa.Column, mentions: list[_Mention]) -> dict[str, int]:
    """Ids of the mentioned canonical rows by key, inserting the missing ones; the first description seen wins."""
    by_key: dict[str, dict[str, Any]] = {}
    for mention in mentions:
        by_key.setdefault(mention.key, mention.canonical)
    ids = _lookup(conn, key, table.c.id, list(by_key))
    missing = [row for k, row in by_key.items() if k not in ids]
    if missing:
        # ON CONFLICT DO NOTHING: another loader may insert the same place in the meantime.
        conn.execute(_insert_ignoring_duplicates(conn, table).on_conflict_do_nothing(index_elements=[key]), missing)
        ids.update(_lookup(conn, key, table.c.id, [k for k in by_key if k not in ids]))
    return ids


def _lookup(conn: sa.Connection, key: sa.Column, value: sa.Column, keys: list[Any]) -> dict[Any, Any]:
    """``value`` by ``key`` for the given keys, in batches that stay under the bound-parameter limits."""
    found: dict[Any, Any] = {}
    for batch in _batches(keys):
        found.update((k, v) for k, v in conn.execute(sa.select(key, value).where(key.in_(batch))))
    return found


def _batches(values: Iterable[Any]) -> Iterator[list[Any]]:
    values = list(values)
    for start in range(0, len(values), _IN_CLAUSE_SIZE):
        yield values[start : start + _IN_CLAUSE_SIZE]


def _insert_ignoring_duplicates(conn: sa.Connection, table: sa.Table) -> Any:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _article(label: str, record: Record, digest: str) -> _Article:
    """The rows of one valid record, canonical places and institutions keyed for lookup.

    An article row holds the fields of the record's source, metadata and provenance
    under their own names (``published`` as a date), besides its id, text and warnings.
    """
    metadata = as_json(record.metadata)
    published = metadata["published"]
    row = {
        "id": record.id,
        **as_json(record.source),
        **metadata,
        "published": date.fromisoformat(published) if published else None,
        "text": record.text,
        "warnings": list(record.warnings),
        "schema_version": record.schema_version,
        **as_json(record.provenance),
        "record_sha256": digest,
    }
    place_mentions_ = [_place(record.id, item) for item in record.places]
    place_key_by_name: dict[str, str] = {}
    for mention in place_mentions_:
        place_key_by_name.setdefault(mention.canonical["name"], mention.key)
    return _Article(
        label=label,
        id=record.id,
        digest=digest,
        row=row,
        places=place_mentions_,
        institutions=[_institution(record.id, item) for item in record.institutions],
        areas=[_area(record.id, item, place_key_by_name) for item in record.areas],
        dates=[_date(record.id, item) for item in record.dates],
    )


def _digest(record: dict[str, Any]) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _mention_row(article_id: str, item: Span) -> dict[str, Any]:
    """A mention's row: its article, its offsets as ``start_char``/``end_char``, its text."""
    return {"article_id": article_id, "start_char": item.start, "end_char": item.end, "text": item.text}


def _value_fields(item: Span, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """The normalised value of an item, field by field: every field but the span's and ``leave_out``."""
    span_fields = {field.name for field in dataclasses.fields(Span)}
    return {
        field.name: getattr(item, field.name)
        for field in dataclasses.fields(item)
        if field.name not in span_fields and field.name not in leave_out
    }


def _place_key(place: Place) -> str:
    """The identity of a canonical place: its GeoNames id if known, else name, country and kind."""
    if place.geonames_id is not None:
        return f"geonames:{place.geonames_id}"
    return "|".join((place.name, place.country or "", place.kind or ""))


def _place(article_id: str, item: PlaceItem) -> _Mention:
    key = _place_key(item)
    canonical = {"key": key, **_value_fields(item, leave_out=("source",))}
    return _Mention(key, canonical, {**_mention_row(article_id, item), "source": item.source})


def _institution(article_id: str, item: InstitutionItem) -> _Mention:
    canonical = _value_fields(item, leave_out=("source",))
    return _Mention(item.name, canonical, {**_mention_row(article_id, item), "source": item.source})


def _area(article_id: str, item: AreaItem, place_key_by_name: dict[str, str]) -> dict[str, Any]:
    place_key = place_key_by_name.get(item.place) if item.place else None
    return {**_mention_row(article_id, item), **_value_fields(item), "place_key": place_key}


def _date(article_id: str, item: DateItem) -> dict[str, Any]:
    return {**_mention_row(article_id, item), **_value_fields(item)}
