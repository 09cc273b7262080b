"""The one module that knows every stage: ingest -> clean -> nlp -> record, in one or more processes.

``extract_batch`` is the seam every engine calls: a batch of raw pages in, one outcome per
page out, plain picklable values both ways (``pipeline.ingest.read_source(name, bytes)`` makes
the pages from a file's bytes, one per JSON Lines line; outcomes are Records or Rejected
values), with the model loaded once per process. ``run`` calls it in this process or in
worker processes.
"""

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import __version__
from pipeline.clean import Article, clean_page
from pipeline.errors import Rejected
from pipeline.ingest import DEFAULT_MAX_BYTES, RawPage, read_inputs
from pipeline.jsonl import read_lines
from pipeline.nlp import DEFAULT_BATCH_SIZE
from pipeline.nlp.build import NlpFailure, analyse, load_nlp, model_version
from pipeline.parallel import ordered_map
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

Page = RawPage | Rejected
Outcome = Record | Rejected
Cleaned = tuple[RawPage, Article] | Rejected


def run(
    inputs: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    exclude: Iterable[str] = (),
    workers: int = 1,
    skip: Callable[[Page], bool] = lambda page: False,
    stop: Callable[[], bool] = lambda: False,
) -> Iterator[Outcome]:
    """One record or one rejection per page, in input order; no page stops the batch.

    ``exclude`` names files never to read as inputs (the run's own outputs); pages for which
    ``skip`` is true are left out (already done); once ``stop()`` is true no further input is
    read, and the pages already read are finished. With ``workers`` above 1 and more than one
    batch of pages, the batches are analysed in that many processes, each loading the model once.
    """
    extracted_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    pages = (page for page in read_inputs(inputs, max_bytes=max_bytes, exclude=exclude) if not skip(page))
    batches = _batches(_until(pages, stop), batch_size)
    first = [batch for batch in (next(batches, None), next(batches, None)) if batch is not None]
    work = partial(extract_batch, extracted_at=extracted_at, batch_size=batch_size)
    if workers > 1 and len(first) > 1:
        yield from ordered_map(work, chain(first, batches), workers=workers, initializer=warm_up,
                               split=_single_pages, failed=_lost_in_worker)
    else:
        for outcomes in map(work, chain(first, batches)):
            yield from outcomes


def extract_batch(
    pages: Iterable[Page], *, extracted_at: str, batch_size: int = DEFAULT_BATCH_SIZE
) -> list[Outcome]:
    """One record or one rejection per page, in order; no page stops the batch.

    Rejections given as input (pages that could not be read) come back unchanged, so an
    engine can pass along everything its reader produced. ``batch_size`` is how many
    articles spaCy analyses at once.
    """
    cleaned = [page if isinstance(page, Rejected) else clean_or_reject(page) for page in pages]
    nlp = load_nlp()
    with nlp.memory_zone():  # the strings of these pages are freed afterwards: memory stays flat
        outcomes = list(_finish(cleaned, model=model_version(), extracted_at=extracted_at, batch_size=batch_size))
    _clear_lemma_cache(nlp)
    return outcomes


def warm_up() -> None:
    """Load the model now, as a worker process does before its first batch."""
    load_nlp()


def extract_pages(inputs: Iterable[str], **options: Any) -> Iterator[dict[str, Any]]:
    """Records and error entries ``{"input", "stage", "reason"}`` as the JSON they are written as."""
    for outcome in run(inputs, **options):
        yield outcome.as_entry() if isinstance(outcome, Rejected) else as_json(outcome)


def clean_pages(inputs: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[dict[str, Any] | Rejected]:
    """The cleaning stage alone, for judging it: source, metadata and text of each page as
    its record has them, or the rejection."""
    for item in read_inputs(inputs, max_bytes=max_bytes):
        cleaned = item if isinstance(item, Rejected) else clean_or_reject(item)
        if isinstance(cleaned, Rejected):
            yield cleaned
        else:
            page, article = cleaned
            source, metadata = as_json(source_of(page, article)), as_json(metadata_of(article))
            yield {"source": source, "metadata": metadata, "text": article.text}


def page_key(page: Page) -> tuple[str, str | None]:
    """What ``--resume`` matches: the input's name and the hash of its raw bytes."""
    return (page.source, page.sha256) if isinstance(page, RawPage) else (page.input, page.sha256)


def done_pages(records_path: str, errors_path: str | None) -> set[tuple[str, str | None]]:
    """The pages an earlier run wrote a record or an error entry for (unreadable lines ignored)."""
    done: set[tuple[str, str | None]] = set()
    for path in filter(None, (records_path, errors_path)):
        if not Path(path).is_file():
            continue
        for line in read_lines(path):
            entry = line.value or {}
            if isinstance(entry.get("source"), dict):
                done.add((entry["source"].get("path"), entry["source"].get("sha256")))
            elif "input" in entry:
                done.add((entry["input"], entry.get("sha256")))
    return done


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


def clean_or_reject(page: RawPage) -> Cleaned:
    """The page with its cleaned article, or its rejection (an unexpected failure included)."""
    try:
        article = clean_page(page)
    except Exception as error:  # one broken page must never stop the batch: report it
        return Rejected(page.source, "clean", f"unexpected {type(error).__name__}: {error}", page.sha256)
    if isinstance(article, Rejected):
        return dataclasses.replace(article, sha256=page.sha256)
    return page, article


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


def _finish(pending: list[Cleaned], *, model: str, extracted_at: str, batch_size: int) -> Iterator[Outcome]:
    french = [entry for entry in pending if not isinstance(entry, Rejected) and entry[1].language == "fr"]
    triples = ((article.text, article.published, page.source) for page, article in french)
    by_page = {id(entry): doc for entry, doc in zip(french, analyse(triples, batch_size=batch_size))}
    for entry in pending:
        if isinstance(entry, Rejected):
            yield entry
            continue
        page, article = entry
        doc = by_page.get(id(entry))
        if isinstance(doc, NlpFailure):
            yield Rejected(doc.input, "nlp", doc.reason, page.sha256)
            continue
        yield _record(page, article, doc, model=model, extracted_at=extracted_at)


def _record(page: RawPage, article: Article, doc: Doc | None, *, model: str, extracted_at: str) -> Record | Rejected:
    try:
        record = build_record(page, article, doc, model=model, extracted_at=extracted_at)
    except Exception as error:  # one broken page must never stop the batch: report it
        return Rejected(page.source, "record", f"unexpected {type(error).__name__}: {error}", page.sha256)
    problems = validate(as_json(record))
    return Rejected(page.source, "record", "invalid record: " + "; ".join(problems[:3]), page.sha256) if problems else record


def _clear_lemma_cache(nlp: Language) -> None:
    """The lemmatizer caches every word it has seen, outside the memory zone: start afresh."""
    if "lemmatizer" in nlp.pipe_names:
        nlp.get_pipe("lemmatizer").cache.clear()


def _until(pages: Iterator[Page], stop: Callable[[], bool]) -> Iterator[Page]:
    """The pages, until ``stop()`` turns true: no new input is read after that."""
    for page in pages:
        yield page
        if stop():
            return


def _single_pages(batch: list[Page]) -> list[list[Page]]:
    """A batch cut into batches of one page; none when it holds a single page."""
    return [[page] for page in batch] if len(batch) > 1 else []


def _lost_in_worker(batch: list[Page], reason: str) -> list[Outcome]:
    """The outcome of a page whose worker process died analysing it: an error entry, stage « worker »."""
    return [page if isinstance(page, Rejected) else Rejected(page.source, "worker", reason, page.sha256)
            for page in batch]


def _batches(pages: Iterator[Page], size: int) -> Iterator[list[Page]]:
    """Lists of ``size`` pages to analyse (rejections ride along at no cost), in order."""
    batch: list[Page] = []
    analysed = 0
    for page in pages:
        batch.append(page)
        analysed += isinstance(page, RawPage)
        if analysed >= size:
            yield batch
            batch, analysed = [], 0
    if batch:
        yield batch
