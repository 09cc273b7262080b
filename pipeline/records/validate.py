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
