"""The record as types: one field list, from which the JSON Schema, the JSON and the rows derive.

An item of a record is its span (surface text and offsets) followed by the normalised
value the normalise stage gives it: ``PlaceItem`` is a ``Span`` and a ``Place``, so the
fields of a place are written once, in ``pipeline/normalise/places.py``. What JSON
Schema says beyond a field's type (a pattern, a bound) sits beside the field as
``Annotated[type, {keyword: value}]``. Field order is the key order of the JSON.

>>> place = PlaceItem("Tanger", 10, 16, "Tanger", "city", "MA", 35.77, -5.8, 2530335, None, "both")
>>> dumps(as_json(place))
'{"text":"Tanger","start":10,"end":16,"name":"Tanger","kind":"city","country":"MA","lat":35.77,\
"lon":-5.8,"geonames_id":2530335,"parent":null,"source":"both"}'
>>> from_json(PlaceItem, as_json(place)) == place
True
"""

import dataclasses
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin, get_type_hints

from pipeline.jsonl import dumps
from pipeline.normalise.areas import Area
from pipeline.normalise.dates import DateValue
from pipeline.normalise.institutions import Institution
from pipeline.normalise.places import Place

SCHEMA_VERSION = "1"
ISO_DAY = "^\\d{4}-\\d{2}-\\d{2}$"

__all__ = [
    "ITEM_TYPES", "SCHEMA_VERSION", "AreaItem", "DateItem", "InstitutionItem", "Metadata", "PlaceItem",
    "Provenance", "Record", "Source", "Span", "as_json", "from_json",
]


@dataclasses.dataclass(frozen=True)
class Span:
    """Where an item is: ``text == record.text[start:end]``, offsets in code points, end exclusive."""

    text: Annotated[str, {"minLength": 1}]
    start: Annotated[int, {"minimum": 0}]
    end: Annotated[int, {"minimum": 1}]


@dataclasses.dataclass(frozen=True)
class PlaceItem(Place, Span):
    """A place mention: its span, then its canonical place."""


@dataclasses.dataclass(frozen=True)
class InstitutionItem(Institution, Span):
    """An institution mention: its span, then its canonical institution."""


@dataclasses.dataclass(frozen=True)
class AreaItem(Area, Span):
    """A surface area: its span, then its value in hectares."""


@dataclasses.dataclass(frozen=True)
class DateItem(DateValue, Span):
    """A date: its span, then its ISO value."""


ITEM_TYPES: dict[str, type[Span]] = {
    "places": PlaceItem,
    "institutions": InstitutionItem,
    "areas": AreaItem,
    "dates": DateItem,
}
"""The entity lists of a record, in record order, with the type of their items."""


@dataclasses.dataclass(frozen=True)
class Source:
    """Where a record comes from: input name, URL, storage format, hash of the raw bytes."""

    path: Annotated[str, {"minLength": 1}]
    url: str | None
    format: Literal["html", "text", "jsonl"]
    sha256: Annotated[str, {"pattern": "^[0-9a-f]{64}$"}]


@dataclasses.dataclass(frozen=True)
class Metadata:
    """The article's metadata as the cleaning stage found it."""

    title: str | None
    published: Annotated[str | None, {"format": "date", "pattern": ISO_DAY}]
    outlet: str | None
    site: str | None
    author: str | None
    language: str | None


@dataclasses.dataclass(frozen=True)
class Provenance:
    """What made the record, and when (the one field that changes from run to run)."""

    pipeline: str
    model: str
    extracted_at: Annotated[str, {"format": "date-time"}]


@dataclasses.dataclass(frozen=True)
class Record:
    """One article: cleaned text, metadata, and the four entity lists."""

    schema_version: Literal[SCHEMA_VERSION]
    id: Annotated[str, {"pattern": "^[0-9a-f]{32}$"}]
    source: Source
    metadata: Metadata
    text: Annotated[str, {"minLength": 1}]
    places: tuple[PlaceItem, ...]
    institutions: tuple[InstitutionItem, ...]
    areas: tuple[AreaItem, ...]
    dates: tuple[DateItem, ...]
    warnings: tuple[str, ...]
    provenance: Provenance


def as_json(value: Any) -> Any:
    """A typed value as JSON data: dataclasses as objects in field order, tuples as lists."""
    if dataclasses.is_dataclass(value):
        return {field.name: as_json(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [as_json(item) for item in value]
    return value


_T = TypeVar("_T")


def from_json(cls: type[_T], data: dict[str, Any]) -> _T:
    """The typed value of JSON data that the schema has validated."""
    return cls(**{name: convert(data[name]) for name, convert in _converters(cls)})


@cache
def _converters(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    hints = get_type_hints(cls)
    return tuple((field.name, _converter(hints[field.name])) for field in dataclasses.fields(cls))


def _converter(hint: Any) -> Callable[[Any], Any]:
    if dataclasses.is_dataclass(hint):
        return lambda data: from_json(hint, data)
    if get_origin(hint) is tuple:
        convert = _converter(get_args(hint)[0])
        return lambda items: tuple(convert(item) for item in items)
    return lambda value: value
