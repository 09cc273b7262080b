"""The institutions component on real French sentences.

Expected mentions are marked inline (tests/markup.py): ``<ent>…</ent>`` marks each institution span.
"""

import pytest
from spacy.language import Language

from pipeline.normalise.institutions import Institution
from pipeline.records import as_json
from pipeline.run import entity_items

from tests.conftest import SEED_PAGE
from tests.markup import parse_example


def found(nlp: Language, text: str) -> list[tuple[int, int, str]]:
    doc = nlp(text)
    return [(span.start_char, span.end_char, span.text) for span in doc.spans["institutions"]]


def values(nlp: Language, text: str) -> dict[str, Institution]:
    doc = nlp(text)
    return {span.text: span._.norm for span in doc.spans["institutions"]}


@pytest.mark.parametrize(
    "example",
    [
        # Ministries, with their coordinated complements.
        "Sous l'impulsion du <ent>ministère de l'Industrie et du Commerce</ent>, le Maroc poursuit la mise en œuvre de son plan.",
        "Le <ent>ministère de l'Aménagement du territoire national, de l'Urbanisme, de l'Habitat et de la Politique de la ville</ent> a présenté sa feuille de route.",
        "Le <ent>ministère de l'Agriculture, de la Pêche maritime, du Développement rural et des Eaux et Forêts</ent> a lancé la campagne.",
        "Le <ent>Ministère de l'Économie et des Finances</ent> a publié la note de conjoncture.",
        "Le <ent>ministère délégué auprès du Chef du gouvernement chargé de l'Investissement, de la Convergence et de l'Évaluation des politiques publiques</ent> pilote le dossier.",
        # Agencies, offices, councils and the other heads.
        "L'<ent>Office national des chemins de fer</ent> a commandé de nouvelles rames.",
        "L'<ent>Agence urbaine de Casablanca</ent> a validé le plan d'aménagement.",
        "Le <ent>Conseil régional de Tanger-Tétouan-Al Hoceima</ent> a approuvé la convention.",
        "Le <ent>Conseil économique, social et environnemental</ent> publie son rapport annuel.",
        "Le <ent>Haut-Commissariat aux Eaux et Forêts et à la Lutte contre la désertification</ent> a reboisé la forêt.",
        "La <ent>Caisse de dépôt et de gestion</ent> a cédé sa participation.",
        "La <ent>Banque africaine de développement</ent> accorde un prêt au Maroc.",
        "Le <ent>Groupe Al Omrane</ent> construira de nouveaux logements.",
        "L'<ent>Université Mohammed V de Rabat</ent> ouvre un master en urbanisme.",
        "La <ent>Direction générale des impôts</ent> a publié une note circulaire.",
        "L'<ent>Autorité marocaine du marché des capitaux</ent> a visé le prospectus.",
        "La <ent>Commission régionale d'investissement</ent> a approuvé douze projets.",
        "La <ent>Chambre de commerce, d'industrie et de services de Casablanca-Settat</ent> organise une rencontre.",
        "La <ent>Fondation Mohammed VI pour la promotion des œuvres sociales de l'éducation-formation</ent> a signé la convention.",
        "Le <ent>conseil communal de Sidi Yahya Zaër</ent> et l'<ent>Agence urbaine de Skhirate-Témara</ent> ont validé le plan.",
        "Le <ent>Conseil régional de Dakhla-Oued Eddahab</ent> finance le port.",
        "L'<ent>Office régional de mise en valeur agricole du Souss-Massa</ent> gère le périmètre.",
        "L'<ent>Interprofession marocaine de l'olive</ent> soutient les producteurs.",
        # A complement ends the name where the sentence goes on.
        "L'<ent>Université Ibn Tofail de Kénitra</ent> pour le suivi scientifique de la régénération du chêne-liège, à travers des études.",
        "L'ambassadeur de l'<ent>Union européenne</ent> au Maroc et l'<ent>Agence française de développement</ent> au Maroc.",
        "La <ent>Caisse de dépôt et de gestion</ent> (<ent>CDG</ent>) et la <ent>Banque mondiale</ent> financent le projet.",
        # Two institutions side by side are two mentions.
        "Le <ent>ministère de l'Industrie</ent> et l'<ent>OFPPT</ent> ont lancé des formations.",
        "La <ent>Banque mondiale</ent> et l'<ent>Union européenne</ent> financent le programme.",
        # Long form and acronym are both mentions; the acronym comes back later.
        "L'<ent>Office national de l'électricité et de l'eau potable</ent> (<ent>ONEE</ent>) a signé une convention. L'<ent>ONEE</ent> investira 2 milliards de dirhams.",
        "L'<ent>Agence nationale des équipements publics</ent> (<ent>ANEP</ent>) lance un appel d'offres. Selon l'<ent>ANEP</ent>, le chantier durera deux ans.",
        "L'<ent>AMDL</ent> (<ent>Agence marocaine de développement de la logistique</ent>) prépare un nouveau schéma.",
        # Bare acronyms and names of the table.
        "Le Green Energy Park de Benguerir, piloté par l'<ent>IRESEN</ent>, accueille des chercheurs de l'<ent>UM6P</ent> venus de Benguerir.",
        "<ent>Bank Al-Maghrib</ent> a maintenu son taux directeur, selon le <ent>FMI</ent>.",
        "<ent>Masen</ent> et l'<ent>ONU</ent> ont signé un accord à Marrakech.",
        # Media outlets.
        "Selon <ent>Médias24</ent> et <ent>Le360</ent>, repris par <ent>L'Economiste</ent> et <ent>Le Matin</ent>, le projet avance.",
        "Une dépêche de la <ent>MAP</ent> reprise par <ent>Hespress</ent> et <ent>TelQuel</ent>.",
        # Not institutions: programmes, sites, labels, persons, places, bare heads.
        "Le Plan Maroc Vert et Génération Green ont transformé l'agriculture.",
        "Tanger Automotive City et l'Ecoparc de Berrechid, certifié HQE Aménagement, attirent des investisseurs.",
        "Le ministère a annoncé que le groupe de travail rendra ses conclusions en mars.",
        "Le ministère de tutelle suit le dossier de près à Casablanca.",
        "Aziz Akhannouch s'est rendu à Rabat puis à Dakhla.",
        # Long forms found from their acronym's letters, past what the model saw.
        "Le <ent>Ministère public de la Confédération</ent> (<ent>MPC</ent>) a requis trois ans de prison contre l'ancien dirigeant.",
        "La <ent>Commission électorale indépendante</ent> (<ent>CEI</ent>) a publié la liste définitive des candidats.",
        "Le candidat du <ent>Rassemblement des républicains pour la démocratie et le progrès</ent> (<ent>RRDP</ent>) a déposé son dossier.",
        # Acronyms of common terms, concepts, units and diseases are no institutions.
        "Le constructeur voit sa part de marché (PDM) reculer en véhicules utilitaires légers (VUL).",
        "La Troisième République a été proclamée après l'adoption de la nouvelle Constitution.",
        "Le pays veut attirer plus d'Investissements directs étrangers pour financer sa croissance.",
        "La facture s'élève à 1.500 DH par mois pour chaque ménage.",
        "La région MENA reste la plus inégalitaire du monde, selon le rapport.",
        # Names completed over their complements: two parties, a country, coordinated names.
        "Le président du <ent>Groupe d'amitié parlementaire entre le Maroc et la Hongrie</ent> a salué la coopération.",
        "Les imams formés à l'<ent>Institut Mohammed VI pour la formation des Imams Morchidines et Morchidates</ent> seront affectés en Afrique.",
        "L'<ent>ambassade des États-Unis en Tunisie</ent> a salué le déroulement du scrutin.",
        "Le <ent>tribunal correctionnel de Paris</ent> rendra son jugement le 12 octobre.",
        "Le <ent>Parti démocratique de Guinée</ent> et le <ent>Front populaire de libération</ent> ont rejeté les résultats.",
        # A list of places after a known name is no complement of it.
        "Le Conseil a reçu des délégations de l'<ent>Union européenne</ent>, de la Turquie et de plusieurs pays arabes.",
        # A ministry named in a minister's title is the minister's.
        "Le ministre du Travail Younes Sekkouri a présenté le projet de loi devant les députés.",
        # Companies and brands: in lists, after a company noun, subsidiaries; not products.
        "Au classement, <ent>Hyundai</ent> arrive troisième, devant <ent>Peugeot</ent> et <ent>Volkswagen</ent>, tandis que <ent>Toyota</ent> recule.",
        "Le groupe sud-africain <ent>Sanlam</ent> a racheté la totalité du capital de l'assureur.",
        "Les géants du numérique (<ent>Google</ent>, <ent>Apple</ent>, <ent>Facebook</ent> et <ent>Amazon</ent>) ont vu leurs bénéfices bondir.",
        "Le <ent>Groupe OCP</ent> et sa filiale <ent>OCP Africa</ent> ont signé un partenariat avec l'<ent>UM6P</ent> à Benguerir.",
        "L'usine produit les modèles Fiorino et Doblo pour le marché africain.",
        # An organ of an international organisation is named after it, with its country or seat.
        "La <ent>Mission d'appui des Nations unies en Libye</ent> a salué la reprise du dialogue.",
        "L'ambassadeur auprès de l'<ent>Office des Nations unies à Genève</ent>, Omar Zniber, a pris la parole.",
        "Le <ent>Bureau de l'UNESCO à Rabat</ent> a lancé un appel à projets.",
        # A name the table knows keeps its own length; a city after a ministry is where it acted.
        "Le <ent>Haut-Commissariat des Nations unies pour les réfugiés</ent> a publié son rapport annuel.",
        "Le <ent>ministère de l'Intérieur</ent> à Rabat a publié un communiqué.",
        # An acronym said as a word, in title case, takes its long form when its initials spell it.
        "Le mandat de la <ent>Mission d'appui des Nations unies en Libye</ent> (<ent>Manul</ent>) a été prolongé. "
        "La <ent>Manul</ent> reste à Tripoli.",
        "Il vit dans la capitale de l'Oriental (Oujda) depuis dix ans.",
    ],
)
def test_institution_spans(nlp: Language, example: str) -> None:
    text, expected = parse_example(example)
    assert found(nlp, text) == [(span.start, span.end, span.text) for span in expected]


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
    assert as_json(entity_items(doc))["institutions"][1] == {
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
