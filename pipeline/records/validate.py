"""Check records against the committed JSON Schema, plus what a schema cannot say.

The schema is compiled once (fastjsonschema): validation runs for every record a
batch writes or a database loads, so it must cost microseconds, not milliseconds.
"""

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import fastjsonschema

from pipeline.records.model import ITEM_TYPES

SCHEMA_PATH = Path(__file__).with_name("schema.json")
"""Generated from the record types by ``python -m pipeline.generate.record_schema``; never edited by hand."""


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def compiled() -> Callable[[Any], Any]:
    return fastjsonschema.compile(schema())


@lru_cache(maxsize=1)
def item_validators() -> dict[str, Callable[[Any], Any]]:
    """One compiled check per entity list: the definition its items refer to, compiled alone
    (a definition holds no reference, and a ``$ref`` would send the compiler looking for the
    schema's ``$id`` on the network)."""
    whole = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # a copy of its own: compiling rewrites a schema
    checks = {}
    for group in ITEM_TYPES:
        name = whole["properties"][group]["items"]["$ref"].removeprefix("#/definitions/")
        checks[group] = fastjsonschema.compile({"$schema": whole["$schema"], **whole["definitions"][name]})
    return checks


def item_problem(group: str, item: dict[str, Any], text: str) -> str | None:
    """Why one entity item breaks the contract of its list (schema, offsets), or None."""
    try:
        item_validators()[group](item)
    except fastjsonschema.JsonSchemaValueException as error:
        return error.message.removeprefix("data ")
    if not item["start"] < item["end"] <= len(text) or text[item["start"] : item["end"]] != item["text"]:
        return f"text {item['text']!r} is not text[{item['start']}:{item['end']}]"
    return None


def validate(record: Any) -> list[str]:
    """The problems of a record, as readable messages; an empty list means valid.

    A schema violation is reported first and alone; offsets are checked on
    records that pass the schema.
    """
    try:
        compiled()(record)
    except fastjsonschema.JsonSchemaValueException as error:
        path = "/".join(str(part) for part in error.path[1:]) or "(record)"
        return [f"{path}: {error.message.removeprefix(error.name + ' ').strip()}"]
    problems = []
    text = record["text"]
    for group in ITEM_TYPES:
        for index, item in enumerate(record[group]):
            if not item["start"] < item["end"] <= len(text) or text[item["start"] : item["end"]] != item["text"]:
                problems.append(f"{group}/{index}: text {item['text']!r} is not text[{item['start']}:{item['end']}]")
    return problems
