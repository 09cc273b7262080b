"""The package carries its data: a wheel installed elsewhere gives the same records as the checkout."""

import json
import os
import shutil
import subprocess
import sys
import tarfile
import venv
from pathlib import Path

import pytest

from pipeline.run import extract_pages
from tests.conftest import ROOT, SEED_PAGE

# What a build reads: the sources and the data files, nothing of the working tree's state.
BUILD_INPUTS = ("pipeline", "models", "setup.py", "pyproject.toml", "MANIFEST.in", "README.md")


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command of its own, out of this checkout: no PYTHONPATH pointing back at it."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's build inputs, so building leaves the checkout untouched."""
    copy = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, copy / name)
    return copy


def _without_time(record: dict) -> dict:
    return {**record, "provenance": {**record["provenance"], "extracted_at": None}}


def test_wheel_installed_elsewhere_extracts_the_same_record(nlp, source_copy: Path, tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", wheels, ".",
         cwd=source_copy)
    (wheel,) = wheels.glob("*.whl")
    environment = tmp_path / "env"
    venv.create(environment, system_site_packages=True, with_pip=False)
    python = environment / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel, cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    located = _run(python, "-c", "import pipeline.paths as p; print(p.__file__); print(p.MODELS_DIR)", cwd=elsewhere)
    assert all(str(environment) in line for line in located.stdout.splitlines())

    _run(environment / "bin" / "news-records", "extract", SEED_PAGE, "-o", "records.jsonl", cwd=elsewhere)
    (installed,) = [json.loads(line) for line in (elsewhere / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    (editable,) = extract_pages([str(SEED_PAGE)])
    assert _without_time(installed) == _without_time(editable)


def test_sdist_carries_the_data_files(source_copy: Path, tmp_path: Path) -> None:
    _run(sys.executable, "-m", "build", "--sdist", "--no-isolation", "-o", tmp_path, ".", cwd=source_copy)
    (sdist,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        shipped = {Path(*Path(name).parts[1:]) for name in archive.getnames()}
    data_files = {path.relative_to(ROOT) for path in (ROOT / "models").rglob("*") if path.is_file()}
    assert data_files <= shipped
