"""Shared fixtures: the real spaCy pipeline, loaded once per test session."""

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.nlp.build import load_nlp

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_PAGE = ROOT / "samples" / "pages" / "maghress-zones-industrielles.txt"
"""The project's copy of the seed page: an aggregator text dump of a Les ECO article."""


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()
