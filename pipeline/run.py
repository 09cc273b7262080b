"""The one module that knows every stage: ingest -> clean -> nlp -> record."""

from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from typing import Any

from pipeline.clean import Article, clean_page
from pipeline.errors import Rejected
from pipeline.ingest import DEFAULT_MAX_BYTES, RawPage, read_inputs
from pipeline.nlp.build import NlpFailure, analyse, model_version
from pipeline.records import build_record, metadata_of, source_of, validate

DEFAULT_BATCH_SIZE = 16

Cleaned = tuple[RawPage, Article] | Rejected


def run(
    inputs: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    exclude: Iterable[str] = (),
) -> Iterator[dict[str, Any] | Rejected]:
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
    """Records as dicts, and error entries as ``{"input", "stage", "reason"}`` dicts."""
    for outcome in run(inputs, **options):
        yield outcome.as_entry() if isinstance(outcome, Rejected) else outcome


def clean_pages(inputs: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[dict[str, Any]]:
    """The cleaning stage alone, for judging it: source, metadata and text of each page,
    or an error entry ``{"input", "stage", "reason"}``."""
    for item in read_inputs(inputs, max_bytes=max_bytes):
        cleaned = item if isinstance(item, Rejected) else _clean(item)
        if isinstance(cleaned, Rejected):
            yield cleaned.as_entry()
        else:
            page, article = cleaned
            yield {"source": source_of(page, article), "metadata": metadata_of(article), "text": article.text}


def _clean(page: RawPage) -> Cleaned:
    try:
        article = clean_page(page)
    except Exception as error:  # one broken page must never stop the batch: report it
        return Rejected(page.source, "clean", f"unexpected {type(error).__name__}: {error}")
    return article if isinstance(article, Rejected) else (page, article)


def _finish(pending: list[Cleaned], *, model: str, extracted_at: str) -> Iterator[dict[str, Any] | Rejected]:
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
        record = build_record(page, article, doc, model=model, extracted_at=extracted_at)
        problems = validate(record)
        yield Rejected(page.source, "record", "invalid record: " + "; ".join(problems[:3])) if problems else record
