"""The one module that knows every stage: ingest -> clean -> nlp -> record."""

import dataclasses
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from typing import Any

from spacy.tokens import Doc, Span

from pipeline import __version__
from pipeline.clean import Article, clean_page
from pipeline.errors import Rejected
from pipeline.ingest import DEFAULT_MAX_BYTES, RawPage, read_inputs
from pipeline.nlp import DEFAULT_BATCH_SIZE
from pipeline.nlp.build import NlpFailure, analyse, model_version
from pipeline.records import (
    ITEM_TYPES,
    SCHEMA_VERSION,
    Metadata,
    Provenance,
    Record,
    Source,
    as_json,
    record_id,
    validate,
)
from pipeline.records.validate import item_problem


Cleaned = tuple[RawPage, Article] | Rejected


def run(
    inputs: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    exclude: Iterable[str] = (),
) -> Iterator[Record | Rejected]:
    """One record or one rejection per page, in input order; no page stops the batch.

    ``exclude`` names files never to read as inputs (the run's own outputs).
    """
    extracted_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    model = model_version()
    pending: list[Cleaned] = []
    for item in read_inputs(inputs, max_bytes=max_bytes, exclude=exclude):
        pending.append(item if isinstance(item, Rejected) else _clean(item))
        if sum(not isinstance(entry, Rejected) for entry in pending) >= batch_size:
            yield from _finish(pending, model=model, extracted_at=extracted_at)
            pending = []
    yield from _finish(pending, model=model, extracted_at=extracted_at)


def extract_pages(inputs: Iterable[str], **options: Any) -> Iterator[dict[str, Any]]:
    """Records and error entries ``{"input", "stage", "reason"}`` as the JSON they are written as."""
    for outcome in run(inputs, **options):
        yield outcome.as_entry() if isinstance(outcome, Rejected) else as_json(outcome)


def clean_pages(inputs: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[dict[str, Any] | Rejected]:
    """The cleaning stage alone, for judging it: source, metadata and text of each page as
    its record has them, or the rejection."""
    for item in read_inputs(inputs, max_bytes=max_bytes):
        cleaned = item if isinstance(item, Rejected) else _clean(item)
        if isinstance(cleaned, Rejected):
            yield cleaned
        else:
            page, article = cleaned
            source, metadata = as_json(source_of(page, article)), as_json(metadata_of(article))
            yield {"source": source, "metadata": metadata, "text": article.text}


def source_of(page: RawPage, article: Article) -> Source:
    """Where a record comes from: input name, URL, storage format, hash of the raw bytes."""
    return Source(page.source, article.url or page.url, page.format, page.sha256)


def metadata_of(article: Article) -> Metadata:
    """The article's metadata as the record writes it."""
    published = article.published.isoformat() if article.published else None
    return Metadata(article.title, published, article.outlet, article.site, article.author, article.language)


def build_record(page: RawPage, article: Article, doc: Doc | None, *, model: str, extracted_at: str) -> Record:
    """The record of one article; ``doc`` is None when entities were not extracted."""
    source = source_of(page, article)
    entities, dropped = checked_items(doc) if doc is not None else ({group: () for group in ITEM_TYPES}, [])
    return Record(
        schema_version=SCHEMA_VERSION,
        id=record_id(source.url, page.sha256),
        source=source,
        metadata=metadata_of(article),
        text=article.text,
        **entities,
        warnings=(*article.warnings, *dropped),
        provenance=Provenance(__version__, model, extracted_at),
    )


def entity_items(doc: Doc) -> dict[str, tuple[Any, ...]]:
    """The four entity lists of a record, in text order: each span's offsets, then its normalised value."""
    return {
        group: tuple(_item(item_type, span) for span in doc.spans.get(group, []))
        for group, item_type in ITEM_TYPES.items()
    }


def checked_items(doc: Doc) -> tuple[dict[str, tuple[Any, ...]], list[str]]:
    """The entity lists without the items that break their type's contract (a value of another
    type, offsets that do not hold), and a warning per item dropped: one bad item never costs the record."""
    text = doc.text  # built from the tokens on every access: once per document
    lists: dict[str, tuple[Any, ...]] = {}
    warnings = []
    for group, item_type in ITEM_TYPES.items():
        kept = []
        for span in doc.spans.get(group, []):
            try:
                item = _item(item_type, span)
                problem = item_problem(group, as_json(item), text)
            except (TypeError, ValueError) as error:
                problem = f"{type(error).__name__}: {error}"
            if problem is None:
                kept.append(item)
            else:
                warnings.append(f"{group} item {span.text!r} at {span.start_char} dropped: {problem}")
        lists[group] = tuple(kept)
    return lists, warnings


def _item(item_type: type, span: Span) -> Any:
    norm = span._.norm
    values = {field.name: getattr(norm, field.name) for field in dataclasses.fields(norm)}
    return item_type(span.text, span.start_char, span.end_char, **values)


def _clean(page: RawPage) -> Cleaned:
    try:
        article = clean_page(page)
    except Exception as error:  # one broken page must never stop the batch: report it
        return Rejected(page.source, "clean", f"unexpected {type(error).__name__}: {error}")
    return article if isinstance(article, Rejected) else (page, article)


def _finish(pending: list[Cleaned], *, model: str, extracted_at: str) -> Iterator[Record | Rejected]:
    french = [entry for entry in pending if not isinstance(entry, Rejected) and entry[1].language == "fr"]
    docs = analyse((article.text, article.published, page.source) for page, article in french)
    by_page = {id(entry): doc for entry, doc in zip(french, docs)}
    for entry in pending:
        if isinstance(entry, Rejected):
            yield entry
            continue
        page, article = entry
        doc = by_page.get(id(entry))
        if isinstance(doc, NlpFailure):
            yield Rejected(doc.input, "nlp", doc.reason)
            continue
        yield _record(page, article, doc, model=model, extracted_at=extracted_at)


def _record(page: RawPage, article: Article, doc: Doc | None, *, model: str, extracted_at: str) -> Record | Rejected:
    try:
        record = build_record(page, article, doc, model=model, extracted_at=extracted_at)
    except Exception as error:  # one broken page must never stop the batch: report it
        return Rejected(page.source, "record", f"unexpected {type(error).__name__}: {error}")
    problems = validate(as_json(record))
    return Rejected(page.source, "record", "invalid record: " + "; ".join(problems[:3])) if problems else record
