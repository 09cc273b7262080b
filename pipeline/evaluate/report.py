"""The evaluation report: entity scores, errors with context, cleaning and metadata figures.

``build_report`` compares gold articles with predictions; the report is then
printed as a table (``format_table``), listed error by error
(``format_errors``) or written as JSON (``Report.as_dict``).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from pipeline.errors import Rejected
from pipeline.evaluate.gold import ENTITY_TYPES, GoldArticle
from pipeline.evaluate.metrics import LEVELS, Mention, Score, Scoreboard, compare, mentions
from pipeline.text import single_spaces

CONTEXT_CHARS = 60
METADATA_FIELDS = ("published", "outlet", "title")

Page = Mapping[str, Any] | Rejected
"""A cleaned page as its record has it (``text``, ``metadata``), or why the page gave none."""


@dataclass(frozen=True)
class Prediction:
    """The items predicted for one gold article and the text their offsets refer to."""

    text: str
    items: Mapping[str, Sequence[Mapping[str, Any]]]


@dataclass(frozen=True)
class EntityError:
    """One false positive or false negative, with enough context to see why."""

    article: str
    entity_type: str
    level: str
    kind: str  # "false positive" | "false negative"
    start: int
    end: int
    text: str
    value: tuple | None
    context: str


@dataclass(frozen=True)
class CleaningCheck:
    """The body fragments one cleaned page kept and the chrome it leaked."""

    article: str
    kept: int
    missing: tuple[str, ...]
    leaked: tuple[str, ...]
    chrome: int  # how many body_must_not_contain fragments were checked
    rejected: str | None = None  # the stage's reason when the page gave no record


@dataclass(frozen=True)
class MetadataCheck:
    """One metadata field of one page against the gold."""

    article: str
    field: str
    expected: str
    found: str | None
    correct: bool


@dataclass
class Report:
    """Everything one evaluation measured; ``as_dict`` is the JSON report."""

    gold_files: list[str]
    gold_sha256: str
    articles: int
    predictions: str
    model: str | None
    scores: dict[str, dict[str, Score]]
    baseline: dict[str, dict[str, Score]] | None = None
    errors: list[EntityError] = field(default_factory=list)
    cleaning: list[CleaningCheck] = field(default_factory=list)
    metadata: list[MetadataCheck] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def f1(self, entity_type: str, level: str = "value") -> float:
        return self.scores[entity_type][level].f1

    def cleaning_totals(self) -> dict[str, int]:
        return {
            "pages": len(self.cleaning),
            "rejected": sum(check.rejected is not None for check in self.cleaning),
            "fragments": sum(check.kept + len(check.missing) for check in self.cleaning),
            "kept": sum(check.kept for check in self.cleaning),
            "chrome": sum(check.chrome for check in self.cleaning),
            "leaked": sum(len(check.leaked) for check in self.cleaning),
        }

    def metadata_accuracy(self) -> dict[str, dict[str, int]]:
        return {
            name: {
                "judged": sum(check.field == name for check in self.metadata),
                "correct": sum(check.field == name and check.correct for check in self.metadata),
            }
            for name in METADATA_FIELDS
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": {"files": self.gold_files, "sha256": self.gold_sha256, "articles": self.articles},
            "predictions": self.predictions,
            "model": self.model,
            "scores": _scores_dict(self.scores),
            "baseline": _scores_dict(self.baseline) if self.baseline else None,
            "cleaning": {
                "totals": self.cleaning_totals(),
                "pages": [asdict(check) for check in self.cleaning],
            },
            "metadata": {
                "accuracy": self.metadata_accuracy(),
                "mismatches": [asdict(check) for check in self.metadata if not check.correct],
            },
            "errors": [asdict(error) for error in self.errors],
            "warnings": self.warnings,
        }


def build_report(
    articles: Sequence[GoldArticle],
    predictions: Mapping[str, Prediction],
    *,
    pages: Mapping[str, Page],
    baseline: Mapping[str, Prediction] | None = None,
    gold_files: Sequence[str] = (),
    gold_sha256: str = "",
    predictions_source: str = "pipeline",
    model: str | None = None,
    warnings: Sequence[str] = (),
) -> Report:
    """Compare each gold article with its prediction (none: nothing predicted).

    ``pages`` maps an article id to its cleaned page: a record dict (``text``,
    ``metadata``) or the page's rejection; articles without a page are left out
    of the cleaning and metadata figures.
    """
    board = Scoreboard()
    errors: list[EntityError] = []
    for article in articles:
        predicted = predictions.get(article.id) or Prediction(article.text, {})
        for entity_type in ENTITY_TYPES:
            outcomes = _compare(article, predicted, entity_type)
            board.add(entity_type, outcomes)
            errors.extend(_entity_errors(article, predicted, entity_type, outcomes))
    baseline_board = None
    if baseline is not None:
        baseline_board = Scoreboard()
        for article in articles:
            predicted = baseline.get(article.id) or Prediction(article.text, {})
            for entity_type in ENTITY_TYPES:
                baseline_board.add(entity_type, _compare(article, predicted, entity_type))
    judged = [(article, pages[article.id]) for article in articles if article.id in pages]
    return Report(
        gold_files=list(gold_files),
        gold_sha256=gold_sha256,
        articles=len(articles),
        predictions=predictions_source,
        model=model,
        scores=board.scores,
        baseline=baseline_board.scores if baseline_board else None,
        errors=errors,
        cleaning=[check_cleaning(article, page) for article, page in judged],
        metadata=[check for article, page in judged for check in check_metadata(article, page)],
        warnings=list(warnings),
    )


def check_cleaning(article: GoldArticle, page: Page) -> CleaningCheck:
    """Which gold body fragments the cleaned text kept and which chrome it leaked.

    Whitespace is folded on both sides, so a re-wrapped paragraph still counts.
    A page that gave no record keeps nothing and leaks nothing.
    """
    if isinstance(page, Rejected):
        reason = f"{page.stage}: {page.reason}"
        return CleaningCheck(article.id, 0, article.body_must_contain, (), len(article.body_must_not_contain), reason)
    cleaned = single_spaces(page["text"])
    kept = [f for f in article.body_must_contain if single_spaces(f) in cleaned]
    return CleaningCheck(
        article=article.id,
        kept=len(kept),
        missing=tuple(f for f in article.body_must_contain if f not in kept),
        leaked=tuple(f for f in article.body_must_not_contain if single_spaces(f) in cleaned),
        chrome=len(article.body_must_not_contain),
    )


def check_metadata(article: GoldArticle, page: Page) -> list[MetadataCheck]:
    """Each metadata field the gold gives, judged exact after folding whitespace.

    A page that gave no record has no metadata: every field the gold gives is wrong.
    """
    metadata = {} if isinstance(page, Rejected) else page.get("metadata") or {}
    checks = []
    for name in METADATA_FIELDS:
        expected = getattr(article, name)
        if expected is not None:
            found = metadata.get(name)
            correct = found is not None and single_spaces(str(found)) == single_spaces(str(expected))
            checks.append(MetadataCheck(article.id, name, str(expected), found, correct))
    return checks


def below_floors(report: Report, floors: Mapping[tuple[str, str], float]) -> list[str]:
    """A message per (type, level) F1 below its floor; empty when the gate passes."""
    return [
        f"{entity_type}.{level} F1 {report.f1(entity_type, level):.3f} is below the floor {floor:.3f}"
        for (entity_type, level), floor in floors.items()
        if report.f1(entity_type, level) < floor
    ]


def format_table(report: Report) -> str:
    """The readable summary printed on stdout."""
    lines = [
        f"Gold: {report.articles} articles in {', '.join(report.gold_files) or '-'} (sha256 {report.gold_sha256[:12]})",
        f"Predictions: {report.predictions}" + (f" ({report.model})" if report.model else ""),
        "",
    ]
    header = f"{'type':<13}{'level':<9}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"
    if report.baseline:
        header += f"  | {'baseline P':>10}{'R':>7}{'F1':>7}"
    lines += [header, "-" * len(header)]
    for entity_type in ENTITY_TYPES:
        for level in LEVELS:
            score = report.scores[entity_type][level]
            row = (
                f"{entity_type if level == LEVELS[0] else '':<13}{level:<9}"
                f"{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}{score.tp:>6}{score.fp:>6}{score.fn:>6}"
            )
            if report.baseline:
                base = report.baseline[entity_type][level]
                row += f"  | {base.precision:>10.3f}{base.recall:>7.3f}{base.f1:>7.3f}"
            lines.append(row)
    lines.append("")
    totals = report.cleaning_totals()
    if totals["pages"]:
        lines.append(
            f"Cleaning ({totals['pages']} pages, {totals['rejected']} rejected): "
            f"body fragments kept {_ratio(totals['kept'], totals['fragments'])}, "
            f"chrome leaked {_ratio(totals['leaked'], totals['chrome'])}"
        )
        accuracy = report.metadata_accuracy()
        lines.append(
            "Metadata: "
            + ", ".join(f"{name} {_ratio(a['correct'], a['judged'])}" for name, a in accuracy.items())
        )
    else:
        lines.append("Cleaning and metadata: no cleaned pages to judge")
    return "\n".join(lines)


def format_errors(report: Report) -> str:
    """Every entity error, then every cleaning and metadata miss, one per line.

    A mention wrong at several levels is listed once with those levels, so a
    boundary error reads ``[strict]`` and a missed place ``[strict overlap value]``.
    """
    grouped: dict[tuple, list[EntityError]] = {}
    for error in report.errors:
        grouped.setdefault((error.article, error.entity_type, error.kind, error.start, error.end), []).append(error)
    order = {article: index for index, article in enumerate(dict.fromkeys(e.article for e in report.errors))}
    lines = []
    for key in sorted(grouped, key=lambda k: (order[k[0]], ENTITY_TYPES.index(k[1]), k[3], k[4], k[2])):
        errors = grouped[key]
        first = errors[0]
        kind = "FP" if first.kind == "false positive" else "FN"
        value = "" if first.value is None else f" = {_show_value(first.value)}"
        levels = " ".join(error.level for error in errors)
        lines.append(
            f"{kind} {first.article} {first.entity_type} [{levels}] {first.start}:{first.end} "
            f"{first.text!r}{value}  | {first.context}"
        )
    for check in report.cleaning:
        if check.rejected:
            lines.append(f"REJECTED {check.article}: {check.rejected}")
        lines += [f"MISSING {check.article}: {fragment!r}" for fragment in check.missing]
        lines += [f"LEAKED {check.article}: {fragment!r}" for fragment in check.leaked]
    lines += [
        f"METADATA {check.article} {check.field}: expected {check.expected!r}, found {check.found!r}"
        for check in report.metadata
        if not check.correct
    ]
    return "\n".join(lines)


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """About ``width`` characters around a span, the span in brackets, on one line.

    >>> context("Le port de Tanger Med accueille des navires.", 11, 21, width=10)
    't de [Tanger Med] accu'
    """
    half = width // 2
    parts = (text[max(0, start - half) : start], text[start:end], text[end : end + half])
    left, span, right = (re.sub(r"\s+", " ", part) for part in parts)
    return f"{left}[{span}]{right}"


def _compare(article: GoldArticle, predicted: Prediction, entity_type: str) -> dict:
    gold = mentions(entity_type, (asdict(m) for m in article.mentions(entity_type)))
    return compare(entity_type, gold, mentions(entity_type, predicted.items.get(entity_type, ())))


def _entity_errors(
    article: GoldArticle, predicted: Prediction, entity_type: str, outcomes: Mapping[str, Any]
) -> list[EntityError]:
    errors = []
    for level in LEVELS:
        outcome = outcomes[level]
        for kind, found, text in (
            ("false positive", outcome.false_positives, predicted.text),
            ("false negative", outcome.false_negatives, article.text),
        ):
            errors.extend(_error(article.id, entity_type, level, kind, mention, text) for mention in found)
    return errors


def _error(article: str, entity_type: str, level: str, kind: str, mention: Mention, text: str) -> EntityError:
    return EntityError(
        article=article,
        entity_type=entity_type,
        level=level,
        kind=kind,
        start=mention.start,
        end=mention.end,
        text=text[mention.start : mention.end],
        value=mention.value,
        context=context(text, mention.start, mention.end),
    )


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else f"{part}/0"


def _show_value(value: tuple) -> str:
    shown = [str(v) for v in value if v is not None]
    return " - ".join(shown)


def _scores_dict(scores: Mapping[str, Mapping[str, Score]]) -> dict[str, dict[str, dict[str, float | int]]]:
    return {t: {level: score.as_dict() for level, score in levels.items()} for t, levels in scores.items()}
