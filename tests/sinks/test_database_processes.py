"""Real `load` processes against SQLite and PostgreSQL: run side by side, killed midway.

Two loads of the same records started together both succeed and count each article once
between them; a load killed with SIGKILL leaves every article with all its rows or none,
and the next load finishes the work: no record is lost.
"""

import hashlib
import json
import re
import signal
import subprocess
import sys
import time
from copy import deepcopy
from pathlib import Path
from typing import Any

from tests.sinks.test_database import RECORDS, fully_in, query

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(r"loaded (\d+), replaced (\d+), unchanged (\d+), skipped (\d+)")


def many_records(count: int) -> list[dict[str, Any]]:
    """``count`` distinct articles, each a copy of a sample record under its own id."""
    records = []
    for number in range(count):
        record = deepcopy(RECORDS[number % len(RECORDS)])
        record["id"] = hashlib.sha256(f"article {number}".encode()).hexdigest()[:32]
        record["source"]["path"] = f"pages/article-{number}.html"
        records.append(record)
    return records


def write_records(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def load_process(records: Path, url: str, chunk_size: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "pipeline", "load", str(records), "--db", url, "--chunk-size", str(chunk_size)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def article_counts(url: str) -> dict[str, dict[str, int]]:
    """Rows per stored article, table by table."""
    counts: dict[str, dict[str, int]] = {
        article_id: {"articles": 1} for (article_id,) in query(url, "SELECT id FROM articles")
    }
    for table in ("place_mentions", "institution_mentions", "areas", "dates"):
        for article_id, rows in query(url, f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"):
            counts.setdefault(article_id, {"articles": 0})[table] = rows
    return {
        article_id: {table: rows.get(table, 0) for table in ("articles", "place_mentions", "institution_mentions",
                                                             "areas", "dates")}
        for article_id, rows in counts.items()
    }


def assert_whole(url: str, records: list[dict[str, Any]]) -> int:
    """Every stored article has all its rows; returns how many are stored."""
    expected = {record["id"]: fully_in(record) for record in records}
    stored = article_counts(url)
    assert {article_id: expected[article_id] for article_id in stored} == stored
    return len(stored)


def test_two_loads_side_by_side_count_each_article_once(db_url: str, tmp_path: Path) -> None:
    records = many_records(400)
    forward = write_records(tmp_path / "forward.jsonl", records)
    backward = write_records(tmp_path / "backward.jsonl", records[::-1])

    processes = [load_process(forward, db_url, 20), load_process(backward, db_url, 20)]
    results = [process.communicate(timeout=300) for process in processes]

    for process, (_, err) in zip(processes, results):
        assert process.returncode == 0, err
    counts = [tuple(map(int, SUMMARY.search(err).groups())) for _, err in results]
    loaded, replaced, unchanged, skipped = (sum(column) for column in zip(*counts))
    assert (loaded, replaced, unchanged, skipped) == (400, 0, 400, 0)
    assert assert_whole(db_url, records) == 400
    assert query(db_url, "SELECT count(*) FROM schema_migrations") == [(1,)]


def test_a_load_killed_midway_leaves_whole_articles_and_the_next_load_finishes(db_url: str, tmp_path: Path) -> None:
    records = many_records(3000)
    path = write_records(tmp_path / "records.jsonl", records)
    process = load_process(path, db_url, 10)
    stored = 0
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            stored = query(db_url, "SELECT count(*) FROM articles")[0][0]
        except Exception:  # the schema is not there yet
            continue
        if stored >= 100:
            break
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL, "the load ended before it could be killed"

    assert 0 < assert_whole(db_url, records) < len(records)

    finish = load_process(path, db_url, 500)
    _, err = finish.communicate(timeout=300)
    assert finish.returncode == 0, err
    assert assert_whole(db_url, records) == len(records)
