"""The Ray engine on a local cluster of 2 CPUs: a local run's records, an actor killed mid-run, the actors' loads."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="the ray extra is not installed")
pyarrow_parquet = pytest.importorskip("pyarrow.parquet")

from pipeline.cli import main  # noqa: E402
from pipeline.errors import ExitStatus  # noqa: E402
from pipeline.distributed import list_sources  # noqa: E402
from pipeline.errors import Rejected  # noqa: E402
from tests.sinks import conftest as database_fixtures  # noqa: E402
from tests.sinks.test_database import query  # noqa: E402

db_url = database_fixtures.db_url  # a fresh SQLite file or PostgreSQL schema
postgres_server = database_fixtures.postgres_server

pytestmark = pytest.mark.ray

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "samples" / "pages"
SEED = PAGES / "maghress-zones-industrielles.txt"
LISTING = ROOT / "tests" / "data" / "listing-page.html"
ACTOR = "ray::MapWorker(MapBatches(Extractor))"


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def comparable(records: list[dict]) -> list[str]:
    """The records as bytes, the time of extraction aside."""
    return [json.dumps({**record, "provenance": {**record["provenance"], "extracted_at": None}}) for record in records]


@pytest.fixture(scope="session")
def cluster() -> str:
    """One local Ray cluster of 2 CPUs for the session; its address, for runs in other processes."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    ray.init(num_cpus=2, object_store_memory=256 * 1024 * 1024, include_dashboard=False, log_to_driver=False)
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> Path:
    """Inputs of every kind that gives an error entry, beside one good page."""
    folder = tmp_path_factory.mktemp("bad")
    (folder / "empty.html").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 8)
    (folder / "huge.txt").write_text("Le Maroc investit. " * 20_000, encoding="utf-8")
    shutil.copy(LISTING, folder / "listing.html")
    (folder / "scrape.jsonl").write_text(
        "\n".join([
            json.dumps({"url": "https://www.maghress.com/fr/leseco/1", "text": SEED.read_text(encoding="utf-8")}),
            "{broken",
            "[1, 2]",
            json.dumps({"url": "https://example.ma/vide", "html": "  "}),
            "",
            json.dumps({"url": "https://example.ma/court", "text": "Rabat."}),
        ]) + "\n",
        encoding="utf-8",
    )
    return folder


def extract(*args: str) -> int:
    return main(["extract", *args, "-q", "--max-bytes", "200000"])


@pytest.fixture(scope="module")
def local_run(bad_inputs, tmp_path_factory) -> Path:
    """The reference: the sample pages and the bad inputs through the local engine."""
    output = tmp_path_factory.mktemp("local") / "records.jsonl"
    code = extract(str(PAGES), str(bad_inputs), str(bad_inputs / "missing.html"), "-o", str(output), "--workers", "1")
    assert code == ExitStatus.SOME_FAILED
    return output


def stored(url: str) -> dict[str, list]:
    """What the database holds of the articles: their ids, and every mention's article."""
    return {
        "articles": sorted(row[0] for row in query(url, "SELECT id FROM articles")),
        "places": sorted(row[0] for row in query(url, "SELECT article_id FROM place_mentions")),
        "areas": sorted(row[0] for row in query(url, "SELECT article_id FROM areas")),
    }


def expected(records: list[dict]) -> dict[str, list]:
    return {
        "articles": sorted(record["id"] for record in records),
        "places": sorted(record["id"] for record in records for _ in record["places"]),
        "areas": sorted(record["id"] for record in records for _ in record["areas"]),
    }


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_ray_run_writes_and_loads_the_records_and_errors_of_a_local_run(
    cluster, bad_inputs, local_run, db_url, tmp_path, capsys
) -> None:
    output = tmp_path / "records.jsonl"
    inputs = [str(PAGES), str(bad_inputs), str(bad_inputs / "missing.html")]
    code = extract(*inputs, "-o", str(output), "--engine", "ray", "--batch-size", "4", "--db", db_url)
    assert code == ExitStatus.SOME_FAILED
    assert comparable(lines(output)) == comparable(lines(local_run))
    errors = output.with_name("records.errors.jsonl").read_text(encoding="utf-8")
    assert errors == local_run.with_name("records.errors.jsonl").read_text(encoding="utf-8")
    assert len(lines(output.with_name("records.errors.jsonl"))) >= 8
    records = lines(output)
    assert f"database {db_url}: loaded {len(records)}, replaced 0, unchanged 0, skipped 0" in capsys.readouterr().err
    assert stored(db_url) == expected(records)


def run_in_background(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", *args, "-q", "--batch-size", "1"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )


def wait_for_a_record(output: Path, process: subprocess.Popen) -> None:
    while not (output.exists() and output.stat().st_size) and process.poll() is None:
        time.sleep(0.2)
    assert process.poll() is None, process.communicate()[1]


def test_an_interrupted_ray_run_stops_cleanly_and_resume_completes_it(cluster, local_run, tmp_path, capsys) -> None:
    inputs = [str(path) for path in sorted(PAGES.iterdir())[:16]]
    reference = [record for record in lines(local_run) if record["source"]["path"].split("#")[0] in inputs]
    output = tmp_path / "records.jsonl"
    process = run_in_background(*inputs, "-o", str(output), "--engine", "ray", "--address", cluster)
    wait_for_a_record(output, process)
    os.killpg(process.pid, signal.SIGINT)  # the whole group, as Ctrl-C in a terminal does
    stderr = process.communicate(timeout=120)[1]
    assert process.returncode == 128 + signal.SIGINT, stderr
    assert "Traceback" not in stderr and "interrupted by SIGINT" in stderr
    first = lines(output)  # valid JSON Lines: no line cut short
    assert 0 < len(first) <= len(reference)  # records come back in blocks: the last ones may all be in
    assert extract(*inputs, "-o", str(output), "--engine", "ray", "--resume") == ExitStatus.OK
    done = f"{len(reference) - len(first)} records, 0 errors, {len(first)} already done"
    assert capsys.readouterr().err.splitlines()[-1] == done
    assert comparable(lines(output)) == comparable(reference)


def actor_pids() -> list[int]:
    """The extraction actors of this session's cluster (processes under this one)."""
    children, found = {os.getpid()}, []
    for _ in range(6):  # the actors are a few generations down: raylet, then workers
        for entry in Path("/proc").iterdir():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except (OSError, IndexError):
                continue
            if int(stat[1]) in children:
                children.add(int(entry.name))
                if command.startswith(ACTOR) and int(entry.name) not in found:
                    found.append(int(entry.name))
    return found


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_an_actor_killed_mid_run_loses_and_doubles_nothing(cluster, local_run, db_url, tmp_path) -> None:
    inputs = [str(path) for path in sorted(PAGES.iterdir())[:12]]
    output = tmp_path / "records.jsonl"
    process = run_in_background(*inputs, "-o", str(output), "--db", db_url, "--engine", "ray", "--address", cluster)
    wait_for_a_record(output, process)
    victims = actor_pids()
    assert victims
    os.kill(victims[0], signal.SIGKILL)
    stderr = process.communicate(timeout=300)[1]
    assert process.returncode == ExitStatus.OK, stderr
    reference = [record for record in lines(local_run) if record["source"]["path"].split("#")[0] in inputs]
    assert comparable(lines(output)) == comparable(reference)
    assert stored(db_url) == expected(reference)


def test_an_unreachable_database_stops_before_any_work(cluster, tmp_path, capsys) -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"
    assert extract(str(SEED), "-o", str(tmp_path / "r.jsonl"), "--engine", "ray", "--db", url) == ExitStatus.DATABASE
    assert f"error: database {url}" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "message"), [
    (["-", "--engine", "ray"], "reads files, not standard input"),
    ([str(SEED), "--address", "127.0.0.1:6379"], "add --engine ray"),
    ([str(SEED), "s3://bucket/pages/", "--engine", "ray"], "one filesystem per run"),
])
def test_what_the_ray_engine_refuses(args, message, tmp_path, capsys) -> None:
    assert main(["extract", *args, "-o", str(tmp_path / "r.jsonl")]) == ExitStatus.USAGE
    assert message in capsys.readouterr().err


def test_uris_are_listed_like_local_paths(bad_inputs, tmp_path) -> None:
    bad_inputs = shutil.copytree(bad_inputs, tmp_path / "inputs")
    (bad_inputs / ".hidden.html").write_text("<p>caché</p>", encoding="utf-8")
    local, _ = list_sources([str(bad_inputs), str(bad_inputs / "missing.html")])
    remote, scheme = list_sources([f"file://{bad_inputs}", f"file://{bad_inputs}/missing.html"])
    assert scheme == "file"
    assert [f"file://{item}" if isinstance(item, str) else item.reason for item in local] == [
        item if isinstance(item, str) else item.reason for item in remote
    ]
    matched, _ = list_sources([f"file://{bad_inputs}/*.html"])
    assert [Path(item.split("://", 1)[1]).name for item in matched] == ["binary.html", "empty.html", "listing.html"]
    nothing, _ = list_sources([f"file://{bad_inputs}/*.pdf"])
    assert [(item.stage, item.reason) for item in nothing if isinstance(item, Rejected)] == [
        ("ingest", "pattern matches no file")
    ]
