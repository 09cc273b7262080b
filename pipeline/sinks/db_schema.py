"""The database schema of the records and the named migrations that build it.

One SQLAlchemy Core definition serves SQLite and PostgreSQL. Canonical places and
institutions are stored once; mention tables link them to articles with the offsets and
surface text of each mention, so a place named in a thousand articles is one row.

Every change to these tables is a named migration, recorded in ``schema_migrations``: a
database tells which version it carries, and an older one is brought up to date in order
while a newer or foreign one is refused.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from pipeline.errors import PipelineError

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("applied_at", sa.String, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("url", sa.Text),
    sa.Column("path", sa.Text),
    sa.Column("format", sa.String),
    sa.Column("sha256", sa.String, comment="of the raw input page"),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("outlet", sa.String),
    sa.Column("site", sa.String),
    sa.Column("author", sa.String),
    sa.Column("language", sa.String),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("schema_version", sa.String, nullable=False),
    sa.Column("pipeline", sa.String),
    sa.Column("model", sa.String),
    # Kept as the ISO string of the record so it round-trips byte for byte on both backends.
    sa.Column("extracted_at", sa.String),
    sa.Column("record_sha256", sa.String, nullable=False, comment="of the whole record: tells a re-extraction"),
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_outlet", "outlet"),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # "geonames:<id>" when the gazetteer knows the place, else "name|country|kind": NULL
    # columns cannot carry a unique constraint portably, one derived key can.
    sa.Column("key", sa.String, nullable=False, unique=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("kind", sa.String),
    sa.Column("country", sa.String),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geonames_id", sa.BigInteger),
    sa.Column("parent", sa.String),
    sa.Index("ix_places_name", "name"),
    sa.Index("ix_places_country", "country"),
)

institutions = sa.Table(
    "institutions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String, nullable=False, unique=True),
    sa.Column("acronym", sa.String),
    sa.Column("kind", sa.String),
    sa.Index("ix_institutions_acronym", "acronym"),
)


def _article_column() -> sa.Column:
    return sa.Column("article_id", sa.String, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def _offset_columns() -> list[sa.Column]:
    return [
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    ]


place_mentions = sa.Table(
    "place_mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _article_column(),
    sa.Column("place_id", sa.Integer, sa.ForeignKey("places.id"), nullable=False),
    *_offset_columns(),
    sa.Column("source", sa.String),
    sa.UniqueConstraint("article_id", "start_char", "end_char"),
    sa.Index("ix_place_mentions_place", "place_id"),
)

institution_mentions = sa.Table(
    "institution_mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _article_column(),
    sa.Column("institution_id", sa.Integer, sa.ForeignKey("institutions.id"), nullable=False),
    *_offset_columns(),
    sa.Column("source", sa.String),
    sa.UniqueConstraint("article_id", "start_char", "end_char"),
    sa.Index("ix_institution_mentions_institution", "institution_id"),
)

areas = sa.Table(
    "areas",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _article_column(),
    *_offset_columns(),
    sa.Column("value", sa.Float),
    sa.Column("unit", sa.String),
    sa.Column("hectares", sa.Float),
    sa.Column("hectares_max", sa.Float),
    sa.Column("qualifier", sa.String),
    sa.Column("measured", sa.Text),
    sa.Column("place", sa.String, comment="canonical place name as in the record"),
    sa.Column("place_id", sa.Integer, sa.ForeignKey("places.id"), comment="that place among the article's mentions"),
    sa.UniqueConstraint("article_id", "start_char", "end_char"),
    sa.Index("ix_areas_place", "place_id"),
)

dates = sa.Table(
    "dates",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _article_column(),
    *_offset_columns(),
    sa.Column("value", sa.String, comment="ISO at its precision: 2024, 2023-10 or 2023-10-05"),
    sa.Column("value_end", sa.String),
    sa.Column("granularity", sa.String),
    sa.Column("relative", sa.Boolean),
    sa.UniqueConstraint("article_id", "start_char", "end_char"),
    sa.Index("ix_dates_value", "value"),
)

DATA_TABLES = (articles, places, institutions, place_mentions, institution_mentions, areas, dates)


class DatabaseError(PipelineError):
    """The database cannot be used: the command that loads into it stops."""


class DatabaseSchemaError(DatabaseError):
    """The database holds a schema this version of the package cannot load into."""


@dataclass(frozen=True)
class Migration:
    """One named step from version ``version - 1`` to ``version``."""

    version: int
    name: str
    apply: Callable[[sa.Connection], None]


def _create_initial_tables(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=list(DATA_TABLES))


MIGRATIONS = (Migration(1, "create articles, places, institutions, mentions, areas and dates", _create_initial_tables),)
SCHEMA_VERSION = MIGRATIONS[-1].version


def stored_version(conn: sa.Connection) -> int:
    """The schema version the database carries: 0 for a database without our tables."""
    tables = set(sa.inspect(conn).get_table_names())
    if schema_migrations.name not in tables:
        ours = sorted(tables & {table.name for table in DATA_TABLES})
        if ours:
            raise DatabaseSchemaError(
                f"the database already has table(s) {', '.join(ours)} but no {schema_migrations.name} table: "
                "it was not created by maghreb-news-records; load into an empty database or another schema"
            )
        return 0
    return conn.execute(sa.select(sa.func.coalesce(sa.func.max(schema_migrations.c.version), 0))).scalar_one()


def migrate(conn: sa.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Bring the database to the latest version, in the caller's transaction; returns it."""
    version = stored_version(conn)
    latest = migrations[-1].version
    if version > latest:
        raise DatabaseSchemaError(
            f"the database schema is version {version}, newer than the version {latest} this package knows: "
            "upgrade maghreb-news-records to load into it"
        )
    for migration in migrations:
        if migration.version <= version:
            continue
        if version == 0:
            metadata.create_all(conn, tables=[schema_migrations])
        migration.apply(conn)
        applied_at = datetime.now(timezone.utc).isoformat()
        conn.execute(
            sa.insert(schema_migrations), {"version": migration.version, "name": migration.name, "applied_at": applied_at}
        )
        version = migration.version
    return version
