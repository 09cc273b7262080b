"""Records: one versioned JSON object per article, built from the cleaned article and its Doc."""

import hashlib
from typing import Any

from spacy.tokens import Doc

from pipeline import __version__
from pipeline.clean import Article
from pipeline.ingest import RawPage
from pipeline.nlp.extensions import SPAN_GROUPS
from pipeline.records.items import entity_items
from pipeline.records.validate import validate

SCHEMA_VERSION = "1"

__all__ = ["SCHEMA_VERSION", "build_record", "metadata_of", "record_id", "source_of", "validate"]


def record_id(url: str | None, sha256: str) -> str:
    """Stable id: the same page content at the same URL gives the same id, run after run."""
    return hashlib.sha256(f"{url or ''}\n{sha256}".encode()).hexdigest()[:32]


def source_of(page: RawPage, article: Article) -> dict[str, Any]:
    """Where a record comes from: input name, URL, storage format, hash of the raw bytes."""
    return {"path": page.source, "url": article.url or page.url, "format": page.format, "sha256": page.sha256}


def metadata_of(article: Article) -> dict[str, Any]:
    """The article's metadata as the record writes it."""
    return {
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "outlet": article.outlet,
        "site": article.site,
        "author": article.author,
        "language": article.language,
    }


def build_record(
    page: RawPage, article: Article, doc: Doc | None, *, model: str, extracted_at: str
) -> dict[str, Any]:
    """The record of one article; ``doc`` is None when entities were not extracted."""
    source = source_of(page, article)
    entities = entity_items(doc) if doc is not None else {group: [] for group in SPAN_GROUPS}
    return {
        "schema_version": SCHEMA_VERSION,
        "id": record_id(source["url"], page.sha256),
        "source": source,
        "metadata": metadata_of(article),
        "text": article.text,
        **entities,
        "warnings": list(article.warnings),
        "provenance": {"pipeline": __version__, "model": model, "extracted_at": extracted_at},
    }
