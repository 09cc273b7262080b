"""Check records against the committed JSON Schema, plus what a schema cannot say."""

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from pipeline.nlp.extensions import SPAN_GROUPS

SCHEMA_PATH = Path(__file__).with_name("schema.json")


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(record: Any) -> list[str]:
    """Every problem of a record, as readable messages; an empty list means valid."""
    problems = [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(record)'}: {error.message}"
        for error in sorted(validator().iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        return problems
    text = record["text"]
    for group in SPAN_GROUPS:
        for index, item in enumerate(record[group]):
            if not item["start"] < item["end"] <= len(text) or text[item["start"] : item["end"]] != item["text"]:
                problems.append(f"{group}/{index}: text {item['text']!r} is not text[{item['start']}:{item['end']}]")
    return problems
