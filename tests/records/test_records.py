"""Records: schema-valid, deterministic, offsets that hold."""

import copy
import dataclasses
import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from pipeline.generate.record_schema import render
from pipeline.records import ITEM_TYPES, SCHEMA_VERSION, Record, Span, as_json, from_json, model, record_id, validate
from pipeline.records.validate import SCHEMA_PATH
from pipeline.run import extract_pages
from pipeline.jsonl import dumps

ROOT = Path(__file__).resolve().parents[2]
SEED = str(ROOT / "samples" / "pages" / "maghress-zones-industrielles.txt")


@pytest.fixture(scope="module")
def seed_record(nlp) -> dict:
    (record,) = extract_pages([SEED])
    return record


def test_seed_record_validates_and_offsets_hold(seed_record: dict) -> None:
    assert validate(seed_record) == []
    assert seed_record["schema_version"] == SCHEMA_VERSION
    for group in ("places", "institutions", "areas", "dates"):
        for item in seed_record[group]:
            assert seed_record["text"][item["start"] : item["end"]] == item["text"]


def test_seed_record_metadata_and_provenance(seed_record: dict) -> None:
    assert seed_record["metadata"]["outlet"] == "Les ECO"
    assert seed_record["metadata"]["published"] == "2025-10-30"
    assert seed_record["source"]["format"] == "text"
    assert seed_record["provenance"]["model"] == "fr_core_news_md-3.8.0"


def test_same_page_twice_gives_same_id_and_bytes(seed_record: dict) -> None:
    (again,) = extract_pages([SEED])
    assert again["id"] == seed_record["id"] == record_id(None, seed_record["source"]["sha256"])
    strip = lambda r: dumps({**r, "provenance": {**r["provenance"], "extracted_at": ""}})  # noqa: E731
    assert strip(again) == strip(seed_record)


def test_same_content_at_another_url_is_another_article() -> None:
    assert record_id("https://a.ma/1", "0" * 64) != record_id("https://a.ma/2", "0" * 64)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("text"), "(record): must contain ['text']"),
        (lambda r: r["metadata"].update(published="30/10/2025"), "metadata/published"),
        (lambda r: r.update(schema_version="0"), "schema_version: must be same as const"),
        (lambda r: r["areas"].append({"text": "x", "start": 0, "end": 1}), "areas/"),
        (lambda r: r["places"].append({**r["places"][0], "kind": "planet"}), "kind: must be one of"),
        (lambda r: r["metadata"].update(extra=1), "metadata: must not contain {'extra'}"),
        (lambda r: r["dates"].append({"text": "Le", "start": 3, "end": 5, "value": "2024", "value_end": None,
                                      "granularity": "year", "relative": False}), "is not text[3:5]"),
    ],
)
def test_schema_violations_are_named(seed_record: dict, change, message: str) -> None:
    record = copy.deepcopy(seed_record)
    change(record)
    problems = validate(record)
    assert problems and any(message in problem for problem in problems)


def test_committed_schema_is_valid_json_schema(seed_record: dict) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert list(Draft7Validator(schema).iter_errors(seed_record)) == []


def test_records_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Same input, same bytes, in another process with another string-hash order."""
    pages = [SEED, str(ROOT / "samples" / "pages" / "jsonl-scrape.jsonl")]
    outputs = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", "extract", *pages],
            capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        records = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
        outputs.append([dumps({**r, "provenance": {**r["provenance"], "extracted_at": ""}}) for r in records])
    assert len(outputs[0]) == 4
    assert outputs[0] == outputs[1]


def test_committed_schema_is_the_one_generated_from_the_types() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), "run python -m pipeline.generate.record_schema"


def test_docstring_examples() -> None:
    assert doctest.testmod(model).failed == 0


def test_a_record_read_back_is_the_same_record_and_the_same_bytes(seed_record: dict) -> None:
    record = from_json(Record, seed_record)
    assert all(isinstance(item, ITEM_TYPES[group]) for group in ITEM_TYPES for item in getattr(record, group))
    assert dumps(as_json(record)) == dumps(seed_record)


def test_an_item_is_its_span_then_its_normalised_value() -> None:
    span_fields = [field.name for field in dataclasses.fields(Span)]
    for item_type in ITEM_TYPES.values():
        value_type = next(base for base in item_type.__bases__ if base is not Span)
        names = [field.name for field in dataclasses.fields(item_type)]
        assert names == span_fields + [field.name for field in dataclasses.fields(value_type)]
