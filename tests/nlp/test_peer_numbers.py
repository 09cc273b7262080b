"""Other projects' French number specs in a press sentence (see benchmarks/peer_numbers.py for
which cases are realistic press forms, and why): every one read right, none wrong."""

import pytest
from spacy.language import Language

from benchmarks.peer_numbers import PEER, realistic_cases, score

pytestmark = pytest.mark.skipif(not PEER.exists(), reason="../shared/peer/numbers absent")


def test_every_realistic_press_form_is_read_right(nlp: Language) -> None:
    cases = realistic_cases()
    assert len(cases) >= 100
    failures = [(case.phrase, verdict, hectares) for case, verdict, hectares in score(nlp, cases) if verdict != "right"]
    assert failures == []
