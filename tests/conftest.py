"""Shared fixtures: the real spaCy pipeline, loaded once per test session."""

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.nlp.build import load_nlp

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()
