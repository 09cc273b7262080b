"""Long texts in pieces: joined back, the pieces give the same text, offsets and entities."""

import pytest

from pipeline.nlp.build import analyse
from pipeline.nlp.pieces import batches, pieces
from pipeline.records import as_json
from pipeline.run import entity_items

PARAGRAPHS = [
    "Le barrage de Kaddoussa, dans la province d'Errachidia, irriguera 5.000 hectares dès le 12 mars 2024.",
    "L'Office national de l'électricité et de l'eau potable (ONEE) a lancé les travaux à Fès en 2023.",
    "La Technopole d'Oujda s'étend sur près de 300 ha, a indiqué l'Agence de l'Oriental le 5 janvier 2025.",
    "À Kénitra, l'Atlantic Free Zone gagne 100 hectares, selon le ministère de l'Industrie et du Commerce.",
]


@pytest.mark.parametrize(
    ("text", "size", "expected"),
    [
        ("Un paragraphe.\nUn autre paragraphe.\nLe dernier.", 40, ["Un paragraphe.\nUn autre paragraphe.\n", "Le dernier."]),
        ("Une phrase longue. Une autre phrase. Une fin.", 30, ["Une phrase longue. ", "Une autre phrase. Une fin."]),
        ("Une phrase longue. Une autre phrase. Une fin.", 20, ["Une phrase longue. ", "Une autre phrase. ", "Une fin."]),
        ("motsanscoupure" * 3, 20, ["motsanscoupuremotsan", "scoupuremotsanscoupu", "re"]),
        ("court", 20, ["court"]),
    ],
)
def test_pieces_cut_after_paragraphs_then_sentences(text: str, size: int, expected: list[str]) -> None:
    assert pieces(text, size) == expected
    assert "".join(expected) == text


def test_a_text_in_pieces_gives_the_entities_of_the_whole(nlp) -> None:
    text = "\n".join(PARAGRAPHS * 3)
    (whole,) = analyse([(text, None, "article")])
    (cut,) = analyse([(text, None, "article")], piece_chars=250)
    assert cut.text == text
    assert as_json(entity_items(cut)) == as_json(entity_items(whole))
    assert all(len(items) >= 3 for items in entity_items(cut).values())


def test_batches_hold_a_bounded_number_of_characters(nlp) -> None:
    docs = [nlp.make_doc(text) for text in ("a" * 30, "b" * 30, "c" * 10, "d" * 80, "e")]
    sizes = [[len(doc.text) for doc in batch] for batch in batches(docs, 16, chars=60)]
    assert sizes == [[30, 30], [10], [80], [1]]
    assert [[len(doc.text) for doc in batch] for batch in batches(docs, 2, chars=1000)] == [[30, 30], [10, 80], [1]]
