"""The French date expressions of other projects' test suites (../shared/peer/dates), each in a
small page dated by the suite's reference date, scored by the suite's own scorer.

Targets: recall 0.90 and precision 0.95 on the unambiguous cases, recall 0.80 over all, a
record for every page.
"""

import html
import importlib.util
import json
from pathlib import Path

import pytest

from pipeline.run import extract_pages
from tests.conftest import SHARED

PEER_DATES = SHARED / "peer" / "dates"

pytestmark = pytest.mark.skipif(not (PEER_DATES / "run_dates.py").exists(), reason="../shared/peer/dates absent")


def test_peer_date_suites_meet_the_targets(nlp, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("run_dates", PEER_DATES / "run_dates.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    cases = [json.loads(line) for line in (PEER_DATES / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line]
    paths = []
    for case in cases:
        page = tmp_path / f"case-{case['id']}.html"
        page.write_text(scorer.PAGE.format(ref=case["reference"], phrase=html.escape(case["phrase"], quote=False)),
                        encoding="utf-8")
        paths.append(str(page))
    predicted = {
        Path(record["source"]["path"]).name: {scorer.norm(item[key]) for item in record["dates"]
                                              for key in ("value", "value_end")} - {None}
        for record in extract_pages(paths) if "source" in record
    }
    groups, _ = scorer.score(cases, predicted)
    overall, unambiguous = groups["all"], groups["unambiguous"]
    assert overall["no_record"] == 0
    assert overall["found"] / overall["exp"] >= 0.80
    assert unambiguous["found"] / unambiguous["exp"] >= 0.90
    assert unambiguous["tp"] / (unambiguous["tp"] + unambiguous["fp"]) >= 0.95
