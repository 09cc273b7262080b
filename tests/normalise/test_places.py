"""The gazetteer: spelling variants, resolution to one canonical place, data integrity."""

import dataclasses
import shutil
from pathlib import Path

import pycountry
import pytest

from pipeline.generate.gazetteer import GENERATED_DIR, build, render
from pipeline.normalise.places import DATA_DIR, KINDS, Gazetteer, GazetteerError, Place, default_gazetteer, spelling_key


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize(("a", "b"), [
    ("Laâyoune", "Laayoune"),
    ("Fès", "FES"),
    ("Benguerir", "Ben Guerir"),
    ("Kénitra", "Kenitra"),
    ("Technopole d'Oujda", "Technopole d’Oujda"),
    ("Béni-Mellal", "Beni Mellal"),
])
def test_spelling_key_makes_variants_one_key(a: str, b: str) -> None:
    assert spelling_key(a) == spelling_key(b)


@pytest.mark.parametrize(("mention", "name", "kind", "country"), [
    # Variants the brief names.
    ("Laâyoune", "Laâyoune", "city", "MA"),
    ("Laayoune", "Laâyoune", "city", "MA"),
    ("Fès", "Fès", "city", "MA"),
    ("Fes", "Fès", "city", "MA"),
    ("Fez", "Fès", "city", "MA"),
    ("Benguerir", "Benguerir", "city", "MA"),
    ("Ben Guerir", "Benguerir", "city", "MA"),
    ("Kénitra", "Kénitra", "city", "MA"),
    ("Kenitra", "Kénitra", "city", "MA"),
    # Canonical French names where GeoNames spells otherwise.
    ("Tangier", "Tanger", "city", "MA"),
    ("Arfoud", "Erfoud", "city", "MA"),
    ("Boudenib", "Boudnib", "city", "MA"),
    ("Skhirate", "Skhirat", "city", "MA"),
    ("Kelaat M'Gouna", "Kelâat M'Gouna", "city", "MA"),
    # The Moroccan town, not its Algerian namesake Boû Arfa.
    ("Bouarfa", "Bouarfa", "city", "MA"),
    ("Tetouan", "Tétouan", "city", "MA"),
    ("Meknes", "Meknès", "city", "MA"),
    ("Marrakesh", "Marrakech", "city", "MA"),
    ("Beni Mellal", "Beni Mellal", "city", "MA"),
    ("Nouaceur", "Nouaceur", "city", "MA"),
    ("Es-Semara", "Smara", "city", "MA"),
    ("London", "Londres", "city", "GB"),
    ("Ceuta", "Sebta", "city", "ES"),
    # GeoNames lists « Khenifra » as an alternate of Kénitra: the town of that name wins.
    ("Khenifra", "Khénifra", "city", "MA"),
    # Countries and continents in French, from pycountry and GeoNames.
    ("Maroc", "Maroc", "country", "MA"),
    ("Etats-Unis", "États-Unis", "country", "US"),
    ("Russie", "Russie", "country", "RU"),
    ("Afrique", "Afrique", "continent", None),
    # Morocco's regions and provinces, from pycountry.
    ("Souss-Massa", "Souss-Massa", "region", "MA"),
    ("Dakhla-Oued Ed-Dahab", "Dakhla-Oued Eddahab", "region", "MA"),
    ("Oriental", "Oriental", "region", "MA"),
    ("Fahs-Anjra", "Fahs-Anjra", "province", "MA"),
    # Curated sites.
    ("Tanger Med", "Tanger Med", "site", "MA"),
    ("Cité Mohammed VI Tanger Tech", "Tanger Tech", "site", "MA"),
    ("Midparc", "Midparc", "site", "MA"),
    ("Jorf Lasfar", "Jorf Lasfar", "site", "MA"),
    ("Zenata", "Zenata", "site", "MA"),
    ("Tamesna", "Tamesna", "site", "MA"),
])
def test_resolve_to_one_canonical_place(gazetteer: Gazetteer, mention: str, name: str, kind: str,
                                        country: str | None) -> None:
    place = gazetteer.resolve(mention)
    assert place is not None
    assert (place.name, place.kind, place.country) == (name, kind, country)


@pytest.mark.parametrize(("mention", "parent"), [
    ("Tanger Tech", "Tanger"),
    ("Technopole d'Oujda", "Oujda"),
    ("Midparc", "Nouaceur"),
    ("Ecoparc de Berrechid", "Berrechid"),
    ("Kénitra", "Rabat-Salé-Kénitra"),
    ("Oujda", "Oriental"),
    ("Laâyoune", "Laâyoune-Sakia El Hamra"),
    ("Souss-Massa", "Maroc"),
    ("Maroc", "Afrique"),
])
def test_parent_is_a_known_place(gazetteer: Gazetteer, mention: str, parent: str) -> None:
    place = gazetteer.resolve(mention)
    assert place is not None and place.parent == parent
    assert gazetteer.resolve(parent) is not None


def test_a_place_carries_coordinates_and_geonames_id(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Laayoune") == Place(
        name="Laâyoune", kind="city", country="MA", lat=27.1418, lon=-13.18797, geonames_id=2462881,
        parent="Laâyoune-Sakia El Hamra", source="gazetteer",
    )


def test_announced_kind_picks_among_same_spellings(gazetteer: Gazetteer) -> None:
    province = gazetteer.resolve("Kénitra", kind="province")
    assert province is not None and province.kind == "province"
    assert (province.lat, province.lon) == (gazetteer.resolve("Kénitra").lat, gazetteer.resolve("Kénitra").lon)
    city = gazetteer.resolve("Tanger", kind="region")  # no region of that name: the best place still
    assert city is not None and city.kind == "city"


@pytest.mark.parametrize("mention", ["Sanae", "Urbanisme", "Eco-quartiers", "Raqui", "Midparcs"])
def test_unknown_names(gazetteer: Gazetteer, mention: str) -> None:
    assert gazetteer.resolve(mention) is None


@pytest.mark.parametrize(("mention", "known"), [
    ("Ben Guerir", True),
    ("Benguerir", True),
    ("Il a", False),  # folds like « Ila », a Nigerian town, but in two words
    ("Par la", False),  # « Parla », near Madrid
])
def test_a_mention_needs_as_many_words_as_a_spelling(gazetteer: Gazetteer, mention: str, known: bool) -> None:
    assert gazetteer.knows(mention) is known


@pytest.mark.parametrize(("mention", "certain"), [
    ("Rabat", True),
    ("Laayoune", True),
    ("Seul", False),  # an alternate spelling of Seoul, and a French word
    ("Nancy", False),  # a first name, listed in ambiguous.tsv
    ("Tours", False),
])
def test_certainty_of_a_spelling(gazetteer: Gazetteer, mention: str, certain: bool) -> None:
    found = gazetteer.lookup(mention)
    assert found is not None and found.certain is certain


def test_western_sahara_is_reported_as_moroccan(gazetteer: Gazetteer) -> None:
    for mention in ("Laâyoune", "Dakhla", "Boujdour", "Tifariti", "Aousserd"):
        place = gazetteer.resolve(mention)
        assert place is not None and place.country == "MA", mention
    assert all(entry.place.country != "EH" for entry in gazetteer.entries.values())
    sahara = gazetteer.resolve("Sahara occidental")
    assert sahara is not None and (sahara.name, sahara.kind, sahara.country) == ("Sahara", "region", "MA")


def test_every_country_but_western_sahara_is_there(gazetteer: Gazetteer) -> None:
    codes = {entry.place.country for entry in gazetteer.entries.values() if entry.place.kind == "country"}
    assert codes == {country.alpha_2 for country in pycountry.countries} - {"EH"}


def test_every_moroccan_subdivision_has_coordinates(gazetteer: Gazetteer) -> None:
    subdivisions = [entry.place for entry in gazetteer.entries.values()
                    if entry.id.startswith("iso:MA-")]
    assert len(subdivisions) == len(pycountry.subdivisions.get(country_code="MA"))
    assert [place.name for place in subdivisions if place.lat is None or place.lon is None] == []


def test_places_are_frozen_with_the_record_fields() -> None:
    assert [field.name for field in dataclasses.fields(Place)] == [
        "name", "kind", "country", "lat", "lon", "geonames_id", "parent", "source"]
    place = Place("Rabat", "city", "MA", 34.0, -6.8, 2538475, None, "gazetteer")
    with pytest.raises(dataclasses.FrozenInstanceError):
        place.name = "Salé"  # type: ignore[misc]


def test_every_kind_is_a_record_kind(gazetteer: Gazetteer) -> None:
    assert {entry.place.kind for entry in gazetteer.entries.values()} <= set(KINDS)


def test_generated_tables_match_the_packages() -> None:
    """The committed tables are what the generator makes from the installed packages."""
    for name, rows in build().items():
        assert (GENERATED_DIR / name).read_text(encoding="utf-8") == render(rows), (
            f"{name} is stale: run python -m pipeline.generate.gazetteer")


def copy_of_tables(tmp_path: Path) -> Path:
    folder = tmp_path / "places"
    shutil.copytree(DATA_DIR, folder)
    return folder


@pytest.mark.parametrize(("file", "line", "message"), [
    ("sites.tsv", "site:nowhere\tNowhere\tsite\tMA\t30.0\t-8.0\t\tNulle-Part-sur-Mer\t\n", "Nulle-Part-sur-Mer"),
    ("sites.tsv", "site:nowhere\tNowhere\tharbour\tMA\t30.0\t-8.0\t\tMaroc\t\n", "harbour"),
    ("sites.tsv", "site:tanger-med\tTanger Med\tsite\tMA\t30.0\t-8.0\t\tMaroc\t\n", "duplicate"),
    ("sites.tsv", "site:nowhere\tNowhere\tsite\tMA\t\t\t\tMaroc\t\n", "coordinates"),
    ("names.tsv", "gn:0\tNowhere\t\t\t\n", "gn:0"),
    ("names.tsv", "gn:2538475\tRabat\t\t\tgn:0\n", "gn:0"),
    ("names.tsv", "gn:2538475\tRabat\n", "cells"),
])
def test_bad_tables_fail_at_load(tmp_path: Path, file: str, line: str, message: str) -> None:
    folder = copy_of_tables(tmp_path)
    with (folder / file).open("a", encoding="utf-8") as handle:
        handle.write(line)
    with pytest.raises(GazetteerError, match=message):
        Gazetteer.load(folder)


def test_missing_generated_tables_say_how_to_make_them(tmp_path: Path) -> None:
    folder = copy_of_tables(tmp_path)
    shutil.rmtree(folder / "generated")
    with pytest.raises(GazetteerError, match="pipeline.generate.gazetteer"):
        Gazetteer.load(folder)
