"""The areas component on French sentences: which stretches are areas, and how many hectares.

Expected areas are marked inline (tests/markup.py) with their hectares:
``<ent hectares='13000'>environ 13.000 ha</ent>``, and ``hectares_max`` for a range.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.normalise.places import Place
from pipeline.records import as_json
from pipeline.run import entity_items
from tests.conftest import SEED_PAGE
from tests.markup import Marked, parse_example

POSITIVES = [
    # The seed page's sentence: a unit understood from an earlier figure.
    "Depuis 2021, <ent hectares='3600'>3.600 hectares</ent> (ha) ont été créés et <ent hectares='2400'>2.400</ent> autres sont en cours de réalisation.",
    "<ent hectares='4000'>4.000 ha</ent> supplémentaires ont été alloués en 2024.",
    "Les terres irriguées atteignent <ent hectares='4000'>4 000 ha</ent> et <ent hectares='1200'>1 200</ent> autres sont prévus.",
    "Outre les <ent hectares='10000'>10.000 hectares</ent> aménagés, <ent hectares='6000'>6.000</ent> supplémentaires seront livrés.",
    "Le périmètre couvre <ent hectares='13000'>13.000 ha</ent>, dont <ent hectares='3600'>3.600</ent> irrigués.",
    "La région compte <ent hectares='20000'>20.000 ha</ent>, dont 3.600 agriculteurs.",
    "La région compte <ent hectares='20000'>20.000 ha</ent>, dont 40 % de terres irriguées.",
    "Une zone de <ent hectares='1650'>1.650 hectares</ent>, dont une première tranche de <ent hectares='400'>400 ha</ent> sera aménagée.",
    "L'olivier occupe <ent hectares='80000'>quelque 80.000 ha</ent>, dont une bonne part plantée récemment.",
    # Numbers as the press writes them.
    "Le parc industriel s'étend sur <ent hectares='13000'>13.000 ha</ent> au nord de la ville.",
    "La commune dispose de <ent hectares='3600'>3 600 hectares</ent> de terres agricoles.",
    "La commune dispose de <ent hectares='3600'>3\u00a0600 hectares</ent> de terres agricoles.",
    "La commune dispose de <ent hectares='3600'>3\u202f600 hectares</ent> de terres agricoles.",
    "La superficie totale est de <ent hectares='12500'>12.500 ha</ent>.",
    "Le projet porte sur <ent hectares='1.5'>1,5 ha</ent> en plein centre-ville.",
    "Un terrain de <ent hectares='2.5'>2,5 hectares</ent> a été mobilisé.",
    "Le domaine compte <ent hectares='1234.5'>1.234,5 ha</ent> de vignes.",
    "Une parcelle de <ent hectares='3.6'>3.6 ha</ent> a été cédée.",
    "Le programme vise <ent hectares='1500000'>1,5 million d'hectares</ent> de cultures irriguées.",
    "Le plan prévoit de planter <ent hectares='2000000'>2 millions d'hectares</ent> de céréales.",
    "Les incendies ont ravagé <ent hectares='1000'>un millier d'hectares</ent> de forêt.",
    "Un verger d'<ent hectares='100'>une centaine d'hectares</ent> sera replanté.",
    "La réserve couvre <ent hectares='2000'>deux mille hectares</ent>.",
    "Le lotissement occupe <ent hectares='300'>trois cents hectares</ent> près de la côte.",
    "L'exploitation s'étend sur <ent hectares='42'>quarante-deux hectares</ent>.",
    "Le domaine s'étend sur <ent hectares='21'>vingt et un hectares</ent>.",
    "Une extension d'<ent hectares='1'>un hectare</ent> est prévue.",
    "Le barrage irrigue <ent hectares='30'>30ha</ent> de vergers.",
    "La forêt de la Maâmora couvre <ent hectares='133000'>cent trente-trois mille hectares</ent>.",
    (
        "Le plan porte sur <ent hectares='51578302'>cinquante et un million cinq cent soixante dix-huit mille "
        "trois cent deux hectares</ent>."
    ),
    "Les nouvelles plantations atteignent <ent hectares='2.5'>deux virgule cinq hectares</ent> par exploitant.",
    "Chaque lot mesure <ent hectares='0.5'>un demi-hectare</ent> environ.",
    "Le programme vise <ent hectares='500000'>un demi-million d'hectares</ent> de céréales.",
    "Les incendies ont détruit <ent hectares='500000'>près d'un demi-million d'hectares</ent>.",
    "Le pays compte <ent hectares='1500000'>un million et demi d'hectares</ent> de terres irriguées.",
    "La coopérative exploite <ent hectares='0.75'>trois quarts d'hectare</ent> de serres.",
    "Chaque bénéficiaire reçoit <ent hectares='0.5'>1/2 ha</ent> de terrain.",
    "Le verger s'étend sur <ent hectares='2.5'>deux hectares et demi</ent>.",
    "Les palmiers occupent <ent hectares='0.333333'>un tiers d'hectare</ent>.",
    "Le plan couvre <ent hectares='1200000'>1 million 200 mille hectares</ent>.",
    "Le domaine compte <ent hectares='861059'>huit cent soixante et un mille cinquante-neuf hectares</ent>.",
    (
        "<ent hectares='1000000' hectares_max='1500000'>Entre un million et un million et demi d'hectares</ent> "
        "seront replantés."
    ),
    "En 2019 <ent hectares='300'>300 ha</ent> ont été plantés.",
    # Units.
    "La coopérative exploite <ent hectares='3'>3 HA</ent> de serres.",
    "La ferme texane s'étend sur <ent hectares='18.210854'>45 acres</ent>.",
    "La ville s'étend sur <ent hectares='1200'>12 km²</ent>.",
    "La ville s'étend sur <ent hectares='1200'>12 km2</ent>.",
    "Le parc national s'étend sur <ent hectares='123400'>1.234 Km²</ent>.",
    "Le lac couvre <ent hectares='2500'>25 kilomètres carrés</ent>.",
    "Le centre commercial offre <ent hectares='4.5'>45.000 m²</ent> de surfaces.",
    "Les bureaux occupent <ent hectares='0.5'>5 000 mètres carrés</ent>.",
    "Le showroom de <ent hectares='0.08'>800 m2</ent> ouvre ses portes.",
    "Le jardin mesure <ent hectares='0.5'>50 ares</ent>.",
    # Compounds.
    "Le titre foncier porte sur <ent hectares='442.5597'>442 hectares, 55 ares et 97 centiares</ent>.",
    "Le lot de <ent hectares='12.5'>12 ha 50 ares</ent> a été vendu.",
    # Ranges.
    "La zone s'étendra <ent hectares='200' hectares_max='300'>entre 200 et 300 ha</ent> selon les plans.",
    "<ent hectares='5' hectares_max='10'>Entre 5 et 10 ha</ent> seront réservés aux équipements.",
    "Chaque ferme occupe <ent hectares='200' hectares_max='300'>de 200 à 300 hectares</ent>.",
    "Les parcelles font <ent hectares='200' hectares_max='300'>200 à 300 ha</ent> chacune.",
    "Des lots de <ent hectares='200' hectares_max='300'>200-300 ha</ent> seront attribués.",
    "Le périmètre couvre <ent hectares='2500' hectares_max='3000'>2 500 à 3 000 ha</ent>.",
    "La forêt couvre <ent hectares='1000000' hectares_max='1500000'>entre 1 et 1,5 million d'hectares</ent>.",
    # Qualifiers.
    "Le total atteint <ent hectares='13000'>environ 13.000 ha</ent> de zones industrielles actives.",
    "Le feu a détruit <ent hectares='3000'>près de 3.000 hectares</ent> de forêt.",
    "L'oasis couvre <ent hectares='1000000'>près d'un million d'hectares</ent>.",
    "La région compte <ent hectares='500'>quelque 500 ha</ent> de palmeraies.",
    "L'Etat a mobilisé <ent hectares='4000'>plus de 4.000 ha</ent> pour l'investissement.",
    "L'Etat a mobilisé <ent hectares='1000'>plus d'un millier d'hectares</ent>.",
    "Il faut <ent hectares='12'>au moins 12 hectares</ent> pour ce type de projet.",
    "Les petites exploitations font <ent hectares='5'>moins de 5 ha</ent>.",
    "Le projet pourra s'étendre <ent hectares='300'>jusqu'à 300 Ha</ent>.",
    # Several areas in one sentence stay apart.
    "La zone A couvre <ent hectares='300'>300 ha</ent> et la zone B <ent hectares='200'>200 ha</ent>.",
    "La ville nouvelle, étalée sur <ent hectares='1830'>1.830 hectares</ent>, comptera <ent hectares='1200'>12 km²</ent> d'espaces verts.",
    "L'oliveraie est passée de <ent hectares='400000'>400.000 ha</ent> en 2008 à <ent hectares='1200000'>1,2 million d'hectares</ent> en 2020.",
    "La superficie emblavée a atteint <ent hectares='3600000'>3,6 millions d'hectares</ent>, contre <ent hectares='4200000'>4,2 Mha</ent> l'an dernier.",
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
    # A number is read whole or not at all.
    "Le projet s'étend sur mille mille deux cent hectares.",
    "Le projet s'étend sur cinq zéro hectares.",
    "Le projet s'étend sur soixante quinze cent hectares.",
    "Le projet s'étend sur cinquante - zéro hectares.",
    "La parcelle de 1.234 567 ha a été vendue.",
]


def bounds(span: Marked) -> tuple[float, float | None]:
    """The hectares a marked area states, and the upper bound of a range."""
    upper = span.attrs.get("hectares_max")
    return float(span.attrs["hectares"]), None if upper is None else float(upper)


@pytest.mark.parametrize("example", POSITIVES)
def test_finds_areas(nlp: Language, example: str) -> None:
    text, expected = parse_example(example)
    items = as_json(entity_items(nlp(text)))["areas"]
    assert [item["text"] for item in items] == [span.text for span in expected]
    assert [(item["hectares"], item["hectares_max"]) for item in items] == [bounds(span) for span in expected]


@pytest.mark.parametrize("text", NEGATIVES)
def test_leaves_what_is_not_an_area(nlp: Language, text: str) -> None:
    assert as_json(entity_items(nlp(text)))["areas"] == []


def test_keeps_qualifier_value_and_unit(nlp: Language) -> None:
    doc = nlp("Le total atteint environ 13.000 ha, dont 3.600 hectares (ha) irrigués et 2.400 autres.")
    items = as_json(entity_items(doc))
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
    (item,) = as_json(entity_items(nlp(text)))["areas"]
    assert item["measured"] == measured


def with_places(nlp: Language, doc: Doc, places: list[tuple[str, str]]) -> Doc:
    """Run the areas component again after placing ``(surface text, name)`` places in the doc."""
    spans = []
    for surface, name in places:
        start = doc.text.index(surface)
        span = doc.char_span(start, start + len(surface))
        span._.norm = Place(name, "city", "MA", None, None, None, None, "gazetteer")
        spans.append(span)
    doc.spans["places"] = spans
    return nlp.get_pipe("news_areas")(doc)


def test_place_is_the_closest_of_the_sentence(nlp: Language) -> None:
    doc = nlp(
        "À Rabat, le ministère a présenté le projet. "
        "La zone de Kénitra s'étend sur 300 ha et celle de Fès sur 200 ha."
    )
    doc = with_places(nlp, doc, [("Rabat", "Rabat"), ("Kénitra", "Kénitra"), ("Fès", "Fès")])
    assert [item["place"] for item in as_json(entity_items(doc))["areas"]] == ["Kénitra", "Fès"]


def test_no_place_outside_the_sentence(nlp: Language) -> None:
    doc = with_places(nlp, nlp("Le projet est à Rabat. Il couvre 300 ha."), [("Rabat", "Rabat")])
    assert [item["place"] for item in as_json(entity_items(doc))["areas"]] == [None]


def test_spans_are_sorted_apart_and_match_the_text(nlp: Language) -> None:
    doc = nlp("Sur 442 hectares, 55 ares et 97 centiares, puis entre 200 et 300 ha, et 12 km².")
    spans: list[Span] = list(doc.spans["areas"])
    assert all(left.end <= right.start for left, right in zip(spans, spans[1:]))
    for item in as_json(entity_items(doc))["areas"]:
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
    assert [item["hectares"] for item in as_json(entity_items(doc))["areas"]] == [value * size]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=10**12), st.sampled_from(["fr", "fr_CH"]))
def test_numbers_spelt_out_read_back_in_a_sentence(nlp: Language, value: int, language: str) -> None:
    """Long numbers in words (num2words spells them) are read whole, however the tokenizer cuts
    them (« cinquante | - | six »)."""
    doc = nlp(f"La forêt couvre {num2words(value, lang=language)} hectares au total.")
    assert [item["hectares"] for item in as_json(entity_items(doc))["areas"]] == [value]


def test_seed_page_has_exactly_its_five_areas(nlp: Language) -> None:
    page = SEED_PAGE.read_text(encoding="utf-8")
    body = page[page.index("Le territoire national se recompose") : page.index("Sanae Raqui")]
    items = as_json(entity_items(nlp(body)))["areas"]
    assert [(item["hectares"], item["hectares_max"]) for item in items] == [
        (3600, None),
        (2400, None),
        (4000, None),
        (13000, None),
        (2000, None),
    ]
