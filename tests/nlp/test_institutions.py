"""The institutions component on real French sentences.

Expected mentions are written inline: ``<...>`` marks each institution span.
"""

import re

import pytest
from spacy.language import Language

from pipeline.normalise.institutions import Institution
from pipeline.records.items import entity_items

from tests.conftest import SEED_PAGE

MARK = re.compile(r"<([^<>]+)>")


def unmark(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The plain text of a marked sentence and its expected spans."""
    text, spans, last = "", [], 0
    for match in MARK.finditer(marked):
        text += marked[last : match.start()]
        spans.append((len(text), len(text) + len(match.group(1)), match.group(1)))
        text += match.group(1)
        last = match.end()
    return text + marked[last:], spans


def found(nlp: Language, text: str) -> list[tuple[int, int, str]]:
    doc = nlp(text)
    return [(span.start_char, span.end_char, span.text) for span in doc.spans["institutions"]]


def values(nlp: Language, text: str) -> dict[str, Institution]:
    doc = nlp(text)
    return {span.text: span._.norm for span in doc.spans["institutions"]}


@pytest.mark.parametrize(
    "marked",
    [
        # Ministries, with their coordinated complements.
        "Sous l'impulsion du <ministère de l'Industrie et du Commerce>, le Maroc poursuit la mise en œuvre de son plan.",
        "Le <ministère de l'Aménagement du territoire national, de l'Urbanisme, de l'Habitat et de la Politique de la ville> a présenté sa feuille de route.",
        "Le <ministère de l'Agriculture, de la Pêche maritime, du Développement rural et des Eaux et Forêts> a lancé la campagne.",
        "Le <Ministère de l'Économie et des Finances> a publié la note de conjoncture.",
        "Le <ministère délégué auprès du Chef du gouvernement chargé de l'Investissement, de la Convergence et de l'Évaluation des politiques publiques> pilote le dossier.",
        # Agencies, offices, councils and the other heads.
        "L'<Office national des chemins de fer> a commandé de nouvelles rames.",
        "L'<Agence urbaine de Casablanca> a validé le plan d'aménagement.",
        "Le <Conseil régional de Tanger-Tétouan-Al Hoceima> a approuvé la convention.",
        "Le <Conseil économique, social et environnemental> publie son rapport annuel.",
        "Le <Haut-Commissariat aux Eaux et Forêts et à la Lutte contre la désertification> a reboisé la forêt.",
        "La <Caisse de dépôt et de gestion> a cédé sa participation.",
        "La <Banque africaine de développement> accorde un prêt au Maroc.",
        "Le <Groupe Al Omrane> construira de nouveaux logements.",
        "L'<Université Mohammed V de Rabat> ouvre un master en urbanisme.",
        "La <Direction générale des impôts> a publié une note circulaire.",
        "L'<Autorité marocaine du marché des capitaux> a visé le prospectus.",
        "La <Commission régionale d'investissement> a approuvé douze projets.",
        "La <Chambre de commerce, d'industrie et de services de Casablanca-Settat> organise une rencontre.",
        "La <Fondation Mohammed VI pour la promotion des œuvres sociales de l'éducation-formation> a signé la convention.",
        "Le <conseil communal de Sidi Yahya Zaër> et l'<Agence urbaine de Skhirate-Témara> ont validé le plan.",
        "Le <Conseil régional de Dakhla-Oued Eddahab> finance le port.",
        "L'<Office régional de mise en valeur agricole du Souss-Massa> gère le périmètre.",
        "L'<Interprofession marocaine de l'olive> soutient les producteurs.",
        # A complement ends the name where the sentence goes on.
        "L'<Université Ibn Tofail de Kénitra> pour le suivi scientifique de la régénération du chêne-liège, à travers des études.",
        "L'ambassadeur de l'<Union européenne> au Maroc et l'<Agence française de développement> au Maroc.",
        "La <Caisse de dépôt et de gestion> (<CDG>) et la <Banque mondiale> financent le projet.",
        # Two institutions side by side are two mentions.
        "Le <ministère de l'Industrie> et l'<OFPPT> ont lancé des formations.",
        "La <Banque mondiale> et l'<Union européenne> financent le programme.",
        # Long form and acronym are both mentions; the acronym comes back later.
        "L'<Office national de l'électricité et de l'eau potable> (<ONEE>) a signé une convention. L'<ONEE> investira 2 milliards de dirhams.",
        "L'<Agence nationale des équipements publics> (<ANEP>) lance un appel d'offres. Selon l'<ANEP>, le chantier durera deux ans.",
        "L'<AMDL> (<Agence marocaine de développement de la logistique>) prépare un nouveau schéma.",
        # Bare acronyms and names of the table.
        "Le Green Energy Park de Benguerir, piloté par l'<IRESEN>, accueille des chercheurs de l'<UM6P> venus de Benguerir.",
        "<Bank Al-Maghrib> a maintenu son taux directeur, selon le <FMI>.",
        "<Masen> et l'<ONU> ont signé un accord à Marrakech.",
        # Media outlets.
        "Selon <Médias24> et <Le360>, repris par <L'Economiste> et <Le Matin>, le projet avance.",
        "Une dépêche de la <MAP> reprise par <Hespress> et <TelQuel>.",
        # Not institutions: programmes, sites, labels, persons, places, bare heads.
        "Le Plan Maroc Vert et Génération Green ont transformé l'agriculture.",
        "Tanger Automotive City et l'Ecoparc de Berrechid, certifié HQE Aménagement, attirent des investisseurs.",
        "Le ministère a annoncé que le groupe de travail rendra ses conclusions en mars.",
        "Le ministère de tutelle suit le dossier de près à Casablanca.",
        "Aziz Akhannouch s'est rendu à Rabat puis à Dakhla.",
    ],
)
def test_institution_spans(nlp: Language, marked: str) -> None:
    text, expected = unmark(marked)
    assert found(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "mention", "name", "acronym", "kind"),
    [
        ("Le ministère de l'Industrie et du Commerce a signé.", "ministère de l'Industrie et du Commerce",
         "Ministère de l'Industrie et du Commerce", None, "ministry"),
        ("La Cité des métiers, inaugurée par l'OFPPT, ouvre ses portes.", "OFPPT",
         "Office de la formation professionnelle et de la promotion du travail", "OFPPT", "public_agency"),
        ("Le Groupe OCP investit à Jorf Lasfar.", "Groupe OCP", "Office chérifien des phosphates", "OCP", "company"),
        ("La Banque mondiale accorde un prêt.", "Banque mondiale", "Banque mondiale", None, "international"),
        ("Le Conseil régional de l'Oriental a voté le budget.", "Conseil régional de l'Oriental",
         "Conseil régional de l'Oriental", None, "council"),
        ("L'Université Ibn Tofail de Kénitra forme des ingénieurs.", "Université Ibn Tofail de Kénitra",
         "Université Ibn Tofaïl", "UIT", "university"),
        ("L'Université Sidi Mohamed Ben Abdellah de Fès forme des ingénieurs.", "Université Sidi Mohamed Ben Abdellah de Fès",
         "Université Sidi Mohamed Ben Abdellah", "USMBA", "university"),
        ("Le ministère de l'Equipement et de l'Eau lance les travaux.", "ministère de l'Equipement et de l'Eau",
         "Ministère de l'Équipement et de l'Eau", None, "ministry"),
        ("Le ministère de l'Économie a publié la note.", "ministère de l'Économie",
         "Ministère de l'Économie et des Finances", None, "ministry"),
        ("L'Office régional de mise en valeur agricole du Gharb (ORMVAG) irrigue la plaine.", "ORMVAG",
         "Office régional de mise en valeur agricole du Gharb", "ORMVAG", "public_agency"),
        ("Le Centre régional d'investissement de l'Oriental (CRI) a validé le projet.", "CRI",
         "Centre régional d'investissement de l'Oriental", "CRI", "public_agency"),
        ("Le projet est financé par la banque allemande KfW.", "KfW.", "Kreditanstalt für Wiederaufbau", "KfW", "bank"),
        ("Le Groupe Renault produit à Tanger.", "Groupe Renault", "Groupe Renault", None, "company"),
        ("Bank Al-Maghrib relève son taux.", "Bank Al-Maghrib", "Bank Al-Maghrib", "BAM", "bank"),
        ("La CDG finance le projet.", "CDG", "Caisse de dépôt et de gestion", "CDG", "public_agency"),
        ("L'UNESCO a inscrit le site.", "UNESCO",
         "Organisation des Nations unies pour l'éducation, la science et la culture", "UNESCO", "international"),
        ("Publié dans Les Inspirations ECO le 30 octobre.", "Les Inspirations ECO", "Les Inspirations ÉCO", None, "media"),
        ("L'Agence nationale des équipements publics (ANEP) lance un appel d'offres.", "ANEP",
         "Agence nationale des équipements publics", "ANEP", "public_agency"),
        ("L'Office National des Chemins de Fer (ONCF) a commandé des rames.", "Office National des Chemins de Fer",
         "Office national des chemins de fer", "ONCF", "public_agency"),
    ],
)
def test_institution_values(nlp: Language, text: str, mention: str, name: str, acronym: str | None, kind: str) -> None:
    value = values(nlp, text)[mention]
    assert (value.name, value.acronym, value.kind) == (name, acronym, kind)


@pytest.mark.parametrize(
    ("text", "mention", "source"),
    [
        ("L'IRESEN pilote le Green Energy Park.", "IRESEN", "rules"),
        ("Le Conseil économique, social et environnemental publie son rapport.",
         "Conseil économique, social et environnemental", "both"),
    ],
)
def test_institution_sources(nlp: Language, text: str, mention: str, source: str) -> None:
    assert values(nlp, text)[mention].source == source


def test_items_carry_the_record_fields(nlp: Language) -> None:
    doc = nlp("Le Haut-Commissariat au Plan (HCP) publie ses chiffres.")
    assert entity_items(doc)["institutions"][1] == {
        "text": "HCP", "start": 30, "end": 33,
        "name": "Haut-Commissariat au Plan", "acronym": "HCP", "kind": "public_agency", "source": "both",
    }


def seed_body() -> str:
    """The article body of the seed page: after "Publié dans …", before the author line."""
    lines = SEED_PAGE.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Publié dans")) + 1
    last = next(i for i, line in enumerate(lines) if i > first and line.strip().endswith("/ Les Inspirations ECO"))
    return "\n".join(lines[first:last]).strip()


def test_seed_page_has_exactly_its_four_institutions(nlp: Language) -> None:
    doc = nlp(seed_body())
    assert [(span.text, span._.norm.name, span._.norm.acronym) for span in doc.spans["institutions"]] == [
        ("ministère de l'Industrie et du Commerce", "Ministère de l'Industrie et du Commerce", None),
        ("OFPPT", "Office de la formation professionnelle et de la promotion du travail", "OFPPT"),
        ("ministère de l'Aménagement du territoire national et de l'Urbanisme",
         "Ministère de l'Aménagement du territoire national, de l'Urbanisme, de l'Habitat et de la Politique de la ville", None),
        ("IRESEN", "Institut de recherche en énergie solaire et énergies nouvelles", "IRESEN"),
    ]
