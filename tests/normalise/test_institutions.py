"""Institution names, acronyms and kinds from the curated tables (no spaCy)."""

import doctest
from pathlib import Path

import pytest

from pipeline.normalise import institutions
from pipeline.normalise.institutions import (
    KINDS,
    KnownInstitution,
    Institution,
    InstitutionDataError,
    InstitutionTable,
    canonical_name,
    load_entries,
    load_heads,
    name_key,
)


@pytest.fixture(scope="module")
def table() -> InstitutionTable:
    return InstitutionTable.load()


def test_docstring_examples_run() -> None:
    assert doctest.testmod(institutions).failed == 0


@pytest.mark.parametrize(
    ("written", "name", "acronym", "kind"),
    [
        ("OFPPT", "Office de la formation professionnelle et de la promotion du travail", "OFPPT", "public_agency"),
        ("IRESEN", "Institut de recherche en énergie solaire et énergies nouvelles", "IRESEN", "public_agency"),
        ("OCP", "Office chérifien des phosphates", "OCP", "company"),
        ("Groupe OCP", "Office chérifien des phosphates", "OCP", "company"),
        ("ONEE", "Office national de l'électricité et de l'eau potable", "ONEE", "public_agency"),
        ("Office National de l'Electricité et de l'Eau Potable", "Office national de l'électricité et de l'eau potable", "ONEE", "public_agency"),
        ("CDG", "Caisse de dépôt et de gestion", "CDG", "public_agency"),
        ("Masen", "Agence marocaine pour l'énergie durable", "MASEN", "public_agency"),
        ("HCP", "Haut-Commissariat au Plan", "HCP", "public_agency"),
        ("Bank Al Maghrib", "Bank Al-Maghrib", "BAM", "bank"),
        ("ONU", "Organisation des Nations unies", "ONU", "international"),
        ("Nations unies", "Organisation des Nations unies", "ONU", "international"),
        ("UE", "Union européenne", "UE", "international"),
        ("FMI", "Fonds monétaire international", "FMI", "international"),
        ("Banque mondiale", "Banque mondiale", None, "international"),
        ("UM6P", "Université Mohammed VI Polytechnique", "UM6P", "university"),
        ("CGEM", "Confédération générale des entreprises du Maroc", "CGEM", "association"),
        ("CESE", "Conseil économique, social et environnemental", "CESE", "council"),
        ("MAP", "Agence Maghreb Arabe Presse", "MAP", "media"),
        ("Les Inspirations ECO", "Les Inspirations ÉCO", None, "media"),
        ("Les ECO", "Les Inspirations ÉCO", None, "media"),
        ("Medias24", "Médias24", None, "media"),
        ("L’Economiste", "L'Economiste", None, "media"),
    ],
)
def test_known_institutions_resolve_to_their_canonical_name(
    table: InstitutionTable, written: str, name: str, acronym: str | None, kind: str
) -> None:
    assert table.resolve(written, source="rules") == Institution(name, acronym, kind, "rules")


@pytest.mark.parametrize(
    ("written", "name", "kind"),
    [
        ("ministère de l'Industrie et du Commerce", "Ministère de l'Industrie et du Commerce", "ministry"),
        ("Ministère de l’Intérieur", "Ministère de l'Intérieur", "ministry"),
        ("Office régional de mise en valeur agricole du Gharb", "Office régional de mise en valeur agricole du Gharb", "public_agency"),
        ("Agence urbaine de Casablanca", "Agence urbaine de Casablanca", "public_agency"),
        ("Haut-Commissariat aux Eaux et Forêts", "Haut-Commissariat aux Eaux et Forêts", "public_agency"),
        ("Caisse marocaine de l'assurance", "Caisse marocaine de l'assurance", "public_agency"),
        ("Direction générale de la météorologie", "Direction générale de la météorologie", "public_agency"),
        ("Autorité portuaire de Tanger", "Autorité portuaire de Tanger", "public_agency"),
        ("Banque populaire régionale de Fès", "Banque populaire régionale de Fès", "bank"),
        ("Université privée de Marrakech", "Université privée de Marrakech", "university"),
        ("conseil communal de Sidi Yahya Zaër", "Conseil communal de Sidi Yahya Zaër", "council"),
        ("Interprofession marocaine de l'olive", "Interprofession marocaine de l'olive", "association"),
        ("Conseil régional de Souss-Massa", "Conseil régional de Souss-Massa", "council"),
        ("Commission régionale d'investissement", "Commission régionale d'investissement", "council"),
        ("Groupe Renault", "Groupe Renault", "company"),
        ("Fondation Mohammed V pour la solidarité", "Fondation Mohammed V pour la solidarité", "association"),
        ("Organisation mondiale du tourisme", "Organisation mondiale du tourisme", "international"),
        ("Tanger Automotive City", "Tanger Automotive City", "other"),
    ],
)
def test_unknown_names_keep_their_written_form_and_take_the_kind_of_their_head(
    table: InstitutionTable, written: str, name: str, kind: str
) -> None:
    assert table.resolve(written, source="rules") == Institution(name, None, kind, "rules")


def test_an_acronym_written_next_to_an_unknown_long_form_is_kept(table: InstitutionTable) -> None:
    value = table.resolve("Agence nationale des équipements publics", source="rules", acronym="ANEP")
    assert value == Institution("Agence nationale des équipements publics", "ANEP", "public_agency", "rules")


def test_a_regional_body_of_a_generic_kind_keeps_its_own_name(table: InstitutionTable) -> None:
    value = table.resolve("Centre régional d'investissement de l'Oriental", source="rules", acronym="CRI")
    assert value == Institution("Centre régional d'investissement de l'Oriental", "CRI", "public_agency", "rules")


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("ministère de l'Aménagement du territoire national et de l'Urbanisme",
         "Ministère de l'Aménagement du territoire national, de l'Urbanisme, de l'Habitat et de la Politique de la ville"),
        ("ministère de l'Equipement et de l'Eau", "Ministère de l'Équipement et de l'Eau"),
        ("ministère des Finances", "Ministère de l'Économie et des Finances"),
        ("Université Ibn Zohr d'Agadir", "Université Ibn Zohr"),
        ("Université Mohammed Premier d'Oujda", "Université Mohammed Premier"),
    ],
)
def test_short_and_local_forms_resolve_to_the_official_name(table: InstitutionTable, written: str, name: str) -> None:
    assert table.resolve(written, source="rules").name == name


def test_a_known_acronym_gives_its_table_name_to_a_variant_long_form(table: InstitutionTable) -> None:
    value = table.resolve("Agence nationale des Eaux et des Forêts", source="rules", acronym="ANEF")
    assert value.name == "Agence nationale des eaux et forêts"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Bank Al-Maghrib", "BANK AL MAGHRIB"),
        ("Office national de l’électricité", "office national de l'electricite"),
        ("Haut-Commissariat au Plan", "Haut Commissariat  au plan"),
    ],
)
def test_name_keys_ignore_case_accents_hyphens_and_apostrophes(first: str, second: str) -> None:
    assert name_key(first) == name_key(second)


def test_acronyms_are_looked_up_as_written(table: InstitutionTable) -> None:
    assert table.by_acronym("UE") is not None
    assert table.by_acronym("ue") is None


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("ministère de l’Aménagement du territoire national", "Ministère de l'Aménagement du territoire national"),
        ("  Office   national des pêches ", "Office national des pêches"),
    ],
)
def test_canonical_names_are_cleaned_and_capitalised(written: str, canonical: str) -> None:
    assert canonical_name(written) == canonical


@pytest.mark.parametrize(
    "acronym",
    [
        "OCP", "ONCF", "ONEE", "CDG", "MASEN", "ANEF", "ANRAC", "IRESEN", "ONSSA", "HCP", "AMDIE", "OFPPT",
        "BAM", "CNSS", "ADM", "ANP", "MEDZ", "TMSA", "ORMVA", "FAO", "BAD", "BERD", "BEI", "ONU", "UNESCO",
        "UA", "UE", "FMI", "OMC", "OMS", "PNUD", "MAP",
    ],
)
def test_the_table_covers_the_common_acronyms(table: InstitutionTable, acronym: str) -> None:
    assert table.lookup(acronym) is not None


@pytest.mark.parametrize(
    "outlet",
    ["Les Inspirations ÉCO", "Le360", "Médias24", "TelQuel", "Hespress", "L'Economiste", "Le Matin", "Maghress", "MAP"],
)
def test_media_outlets_are_of_kind_media(table: InstitutionTable, outlet: str) -> None:
    assert table.resolve(outlet, source="rules").kind == "media"


def test_every_entry_and_head_has_a_known_kind() -> None:
    assert {entry.kind for entry in load_entries()} <= KINDS
    assert {head.kind for head in load_heads()} <= KINDS


def test_an_unknown_kind_is_refused_at_load(tmp_path: Path) -> None:
    path = tmp_path / "acronyms.tsv"
    path.write_text("id\tacronym\tname\tkind\taliases\nxyz\tXYZ\tXYZ\tagency\t\n", encoding="utf-8")
    with pytest.raises(InstitutionDataError, match="unknown kind"):
        load_entries(path)


def test_one_written_form_for_two_institutions_is_refused() -> None:
    entries = load_entries()
    clash = KnownInstitution("other-id", None, entries[0].name, "other", ())
    with pytest.raises(InstitutionDataError, match="names both"):
        InstitutionTable([*entries, clash], load_heads())
