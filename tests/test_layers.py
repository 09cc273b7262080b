"""Layers in one direction: what reads records (sinks, the load command, gold) never loads spaCy."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "pipeline"
# Folder of the package -> modules its files may not import.
FORBIDDEN = {
    "records": ("spacy", "pipeline.clean", "pipeline.nlp", "pipeline.run", "pipeline.sinks", "pipeline.evaluate"),
    "sinks": ("spacy", "pipeline.clean", "pipeline.nlp", "pipeline.run", "pipeline.evaluate"),
    "normalise": ("spacy", "pipeline.nlp", "pipeline.records", "pipeline.run"),
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    ("folder", "path"), [(folder, path) for folder in FORBIDDEN for path in sorted((PACKAGE / folder).glob("*.py"))]
)
def test_a_stage_imports_no_later_stage(folder: str, path: Path) -> None:
    banned = FORBIDDEN[folder]
    wrong = {name for name in _imports(path) if any(name == b or name.startswith(b + ".") for b in banned)}
    assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


@pytest.mark.parametrize(
    "code",
    [
        "import pipeline.sinks.database",
        "import pipeline.evaluate.gold",
        "from pipeline.cli import main\ntry:\n    main(['load', '--help'])\nexcept SystemExit:\n    pass",
        "from pipeline.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
    ],
)
def test_reading_records_does_not_load_spacy(code: str) -> None:
    loaded = "sorted(m for m in sys.modules if m == 'spacy' or m.startswith('pipeline.nlp.'))"
    probe = f"{code}\nimport sys\nprint({loaded})"
    shown = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.splitlines()[-1] == "[]"


def test_the_load_command_runs_without_spacy(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text("", encoding="utf-8")
    probe = (
        "import sys\nfrom pipeline.cli import main\n"
        f"main(['load', {str(records)!r}, '--db', 'sqlite:///{tmp_path / 'news.db'}'])\n"
        "print('spacy' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.splitlines()[-1] == "False"
