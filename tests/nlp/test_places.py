"""The places component on French sentences: which stretches are places, and which place each is.

Expected places are marked inline: ``à <Nouaceur>``; the list gives their canonical names
in text order.
"""

import re

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.records.items import entity_items
from tests.conftest import SEED_PAGE

MARK = re.compile(r"<([^<>]+)>")

FOUND = [
    # The seed page's sites, each one place tied to its city.
    ("De <Tanger Tech> à la <Technopole d'Oujda>, l'aménagement industriel devient un levier.",
     ["Tanger Tech", "Technopole d'Oujda"]),
    ("<Tanger Med>, <Jorf Lasfar>, <Kénitra> ou encore <Midparc>, à <Nouaceur>, constituent les vitrines.",
     ["Tanger Med", "Jorf Lasfar", "Kénitra", "Midparc", "Nouaceur"]),
    ("Le projet de la <Cité Mohammed VI Tanger Tech>, développé sur 2.000 ha, affirme cette approche.",
     ["Tanger Tech"]),
    ("Des sites comme l'<Ecoparc de Berrechid> illustrent l'ancrage de standards environnementaux.",
     ["Ecoparc de Berrechid"]),
    ("Le projet <Tanger Automotive City> accueille de nouveaux équipementiers.", ["Tanger Automotive City"]),
    ("Des zones émergentes comme <Beni Mellal>, <Guercif>, <Oujda> ou <Laâyoune> se développent.",
     ["Beni Mellal", "Guercif", "Oujda", "Laâyoune"]),
    # Spelling variants resolve to one canonical name.
    ("La délégation s'est rendue à <Laayoune> puis à <Dakhla>.", ["Laâyoune", "Dakhla"]),
    ("Le salon se tiendra à <Fes> du 3 au 5 mai.", ["Fès"]),
    ("L'usine de <Ben Guerir> emploie 300 personnes.", ["Benguerir"]),
    ("Le port de <Kenitra> sera agrandi.", ["Kénitra"]),
    ("Le <Sahara marocain> accueille de grands projets.", ["Sahara"]),
    ("Les investisseurs de <Sebta> et <Melilia> s'inquiètent.", ["Sebta", "Melilia"]),
    ("Un vol direct relie désormais <Casablanca> à <Londres>.", ["Casablanca", "Londres"]),
    # Countries, continents, regions: the name only, without article or « région de ».
    ("Le <Maroc> et l'<Espagne> ont signé un accord à <Madrid>.", ["Maroc", "Espagne", "Madrid"]),
    ("Les exportations vers l'<Afrique> et l'<Europe> progressent.", ["Afrique", "Europe"]),
    ("La région de <Souss-Massa> et la région de l'<Oriental> sont concernées.", ["Souss-Massa", "Oriental"]),
    ("Les camps de <Tindouf>, en <Algérie>, accueillent des réfugiés.", ["Tindouf", "Algérie"]),
    # Natural features and new towns.
    ("La lagune de <Marchica>, près de <Nador>, est protégée.", ["Marchica", "Nador"]),
    ("Les incendies ont touché la forêt de la <Maâmora>, entre <Salé> et <Kénitra>.",
     ["Maâmora", "Salé", "Kénitra"]),
    ("L'éco-cité <Zenata> et la ville nouvelle de <Tamesna> attirent des ménages.", ["Zenata", "Tamesna"]),
    # A site's phase number belongs to its name.
    ("La centrale <Noor Midelt II> entrera en service en 2026.", ["Noor Midelt II"]),
    # Names the gazetteer does not know, made places by the word before them.
    ("Le barrage <Al Wahda> est rempli à 40 %.", ["Al Wahda"]),
    ("La plaine de <Chtouka> souffre de la sécheresse.", ["Chtouka"]),
    ("Une mobilisation a eu lieu à <Clichy-sous-Bois>, en région parisienne.", ["Clichy-sous-Bois"]),
    # A place after an organisation's name is still a place.
    ("Le Green & Smart Building Park de <Benguerir>, piloté par l'IRESEN, symbolise cette alliance.",
     ["Benguerir"]),
]

NOT_PLACES = [
    "Sanae Raqui / Les Inspirations ECO",
    "Eco-quartiers et zones durables, un nouveau paradigme d'urbanisme économique",
    "Le ministère de l'Aménagement du territoire national et de l'Urbanisme inscrit la planification.",
    # A place name as a person's name, or after a title.
    "M. Fès a présidé la réunion.",
    "Ahmed Fès, directeur de l'agence, a présenté le bilan.",
    "Nancy Ajram chantera au festival.",
    # Common words that fold like an alternate spelling of a city.
    "Il a également visité l'usine.",
    "Par la suite, le projet a été abandonné.",
    # A place name inside a programme's or a company's name.
    "Le Plan Maroc Vert a transformé l'agriculture.",
    "Maroc Telecom a publié ses résultats.",
    # A capitalised common noun the model tags LOC.
    "Au Bulletin officiel du 13 mai, l'avis a été publié.",
]


def marked(sentence: str) -> tuple[str, list[tuple[int, int]]]:
    """The plain sentence and the character offsets of its marked spans."""
    text, spans, cursor = "", [], 0
    for match in MARK.finditer(sentence):
        text += sentence[cursor:match.start()]
        spans.append((len(text), len(text) + len(match.group(1))))
        text += match.group(1)
        cursor = match.end()
    return text + sentence[cursor:], spans


def places(doc: Doc) -> list[dict]:
    return entity_items(doc)["places"]


@pytest.mark.parametrize(("sentence", "names"), FOUND)
def test_places_found_with_canonical_names(nlp: Language, sentence: str, names: list[str]) -> None:
    text, spans = marked(sentence)
    items = places(nlp(text))
    assert [(item["start"], item["end"]) for item in items] == spans
    assert [item["name"] for item in items] == names
    assert all(item["text"] == text[item["start"]:item["end"]] for item in items)


@pytest.mark.parametrize("sentence", NOT_PLACES)
def test_not_places(nlp: Language, sentence: str) -> None:
    assert places(nlp(sentence)) == []


@pytest.mark.parametrize(("sentence", "kind"), [
    ("La ville de Kénitra compte 1,1 million d'habitants.", "city"),
    ("La province de Kénitra compte 1,1 million d'habitants.", "province"),
    ("Le Maroc a signé l'accord.", "country"),
    ("Le port de Tanger Med a battu un record.", "site"),
    ("La région Dakhla-Oued Eddahab a approuvé le budget.", "region"),
])
def test_a_word_before_the_name_picks_the_kind(nlp: Language, sentence: str, kind: str) -> None:
    (item,) = places(nlp(sentence))
    assert item["kind"] == kind


def test_an_item_carries_every_field_of_a_place(nlp: Language) -> None:
    (item,) = places(nlp("La Technopole d'Oujda accueille ses premières entreprises."))
    assert item == {
        "text": "Technopole d'Oujda", "start": 3, "end": 21, "name": "Technopole d'Oujda", "kind": "site",
        "country": "MA", "lat": 34.76, "lon": -1.91, "geonames_id": None, "parent": "Oujda", "source": "both",
    }


def test_western_sahara_towns_are_reported_as_moroccan(nlp: Language) -> None:
    items = places(nlp("La délégation s'est rendue à Laâyoune, à Dakhla et à Boujdour."))
    assert [(item["name"], item["country"]) for item in items] == [("Laâyoune", "MA"), ("Dakhla", "MA"), ("Boujdour", "MA")]


@pytest.mark.parametrize(("sentence", "source"), [
    ("Le salon se tiendra à Fès du 3 au 5 mai.", "both"),  # tagged LOC and known
    ("Midparc, à Nouaceur, accueille des équipementiers.", "gazetteer"),  # the model says PER
    ("Le barrage Al Wahda est rempli à 40 %.", "model"),  # unknown to the gazetteer
])
def test_source_says_who_found_the_place(nlp: Language, sentence: str, source: str) -> None:
    assert places(nlp(sentence))[0]["source"] == source


def test_a_model_place_has_no_coordinates(nlp: Language) -> None:
    (item,) = places(nlp("Le barrage Al Wahda est rempli à 40 %."))
    assert (item["name"], item["kind"], item["lat"], item["lon"], item["country"]) == ("Al Wahda", "natural", None, None, None)


def test_places_inside_institutions_are_skipped(nlp: Language) -> None:
    """Whatever the institutions component finds, places inside its spans are not places."""
    text = "L'Agence urbaine de Casablanca a validé le plan de Rabat."
    doc = nlp(text)
    start = text.index("Agence")
    doc.spans["institutions"] = [doc.char_span(start, text.index(" a validé"), label="INSTITUTION")]
    nlp.get_pipe("news_places")(doc)
    assert [item["name"] for item in places(doc)] == ["Rabat"]


def test_spans_are_sorted_and_disjoint(nlp: Language) -> None:
    doc = nlp("Rabat, Salé, Kénitra, Tanger Med et la Technopole d'Oujda sont citées, puis Rabat encore.")
    spans: list[Span] = list(doc.spans["places"])
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def seed_body() -> str:
    """The seed page's article: from after the « Publié dans … » line to the author line."""
    page = SEED_PAGE.read_text(encoding="utf-8")
    start = page.index("\n", page.index("Publié dans")) + 1
    author = "Sanae Raqui / Les Inspirations ECO"
    return page[start:page.index(author) + len(author)].strip()


def test_seed_page_places(nlp: Language) -> None:
    items = places(nlp(seed_body()))
    named = {item["name"] for item in items} | {item["parent"] for item in items if item["kind"] == "site"}
    expected = {"Tanger", "Oujda", "Maroc", "Jorf Lasfar", "Kénitra", "Nouaceur", "Berrechid", "Beni Mellal",
                "Guercif", "Laâyoune", "Casablanca", "Benguerir", "Rabat", "Fès"}
    assert expected <= named
    assert all(item["lat"] is not None and item["lon"] is not None for item in items)
    midparc = next(item for item in items if item["name"] == "Midparc")
    assert (midparc["kind"], midparc["parent"]) == ("site", "Nouaceur")
    texts = {item["text"] for item in items}
    assert not texts & {"Sanae", "Sanae Raqui", "Eco-quartiers", "Urbanisme"}
