"""Measure the cleaning stage against plain trafilatura and its own options, side by side.

    python benchmarks/clean_benchmark.py [--pages ../shared/peer/real-pages] [--verbose]

Reads an ``index.jsonl`` of pages with the fragments each page's text must contain
(``with``) and must not contain (``without``), as ``../shared/peer/real-pages`` gives, and
prints how many of them the cleaning stage and each trafilatura setting keep and leak.
"""

import argparse
import json
from pathlib import Path
from typing import Any

import trafilatura

from pipeline.run import clean_pages

ROOT = Path(__file__).resolve().parents[1]
# A generic prune_xpath: what the option gives without knowing a site's classes.
PRUNE = (
    "//aside | //*[contains(@class, 'related') or contains(@class, 'comment') or contains(@class, 'share')"
    " or contains(@class, 'newsletter') or contains(@id, 'comment')]"
)
SETTINGS: dict[str, dict[str, Any]] = {
    "trafilatura.extract, defaults": {},
    "include_tables=True, include_comments=False": {"include_tables": True, "include_comments": False},
    "include_tables=False": {"include_tables": False},
    "favor_precision=True": {"favor_precision": True},
    "favor_recall=True": {"favor_recall": True},
    "include_links=True": {"include_links": True},
    "fast=True": {"fast": True},
    "deduplicate=True": {"deduplicate": True},
    "prune_xpath (aside, related, comment, share)": {"prune_xpath": [PRUNE]},
}


def score(index: list[dict[str, Any]], texts: list[str]) -> tuple[int, int]:
    kept = sum(fragment in text for entry, text in zip(index, texts) for fragment in entry["with"])
    leaked = sum(fragment in text for entry, text in zip(index, texts) for fragment in entry["without"])
    return kept, leaked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=ROOT.parent / "shared" / "peer" / "real-pages")
    parser.add_argument("--verbose", action="store_true", help="list the cleaning stage's misses and leaks")
    args = parser.parse_args()
    index = [json.loads(line) for line in (args.pages / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    paths = [str(args.pages / entry["file"]) for entry in index]
    outcomes = {o["source"]["path"] if "source" in o else o["input"]: o for o in clean_pages(paths)}
    cleaned = [outcomes[path].get("text", "") for path in paths]
    wanted = sum(len(entry["with"]) for entry in index)
    chrome = sum(len(entry["without"]) for entry in index)
    print(f"{len(index)} pages, {wanted} body fragments, {chrome} chrome fragments")
    print(f"{'':46} {'kept':>9} {'leaked':>9}")
    rows = {"cleaning stage": cleaned}
    for name, options in SETTINGS.items():
        rows[name] = [trafilatura.extract(Path(path).read_bytes(), **options) or "" for path in paths]
    for name, texts in rows.items():
        kept, leaked = score(index, texts)
        print(f"{name:46} {kept:>4}/{wanted:<4} {leaked:>4}/{chrome:<4}")
    if args.verbose:
        for entry, path, text in zip(index, paths, cleaned):
            missing = [f for f in entry["with"] if f not in text]
            leaked = [f for f in entry["without"] if f in text]
            if missing or leaked or "text" not in outcomes[path]:
                print(f"{entry['file']}: missing {missing} leaked {leaked} {outcomes[path].get('reason', '')}")


if __name__ == "__main__":
    main()
