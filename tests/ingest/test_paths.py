"""Folder walks: nothing disappears; every entry that is not a page gives an error entry naming it."""

import os
import sqlite3
from pathlib import Path

import pytest

from pipeline.errors import Rejected
from pipeline.ingest import read_inputs

PAGE = "<html><body><p>La Technopole d'Oujda s'étend sur 300 hectares.</p></body></html>"


def outcomes(*inputs: Path | str) -> dict[str, str]:
    """Each outcome by its input name: the page's format, or the rejection's reason."""
    found = {}
    for outcome in read_inputs([str(item) for item in inputs]):
        name = outcome.input if isinstance(outcome, Rejected) else outcome.source
        assert name not in found, f"two outcomes for {name}"
        found[name] = outcome.reason if isinstance(outcome, Rejected) else outcome.format
    return found


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "pages"
    root.mkdir()
    (root / "good.html").write_text(PAGE, encoding="utf-8")
    (root / "dangling.html").symlink_to(root / "gone.html")
    (root / "self-loop.html").symlink_to(root / "self-loop.html")
    (root / "sub").mkdir()
    (root / "sub" / "back-up").symlink_to(root)
    (root / "sub" / "page.txt").write_text("Titre\nLe barrage de Fès.", encoding="utf-8")
    os.mkfifo(root / "pipe.html")
    (root / "x.html").mkdir()
    sqlite3.connect(root / "news.db").execute("CREATE TABLE t (x)").connection.commit()
    return root


def test_every_entry_of_a_walk_gives_one_outcome(folder: Path) -> None:
    found = outcomes(folder)
    assert found.pop(str(folder / "good.html")) == "html"
    assert found.pop(str(folder / "sub" / "page.txt")) == "text"
    assert "dangling symbolic link" in found.pop(str(folder / "dangling.html"))
    assert "symbolic link loop" in found.pop(str(folder / "self-loop.html"))
    assert "symbolic link loop" in found.pop(str(folder / "sub" / "back-up"))
    assert "FIFO" in found.pop(str(folder / "pipe.html"))
    assert "folder holds no files" in found.pop(str(folder / "x.html"))
    assert "SQLite database" in found.pop(str(folder / "news.db"))
    assert found == {}


def test_a_pattern_matching_special_entries_names_each(folder: Path) -> None:
    found = outcomes(folder / "*.html")
    assert sorted(Path(name).name for name in found) == [
        "dangling.html", "good.html", "pipe.html", "self-loop.html", "x.html",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not hold for root")
def test_an_unreadable_subfolder_is_an_error_entry(folder: Path) -> None:
    locked = folder / "locked"
    locked.mkdir()
    (locked / "page.html").write_text(PAGE, encoding="utf-8")
    locked.chmod(0)
    try:
        assert "cannot read folder" in outcomes(folder)[str(locked)]
    finally:
        locked.chmod(0o755)


def test_a_recursive_pattern_names_each_file_once(folder: Path) -> None:
    found = outcomes(f"{folder}/**")
    assert found[str(folder / "sub" / "page.txt")] == "text"
