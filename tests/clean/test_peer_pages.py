"""Real pages from other sites: a record or a clear rejection each, and cleaning better than
plain trafilatura on the fragments each page must and must not keep: at least 118 of the 120
body fragments kept and at most 4 of the 125 chrome fragments leaked (plain trafilatura keeps
115 and leaks 10)."""

import json

import pytest
import trafilatura

from tests.conftest import SHARED
from pipeline.run import extract_pages

REAL_PAGES = SHARED / "peer" / "real-pages"

pytestmark = pytest.mark.skipif(not (REAL_PAGES / "index.jsonl").exists(), reason="../shared/peer/real-pages absent")


def count(fragments: list[str], text: str) -> int:
    return sum(fragment in text for fragment in fragments)


MIN_KEPT = 118
MAX_LEAKED = 4


def test_real_pages_clean_better_than_plain_trafilatura(nlp) -> None:
    index = [json.loads(line) for line in (REAL_PAGES / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    paths = [str(REAL_PAGES / entry["file"]) for entry in index]
    outcomes = {o["source"]["path"] if "source" in o else o["input"]: o for o in extract_pages(paths)}
    assert sorted(outcomes) == sorted(paths)
    kept = leaked = baseline_kept = baseline_leaked = 0
    for entry, path in zip(index, paths):
        outcome = outcomes[path]
        assert "text" in outcome or outcome["reason"], f"{path}: neither record nor reason"
        text = outcome.get("text", "")
        baseline = trafilatura.extract((REAL_PAGES / entry["file"]).read_bytes()) or ""
        kept += count(entry["with"], text)
        leaked += count(entry["without"], text)
        baseline_kept += count(entry["with"], baseline)
        baseline_leaked += count(entry["without"], baseline)
    assert kept >= max(baseline_kept, MIN_KEPT)
    assert leaked <= min(baseline_leaked, MAX_LEAKED)
