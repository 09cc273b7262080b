"""The dates component on French sentences: which expressions, which spans, which values.

Expected dates are marked inline (tests/markup.py): ``<ent value='2024'>2024</ent>`` marks the
span and its value, ``<ent value='2021' value_end='2024'>entre 2021 et 2024</ent>`` a range. Unless a test says
otherwise the article was published on Thursday 30 October 2025.
"""

import re
import shutil
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.components.dates import DATA_DIR, DatesComponent
from pipeline.records import as_json
from pipeline.run import entity_items
from tests.conftest import SEED_PAGE
from tests.markup import parse_example

PUBLISHED = date(2025, 10, 30)


def analyse(nlp: Language, text: str, published: date | None = PUBLISHED) -> Doc:
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def found(doc: Doc) -> list[tuple[str, str | None, str | None]]:
    return [(span.text, span._.norm.value, span._.norm.value_end) for span in doc.spans["dates"]]


@pytest.mark.parametrize(
    "example",
    [
        # years, with and without a trigger
        "Depuis <ent value='2021'>2021</ent>, la politique d'aménagement industriel s'est accélérée.",
        "4.000 ha supplémentaires ont été alloués en <ent value='2024'>2024</ent>.",
        "Le port sera opérationnel d'ici <ent value='2030'>2030</ent>.",
        "Le Maroc vise 52 % d'énergies renouvelables à l'horizon <ent value='2030'>2030</ent>.",
        "Au titre de l'<ent value='2024'>année 2024</ent>, le chiffre d'affaires a progressé.",
        "L'édition <ent value='2024'>2024</ent> du salon a attiré 300 exposants.",
        "Le projet sera achevé <ent value='2025'>fin 2025</ent>.",
        "Les premières livraisons sont attendues <ent value='2026'>mi-2026</ent>.",
        "Depuis les <ent value='2000' value_end='2009'>années 2000</ent>, le secteur a changé.",
        # full dates
        "Le décret a été publié le <ent value='2024-02-08'>8 février 2024</ent>.",
        "La cérémonie s'est tenue le <ent value='2020-12-08'>mardi 8 décembre 2020</ent> à Rabat.",
        "La réforme entre en vigueur le <ent value='2026-01-01'>1er janvier 2026</ent>.",
        "Mis à jour le <ent value='2020-12-08'>8 déc. 2020</ent> à 10h30.",
        "Le rapport est daté du <ent value='2025-10-30'>30/10/2025</ent>.",
        "Publié dans Les ECO le <ent value='2025-10-30'>30 - 10 - 2025</ent>",
        "La réunion du <ent value='2025-10-05'>5 octobre</ent> a été reportée.",
        "Le projet, lancé le <ent value='2025-04-07'>7 avril dernier</ent>, avance.",
        # months
        "Les ventes d'<ent value='2023-10'>octobre 2023</ent> ont reculé.",
        "Le chantier a été lancé en <ent value='2025-03'>mars dernier</ent>.",
        "Le Salon se tiendra en <ent value='2026-06'>juin</ent> à Rabat.",
        "La production du <ent value='2024-01' value_end='2024-03'>premier trimestre 2024</ent> a progressé.",
        # ranges
        "Le plan quinquennal <ent value='2015' value_end='2020'>2015-2020</ent> a été prolongé.",
        "La campagne agricole <ent value='2023' value_end='2024'>2023-2024</ent> a été difficile.",
        "<ent value='2021' value_end='2024'>Entre 2021 et 2024</ent>, les exportations ont doublé.",
        "Le salon se tiendra <ent value='2025-11-05' value_end='2025-11-08'>du 5 au 8 novembre 2025</ent> à Casablanca.",
        "<ent value='2004' value_end='2019'>De 2004 à 2019</ent>, la production a été multipliée par trois.",
        "Les pluies des <ent value='2024-09-07' value_end='2024-09-08'>7 et 8 septembre 2024</ent> ont rempli les barrages.",
        "Les pluies <ent value='2024-01' value_end='2024-03'>entre janvier et mars 2024</ent> ont été rares.",
        # relative references
        "Le ministre a annoncé <ent value='2025-10-29'>hier</ent> la création de deux zones.",
        "Le roi a inauguré <ent value='2025-10-30'>aujourd'hui</ent> le nouveau port.",
        "Le conseil s'est réuni <ent value='2025-10-28'>mardi</ent> à Rabat.",
        "La réunion aura lieu <ent value='2025-11-04'>mardi prochain</ent> au siège.",
        "La zone a été inaugurée <ent value='2025-10-28'>mardi dernier</ent>.",
        "La <ent value='2025-10-20' value_end='2025-10-26'>semaine dernière</ent>, l'office a publié son bilan.",
        "Les travaux débuteront le <ent value='2025-11'>mois prochain</ent>.",
        "L'<ent value='2024'>an dernier</ent>, la production a atteint un record.",
        "<ent value='2025'>Cette année</ent>, les pluies ont été abondantes.",
        "La réunion est prévue le <ent value='2026-03-05'>5 mars</ent> à Rabat.",
        "Mise en service depuis <ent value='2025-01'>janvier</ent>, la station permettra d'irriguer 15.000 hectares.",
        # several in one sentence
        "Lancé en <ent value='2019'>2019</ent>, le programme a été révisé le <ent value='2023-05-12'>12 mai 2023</ent> "
        "et sera clos d'ici <ent value='2027'>2027</ent>.",
    ],
)
def test_finds_and_reads_each_date(nlp: Language, example: str) -> None:
    text, expected = parse_example(example)
    assert found(analyse(nlp, text)) == [(span.text, span.attrs["value"], span.attrs.get("value_end")) for span in expected]


@pytest.mark.parametrize(
    "text",
    [
        "La Vision 2030 guide l'action publique.",
        "Le Maroc accueillera la CAN 2025 et la Coupe du monde 2030.",
        "La pandémie de Covid-19 a freiné les investissements.",
        "Les Lionceaux U17 ont battu la Nouvelle-Calédonie.",
        "Le sommet du G20 et la COP22 de Marrakech ont marqué les esprits.",
        "La loi 12-90 relative à l'urbanisme a été révisée.",
        "Le projet, développé sur 2.000 ha, comprend 3.600 lots.",
        "Le projet prévoit 2030 logements sociaux.",
        "Le budget atteint 2024 millions de dirhams.",
        "La séance débute à 10h30.",
        "Contact : 05 22 45 67 89.",
        "L'article 2024 du code a été abrogé.",
        "Le décret n° 2024 fixe les conditions.",
        "Tanger Med, Jorf Lasfar et Midparc constituent aujourd'hui les vitrines de cette politique.",
        "Les villes de demain seront durables.",
        "Le marché se tient chaque mardi.",
        "Le Plan Maroc Vert 2008-2020 a transformé l'agriculture.",
        "Ces ouvrages relèvent du Programme national d'approvisionnement en eau potable et d'irrigation 2020-2027.",
        "Le Maroc et la France lancent l'exercice « Chebec 2025 » entre Toulon et Tanger.",
        "Le rover a atterri sur Mars.",
    ],
)
def test_takes_nothing_that_is_not_a_date(nlp: Language, text: str) -> None:
    assert found(analyse(nlp, text)) == []


@pytest.mark.parametrize(
    "example",
    [
        # numbers
        "Le contrat a été signé le <ent value='2014-02-20'>20/02/14</ent> au siège de l'agence.",
        "Les statistiques de <ent value='2016-11'>11/2016</ent> montrent une reprise des exportations.",
        "Le bilan arrêté au <ent value='2019-03-12'>12.03.2019</ent> fait état de 40 chantiers.",
        "Le décret du <ent value='2015-05-27'>27\u00a0mai 2015</ent> a été abrogé.",
        "Mis à jour le <ent value='2016-01-12'>Lundi 12 Janvier, 2016</ent> à 18h.",
        "L'appel à candidatures a pris fin le <ent value='2019-10-01'>1 er Octobre 2019</ent>.",
        # relative offsets and weekdays with a direction
        "La station a été mise en service <ent value='2023-10-30'>il y a deux ans</ent> à Dakhla.",
        "Le salon ouvrira ses portes <ent value='2025-11-13'>dans deux semaines</ent> à Agadir.",
        "La commission se réunira <ent value='2025-11-03'>lundi de la semaine prochaine</ent> à Rabat.",
        "Le wali a présidé <ent value='2025-10-23'>jeudi passé</ent> une réunion sur la sécheresse.",
        "Le ministre a inauguré <ent value='2025-10-30'>aujourdʼhui</ent> la nouvelle station.",
        # narrative: « le lendemain » counts from the date just given
        "Le conseil s'est réuni le <ent value='2025-03-04'>4 mars 2025</ent>. <ent value='2025-03-05'>Le lendemain</ent>, "
        "le ministre a signé la convention.",
        "Achetés sur plan en <ent value='2009'>2009</ent>, les logements ne sont pas livrés. "
        "<ent value='2021'>Douze ans plus tard</ent>, les habitants attendent toujours.",
        # ranges, quarters, seasons
        "Le festival se tiendra <ent value='2026-07-13' value_end='2026-07-15'>du 13 au 15 juillet</ent> à Essaouira.",
        "Les ventes <ent value='2019-03' value_end='2019-05'>entre mars et mai 2019</ent> ont reculé.",
        "La campagne agricole <ent value='2019' value_end='2020'>2019-2020</ent> a souffert du déficit pluviométrique.",
        "Le chiffre d'affaires du <ent value='2020-04' value_end='2020-06'>deuxième trimestre 2020</ent> a reculé de 12 %.",
        "Les exportations ont progressé au <ent value='2020-04' value_end='2020-06'>T2 2020</ent>.",
        "Les incendies de l'<ent value='2021-06' value_end='2021-08'>été 2021</ent> ont ravagé le Rif.",
        "Les travaux, programmés <ent value='2018-02-02' value_end='2018-02-07'>du 2 au 7 février deux mille dix-huit</ent>, "
        "ont été reportés.",
        # years in words: found without another date word near, and read whole
        "La coopérative compte quatre-vingt-dix-neuf adhérents depuis <ent value='2018'>deux mille dix-huit</ent>.",
        "Le barrage a été inauguré en <ent value='1997'>mille neuf cent quatre-vingt-dix-sept</ent>.",
        "La convention fut signée le <ent value='1999-06-12'>12 juin mille neuf cent quatre-vingt-dix-neuf</ent> à Rabat.",
    ],
)
def test_reads_the_forms_other_suites_write(nlp: Language, example: str) -> None:
    text, expected = parse_example(example)
    assert found(analyse(nlp, text)) == [(span.text, span.attrs["value"], span.attrs.get("value_end")) for span in expected]


@pytest.mark.parametrize(
    "text",
    [
        "La Peugeot 2008 reste la voiture la plus vendue du segment.",
        "Le constructeur présente ses nouveautés (208 et 2008) au salon.",
        "Le Raja s'est imposé 2-1 face au Wydad.",
        "Le taux d'intérêt atteint 12,5 points.",
        "Les deux tiers (2/3) des parcelles sont irriguées.",
        "Les travaux seront achevés dans les 3 mois.",
        "L'ancien ministre a 72 ans.",
        "La centrale est restée en veille pendant dix ans.",
        "Le texte est publié à la page 2019 du Bulletin officiel.",
        "Plus de mille agriculteurs ont reçu des semences.",
    ],
)
def test_takes_no_number_that_is_not_a_date(nlp: Language, text: str) -> None:
    assert found(analyse(nlp, text)) == []


@pytest.mark.parametrize(
    "example",
    [
        # a Swiss or Belgian ten the tokenizer splits from its unit: « septante | - | deux »
        "Il est né le <ent>3 mai</ent> mille neuf cent septante-deux à Genève.",
        # « vingt et un »: the year would be read 1920
        "Le traité est daté du <ent>trente et un mai</ent> mille neuf cent vingt et un.",
    ],
)
def test_a_number_in_words_is_read_whole_or_not_at_all(nlp: Language, example: str) -> None:
    text, expected = parse_example(example)
    assert [span for span, _, _ in found(analyse(nlp, text))] == [span.text for span in expected]


def test_without_publication_date_a_day_takes_the_year_the_text_gives(nlp: Language) -> None:
    doc = analyse(nlp, "En 2020, la pandémie a frappé le pays. Le 22 février, le premier cas a été signalé. "
                       "Hier, le ministre a fait le point.", None)
    assert found(doc) == [("2020", "2020", None), ("22 février", "2020-02-22", None), ("Hier", None, None)]


def test_a_day_the_text_dates_elsewhere_keeps_that_year(nlp: Language) -> None:
    doc = analyse(nlp, "Le scrutin du 31 octobre 2020 approche. Lors de la présidentielle de 2015, le parti "
                       "avait perdu. Le scrutin du 31 octobre sera observé de près.", None)
    assert [value for _, value, _ in found(doc)] == ["2020-10-31", "2015", "2020-10-31"]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (date(2025, 10, 30), [("hier", "2025-10-29"), ("mardi dernier", "2025-10-28"), ("an dernier", "2024")]),
        (date(2024, 3, 1), [("hier", "2024-02-29"), ("mardi dernier", "2024-02-27"), ("an dernier", "2023")]),
        (None, [("hier", None), ("mardi dernier", None), ("an dernier", None)]),
    ],
)
def test_relative_dates_move_with_the_publication_date(
    nlp: Language, published: date | None, expected: list[tuple[str, str | None]]
) -> None:
    doc = analyse(nlp, "Le ministre a confirmé hier que la zone, inaugurée mardi dernier, dépasse l'an dernier.", published)
    assert [(span.text, span._.norm.value) for span in doc.spans["dates"]] == expected
    assert all(span._.norm.relative for span in doc.spans["dates"])


def test_items_carry_offsets_and_the_record_fields(nlp: Language) -> None:
    doc = analyse(nlp, "Depuis 2021, et surtout le 8 février 2024, la zone a été agrandie.")
    items = as_json(entity_items(doc))["dates"]
    assert [set(item) for item in items] == [{"text", "start", "end", "value", "value_end", "granularity", "relative"}] * 2
    assert all(doc.text[item["start"]:item["end"]] == item["text"] for item in items)
    assert [asdict(span._.norm)["granularity"] for span in doc.spans["dates"]] == ["year", "day"]


def test_leaves_the_tokens_of_areas_alone(nlp: Language) -> None:
    def dates_with_areas(areas: list[tuple[int, int]]) -> list[str]:
        doc = nlp.make_doc("Le périmètre retenu en 2021 reste inchangé.")
        doc._.published = PUBLISHED
        for name, component in nlp.pipeline:
            if name != "news_dates":
                doc = component(doc)
        doc.spans["areas"] = [doc[start:end] for start, end in areas]
        return [span.text for span in nlp.get_pipe("news_dates")(doc).spans["dates"]]

    assert dates_with_areas([]) == ["2021"]
    assert dates_with_areas([(3, 5)]) == []


def test_refuses_a_pattern_file_with_an_unknown_label(nlp: Language, tmp_path: Path) -> None:
    resources = tmp_path / "dates"
    shutil.copytree(DATA_DIR, resources)
    with (resources / "patterns.jsonl").open("a", encoding="utf-8") as patterns:
        patterns.write('{"id": "odd", "label": "SEASON", "pattern": ["YEAR"]}\n')
    with pytest.raises(ValueError, match="odd: unknown label .SEASON."):
        DatesComponent(nlp, data_dir=resources)


def seed_body() -> tuple[str, date]:
    """The article body of the seed page: the paragraphs after « Publié dans … », without the author line."""
    lines = SEED_PAGE.read_text(encoding="utf-8").splitlines()
    byline = next(index for index, line in enumerate(lines) if line.startswith("Publié dans"))
    day, month, year = map(int, re.findall(r"\d+", lines[byline])[-3:])
    paragraphs: list[str] = []
    for line in lines[byline + 1:]:
        if line.strip():
            paragraphs.append(line)
        elif paragraphs:
            break
    return "\n".join(paragraphs[:-1]), date(year, month, day)


def test_seed_page_gives_exactly_the_years_of_the_body(nlp: Language) -> None:
    body, published = seed_body()
    doc = analyse(nlp, body, published)
    assert found(doc) == [("2021", "2021", None), ("2024", "2024", None)]
