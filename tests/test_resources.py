"""The one reader of models/: JSON Lines, TSV tables and word lists, and how each refuses a bad line."""

import doctest
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline import resources
from pipeline.clean.rules import load_patterns
from pipeline.errors import PipelineError
from pipeline.normalise.dates import lexicon
from pipeline.normalise.institutions import load_entries
from pipeline.normalise.numbers import NumberWords
from pipeline.normalise.places import Cues, GazetteerError
from pipeline.resources import ResourceError, read_jsonl, read_tsv, read_words
from tests.conftest import ROOT


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# JSON Lines ------------------------------------------------------------------------------------

def test_jsonl_entries_come_in_file_order_with_their_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "patterns.jsonl", (
        '{"id": "publie-dans", "pattern": "^Publié dans"}\n'
        "\n"
        '{"id": "lire-aussi", "pattern": "^Lire aussi", "why": "« Lire aussi » renvoie ailleurs"}\n'
    ))
    entries = read_jsonl(path, required=("id", "pattern"))
    assert entries == [
        {"id": "publie-dans", "pattern": "^Publié dans"},
        {"id": "lire-aussi", "pattern": "^Lire aussi", "why": "« Lire aussi » renvoie ailleurs"},
    ]
    assert [entry.line for entry in entries] == [1, 3]


def test_jsonl_without_required_keys_takes_entries_without_an_id(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.jsonl", '{"note": "sans identifiant"}\n{"note": "ni ici"}\n')
    assert read_jsonl(path, required=()) == [{"note": "sans identifiant"}, {"note": "ni ici"}]


@pytest.mark.parametrize(
    ("text", "required", "where", "reason"),
    [
        ('{"id": "a", "pattern": "x"}\n\n{"id": "b", "pattern": \n', ("id",), 3, "not valid JSON"),
        ('["Rabat", "Salé"]\n', ("id",), 1, "not a JSON object: found list"),
        ('{"pattern": "x"}\n', ("id",), 1, "missing 'id'"),
        ('{"id": "a"}\n', ("id", "label", "pattern"), 1, "missing 'label', 'pattern'"),
        ('{"id": "a"}\n{"id": "b"}\n{"id": "a"}\n', ("id",), 3, "id 'a' already used at line 1"),
        ('{"id": ""}\n', ("id",), 1, "the id must be a non-empty string, found ''"),
        ('{"id": 7}\n', ("id",), 1, "the id must be a non-empty string, found 7"),
        ('{"id": "a"}\n{"id": "a"}\n', (), 2, "id 'a' already used at line 1"),
    ],
)
def test_a_bad_jsonl_line_is_named_by_file_and_line(
    tmp_path: Path, text: str, required: tuple[str, ...], where: int, reason: str
) -> None:
    path = write(tmp_path, "patterns.jsonl", text)
    with pytest.raises(ResourceError, match=re.escape(f"{path}:{where}: {reason}")):
        read_jsonl(path, required=required)


# TSV tables ------------------------------------------------------------------------------------

def test_tsv_rows_by_header_with_comments_blank_lines_and_quotes_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, "acronyms.tsv", (
        "# Institutions, one a row.\n"
        "id\tacronym\tname\n"
        "\n"
        "cri-oriental\tCRI\tCentre régional d'investissement de l'Oriental\n"
        "# a comment between rows\n"
        'le-matin\t\t"Le Matin"\n'
        "onee\t ONEE \tOffice national de l’électricité et de l’eau potable #1\n"
    ))
    rows = read_tsv(path)
    assert rows == [
        {"id": "cri-oriental", "acronym": "CRI", "name": "Centre régional d'investissement de l'Oriental"},
        {"id": "le-matin", "acronym": "", "name": '"Le Matin"'},
        {"id": "onee", "acronym": "ONEE", "name": "Office national de l’électricité et de l’eau potable #1"},
    ]
    assert [row.line for row in rows] == [4, 6, 7]


def test_tsv_header_must_name_the_expected_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "ambiguous.tsv", "spelling\treason\nNancy\tprénom\n")
    assert read_tsv(path, ("spelling", "reason")) == [{"spelling": "Nancy", "reason": "prénom"}]


def test_tsv_columns_named_in_a_comment_are_no_header(tmp_path: Path) -> None:
    """One convention for every table: the header is a row, never a comment line."""
    path = write(tmp_path, "units.tsv", "# form\thectares\tambiguous\nha\t1\t1\nare\t0.01\t0\n")
    with pytest.raises(ResourceError, match=re.escape(f"{path}:2: header row names columns ('ha', '1', '1')")):
        read_tsv(path, ("form", "hectares", "ambiguous"))


@pytest.mark.parametrize("path", sorted((ROOT / "models").rglob("*.tsv")), ids=lambda path: path.name)
def test_every_table_of_models_has_a_header_row(path: Path) -> None:
    header = next(line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    assert read_tsv(path, header.split("\t")) is not None
    assert not [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#") and "\t" in line]


def test_tsv_reads_crlf_files_like_lf_files(tmp_path: Path) -> None:
    path = tmp_path / "qualifiers.tsv"
    path.write_bytes("form\tqualifier\r\nenviron\tapproximate\r\nprès de\tapproximate\r\n".encode())
    rows = read_tsv(path, ("form", "qualifier"))
    assert rows == [{"form": "environ", "qualifier": "approximate"}, {"form": "près de", "qualifier": "approximate"}]
    assert [row.line for row in rows] == [2, 3]


@pytest.mark.parametrize(
    ("text", "columns", "where", "reason"),
    [
        ("id\tname\trégion\ngn:1\tRabat\n", None, ":2: ", "2 cells, expected 3: 'gn:1\\tRabat'"),
        ("form\tkind\tvalue\nfévrier\tmonth\t2\tde trop\n", ("form", "kind", "value"), ":2: ",
         "4 cells, expected 3"),
        ("# commentaire\nid\tnom\n", ("id", "name"), ":2: ",
         "header row names columns ('id', 'nom'), expected ('id', 'name')"),
        ("id\tname\tid\n", None, ":1: ", "a column is named twice in ('id', 'name', 'id')"),
        ("# rien que des commentaires\n\n", None, ": ", "empty table, no header row"),
    ],
)
def test_a_bad_tsv_line_is_named_by_file_and_line(
    tmp_path: Path, text: str, columns: tuple[str, ...] | None, where: str, reason: str
) -> None:
    path = write(tmp_path, "table.tsv", text)
    with pytest.raises(ResourceError, match=re.escape(f"{path}{where}{reason}")):
        read_tsv(path, columns)


# Word lists ------------------------------------------------------------------------------------

def test_words_are_stripped_without_comments_or_blank_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "not_institutions.txt", "# Pas des institutions\nplan\n\n  programme  \nVision\nplan\n")
    assert read_words(path) == frozenset({"plan", "programme", "Vision"})


def test_a_word_list_line_with_a_tab_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "words.txt", "le\nla\tles\n")
    with pytest.raises(ResourceError, match=re.escape(f"{path}:2: one word or phrase a line, found a tab")):
        read_words(path)


# Every reader -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("read", "name"),
    [(read_words, "words.txt"), (read_jsonl, "patterns.jsonl"), (read_tsv, "table.tsv")],
)
def test_a_missing_or_non_utf8_file_is_named(tmp_path: Path, read: Callable[[Path], object], name: str) -> None:
    path = tmp_path / name
    with pytest.raises(ResourceError, match=re.escape(f"{path}: cannot read")):
        read(path)
    path.write_bytes(b"# ok\nR\xe9gion\n")
    with pytest.raises(ResourceError, match=re.escape(f"{path}:2: not UTF-8 text")):
        read(path)


def test_resource_errors_are_pipeline_errors_and_value_errors() -> None:
    assert issubclass(ResourceError, PipelineError)
    assert issubclass(ResourceError, ValueError)  # what the readers raised before there was one reader
    assert issubclass(GazetteerError, ResourceError)


@pytest.mark.parametrize(
    ("load", "name", "text", "message"),
    [
        (load_patterns, "boilerplate.jsonl", '{"id": "a", "pattern": "x"}\n{"id": "a", "pattern": "y"}\n',
         ":2: id 'a' already used at line 1"),
        (lexicon, "lexicon.tsv", "form\tkind\tvalue\nfévrier\tmonth\n", ":2: 2 cells, expected 3"),
        (lexicon, "lexicon.tsv", "form\tkind\tvalue\nfévrier\tsaison\t2\n", ":2: expected « form, known kind, value », once"),
        (lambda path: NumberWords.load(path.parent), "number_scales.tsv", "word\tmultiplier\tapproximate\nmillion\tbeaucoup\t0\n",
         ":2: expected word, multiplier, 0 or 1, once"),
        (load_entries, "acronyms.tsv", "id\tacronym\tname\tkind\taliases\nxyz\tXYZ\tXYZ\tagency\t\n",
         ":2: unknown kind 'agency'"),
        (Cues.load, "cues.tsv", "cue\trole\tkind\ncommune\tavant\tcity\n", ":2: bad role or kind"),
    ],
)
def test_the_readers_of_each_stage_name_the_bad_line(
    tmp_path: Path, load: Callable[[Path], object], name: str, text: str, message: str
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(ResourceError, match=re.escape(message)) as raised:
        load(path)
    assert name in str(raised.value)


def test_resources_and_normalise_do_not_import_spacy() -> None:
    modules = ["pipeline.resources", "pipeline.normalise.areas", "pipeline.normalise.dates",
               "pipeline.normalise.institutions", "pipeline.normalise.numbers", "pipeline.normalise.places"]
    code = f"import sys; import {', '.join(modules)}; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"


def test_docstring_examples() -> None:
    assert doctest.testmod(resources).failed == 0
