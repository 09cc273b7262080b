"""Precision, recall and F1 per entity type at three levels, micro-averaged over articles.

- ``strict``: a prediction is right when a gold mention has the same start and end.
- ``overlap``: right when its span intersects a gold mention's; each gold mention
  is matched at most once, and the matching is the largest possible.
- ``value``: per article, the set of predicted values against the set of gold
  values (canonical name, hectares, ISO date), whatever the spans.

Every level counts true positives, false positives and false negatives per
article; the corpus figures sum the counts before dividing (micro-average).
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.evaluate.gold import ENTITY_TYPES
from pipeline.text import single_spaces, straight_apostrophes, without_accents, without_case

LEVELS = ("strict", "overlap", "value")

# Records round hectares to 6 decimals; a centiare is 0.0001 ha, far above this.
_HECTARES_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Mention:
    """A span of an article with its value key (None when the item has no value)."""

    start: int
    end: int
    value: tuple | None


@dataclass(frozen=True)
class Outcome:
    """What one level found in one article for one type."""

    true_positives: int
    false_positives: tuple[Mention, ...]
    false_negatives: tuple[Mention, ...]


@dataclass(frozen=True)
class Score:
    """Counts summed over articles, and the figures derived from them.

    Nothing to find and nothing found counts as perfect; otherwise an empty
    denominator gives 0.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @classmethod
    def of(cls, outcome: Outcome) -> "Score":
        return cls(outcome.true_positives, len(outcome.false_positives), len(outcome.false_negatives))

    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        if self.tp + self.fn:
            return self.tp / (self.tp + self.fn)
        return 1.0 if self.fp == 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Scoreboard:
    """Scores per type and level, summed article after article."""

    scores: dict[str, dict[str, Score]] = field(
        default_factory=lambda: {t: {level: Score() for level in LEVELS} for t in ENTITY_TYPES}
    )

    def add(self, entity_type: str, outcomes: Mapping[str, Outcome]) -> None:
        for level, outcome in outcomes.items():
            self.scores[entity_type][level] += Score.of(outcome)

    def __getitem__(self, entity_type: str) -> dict[str, Score]:
        return self.scores[entity_type]


def name_value(name: str) -> str:
    """A name as the value level compares it: without case, accents, apostrophe variants or extra spaces.

    Hyphens count: « Souss-Massa » is not « Souss Massa ».

    >>> name_value("  Laâyoune ") == name_value("LAAYOUNE")
    True
    >>> name_value("Technopole d’Oujda") == name_value("technopole d'Oujda")
    True
    """
    return single_spaces(without_case(without_accents(straight_apostrophes(name))))


def value_key(entity_type: str, item: Mapping[str, Any]) -> tuple | None:
    """The value an item is judged on at the value level, or None when it has none."""
    if entity_type in ("places", "institutions"):
        name = item.get("name")
        return (name_value(name),) if name else None
    if entity_type == "areas":
        hectares = item.get("hectares")
        return None if hectares is None else (float(hectares), _float_or_none(item.get("hectares_max")))
    if entity_type == "dates":
        value = item.get("value")
        return None if value is None else (value, item.get("value_end"))
    raise ValueError(f"unknown entity type {entity_type!r}")


def same_value(entity_type: str, a: tuple, b: tuple) -> bool:
    """Equal value keys; hectares within a tiny tolerance so float rounding is not an error."""
    if entity_type != "areas":
        return a == b
    return all(
        x == y if x is None or y is None else math.isclose(x, y, rel_tol=1e-9, abs_tol=_HECTARES_TOLERANCE)
        for x, y in zip(a, b)
    )


def mentions(entity_type: str, items: Iterable[Mapping[str, Any]]) -> list[Mention]:
    """Gold or predicted items (dicts with start, end and value fields) as mentions."""
    return [Mention(item["start"], item["end"], value_key(entity_type, item)) for item in items]


def compare(entity_type: str, gold: Sequence[Mention], predicted: Sequence[Mention]) -> dict[str, Outcome]:
    """The outcome of each level for one article and one type."""
    gold_values = _distinct_values(entity_type, gold)
    predicted_values = _distinct_values(entity_type, predicted)
    return {
        "strict": _outcome(gold, predicted, lambda g, p: (g.start, g.end) == (p.start, p.end)),
        "overlap": _outcome(gold, predicted, lambda g, p: g.start < p.end and p.start < g.end),
        "value": _outcome(gold_values, predicted_values, lambda g, p: same_value(entity_type, g.value, p.value)),
    }


def _distinct_values(entity_type: str, items: Sequence[Mention]) -> list[Mention]:
    """The first mention of each distinct value: the set compared at the value level."""
    kept: list[Mention] = []
    for item in items:
        if item.value is not None and not any(same_value(entity_type, item.value, k.value) for k in kept):
            kept.append(item)
    return kept


def _outcome(
    gold: Sequence[Mention], predicted: Sequence[Mention], fits: Callable[[Mention, Mention], bool]
) -> Outcome:
    pairs = _maximum_matching(gold, predicted, fits)
    matched_gold = set(pairs.values())
    return Outcome(
        true_positives=len(pairs),
        false_positives=tuple(p for i, p in enumerate(predicted) if i not in pairs),
        false_negatives=tuple(g for i, g in enumerate(gold) if i not in matched_gold),
    )


def _maximum_matching(
    gold: Sequence[Mention], predicted: Sequence[Mention], fits: Callable[[Mention, Mention], bool]
) -> dict[int, int]:
    """Pair each prediction with at most one gold mention, as many pairs as possible.

    Augmenting paths (Kuhn's algorithm): a few dozen mentions per article make
    the quadratic cost irrelevant, and greedy pairing would undercount when one
    long prediction overlaps two gold mentions.
    """
    candidates = [[g for g, gold_item in enumerate(gold) if fits(gold_item, p)] for p in predicted]
    owner: dict[int, int] = {}  # gold index -> predicted index

    def assign(p: int, visited: set[int]) -> bool:
        for g in candidates[p]:
            if g not in visited:
                visited.add(g)
                if g not in owner or assign(owner[g], visited):
                    owner[g] = p
                    return True
        return False

    for p in range(len(predicted)):
        assign(p, set())
    return {p: g for g, p in owner.items()}


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)
