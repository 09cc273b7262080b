"""Choosing the engine: what the command says when the Ray engine cannot run as asked (no cluster needed)."""

from pathlib import Path

import pytest

from pipeline import cli
from pipeline.cli import main
from pipeline.errors import ExitStatus

SEED = Path(__file__).resolve().parents[1] / "samples" / "pages" / "maghress-zones-industrielles.txt"


def test_without_the_ray_extra_the_command_says_how_to_install_it(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setattr(cli, "ray_installed", lambda: False)
    assert main(["extract", str(SEED), "--engine", "ray", "-o", str(tmp_path / "r.jsonl")]) == ExitStatus.USAGE
    assert "pip install 'maghreb-news-records[ray]'" in capsys.readouterr().err


@pytest.mark.parametrize(("output", "message"), [
    ("s3://bucket/records.jsonl", "an output in object storage is a folder of shards"),
    ("gs://bucket/records.jsonl", "end it with / or .parquet"),
])
def test_a_single_file_in_object_storage_is_refused(output, message, capsys) -> None:
    assert main(["extract", str(SEED), "--engine", "ray", "-o", output]) == ExitStatus.USAGE
    assert message in capsys.readouterr().err
