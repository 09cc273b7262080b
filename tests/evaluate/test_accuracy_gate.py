"""The accuracy gate: the test split scores at least the figures the README reports.

The floors are pinned next to the hash of the gold corpus they were measured on,
so a changed corpus or an extractor regression shows here.
"""

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate
from pipeline.evaluate.report import Report

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((ROOT / "samples" / "gold" / "floors.json").read_text(encoding="utf-8"))
GOLD = ROOT / FLOORS["gold"]


@pytest.fixture(scope="module")
def report(nlp) -> Report:
    return evaluate([GOLD])


def test_floors_were_measured_on_this_corpus() -> None:
    assert hashlib.sha256(GOLD.read_bytes()).hexdigest() == FLOORS["gold_sha256"]


@pytest.mark.parametrize(("figure", "floor"), sorted(FLOORS["f1"].items()))
def test_f1_at_or_above_the_reported_figure(report: Report, figure: str, floor: float) -> None:
    entity_type, _, level = figure.partition(".")
    assert report.f1(entity_type, level or "value") >= floor


def test_cleaning_and_metadata_at_the_reported_figures(report: Report) -> None:
    totals = report.cleaning_totals()
    assert totals["rejected"] == 0
    assert totals["kept"] >= FLOORS["cleaning"]["kept"] * totals["fragments"]
    assert totals["leaked"] <= FLOORS["cleaning"]["leaked"] * totals["chrome"]
    for name, counts in report.metadata_accuracy().items():
        assert counts["correct"] >= FLOORS["metadata"][name] * counts["judged"]
