"""The places component on French sentences: which stretches are places, and which place each is.

Expected places are marked inline (tests/markup.py): ``à <ent>Nouaceur</ent>``; the canonical
name is the marked text unless a ``name`` attribute gives it: ``<ent name='Fès'>Fes</ent>``.
"""

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.records import as_json
from pipeline.run import entity_items
from tests.conftest import SEED_PAGE
from tests.markup import parse_example

FOUND = [
    # The seed page's sites, each one place tied to its city.
    "De <ent>Tanger Tech</ent> à la <ent>Technopole d'Oujda</ent>, l'aménagement industriel devient un levier.",
    "<ent>Tanger Med</ent>, <ent>Jorf Lasfar</ent>, <ent>Kénitra</ent> ou encore <ent>Midparc</ent>, à <ent>Nouaceur</ent>, constituent les vitrines.",
    "Le projet de la <ent name='Tanger Tech'>Cité Mohammed VI Tanger Tech</ent>, développé sur 2.000 ha, affirme cette approche.",
    "Des sites comme l'<ent>Ecoparc de Berrechid</ent> illustrent l'ancrage de standards environnementaux.",
    "Le projet <ent>Tanger Automotive City</ent> accueille de nouveaux équipementiers.",
    "Des zones émergentes comme <ent>Beni Mellal</ent>, <ent>Guercif</ent>, <ent>Oujda</ent> ou <ent>Laâyoune</ent> se développent.",
    # Spelling variants resolve to one canonical name.
    "La délégation s'est rendue à <ent name='Laâyoune'>Laayoune</ent> puis à <ent>Dakhla</ent>.",
    "Le salon se tiendra à <ent name='Fès'>Fes</ent> du 3 au 5 mai.",
    "L'usine de <ent name='Benguerir'>Ben Guerir</ent> emploie 300 personnes.",
    "Le port de <ent name='Kénitra'>Kenitra</ent> sera agrandi.",
    "Le <ent name='Sahara'>Sahara marocain</ent> accueille de grands projets.",
    "Les investisseurs de <ent>Sebta</ent> et <ent>Melilia</ent> s'inquiètent.",
    "Un vol direct relie désormais <ent>Casablanca</ent> à <ent>Londres</ent>.",
    # Countries, continents, regions: the name only, without article or « région de ».
    "Le <ent>Maroc</ent> et l'<ent>Espagne</ent> ont signé un accord à <ent>Madrid</ent>.",
    "Les exportations vers l'<ent>Afrique</ent> et l'<ent>Europe</ent> progressent.",
    "La région de <ent>Souss-Massa</ent> et la région de l'<ent>Oriental</ent> sont concernées.",
    "Les camps de <ent>Tindouf</ent>, en <ent>Algérie</ent>, accueillent des réfugiés.",
    # Natural features and new towns.
    "La lagune de <ent>Marchica</ent>, près de <ent>Nador</ent>, est protégée.",
    "Les incendies ont touché la forêt de la <ent>Maâmora</ent>, entre <ent>Salé</ent> et <ent>Kénitra</ent>.",
    "L'éco-cité <ent>Zenata</ent> et la ville nouvelle de <ent>Tamesna</ent> attirent des ménages.",
    # A site's phase number belongs to its name.
    "La centrale <ent>Noor Midelt II</ent> entrera en service en 2026.",
    # Names the gazetteer does not know, made places by the word before them.
    "Le barrage <ent>Al Wahda</ent> est rempli à 40 %.",
    "La plaine de <ent>Chtouka</ent> souffre de la sécheresse.",
    "Une mobilisation a eu lieu à <ent>Clichy-sous-Bois</ent>, en région parisienne.",
    # A place after an organisation's name is still a place.
    "Le Green & Smart Building Park de <ent>Benguerir</ent>, piloté par l'IRESEN, symbolise cette alliance.",
    # Hyphenated compounds stay whole, and every item of a list is found.
    "Les régions <ent>Casablanca-Settat</ent>, <ent>Drâa-Tafilalet</ent> et <ent>Souss-Massa</ent> ont signé avec la <ent>Guinée-Bissau</ent> et le <ent>Sénégal</ent>.",
    "Le prix a été remis au Président de la République du <ent>Sénégal</ent>, Macky Sall.",
    # Small towns and foreign states, where the model agrees; « A » opening a sentence is « à ».
    "A <ent>Yopougon</ent>, quartier populaire d'<ent>Abidjan</ent>, des manifestants ont bloqué la route. A <ent>Bangolo</ent>, le calme est revenu.",
    "Le procès s'est ouvert à <ent name='Bellinzona'>Bellinzone</ent>, dans le sud de la <ent>Suisse</ent>.",
    "Il vit désormais dans le <ent>New Jersey</ent> et travaille à <ent>Manhattan</ent>.",
    "Les violences ont fait 20 morts en territoire de <ent>Djugu</ent>, dans la province de l'<ent>Ituri</ent>.",
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
    "L'attaque a été attribuée à l'Etat islamique, selon un entretien accordé à BFMTV.",
    # A person's surname, once the article has written the full name.
    "Henri Konan Bédié a rejeté la candidature, a déclaré son porte-parole. Pour Bédié, le texte est clair.",
    "Alassane Ouattara a été investi par son parti. Selon Ouattara, le scrutin se tiendra à la date prévue.",
]


def places(doc: Doc) -> list[dict]:
    return as_json(entity_items(doc))["places"]


@pytest.mark.parametrize("example", FOUND)
def test_places_found_with_canonical_names(nlp: Language, example: str) -> None:
    text, expected = parse_example(example)
    items = places(nlp(text))
    assert [(item["start"], item["end"]) for item in items] == [(span.start, span.end) for span in expected]
    assert [item["name"] for item in items] == [span.attrs.get("name", span.text) for span in expected]
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
