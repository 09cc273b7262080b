"""Items: one that breaks the contract of its list is dropped with a warning; the record is kept."""

import pytest
from spacy.tokens import Span

from pipeline.normalise.dates import DateValue
from pipeline.records import validate
from pipeline.records.validate import item_problem, item_validators
from pipeline.run import checked_items, extract_pages

MARDI = "Le ministre de l'Équipement a reçu le 25 Mardi la délégation de l'Office national de l'eau."


def test_an_item_of_another_type_is_dropped_with_a_warning(nlp) -> None:
    doc = nlp.make_doc(MARDI)
    mardi = next(token for token in doc if token.text == "Mardi")
    date = Span(doc, mardi.i, mardi.i + 1, label="INSTITUTION")
    date._.norm = DateValue(value=None, value_end=None, granularity="day", relative=True)
    doc.spans["institutions"] = [date]
    lists, warnings = checked_items(doc)
    assert lists["institutions"] == ()
    (warning,) = warnings
    assert warning.startswith(f"institutions item 'Mardi' at {mardi.idx} dropped:")


@pytest.mark.parametrize("sentence", [MARDI, "La commission se réunira le 3 Lundi prochain à Rabat, a annoncé le Conseil."])
def test_a_capitalised_weekday_mid_sentence_keeps_its_record(tmp_path, nlp, sentence: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Réunion au ministère\n" + "\n".join([sentence] * 4), encoding="utf-8")
    (record,) = extract_pages([str(page)])
    assert "id" in record, record
    assert validate(record) == []


def test_items_are_checked_after_a_whole_record_was(tmp_path) -> None:
    """Compiling the record schema rewrites it in place; the item checks read their own copy."""
    validate({})
    item_validators.cache_clear()
    assert item_problem("places", {"text": "Fès"}, "Fès").startswith("must contain")
