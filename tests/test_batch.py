"""Batches through real processes: workers, progress on stderr, resume, clean interruption."""

import fcntl
import json
import os
import pty
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.cli import main
from pipeline.errors import ExitStatus
from pipeline.ingest import RawPage, read_inputs
from pipeline.records import as_json
from pipeline.run import extract_batch

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "samples" / "pages").iterdir())[:14]
SEED = ROOT / "samples" / "pages" / "maghress-zones-industrielles.txt"


def extract(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", *args],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def lines(path: Path) -> list[dict]:
    """The JSON objects of a JSON Lines file; fails on a line cut short."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def comparable(records: list[dict]) -> list[str]:
    """The records as bytes, the time of extraction aside."""
    return [json.dumps({**record, "provenance": {**record["provenance"], "extracted_at": None}}) for record in records]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Fourteen sample files (one of them JSON Lines), an empty file, and a scraper's JSON Lines with one broken line."""
    folder = tmp_path_factory.mktemp("inputs")
    for page in PAGES:
        shutil.copy(page, folder / page.name)
    (folder / "empty.html").write_bytes(b"")
    (folder / "scrape.jsonl").write_text(
        json.dumps({"url": "https://www.maghress.com/fr/leseco/1", "text": SEED.read_text(encoding="utf-8")})
        + "\n{broken\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def one_worker(inputs, tmp_path_factory) -> tuple[Path, str]:
    """The reference run, in one process, with stderr on a terminal."""
    output = tmp_path_factory.mktemp("one") / "records.jsonl"
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal of 100 columns
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(inputs), "-o", str(output), "--workers", "1"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=follower,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once the process is gone
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait() == ExitStatus.SOME_FAILED
    return output, shown.decode("utf-8", errors="replace")


def test_two_workers_write_the_same_bytes_in_input_order(inputs, one_worker, tmp_path) -> None:
    output = tmp_path / "records.jsonl"
    result = extract(str(inputs), "-o", str(output), "--workers", "2", "--batch-size", "2", "--progress-interval", "0")
    assert result.returncode == ExitStatus.SOME_FAILED
    assert comparable(lines(output)) == comparable(lines(one_worker[0]))
    errors = output.with_name("records.errors.jsonl").read_text(encoding="utf-8")
    assert errors == one_worker[0].with_name("records.errors.jsonl").read_text(encoding="utf-8")
    # Not a terminal: plain progress lines, here one per page, and the summary.
    records = len(lines(output))
    progress = [line for line in result.stderr.splitlines() if " pages, " in line]
    assert progress[-1].startswith(f"{records + 2}/{records + 2} pages, ") and progress[-1].endswith(", 2 errors")
    assert "pages/s" in progress[-1] and " s left" in progress[-1]
    assert result.stderr.splitlines()[-1].startswith(f"{records} records, 2 errors")


def test_a_terminal_shows_a_progress_bar(one_worker) -> None:
    output, shown = one_worker
    records = len(lines(output))
    assert f"{records + 2}/{records + 2}" in shown and "page/s" in shown and "errors=2" in shown
    assert "\r" in shown  # the bar is redrawn in place
    assert f"{records} records, 2 errors" in shown


@pytest.mark.parametrize(("signum", "workers"), [(signal.SIGINT, "2"), (signal.SIGTERM, "1")])
def test_interrupted_batch_stops_cleanly_and_resume_completes_it(inputs, one_worker, tmp_path, signum, workers) -> None:
    output = tmp_path / "records.jsonl"
    command = [sys.executable, "-m", "pipeline", "extract", str(inputs), "-o", str(output),
               "--workers", workers, "--batch-size", "1"]
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    while not (output.exists() and output.stat().st_size) and process.poll() is None:
        time.sleep(0.1)
    os.killpg(process.pid, signum)  # the whole group, as Ctrl-C in a terminal does
    stderr = process.communicate(timeout=120)[1]
    expected = {signal.SIGINT: ExitStatus.INTERRUPTED, signal.SIGTERM: ExitStatus.TERMINATED}[signum]
    assert process.returncode == 128 + signum == expected
    assert "Traceback" not in stderr
    assert f"interrupted by {signal.Signals(signum).name}" in stderr and "--resume" in stderr
    first = lines(output)  # valid JSON Lines: no line cut short
    records = len(lines(one_worker[0]))
    assert 0 < len(first) < records

    result = extract(str(inputs), "-o", str(output), "--workers", "2", "--batch-size", "1", "-q", "--resume")
    assert result.returncode in (ExitStatus.OK, ExitStatus.SOME_FAILED)
    summary, = result.stderr.splitlines()  # -q: the summary alone
    assert summary.startswith(f"{records - len(first)} records") and "already done" in summary
    assert sorted(comparable(lines(output))) == sorted(comparable(lines(one_worker[0])))
    errors = sorted(map(json.dumps, lines(output.with_name("records.errors.jsonl"))))
    assert errors == sorted(map(json.dumps, lines(one_worker[0].with_name("records.errors.jsonl"))))


def worker_pids(parent: int) -> list[int]:
    """The worker processes of a run: the children of its forkserver, itself a child of the run."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        try:
            parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    children = {pid for pid, ppid in parents.items() if ppid == parent}
    return sorted(pid for pid, ppid in parents.items() if ppid in children)


def test_a_worker_killed_mid_run_costs_no_page(inputs, one_worker, tmp_path) -> None:
    output = tmp_path / "records.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(inputs), "-o", str(output), "--workers", "2",
         "--batch-size", "1", "-q"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True,
    )
    while not (output.exists() and output.stat().st_size) and process.poll() is None:
        time.sleep(0.1)
    victims = worker_pids(process.pid)
    assert victims, "the run ended before a worker could be killed"
    os.kill(victims[0], signal.SIGKILL)  # as the kernel does to a process out of memory
    stderr = process.communicate(timeout=300)[1]
    assert process.returncode == ExitStatus.SOME_FAILED, stderr  # the two bad inputs, as in one process
    assert "Traceback" not in stderr and "a worker process died" in stderr
    assert comparable(lines(output)) == comparable(lines(one_worker[0]))
    errors = output.with_name("records.errors.jsonl").read_text(encoding="utf-8")
    assert errors == one_worker[0].with_name("records.errors.jsonl").read_text(encoding="utf-8")


def test_an_existing_output_is_refused_without_resume_or_force(tmp_path, capsys) -> None:
    output = tmp_path / "records.jsonl"
    output.write_text('{"id": "x"}\n', encoding="utf-8")
    assert main(["extract", str(SEED), "-o", str(output)]) == ExitStatus.USAGE
    message = capsys.readouterr().err
    assert str(output) in message and "--resume" in message and "--force" in message
    assert output.read_text(encoding="utf-8") == '{"id": "x"}\n'


def test_force_overwrites_and_no_errors_file_without_errors(tmp_path, nlp) -> None:
    output = tmp_path / "records.jsonl"
    output.write_text('{"id": "x"}\n', encoding="utf-8")
    output.with_name("records.errors.jsonl").write_text('{"input": "old"}\n', encoding="utf-8")
    assert main(["extract", str(SEED), "-o", str(output), "--force", "-q"]) == ExitStatus.OK
    assert [record["source"]["path"] for record in lines(output)] == [str(SEED)]
    assert not output.with_name("records.errors.jsonl").exists()


def test_resume_after_a_line_cut_short_redoes_that_page(tmp_path, nlp) -> None:
    output = tmp_path / "records.jsonl"
    assert main(["extract", str(SEED), "-o", str(output), "-q"]) == ExitStatus.OK
    whole = output.read_text(encoding="utf-8")
    output.write_text(whole[: len(whole) // 2], encoding="utf-8")  # a run killed mid-write
    assert main(["extract", str(SEED), "-o", str(output), "-q", "--resume"]) == ExitStatus.OK
    assert comparable(lines(output)) == comparable([json.loads(whole)])


def test_resume_needs_an_output_file(capsys) -> None:
    assert main(["extract", str(SEED), "--resume"]) == ExitStatus.USAGE
    assert "--resume needs an output file" in capsys.readouterr().err


class BatchSizes:
    """A pass-through component that notes the batch size spaCy hands it."""

    def __init__(self) -> None:
        self.seen: list[int] = []

    def __call__(self, doc: Doc) -> Doc:
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int) -> Iterator[Doc]:
        self.seen.append(batch_size)
        yield from docs


@Language.factory("test_batch_sizes")
def make_batch_sizes(nlp: Language, name: str) -> BatchSizes:
    return BatchSizes()


def test_batch_size_reaches_the_model(nlp) -> None:
    pages = [page for page in read_inputs([str(SEED)]) if isinstance(page, RawPage)]
    sizes = nlp.add_pipe("test_batch_sizes", last=True)
    try:
        outcomes = extract_batch(pages * 3, extracted_at="2026-01-01T00:00:00+00:00", batch_size=3)
    finally:
        nlp.remove_pipe("test_batch_sizes")
    assert sizes.seen == [3]
    assert [as_json(outcome)["source"]["path"] for outcome in outcomes] == [str(SEED)] * 3
