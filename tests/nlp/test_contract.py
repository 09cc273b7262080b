"""The component contract: configured data folders, declared span groups, order, error handling."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.build import COMPONENTS, ComponentOrderError, add_components
from pipeline.paths import MODELS_DIR
from pipeline.run import extract_pages

FAILING = "news_fails_on_panne"


@Language.component(FAILING)
def fails_on_panne(doc: Doc) -> Doc:
    """Stands for a component with a bug: it fails on any article that says « panne »."""
    if "panne" in doc.text:
        raise RuntimeError("le composant est en panne")
    return doc


@pytest.mark.parametrize("name", COMPONENTS)
def test_every_factory_names_its_data_folder_and_span_key(nlp: Language, name: str) -> None:
    config = nlp.get_pipe_config(name)
    assert config["data_dir"] is None  # the package's models/ folder of the component
    assert config["spans_key"] == name.removeprefix("news_")


@pytest.mark.parametrize("order", [
    ("news_places", "news_institutions", "news_areas", "news_dates"),
    ("news_institutions", "news_places", "news_dates", "news_areas"),
])
def test_a_reader_before_its_writer_is_refused(order: tuple[str, ...]) -> None:
    with pytest.raises(ComponentOrderError, match=r"reads doc.spans\['(institutions|areas)'\], which no earlier"):
        add_components(spacy.blank("fr"), order)


def test_every_resource_comes_from_the_configured_folder(tmp_path: Path) -> None:
    """A folder without the date lexicon is refused: nothing is read from a fixed path."""
    folder = tmp_path / "dates"
    folder.mkdir()
    for source in (MODELS_DIR / "dates").iterdir():
        if source.name != "lexicon.tsv":
            (folder / source.name).write_bytes(source.read_bytes())
    with pytest.raises(ValueError, match=f"{folder / 'lexicon.tsv'}: cannot read"):
        spacy.blank("fr").add_pipe("news_dates", config={"data_dir": str(folder)})


@pytest.fixture
def failing_nlp(nlp: Language) -> Iterator[Language]:
    nlp.add_pipe(FAILING, after="news_places")
    try:
        yield nlp
    finally:
        nlp.remove_pipe(FAILING)


def test_a_failing_document_is_reported_by_its_input_and_the_others_kept(failing_nlp: Language, tmp_path: Path) -> None:
    body = ("Le ministère de l'Agriculture a lancé à Meknès un programme de {} hectares d'oliviers, "
            "financé par la Banque mondiale, dans une région où les agriculteurs attendent depuis longtemps "
            "des aides pour moderniser leurs exploitations et irriguer leurs terres pendant la sécheresse.")
    pages = {"a.txt": body.format("3.000"), "b.txt": body.format("2.000") + " La station de pompage est en panne.",
             "c.txt": body.format("1.000")}
    for name, text in pages.items():
        (tmp_path / name).write_text(f"Un titre court\n{text}\n", encoding="utf-8")
    outcomes = list(extract_pages([str(tmp_path / name) for name in pages]))
    assert [outcome.get("input") for outcome in outcomes] == [None, str(tmp_path / "b.txt"), None]
    assert outcomes[1]["stage"] == "nlp"
    assert f"{FAILING}: unexpected RuntimeError: le composant est en panne" in outcomes[1]["reason"]
    assert [outcome["areas"][0]["hectares"] for outcome in (outcomes[0], outcomes[2])] == [3000.0, 1000.0]
