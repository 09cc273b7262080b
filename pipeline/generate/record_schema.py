"""The record's JSON Schema, generated from its types: ``pipeline/records/schema.json`` is this output.

    python -m pipeline.generate.record_schema

rewrites the committed file; a test regenerates it and compares. A field's JSON type
comes from its Python type (``str | None`` is a string or null, a ``Literal`` an enum,
a tuple an array, a dataclass an object with every field required and no other), and
the keywords of its ``Annotated`` dict are added to it (a ``type`` there replaces the
type the annotation gives, to admit more than the code writes).
"""

import dataclasses
import json
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pipeline.records.model import ITEM_TYPES, SCHEMA_VERSION, Record
from pipeline.records.validate import SCHEMA_PATH

_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}
_DEFINITIONS = {item_type: group.removesuffix("s") for group, item_type in ITEM_TYPES.items()}


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 7) of a record."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"https://maghreb-news-records/schema/record-{SCHEMA_VERSION}.json",
        "title": "News article record",
        "description": "One cleaned article with its extracted entities. "
        "Offsets are Unicode code points in `text`, end exclusive.",
        **_object(Record),
        "definitions": {name: _object(item_type) for item_type, name in _DEFINITIONS.items()},
    }


def render() -> str:
    """The schema file's exact text."""
    return json.dumps(record_schema(), ensure_ascii=False, indent=2) + "\n"


def _object(cls: type) -> dict[str, Any]:
    hints = get_type_hints(cls, include_extras=True)
    names = [field.name for field in dataclasses.fields(cls)]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": names,
        "properties": {name: _field(hints[name]) for name in names},
    }


def _field(hint: Any) -> dict[str, Any]:
    if get_origin(hint) is Annotated:
        base, *extras = get_args(hint)
        keywords = {key: value for extra in extras for key, value in extra.items()}
        return keywords if "type" in keywords else {**_field(base), **keywords}
    if hint in _DEFINITIONS:
        return {"$ref": f"#/definitions/{_DEFINITIONS[hint]}"}
    if dataclasses.is_dataclass(hint):
        return _object(hint)
    origin, args = get_origin(hint), get_args(hint)
    if origin is tuple:
        return {"type": "array", "items": _field(args[0])}
    if origin is Literal:
        return {"const": args[0]} if len(args) == 1 else {"enum": list(args)}
    if origin in (Union, types.UnionType):
        return _optional(args)
    return {"type": _JSON_TYPES[hint]}


def _optional(args: tuple[Any, ...]) -> dict[str, Any]:
    """``X | None``: null added to X's type or enum."""
    (base,) = [arg for arg in args if arg is not type(None)]
    schema = _field(base)
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    return {**schema, "type": [schema["type"], "null"]}


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
