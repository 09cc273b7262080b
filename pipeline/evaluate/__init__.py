"""Measure the pipeline against gold annotations: entity scores, cleaning and metadata.

``evaluate`` loads gold files, gets predictions (by running the NLP stage on
each gold text, or from a records file), and returns a Report.
``draft_gold`` turns a record into a gold line to be corrected by hand.
The stages that need spaCy are imported where the pipeline runs, so that
reading gold and records (and the ``--help`` of every command) does without it.
"""

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError, Rejected
from pipeline.evaluate.gold import (
    ENTITY_TYPES,
    GOLD_FIELDS,
    GOLD_VERSION,
    EvaluationError,
    GoldArticle,
    GoldError,
    load_gold,
)
from pipeline.evaluate.report import Page, Prediction, Report, build_report
from pipeline.jsonl import read_objects
from pipeline.records import as_json

__all__ = ["EvaluationError", "GoldError", "Report", "draft_gold", "evaluate", "load_gold", "read_records"]

_LINE_SUFFIX = re.compile(r"#L\d+$")


def evaluate(
    gold_paths: Iterable[str | Path], *, predictions: str | Path | None = None, baseline: bool = False
) -> Report:
    """Score the pipeline (or the records in ``predictions``) against the gold files.

    Without ``predictions`` the NLP stage runs on each gold ``text`` with its
    ``published`` date, and the cleaning stage runs on each gold ``source``.
    With ``predictions`` the records are matched to gold articles by id or by
    ``source.path``; their text and metadata are the cleaned pages judged.
    ``baseline`` adds the off-the-shelf figures computed from the same Docs.
    """
    gold_paths = list(gold_paths)
    articles = load_gold(gold_paths)
    warnings: list[str] = []
    if predictions is None:
        predicted, baseline_predictions, model = _analyse(articles, baseline=baseline)
        pages = _clean_pages(articles)
    else:
        records = match_records(articles, [record for _, record in read_records(predictions)])
        predicted = {key: Prediction(record["text"], record) for key, record in records.items()}
        pages = dict(records)
        warnings += _record_warnings(articles, records)
        model = _records_model(records.values())
        baseline_predictions = _analyse(articles, baseline=True)[1] if baseline else None
    return build_report(
        articles,
        predicted,
        pages=pages,
        baseline=baseline_predictions,
        gold_files=[str(path) for path in gold_paths],
        gold_sha256=_corpus_hash(gold_paths),
        predictions_source="pipeline" if predictions is None else str(predictions),
        model=model,
        warnings=warnings,
    )


def draft_gold(record: Mapping[str, Any]) -> dict[str, Any]:
    """A gold line drafted from a record: its text, metadata and entities, to correct by hand.

    Items keep their ``text`` so an annotator can read them; the loader checks
    it against the offsets. The first sentence of the first and last
    paragraphs are proposed as body fragments the cleaning must keep.
    """
    metadata = record.get("metadata") or {}
    text = record["text"]
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    fragments = [_first_sentence(p) for p in (paragraphs[:1] + paragraphs[1:][-1:])]
    draft: dict[str, Any] = {
        "gold_version": GOLD_VERSION,
        "id": record.get("id"),
        "split": None,
        "source": (record.get("source") or {}).get("path"),
        "published": metadata.get("published"),
        "outlet": metadata.get("outlet"),
        "title": metadata.get("title"),
        "text": text,
    }
    for entity_type in ENTITY_TYPES:
        draft[entity_type] = [
            {"start": item["start"], "end": item["end"], "text": item["text"]}
            | {key: item.get(key) for key in GOLD_FIELDS[entity_type]}
            for item in record.get(entity_type, [])
        ]
    draft["body_must_contain"] = fragments
    draft["body_must_not_contain"] = []
    return draft


def read_records(path: str | Path) -> Iterable[tuple[str, dict[str, Any]]]:
    """Records from a JSON Lines file, each checked enough to be scored."""
    for where, record in read_objects(path):
        if not isinstance(record.get("text"), str):
            raise EvaluationError(f"{where}: not a record (no 'text' string)")
        for entity_type in ENTITY_TYPES:
            items = record.get(entity_type, [])
            if not isinstance(items, list) or not all(_has_offsets(item) for item in items):
                raise EvaluationError(f"{where}: {entity_type!r} must be a list of items with integer start and end")
        yield where, record


def match_records(
    articles: Sequence[GoldArticle], records: Iterable[Mapping[str, Any]]
) -> dict[str, Mapping[str, Any]]:
    """The record of each gold article, found by id, else by source path (``#L<n>`` included).

    Paths are compared once resolved: a gold source relative to the current
    folder or to a folder above its gold file, a record's path relative to the
    current folder.
    """
    by_id: dict[str, Mapping[str, Any]] = {}
    by_source: dict[str, Mapping[str, Any]] = {}
    for record in records:
        if isinstance(record.get("id"), str):
            by_id.setdefault(record["id"], record)
        path = (record.get("source") or {}).get("path")
        if isinstance(path, str):
            by_source.setdefault(_source_key(path), record)
    matched = {}
    for article in articles:
        record = by_id.get(article.id)
        if record is None and article.source:
            record = by_source.get(_source_key(locate_source(article)))
        if record is not None:
            matched[article.id] = record
    return matched


def locate_source(article: GoldArticle) -> str:
    """The gold source as a path that exists: relative to the current folder or above the gold file.

    Gold files name their pages relative to the repository root
    (``samples/pages/x.txt``); this finds them from wherever the command runs.
    A source found nowhere is returned unchanged, so the cleaning stage reports it.
    """
    source = article.source or ""
    path, suffix = _split_line_suffix(source)
    if path.is_absolute() or path.exists():
        return source
    gold_folder = Path(article.file).resolve().parent
    for folder in (gold_folder, *gold_folder.parents):
        if (folder / path).exists():
            return f"{folder / path}{suffix}"
    return source


def _analyse(
    articles: Sequence[GoldArticle], *, baseline: bool
) -> tuple[dict[str, Prediction], dict[str, Prediction] | None, str]:
    """Run the NLP stage on the gold texts: the pipeline's items and, if asked, the baselines'."""
    from pipeline.evaluate.baseline import baseline_items
    from pipeline.nlp.build import NlpFailure, analyse, model_version
    from pipeline.run import entity_items

    predicted: dict[str, Prediction] = {}
    baselines: dict[str, Prediction] | None = {} if baseline else None
    docs = analyse((article.text, article.published, article.id) for article in articles)
    for article, doc in zip(articles, docs):
        if isinstance(doc, NlpFailure):
            raise PipelineError(f"gold article {doc.input}: {doc.reason}")
        predicted[article.id] = Prediction(article.text, as_json(entity_items(doc)))
        if baselines is not None:
            baselines[article.id] = Prediction(article.text, baseline_items(doc))
    return predicted, baselines, model_version()


def _clean_pages(articles: Sequence[GoldArticle]) -> dict[str, Page]:
    """Run the cleaning stage on every gold source: the cleaned page or its rejection, per article id."""
    from pipeline.run import clean_pages

    sources = {article.id: locate_source(article) for article in articles if article.source}
    if not sources:
        return {}
    inputs = sorted({str(_split_line_suffix(source)[0]) for source in sources.values()})
    by_source: dict[str, Page] = {}
    for page in clean_pages(inputs):
        name = page.input if isinstance(page, Rejected) else page["source"]["path"]
        by_source[_source_key(name)] = page
    missing = "the cleaning stage gave nothing for this source"
    return {
        key: by_source.get(_source_key(source), Rejected(source, "evaluate", missing))
        for key, source in sources.items()
    }


def _record_warnings(articles: Sequence[GoldArticle], records: Mapping[str, Mapping[str, Any]]) -> list[str]:
    warnings = []
    for article in articles:
        record = records.get(article.id)
        if record is None:
            warnings.append(f"{article.origin}: no record for article {article.id!r}: all its mentions count as missed")
        elif record["text"] != article.text:
            warnings.append(
                f"{article.origin}: the record's text differs from the gold text of {article.id!r}: "
                "its strict and overlap figures compare offsets of different texts"
            )
    return warnings


def _records_model(records: Iterable[Mapping[str, Any]]) -> str | None:
    """The model named in the records' provenance, as the report shows it."""
    models = {(record.get("provenance") or {}).get("model") for record in records}
    return ", ".join(sorted(m for m in models if isinstance(m, str))) or None


def _has_offsets(item: Any) -> bool:
    return isinstance(item, dict) and all(
        isinstance(item.get(key), int) and not isinstance(item.get(key), bool) for key in ("start", "end")
    )


def _source_key(source: str) -> str:
    """A source named the same way whatever the folder it was given from."""
    path, suffix = _split_line_suffix(source)
    return f"{path.resolve()}{suffix}"


def _split_line_suffix(source: str) -> tuple[Path, str]:
    """``scraped.jsonl#L3`` as (Path("scraped.jsonl"), "#L3"); other sources have no suffix."""
    match = _LINE_SUFFIX.search(source)
    return (Path(source[: match.start()]), match.group()) if match else (Path(source), "")


def _corpus_hash(paths: Sequence[str | Path]) -> str:
    """One hash of the gold files' bytes, in the order given: pins the corpus next to its figures."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def _first_sentence(paragraph: str) -> str:
    return re.split(r"(?<=[.!?…])\s+", paragraph, maxsplit=1)[0]
