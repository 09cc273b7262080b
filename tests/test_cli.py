"""The extract command: a batch of good and bad inputs, one record or one error each."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import ExitStatus, exit_status_help

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "pages" / "maghress-zones-industrielles.txt"
LATIN1_PAGE = (
    "<html><head><meta charset='iso-8859-1'><title>Fès : la médina restaurée</title></head><body>"
    "<article><h1>Fès : la médina restaurée</h1>"
    "<p>Le programme de réhabilitation de la médina de Fès, lancé en 2018, a permis de restaurer "
    "près de 3.500 bâtisses menacées d'effondrement sur une superficie de 280 hectares.</p>"
    "<p>L'Agence pour la dédensification et la réhabilitation de la médina de Fès a indiqué que les "
    "travaux se poursuivront jusqu'en 2026, avec un budget de 1,2 milliard de dirhams.</p></article>"
    "</body></html>"
).encode("latin-1")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def batch(tmp_path_factory, nlp) -> tuple[int, list[dict], list[dict]]:
    folder = tmp_path_factory.mktemp("batch")
    (folder / "a-empty.html").write_bytes(b"")
    (folder / "b-binary.html").write_bytes(bytes(range(256)) * 4)
    (folder / "c-truncated.html").write_bytes(SEED.read_text(encoding="utf-8").join(["<html><body><p>", ""]).encode()[:3000])
    (folder / "d-latin1.html").write_bytes(LATIN1_PAGE)
    (folder / "e-scrape.jsonl").write_text(
        json.dumps({"url": "https://www.maghress.com/fr/leseco/1", "text": SEED.read_text(encoding="utf-8")}) + "\n{broken\n",
        encoding="utf-8",
    )
    (folder / "f-seed.txt").write_bytes(SEED.read_bytes())
    output = folder / "out" / "records.jsonl"
    code = main(["extract", str(folder), "-o", str(output)])
    return code, read_jsonl(output), read_jsonl(output.with_name("records.errors.jsonl"))


def test_batch_goes_on_past_bad_inputs(batch) -> None:
    code, records, errors = batch
    assert code == ExitStatus.SOME_FAILED
    assert [Path(r["source"]["path"]).name for r in records] == [
        "c-truncated.html", "d-latin1.html", "e-scrape.jsonl#L1", "f-seed.txt",
    ]
    assert [(Path(e["input"]).name, e["stage"]) for e in errors] == [
        ("a-empty.html", "ingest"), ("b-binary.html", "ingest"), ("e-scrape.jsonl#L2", "ingest"),
    ]
    assert "empty" in errors[0]["reason"] and "binary" in errors[1]["reason"] and "JSON" in errors[2]["reason"]


def test_latin1_page_is_decoded(batch) -> None:
    record = next(r for r in batch[1] if r["source"]["path"].endswith("d-latin1.html"))
    assert record["metadata"]["title"] == "Fès : la médina restaurée"
    assert "réhabilitation de la médina de Fès" in record["text"]


def test_jsonl_page_keeps_its_url(batch) -> None:
    record = next(r for r in batch[1] if r["source"]["path"].endswith("#L1"))
    assert record["source"] == {**record["source"], "url": "https://www.maghress.com/fr/leseco/1", "format": "jsonl"}
    assert record["metadata"]["outlet"] == "Les ECO"


def test_records_are_utf8_not_escaped(tmp_path: Path, nlp) -> None:
    output = tmp_path / "seed.jsonl"
    assert main(["extract", str(SEED), "-o", str(output)]) == ExitStatus.OK
    assert "Laâyoune" in output.read_text(encoding="utf-8")


def test_no_record_at_all_has_its_own_exit_code(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert main(["extract", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "r.jsonl")]) == ExitStatus.NOTHING_USABLE
    assert "empty.txt: ingest: empty input" in capsys.readouterr().err


def test_help_explains_every_option(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    text = capsys.readouterr().out
    for option in ("--output", "--errors", "--max-bytes", "--batch-size", "exit status"):
        assert option in text


@pytest.mark.parametrize("command", ["extract", "load", "evaluate", "gold-draft"])
def test_every_command_shows_the_one_exit_status_table(command: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert exit_status_help() in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [["extract"], ["load"], ["evaluate"], ["gold-draft", "r.jsonl", "--unknown"], ["extract", "--batch-size=x", "p"]],
)
def test_a_wrong_command_line_exits_2_for_every_command(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == ExitStatus.USAGE == 2


def test_an_unreadable_records_file_is_named(tmp_path: Path, capsys) -> None:
    absent = tmp_path / "absent.jsonl"
    assert main(["load", str(absent), "--db", f"sqlite:///{tmp_path / 'news.db'}"]) == ExitStatus.NOTHING_USABLE
    assert f"error: {absent}: cannot read" in capsys.readouterr().err


def test_extract_with_db_then_load_again_changes_nothing(tmp_path: Path, capsys, nlp) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    records = tmp_path / "records.jsonl"
    assert main(["extract", str(SEED), "-o", str(records), "--db", url]) == ExitStatus.OK
    assert f"database {url}: loaded 1, replaced 0, unchanged 0, skipped 0" in capsys.readouterr().err
    with records.open("a", encoding="utf-8") as stream:
        stream.write("{truncated\n")
    assert main(["load", str(records), "--db", url]) == ExitStatus.SOME_FAILED
    err = capsys.readouterr().err
    assert f"skipped: {records}:2: not valid JSON" in err
    assert "loaded 0, replaced 0, unchanged 1, skipped 1" in err


def test_unreachable_database_has_its_own_exit_code(tmp_path: Path, capsys) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text("", encoding="utf-8")
    assert main(["load", str(records), "--db", "postgresql://nobody@127.0.0.1:1/none"]) == ExitStatus.DATABASE
    assert "error: database postgresql://nobody@127.0.0.1:1/none:" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["news-records"], [sys.executable, "-m", "pipeline"]])
def test_console_script_and_module_offer_the_same_commands(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (pip install -e .)")
    shown = subprocess.run([*command, "--help"], capture_output=True, text=True, check=True).stdout
    for subcommand in ("extract", "load", "evaluate", "gold-draft"):
        assert subcommand in shown


def test_stdin_in_stdout_out(nlp) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", "-"],
        input=SEED.read_bytes(), capture_output=True, check=True, cwd=ROOT,
    )
    (line,) = result.stdout.decode("utf-8").splitlines()
    record = json.loads(line)
    assert record["source"]["path"] == "-"
    assert record["metadata"]["outlet"] == "Les ECO"
    assert "1 records, 0 errors" in result.stderr.decode("utf-8")


def test_extract_checks_the_database_before_any_work(tmp_path: Path, capsys) -> None:
    output = tmp_path / "records.jsonl"
    output.write_text('{"kept": true}\n', encoding="utf-8")
    code = main(["extract", str(SEED), "-o", str(output), "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert code == ExitStatus.DATABASE
    assert output.read_text(encoding="utf-8") == '{"kept": true}\n'
    assert not output.with_name("records.errors.jsonl").exists()
    assert "error: database postgresql://nobody@127.0.0.1:1/none:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["load", "missing.jsonl"], ExitStatus.NOTHING_USABLE, "error: missing.jsonl: cannot read: No such file"),
        (["load", "-", "--chunk-size", "0"], ExitStatus.USAGE, "argument --chunk-size: must be between 1 and 5000, got 0"),
        (["load", "-", "--chunk-size", "many"], ExitStatus.USAGE, "argument --chunk-size: not a whole number: 'many'"),
    ],
)
def test_command_line_faults_give_a_message_not_a_traceback(tmp_path: Path, monkeypatch, capsys, argv, status, message) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    assert code == status
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_records_line_that_is_not_utf8_is_skipped_alone(tmp_path: Path, capsys) -> None:
    records = tmp_path / "records.jsonl"
    lines = [json.dumps(record, ensure_ascii=False).encode() for record in extract_seed_records(tmp_path)]
    records.write_bytes(lines[0] + b"\n" + '{"title": "Fès"}'.encode("latin-1") + b"\n")
    assert main(["load", str(records), "--db", f"sqlite:///{tmp_path / 'news.db'}"]) == ExitStatus.SOME_FAILED
    err = capsys.readouterr().err
    assert f"skipped: {records}:2: not UTF-8: byte 0xe8 at column 13" in err
    assert "loaded 1, replaced 0, unchanged 0, skipped 1" in err


def extract_seed_records(tmp_path: Path) -> list[dict]:
    output = tmp_path / "seed.jsonl"
    assert main(["extract", str(SEED), "-o", str(output)]) == ExitStatus.OK
    return read_jsonl(output)


def test_a_file_name_that_is_not_utf8_is_written_escaped(tmp_path: Path, nlp) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    name = os.fsdecode(b"zones-industrielles-\xe9t\xe9.txt")
    (folder / name).write_bytes(SEED.read_bytes())
    output = tmp_path / "records.jsonl"
    assert main(["extract", str(folder), "-o", str(output)]) == ExitStatus.OK
    (record,) = read_jsonl(output)
    assert record["source"]["path"] == str(folder / name)


def test_extract_into_a_sqlite_file_of_the_input_folder_never_reads_it(tmp_path: Path, nlp) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    output = tmp_path / "records.jsonl"
    assert main(["extract", str(folder), "-o", str(output), "--db", f"sqlite:///{folder / 'news.db'}"]) == ExitStatus.OK
