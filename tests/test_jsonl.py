"""The one JSON Lines reader and writer: lines numbered as an editor shows them, bad lines named."""

import doctest
import io
import re
import sys
from pathlib import Path

import pytest

from pipeline import jsonl
from pipeline.jsonl import STDIO, JsonLinesError, dumps, read_lines, read_objects, write_line, writer


def test_docstring_examples() -> None:
    assert doctest.testmod(jsonl).failed == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"ville": "Fès"}\n\n{"ville": "Salé"}\n', [(1, {"ville": "Fès"}, None), (3, {"ville": "Salé"}, None)]),
        ('{"ville": "Fès"}\r\n{"ville": "Salé"}\r{"ville": "Oujda"}', [(1, {"ville": "Fès"}, None),
                                                                       (2, {"ville": "Salé"}, None),
                                                                       (3, {"ville": "Oujda"}, None)]),
        ('\ufeff{"ville": "Fès"}\n', [(1, {"ville": "Fès"}, None)]),
        ('{"ville": "Fès"}\n{"ville": \n', [(1, {"ville": "Fès"}, None),
                                             (2, None, "not valid JSON: Expecting value at column 11")]),
        ('["Rabat", "Salé"]\n"Tanger"\n', [(1, None, "not a JSON object: found list"),
                                           (2, None, "not a JSON object: found str")]),
        # A line separator inside a string is text, not the end of a line.
        ('{"titre": "Fès\u2028Meknès"}\n', [(1, {"titre": "Fès\u2028Meknès"}, None)]),
    ],
)
def test_lines_are_numbered_and_parsed(tmp_path: Path, content: str, expected: list) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_bytes(content.encode("utf-8"))
    assert [(line.number, line.value, line.problem) for line in read_lines(path)] == expected


def test_the_first_bad_object_is_named_by_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "a"}\n\n[1]\n', encoding="utf-8")
    with pytest.raises(JsonLinesError, match=re.escape(f"{path}:3: not a JSON object: found list")):
        list(read_objects(path))


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    with pytest.raises(JsonLinesError, match=re.escape(f"{path}: cannot read")):
        list(read_lines(path))


def test_a_line_that_is_not_utf8_is_one_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(b'{"id": "a"}\n{"ville": "F\xe8s"}\n{"id": "b"}\n')
    assert [(line.number, line.value, line.problem) for line in read_lines(path)] == [
        (1, {"id": "a"}, None), (2, None, "not UTF-8: byte 0xe8 at column 13"), (3, {"id": "b"}, None),
    ]


def test_dash_is_stdin_and_stdout(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"lieu": "Béni Mellal"}\n'))
    (line,) = read_lines(STDIO)
    with writer(STDIO) as stream:
        write_line(stream, line.value)
    assert capsys.readouterr().out == '{"lieu":"Béni Mellal"}\n'


def test_written_lines_read_back(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.jsonl"
    values = [{"ville": "Laâyoune", "hectares": 13000.0}, {"titre": "« Zones industrielles »"}]
    with writer(target) as stream:
        for value in values:
            write_line(stream, value)
    assert [line.value for line in read_lines(target)] == values
    assert dumps(values[0], compact=False) == '{"ville": "Laâyoune", "hectares": 13000.0}'
