"""Ingest: every input gives pages or a rejection that names it and says why."""

import json
import tracemalloc
from pathlib import Path

import pytest

from pipeline.errors import Rejected
from pipeline.ingest import read_inputs
from pipeline.ingest.charset import decode
from pipeline.ingest.pages import read_source

PAGE = "<html><head><title>Oujda</title></head><body><p>La Technopole d'Oujda s'étend.</p></body></html>"


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        ("Laâyoune et Fès".encode("utf-8"), "utf-8", "Laâyoune et Fès"),
        (b"\xef\xbb\xbf" + "Kénitra".encode("utf-8"), "utf-8", "Kénitra"),
        ("Kénitra".encode("utf-16"), "utf-16", "Kénitra"),
        (b'<meta charset="iso-8859-1"><p>March\xe9 de F\xe8s \x96 l\x92ann\xe9e</p>', "cp1252", "Marché de Fès – l’année"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>T\xe9touan</p>',
            "cp1252",
            "Tétouan",
        ),
    ],
)
def test_decoding_honours_bom_and_declarations(data: bytes, encoding: str, expected: str) -> None:
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert expected in decoded.text
    assert not decoded.lossy


def test_undeclared_latin1_is_detected_not_crashed() -> None:
    data = ("<p>Le barrage de Kénitra irrigue désormais près de 3.000 hectares à l'été.</p>" * 5).encode("latin-1")
    assert "Kénitra" in decode(data).text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.html", b"", "empty input"),
        ("blank.txt", b"  \n\t\n", "empty input"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
        ("big.html", b"<p>" + b"a" * 200 + b"</p>", "oversize"),
    ],
)
def test_unreadable_inputs_are_rejected_with_reason(name: str, data: bytes, reason: str) -> None:
    (outcome,) = read_source(name, data, max_bytes=100)
    assert isinstance(outcome, Rejected)
    assert outcome.input == name and outcome.stage == "ingest"
    assert reason in outcome.reason


@pytest.mark.parametrize(
    ("name", "content", "page_format", "is_html"),
    [
        ("page.html", PAGE, "html", True),
        ("page.dat", PAGE, "html", True),
        ("dump.txt", "Titre\nPublié dans Le360 le 01 - 02 - 2024\nTexte.", "text", False),
        ("dump", "Titre\nTexte de l'article.", "text", False),
    ],
)
def test_format_is_detected_by_content_as_well_as_extension(
    name: str, content: str, page_format: str, is_html: bool
) -> None:
    (page,) = read_source(name, content.encode())
    assert (page.format, page.is_html) == (page_format, is_html)


def test_jsonl_lines_are_pages_and_a_bad_line_is_one_error() -> None:
    lines = [
        json.dumps({"url": "https://fr.le360.ma/a", "html": PAGE}),
        "{not json",
        json.dumps({"url": "https://lematin.ma/b", "text": "Titre\nCorps de l'article."}),
        json.dumps({"url": "https://x.ma/c"}),
        json.dumps(["a", "list"]),
    ]
    outcomes = list(read_source("scrape.jsonl", "\n".join(lines).encode()))
    assert [o.source if not isinstance(o, Rejected) else o.input for o in outcomes] == [
        "scrape.jsonl#L1", "scrape.jsonl#L2", "scrape.jsonl#L3", "scrape.jsonl#L4", "scrape.jsonl#L5",
    ]
    first, bad, third, empty, not_object = outcomes
    assert (first.format, first.is_html, first.url) == ("jsonl", True, "https://fr.le360.ma/a")
    assert isinstance(bad, Rejected) and "not valid JSON" in bad.reason
    assert (third.is_html, third.url) == (False, "https://lematin.ma/b")
    assert isinstance(empty, Rejected) and '"html" or "text"' in empty.reason
    assert isinstance(not_object, Rejected) and "not a JSON object" in not_object.reason


def test_folders_globs_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a" / ".hidden.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "two.txt").write_text("Titre\nTexte.", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    outcomes = list(
        read_inputs([str(tmp_path / "a"), str(tmp_path / "*.txt"), str(tmp_path / "nope.html"), str(tmp_path / "empty")])
    )
    sources = [o.input if isinstance(o, Rejected) else o.source for o in outcomes]
    assert sources == [
        str(tmp_path / "a" / "one.html"),
        str(tmp_path / "two.txt"),
        str(tmp_path / "nope.html"),
        str(tmp_path / "empty"),
    ]
    assert [o.reason for o in outcomes if isinstance(o, Rejected)] == ["no such file or folder", "folder holds no files"]


def test_limits_hold_per_jsonl_line_not_per_file(tmp_path: Path) -> None:
    good = json.dumps({"url": "https://lematin.ma/a", "text": "Titre\nLe barrage de Fès irrigue 300 hectares."})
    huge = json.dumps({"url": "https://lematin.ma/big", "text": "a" * 3000})
    path = tmp_path / "scrape.jsonl"
    path.write_text("\n".join([good, huge, good]) + "\n", encoding="utf-8")
    outcomes = list(read_inputs([str(path)], max_bytes=1000))
    assert [type(o).__name__ for o in outcomes] == ["RawPage", "Rejected", "RawPage"]
    assert outcomes[1].input == f"{path}#L2" and outcomes[1].reason == "oversize: 3045 bytes, limit 1000"
    assert outcomes[2].source == f"{path}#L3"


@pytest.mark.parametrize(("name", "reason"), [("huge.html", "oversize: 1073741824 bytes"), ("huge.jsonl", "oversize")])
def test_a_huge_sparse_file_is_rejected_in_bounded_memory(tmp_path: Path, name: str, reason: str) -> None:
    path = tmp_path / name
    with path.open("wb") as stream:
        stream.truncate(2**30 if name.endswith(".html") else 2**27)
    tracemalloc.start()
    try:
        (outcome,) = read_inputs([str(path)], max_bytes=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(outcome, Rejected) and reason in outcome.reason
    assert peak < 8_000_000  # a few times the limit, never the file


def test_an_empty_jsonl_file_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    (outcome,) = read_inputs([str(tmp_path / "empty.jsonl")])
    assert isinstance(outcome, Rejected) and outcome.reason == "empty input"
