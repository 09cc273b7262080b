"""The one inline markup of the span tests."""

import doctest

import pytest

from tests import markup
from tests.markup import parse_example


@pytest.mark.parametrize(("example", "text", "spans"), [
    ("la région <ent>Rabat</ent>-<ent>Salé</ent>-Kénitra", "la région Rabat-Salé-Kénitra",
     [(10, 15, "Rabat", {}), (16, 20, "Salé", {})]),
    ("<ent value='2021' value_end='2024'>Entre 2021 et 2024</ent>, les exportations ont doublé.",
     "Entre 2021 et 2024, les exportations ont doublé.", [(0, 18, "Entre 2021 et 2024", {"value": "2021", "value_end": "2024"})]),
    ("le site <ent name=\"Technopole d'Oujda\">technopole d’Oujda</ent>", "le site technopole d’Oujda",
     [(8, 26, "technopole d’Oujda", {"name": "Technopole d'Oujda"})]),
    ("Le projet créera 3.600 emplois.", "Le projet créera 3.600 emplois.", []),
])
def test_examples_give_the_plain_text_and_the_spans(example: str, text: str, spans: list) -> None:
    plain, marked = parse_example(example)
    assert plain == text
    assert [(span.start, span.end, span.text, span.attrs) for span in marked] == spans
    assert all(plain[span.start:span.end] == span.text for span in marked)


@pytest.mark.parametrize("example", ["à <ent>Rabat", "à Rabat</ent>", "à <ent name=Rabat>Rabat</ent>"])
def test_malformed_markup_is_refused(example: str) -> None:
    with pytest.raises(ValueError, match="malformed <ent> markup"):
        parse_example(example)


def test_docstring_examples() -> None:
    assert doctest.testmod(markup).failed == 0
