"""The gold loader: typed articles from valid lines, a clear message for each bad one."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from pipeline.evaluate import draft_gold
from pipeline.evaluate.gold import GoldArea, GoldError, GoldInstitution, load_gold
from pipeline.jsonl import JsonLinesError, read_objects

DATA = Path(__file__).parent / "data"
TEXT = "À Rabat, l'OFPPT a inauguré le 8 février 2024 un centre sur 12 hectares."


def line(**changes: object) -> dict:
    """A valid gold line, with some fields replaced (None removes a field)."""
    base = {
        "gold_version": "1",
        "id": "ofppt-rabat",
        "published": "2024-02-10",
        "text": TEXT,
        "places": [{"start": 2, "end": 7, "text": "Rabat", "name": "Rabat"}],
        "institutions": [
            {"start": 11, "end": 16, "name": "Office de la formation professionnelle et de la promotion du travail", "acronym": "OFPPT"}
        ],
        "areas": [{"start": 60, "end": 71, "hectares": 12, "hectares_max": None}],
        "dates": [{"start": 31, "end": 45, "value": "2024-02-08", "value_end": None}],
    }
    for key, value in changes.items():
        if value is None:
            base.pop(key)
        else:
            base[key] = value
    return base


def write(tmp_path: Path, *lines: dict | str, name: str = "gold.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(l if isinstance(l, str) else json.dumps(l, ensure_ascii=False) for l in lines) + "\n")
    return path


def test_the_base_line_is_valid(tmp_path: Path) -> None:
    assert TEXT[2:7] == "Rabat" and TEXT[11:16] == "OFPPT" and TEXT[31:45] == "8 février 2024" and TEXT[60:71] == "12 hectares"
    [article] = load_gold([write(tmp_path, line())])
    assert article.id == "ofppt-rabat"
    assert article.published == date(2024, 2, 10)
    assert article.areas == (GoldArea(60, 71, 12.0, None),)
    assert article.institutions[0] == GoldInstitution(
        11, 16, "Office de la formation professionnelle et de la promotion du travail", "OFPPT"
    )
    assert article.origin == f"{tmp_path / 'gold.jsonl'}:1"
    assert article.body_must_contain == ()


def test_the_hand_made_gold_file_loads() -> None:
    articles = load_gold([DATA / "gold.jsonl"])
    assert [a.id for a in articles] == ["tanger-med-zone-franche", "souss-massa-irrigation"]
    assert [(a.hectares, a.hectares_max) for a in articles[1].areas] == [(13000.0, None), (200.0, 300.0)]
    assert [d.value for d in articles[1].dates] == ["2021", "2025-10-28"]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"id": "x", "text": ', "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        (line(id=None), "missing field 'id'"),
        (line(text=None), "missing field 'text'"),
        (line(dates=None), "missing field 'dates'"),
        (line(places="Rabat"), "'places' must be a list"),
        (line(places=[{"start": 2, "name": "Rabat"}]), "places[0]: missing field 'end'"),
        (line(places=[{"start": 2, "end": 7}]), "places[0]: missing field 'name'"),
        (line(places=[{"start": "2", "end": 7, "name": "Rabat"}]), "places[0]: 'start' must be an integer"),
        (line(places=[{"start": 70, "end": 90, "name": "Rabat"}]), "places[0]: offsets 70:90 out of range"),
        (line(places=[{"start": 7, "end": 2, "name": "Rabat"}]), "places[0]: offsets 7:2 out of range"),
        (line(places=[{"start": 2, "end": 7, "text": "Rabt", "name": "Rabat"}]), "places[0]: span text 'Rabt' differs"),
        (line(places=[{"start": 1, "end": 7, "name": "Rabat"}]), "places[0]: span 1:7 ' Rabat' starts or ends with whitespace"),
        (
            line(places=[{"start": 2, "end": 7, "name": "Rabat"}, {"start": 4, "end": 7, "name": "Rabat"}]),
            "places: spans 2:7 and 4:7 overlap",
        ),
        (line(areas=[{"start": 60, "end": 71, "hectares": "12"}]), "areas[0]: 'hectares' must be a non-negative number"),
        (
            line(areas=[{"start": 60, "end": 71, "hectares": 300, "hectares_max": 200}]),
            "areas[0]: hectares_max 200.0 is below hectares 300.0",
        ),
        (line(dates=[{"start": 31, "end": 45, "value": "08/02/2024"}]), "dates[0]: 'value' must be YYYY, YYYY-MM, YYYY-MM-DD"),
        (line(dates=[{"start": 31, "end": 45, "value": "2024-13"}]), "dates[0]: 'value' must be YYYY"),
        (line(dates=[{"start": 31, "end": 45}]), "dates[0]: missing field 'value'"),
        (line(published="10/02/2024"), "'published' must be a YYYY-MM-DD date"),
        (line(gold_version="2"), "gold_version '2' is not supported"),
        (line(body_must_contain="un centre"), "'body_must_contain' must be a list of non-empty strings"),
    ],
)
def test_a_bad_line_is_named_by_file_and_line(tmp_path: Path, bad_line: dict | str, message: str) -> None:
    path = write(tmp_path, line(id="first"), bad_line)
    with pytest.raises(GoldError) as raised:
        load_gold([path])
    assert f"{path}:2: {message}" in str(raised.value)


def test_every_bad_line_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    first = write(tmp_path, line(text=None), line(id="ok"), name="dev.jsonl")
    second = write(tmp_path, line(id="other", places=[{"start": 0, "end": 99, "name": "Rabat"}]), name="test.jsonl")
    with pytest.raises(GoldError) as raised:
        load_gold([first, second])
    message = str(raised.value)
    assert f"{first}:1: missing field 'text'" in message
    assert f"{second}:1: places[0]: offsets 0:99 out of range" in message
    assert f"{first}:2" not in message


def test_ids_are_unique_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, line(), name="dev.jsonl")
    second = write(tmp_path, "", line(), name="test.jsonl")
    with pytest.raises(GoldError, match=re.escape(f"{second}:2: id 'ofppt-rabat' already used at {first}:1")):
        load_gold([first, second])


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="absent.jsonl: cannot read"):
        load_gold([tmp_path / "absent.jsonl"])


def test_records_reader_names_the_bad_line(tmp_path: Path) -> None:
    path = write(tmp_path, {"text": "ok"}, "not json", name="records.jsonl")
    with pytest.raises(JsonLinesError, match=re.escape(f"{path}:2: not valid JSON")):
        list(read_objects(path))


def test_a_drafted_line_is_valid_gold(tmp_path: Path) -> None:
    text = "Le port de Tanger Med s'étend sur 3.600 ha.\nLes travaux ont débuté en 2024 à Fahs-Anjra."
    record = {
        "id": "9f2c",
        "source": {"path": "samples/pages/tanger.html", "url": None, "format": "html", "sha256": "00"},
        "metadata": {"title": "Tanger Med s'agrandit", "published": "2024-05-02", "outlet": "Le Matin"},
        "text": text,
        "places": [{"text": "Tanger Med", "start": 11, "end": 21, "name": "Tanger Med", "kind": "site", "country": "MA"}],
        "institutions": [],
        "areas": [{"text": "3.600 ha", "start": 34, "end": 42, "value": 3600.0, "unit": "ha", "hectares": 3600.0, "hectares_max": None}],
        "dates": [{"text": "2024", "start": 70, "end": 74, "value": "2024", "value_end": None, "granularity": "year"}],
    }
    draft = draft_gold(record)
    assert draft["places"] == [{"start": 11, "end": 21, "text": "Tanger Med", "name": "Tanger Med"}]
    assert draft["areas"] == [{"start": 34, "end": 42, "text": "3.600 ha", "hectares": 3600.0, "hectares_max": None}]
    assert draft["body_must_contain"] == ["Le port de Tanger Med s'étend sur 3.600 ha.", "Les travaux ont débuté en 2024 à Fahs-Anjra."]
    assert (draft["source"], draft["published"], draft["outlet"]) == ("samples/pages/tanger.html", "2024-05-02", "Le Matin")
    [article] = load_gold([write(tmp_path, draft)])
    assert article.dates[0].value == "2024"
