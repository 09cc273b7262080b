"""Folder outputs: JSON Lines or Parquet shards holding the records of a one-file run, errors beside them."""

import json
from pathlib import Path

import pytest

parquet = pytest.importorskip("pyarrow.parquet", reason="folder outputs need pyarrow (the ray extra)")

from pipeline.cli import main  # noqa: E402
from pipeline.errors import ExitStatus  # noqa: E402
from pipeline.sinks import shards  # noqa: E402
from pipeline.sinks.shards import errors_folder, is_folder_output  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PAGES = [str(path) for path in sorted((ROOT / "samples" / "pages").iterdir())[:3]]


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def without_time(records: list[dict]) -> list[dict]:
    return [{**record, "provenance": {**record["provenance"], "extracted_at": None}} for record in records]


@pytest.fixture(scope="module")
def one_file(tmp_path_factory, nlp) -> list[dict]:
    output = tmp_path_factory.mktemp("one") / "records.jsonl"
    assert main(["extract", *PAGES, "-o", str(output), "--workers", "1", "-q"]) == ExitStatus.OK
    return lines(output)


@pytest.mark.parametrize(("target", "folder", "errors"), [
    ("out/records/", True, "out/records.errors/"),
    ("out/records.parquet", True, "out/records.errors.parquet"),
    ("s3://bucket/records/", True, "s3://bucket/records.errors/"),
    ("out/records.jsonl", False, None),
])
def test_what_is_a_folder_output(target, folder, errors) -> None:
    assert is_folder_output(target) is folder
    if folder:
        assert errors_folder(target) == errors


def test_json_lines_shards_hold_the_records_in_order(one_file, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(shards, "SHARD_SIZE", 2)
    folder = tmp_path / "records"
    missing = str(tmp_path / "missing.html")
    code = main(["extract", *PAGES, missing, "-o", f"{folder}/", "--workers", "1", "-q"])
    assert code == ExitStatus.SOME_FAILED
    parts = sorted(folder.iterdir())
    assert [part.name for part in parts] == ["part-00000.jsonl", "part-00001.jsonl"]
    assert without_time([record for part in parts for record in lines(part)]) == without_time(one_file)
    errors, = (tmp_path / "records.errors").iterdir()
    assert lines(errors) == [{"input": missing, "stage": "ingest", "reason": "no such file or folder"}]


def test_parquet_shards_are_typed_by_the_record_schema(one_file, tmp_path) -> None:
    folder = tmp_path / "records.parquet"
    assert main(["extract", *PAGES, "-o", str(folder), "--workers", "1", "-q"]) == ExitStatus.OK
    table = parquet.read_table(folder)
    assert without_time(table.to_pylist()) == without_time(one_file)
    assert str(table.schema.field("places").type.value_type.field("lat").type) == "double"
    assert not (tmp_path / "records.errors.parquet").exists()


def test_a_folder_with_results_is_refused_without_force(one_file, tmp_path, capsys) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "part-00000.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    assert main(["extract", *PAGES[:1], "-o", f"{folder}/", "-q"]) == ExitStatus.USAGE
    assert "--force" in capsys.readouterr().err
    assert main(["extract", *PAGES[:1], "-o", f"{folder}/", "-q", "--force", "--workers", "1"]) == ExitStatus.OK
    assert without_time(lines(folder / "part-00000.jsonl")) == without_time(one_file[:1])
    assert main(["extract", *PAGES[:1], "-o", f"{folder}/", "-q", "--resume"]) == ExitStatus.USAGE
