"""The areas component on French sentences: which stretches are areas, and how many hectares.

Expected areas are marked inline: ``<environ 13.000 ha>``; the list gives their
hectares in text order, a pair for a range.
"""

import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.records.items import entity_items
from tests.conftest import SEED_PAGE

MARK = re.compile(r"<([^<>]+)>")

POSITIVES = [
    # The seed page's sentence: a unit understood from an earlier figure.
    (
        "Depuis 2021, <3.600 hectares> (ha) ont été créés et <2.400> autres sont en cours de réalisation.",
        [3600, 2400],
    ),
    ("<4.000 ha> supplémentaires ont été alloués en 2024.", [4000]),
    ("Les terres irriguées atteignent <4 000 ha> et <1 200> autres sont prévus.", [4000, 1200]),
    ("Outre les <10.000 hectares> aménagés, <6.000> supplémentaires seront livrés.", [10000, 6000]),
    ("Le périmètre couvre <13.000 ha>, dont <3.600> irrigués.", [13000, 3600]),
    ("La région compte <20.000 ha>, dont 3.600 agriculteurs.", [20000]),
    ("La région compte <20.000 ha>, dont 40 % de terres irriguées.", [20000]),
    ("Une zone de <1.650 hectares>, dont une première tranche de <400 ha> sera aménagée.", [1650, 400]),
    ("L'olivier occupe <quelque 80.000 ha>, dont une bonne part plantée récemment.", [80000]),
    # Numbers as the press writes them.
    ("Le parc industriel s'étend sur <13.000 ha> au nord de la ville.", [13000]),
    ("La commune dispose de <3 600 hectares> de terres agricoles.", [3600]),
    ("La commune dispose de <3\u00a0600 hectares> de terres agricoles.", [3600]),
    ("La commune dispose de <3\u202f600 hectares> de terres agricoles.", [3600]),
    ("La superficie totale est de <12.500 ha>.", [12500]),
    ("Le projet porte sur <1,5 ha> en plein centre-ville.", [1.5]),
    ("Un terrain de <2,5 hectares> a été mobilisé.", [2.5]),
    ("Le domaine compte <1.234,5 ha> de vignes.", [1234.5]),
    ("Une parcelle de <3.6 ha> a été cédée.", [3.6]),
    ("Le programme vise <1,5 million d'hectares> de cultures irriguées.", [1_500_000]),
    ("Le plan prévoit de planter <2 millions d'hectares> de céréales.", [2_000_000]),
    ("Les incendies ont ravagé <un millier d'hectares> de forêt.", [1000]),
    ("Un verger d'<une centaine d'hectares> sera replanté.", [100]),
    ("La réserve couvre <deux mille hectares>.", [2000]),
    ("Le lotissement occupe <trois cents hectares> près de la côte.", [300]),
    ("L'exploitation s'étend sur <quarante-deux hectares>.", [42]),
    ("Le domaine s'étend sur <vingt et un hectares>.", [21]),
    ("Une extension d'<un hectare> est prévue.", [1]),
    ("Le barrage irrigue <30ha> de vergers.", [30]),
    # Units.
    ("La coopérative exploite <3 HA> de serres.", [3]),
    ("La ville s'étend sur <12 km²>.", [1200]),
    ("La ville s'étend sur <12 km2>.", [1200]),
    ("Le parc national s'étend sur <1.234 Km²>.", [123400]),
    ("Le lac couvre <25 kilomètres carrés>.", [2500]),
    ("Le centre commercial offre <45.000 m²> de surfaces.", [4.5]),
    ("Les bureaux occupent <5 000 mètres carrés>.", [0.5]),
    ("Le showroom de <800 m2> ouvre ses portes.", [0.08]),
    ("Le jardin mesure <50 ares>.", [0.5]),
    # Compounds.
    ("Le titre foncier porte sur <442 hectares, 55 ares et 97 centiares>.", [442.5597]),
    ("Le lot de <12 ha 50 ares> a été vendu.", [12.5]),
    # Ranges.
    ("La zone s'étendra <entre 200 et 300 ha> selon les plans.", [(200, 300)]),
    ("<Entre 5 et 10 ha> seront réservés aux équipements.", [(5, 10)]),
    ("Chaque ferme occupe <de 200 à 300 hectares>.", [(200, 300)]),
    ("Les parcelles font <200 à 300 ha> chacune.", [(200, 300)]),
    ("Des lots de <200-300 ha> seront attribués.", [(200, 300)]),
    ("Le périmètre couvre <2 500 à 3 000 ha>.", [(2500, 3000)]),
    ("La forêt couvre <entre 1 et 1,5 million d'hectares>.", [(1_000_000, 1_500_000)]),
    # Qualifiers.
    ("Le total atteint <environ 13.000 ha> de zones industrielles actives.", [13000]),
    ("Le feu a détruit <près de 3.000 hectares> de forêt.", [3000]),
    ("L'oasis couvre <près d'un million d'hectares>.", [1_000_000]),
    ("La région compte <quelque 500 ha> de palmeraies.", [500]),
    ("L'Etat a mobilisé <plus de 4.000 ha> pour l'investissement.", [4000]),
    ("L'Etat a mobilisé <plus d'un millier d'hectares>.", [1000]),
    ("Il faut <au moins 12 hectares> pour ce type de projet.", [12]),
    ("Les petites exploitations font <moins de 5 ha>.", [5]),
    ("Le projet pourra s'étendre <jusqu'à 300 Ha>.", [300]),
    # Several areas in one sentence stay apart.
    ("La zone A couvre <300 ha> et la zone B <200 ha>.", [300, 200]),
    ("La ville nouvelle, étalée sur <1.830 hectares>, comptera <12 km²> d'espaces verts.", [1830, 1200]),
    ("L'oliveraie est passée de <400.000 ha> en 2008 à <1,2 million d'hectares> en 2020.", [400_000, 1_200_000]),
    ("La superficie emblavée a atteint <3,6 millions d'hectares>, contre <4,2 Mha> l'an dernier.", [3_600_000, 4_200_000]),
]

NEGATIVES = [
    "Le projet créera 3.600 emplois directs.",
    "Plus de 3.600 personnes ont visité le salon en 2024.",
    "Le budget atteint 13.000 dirhams par bénéficiaire.",
    "La centrale aura une capacité de 2.000 MW.",
    "Le taux de remplissage atteint 12 % cette année.",
    "L'investissement s'élève à 1,287 milliard de dirhams.",
    "Le tronçon de 15 km sera livré en 2025.",
    "Le réservoir contient 4,5 m³ d'eau.",
    "La baie d'Ha Long attire des touristes depuis 2019.",
    "En 2019 Ha Long a reçu 3 millions de visiteurs.",
    "Pour plus d'informations, appelez le 05 22 48 13 00.",
    "L'article 12 de la loi 12-90 relative à l'urbanisme a été modifié.",
    "Des milliers d'hectares de forêt sont menacés.",
    "Les 2.400 autres candidats seront convoqués.",
    "Le projet a créé 3.000 emplois, dont 2.400 autres.",
    "Le stade de 45.000 places sera livré en 2030.",
]


def unmark(marked: str) -> tuple[str, list[str]]:
    """The plain text and the marked stretches, in order."""
    return MARK.sub(r"\1", marked), MARK.findall(marked)


def bounds(expected: float | tuple[float, float]) -> tuple[float, float | None]:
    return expected if isinstance(expected, tuple) else (expected, None)


@pytest.mark.parametrize(("marked", "expected"), POSITIVES)
def test_finds_areas(nlp: Language, marked: str, expected: list) -> None:
    text, stretches = unmark(marked)
    items = entity_items(nlp(text))["areas"]
    assert [item["text"] for item in items] == stretches
    assert [(item["hectares"], item["hectares_max"]) for item in items] == [bounds(value) for value in expected]


@pytest.mark.parametrize("text", NEGATIVES)
def test_leaves_what_is_not_an_area(nlp: Language, text: str) -> None:
    assert entity_items(nlp(text))["areas"] == []


def test_keeps_qualifier_value_and_unit(nlp: Language) -> None:
    items = entity_items(nlp("Le total atteint environ 13.000 ha, dont 3.600 hectares (ha) irrigués et 2.400 autres."))
    assert [(item["qualifier"], item["value"], item["unit"]) for item in items["areas"]] == [
        ("approximate", 13000.0, "ha"),
        (None, 3600.0, "hectares"),
        (None, 2400.0, "hectares"),
    ]


@pytest.mark.parametrize(
    ("text", "measured"),
    [
        (
            "Cela porte le total à environ 13.000 ha de zones industrielles actives.",
            "zones industrielles actives",
        ),
        ("La zone industrielle de Kénitra s'étend sur une superficie de 300 hectares.", "La zone industrielle de Kénitra"),
        ("Un logement de 80 m² coûte 250.000 dirhams.", "Un logement"),
        ("Depuis 2021, 3.600 hectares ont été créés.", None),
    ],
)
def test_measured_comes_from_the_parse(nlp: Language, text: str, measured: str | None) -> None:
    (item,) = entity_items(nlp(text))["areas"]
    assert item["measured"] == measured


@dataclass(frozen=True)
class Place:
    """Stands in for the places component's value: the areas component reads only its name."""

    name: str


def with_places(nlp: Language, doc: Doc, places: list[tuple[str, str]]) -> Doc:
    """Run the areas component again after placing ``(surface text, name)`` places in the doc."""
    spans = []
    for surface, name in places:
        start = doc.text.index(surface)
        span = doc.char_span(start, start + len(surface))
        span._.norm = Place(name)
        spans.append(span)
    doc.spans["places"] = spans
    return nlp.get_pipe("news_areas")(doc)


def test_place_is_the_closest_of_the_sentence(nlp: Language) -> None:
    doc = nlp(
        "À Rabat, le ministère a présenté le projet. "
        "La zone de Kénitra s'étend sur 300 ha et celle de Fès sur 200 ha."
    )
    doc = with_places(nlp, doc, [("Rabat", "Rabat"), ("Kénitra", "Kénitra"), ("Fès", "Fès")])
    assert [item["place"] for item in entity_items(doc)["areas"]] == ["Kénitra", "Fès"]


def test_no_place_outside_the_sentence(nlp: Language) -> None:
    doc = with_places(nlp, nlp("Le projet est à Rabat. Il couvre 300 ha."), [("Rabat", "Rabat")])
    assert [item["place"] for item in entity_items(doc)["areas"]] == [None]


def test_spans_are_sorted_apart_and_match_the_text(nlp: Language) -> None:
    doc = nlp("Sur 442 hectares, 55 ares et 97 centiares, puis entre 200 et 300 ha, et 12 km².")
    spans: list[Span] = list(doc.spans["areas"])
    assert all(left.end <= right.start for left, right in zip(spans, spans[1:]))
    for item in entity_items(doc)["areas"]:
        assert doc.text[item["start"] : item["end"]] == item["text"]


def french(value: int, separator: str) -> str:
    return f"{value:,}".replace(",", separator) if separator else str(value)


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**7),
    st.sampled_from([".", " ", "\u00a0", "\u202f", ""]),
    st.sampled_from([("ha", 1), ("hectares", 1), ("km²", 100), ("kilomètres carrés", 100)]),
)
def test_figures_in_every_style_read_back_in_a_sentence(
    nlp: Language, value: int, separator: str, unit: tuple[str, int]
) -> None:
    form, size = unit
    doc = nlp(f"La zone s'étend sur {french(value, separator)} {form} au total.")
    assert [item["hectares"] for item in entity_items(doc)["areas"]] == [value * size]


def test_seed_page_has_exactly_its_five_areas(nlp: Language) -> None:
    page = SEED_PAGE.read_text(encoding="utf-8")
    body = page[page.index("Le territoire national se recompose") : page.index("Sanae Raqui")]
    items = entity_items(nlp(body))["areas"]
    assert [(item["hectares"], item["hectares_max"]) for item in items] == [
        (3600, None),
        (2400, None),
        (4000, None),
        (13000, None),
        (2000, None),
    ]
