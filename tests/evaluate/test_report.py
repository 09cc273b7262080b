"""The report and the commands: figures on hand-made predictions, cleaning and metadata
checks on stand-in pages, the --min-f1 gate, and one run of the real pipeline."""

import argparse
import json
import shutil
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate, load_gold
from pipeline.errors import ExitStatus, Rejected
from pipeline.evaluate.cli import add_evaluate_parser, add_gold_draft_parser
from pipeline.evaluate.report import Prediction, build_report, context, format_errors, format_table

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold.jsonl"
TANGER, SOUSS = load_gold([GOLD])


def item(text: str, surface: str, occurrence: int = 0, **fields: object) -> dict:
    """A record item for the n-th occurrence of ``surface`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return {"text": surface, "start": start, "end": start + len(surface), **fields}


# Tanger: Tanger Med and Rabat right, "Fahs" cut short, "Tanger Méditerranée" is not a
# place (it is inside an institution's name), Maroc missed.
# Souss: both spans right, but "Souss Massa" is not the canonical "Souss-Massa";
# "13.000 ha" misses the qualifier of "environ 13.000 ha" but has the right value.
PREDICTED = {
    TANGER.id: {
        "places": [
            item(TANGER.text, "Tanger Méditerranée", name="Tanger"),
            item(TANGER.text, "Tanger Med", name="Tanger Med"),
            item(TANGER.text, "Fahs", name="Fahs"),
            item(TANGER.text, "Rabat", name="Rabat"),
        ],
    },
    SOUSS.id: {
        "places": [item(SOUSS.text, "Souss-Massa", name="Souss Massa"), item(SOUSS.text, "Taroudant", name="Taroudant")],
        "areas": [item(SOUSS.text, "13.000 ha", hectares=13000.0, hectares_max=None)],
    },
}
# places: strict tp 4 fp 2 fn 2; overlap tp 5 fp 1 fn 1; value tp 3 fp 3 fn 3.
# areas: strict tp 0 fp 1 fn 3; overlap tp 1 fp 0 fn 2; value tp 1 fp 0 fn 2.


def predictions() -> dict[str, Prediction]:
    return {article.id: Prediction(article.text, PREDICTED[article.id]) for article in (TANGER, SOUSS)}


def figures(score) -> tuple:
    return score.tp, score.fp, score.fn, round(score.precision, 3), round(score.recall, 3), round(score.f1, 3)


@pytest.mark.parametrize(
    ("entity_type", "level", "expected"),
    [
        ("places", "strict", (4, 2, 2, 0.667, 0.667, 0.667)),
        ("places", "overlap", (5, 1, 1, 0.833, 0.833, 0.833)),
        ("places", "value", (3, 3, 3, 0.5, 0.5, 0.5)),
        ("areas", "strict", (0, 1, 3, 0.0, 0.0, 0.0)),
        ("areas", "overlap", (1, 0, 2, 1.0, 0.333, 0.5)),
        ("areas", "value", (1, 0, 2, 1.0, 0.333, 0.5)),
        ("institutions", "strict", (0, 0, 4, 0.0, 0.0, 0.0)),
        ("institutions", "value", (0, 0, 3, 0.0, 0.0, 0.0)),
        ("dates", "overlap", (0, 0, 4, 0.0, 0.0, 0.0)),
    ],
)
def test_figures_on_hand_made_predictions(entity_type: str, level: str, expected: tuple) -> None:
    report = build_report([TANGER, SOUSS], predictions(), pages={})
    assert figures(report.scores[entity_type][level]) == expected


def test_an_article_without_predictions_counts_every_gold_mention_as_missed() -> None:
    report = build_report([TANGER, SOUSS], {}, pages={})
    assert figures(report.scores["places"]["strict"]) == (0, 0, 6, 0.0, 0.0, 0.0)
    assert figures(report.scores["dates"]["value"]) == (0, 0, 4, 0.0, 0.0, 0.0)


def test_errors_are_listed_once_per_mention_with_their_levels_and_context() -> None:
    listing = format_errors(build_report([TANGER, SOUSS], predictions(), pages={})).splitlines()
    assert (
        "FN tanger-med-zone-franche places [strict overlap value] 311:316 'Maroc' = maroc"
        "  |  une étape importante pour le [Maroc]. Les premiers lots seront att"
    ) in listing
    assert (
        "FP tanger-med-zone-franche places [strict value] 173:177 'Fahs' = fahs"
        "  | et, situé dans la province de [Fahs]-Anjra, doit créer 3.600 emplo"
    ) in listing
    assert any(l.startswith("FN souss-massa-irrigation areas [strict] 85:102 'environ 13.000 ha'") for l in listing)
    assert any(l.startswith("FP souss-massa-irrigation places [value] 18:29 'Souss-Massa' = souss massa") for l in listing)
    assert not any("'Rabat'" in l or "'Taroudant'" in l for l in listing)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (11, 21, "t de [Tanger Med] accu"),
        (0, 2, "[Le] port"),
        (36, 43, " des [navires]. Ce "),  # the line break becomes a space
    ],
)
def test_context_is_one_line_around_the_span(start: int, end: int, expected: str) -> None:
    assert context("Le port de Tanger Med accueille des navires.\nCe matin", start, end, width=10) == expected


def test_cleaning_and_metadata_are_judged_on_the_cleaned_pages() -> None:
    pages = {
        TANGER.id: {
            "text": "Titre\nL'Agence spéciale a lancé le 8 février\n2024 l'extension du port.\nLire aussi : Dakhla",
            "metadata": {"published": "2024-02-10", "outlet": "Le  Matin", "title": "Tanger Med: la zone franche s'étend"},
            "source": {"path": "samples/pages/tanger.html"},
        },
        SOUSS.id: Rejected("samples/pages/souss.html", "clean", "listing page, not an article"),
    }
    report = build_report([TANGER, SOUSS], predictions(), pages=pages)
    assert report.cleaning_totals() == {"pages": 2, "rejected": 1, "fragments": 1, "kept": 1, "chrome": 1, "leaked": 1}
    assert report.metadata_accuracy() == {
        "published": {"judged": 2, "correct": 1},
        "outlet": {"judged": 2, "correct": 1},
        "title": {"judged": 2, "correct": 0},
    }
    listing = format_errors(report).splitlines()
    assert "LEAKED tanger-med-zone-franche: 'Lire aussi'" in listing
    assert "REJECTED souss-massa-irrigation: clean: listing page, not an article" in listing
    assert (
        "METADATA tanger-med-zone-franche title: expected \"Tanger Med : la zone franche s'étend\", "
        "found \"Tanger Med: la zone franche s'étend\""
    ) in listing
    table = format_table(report)
    assert "Cleaning (2 pages, 1 rejected): body fragments kept 1/1 (100.0%), chrome leaked 1/1 (100.0%)" in table
    assert "Metadata: published 1/2 (50.0%), outlet 1/2 (50.0%), title 0/2 (0.0%)" in table


def test_the_json_report_holds_every_figure() -> None:
    baseline = {TANGER.id: Prediction(TANGER.text, {"places": [item(TANGER.text, "Rabat", name="Rabat")]})}
    report = build_report([TANGER, SOUSS], predictions(), pages={}, baseline=baseline, gold_files=[str(GOLD)])
    data = json.loads(json.dumps(report.as_dict(), ensure_ascii=False))
    assert data["scores"]["places"]["overlap"] == {"tp": 5, "fp": 1, "fn": 1, "precision": 0.8333, "recall": 0.8333, "f1": 0.8333}
    assert data["baseline"]["places"]["strict"]["tp"] == 1
    assert data["gold"]["articles"] == 2
    assert len(data["errors"]) == len(report.errors)
    assert "baseline P" in format_table(report)


# The commands, through a parser built the way the main CLI builds it.


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="news-records")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_evaluate_parser(subparsers)
    add_gold_draft_parser(subparsers)
    args = parser.parse_args(argv)
    return args.func(args)


def records_file(tmp_path: Path) -> Path:
    path = tmp_path / "records.jsonl"
    lines = [
        {"schema_version": "1", "id": article.id, "text": article.text, "metadata": {}, **PREDICTED[article.id]}
        for article in (TANGER, SOUSS)
    ]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    return path


@pytest.mark.parametrize(
    ("floors", "status"),
    [
        (["places=0.5"], ExitStatus.OK),
        (["places.value=0.5", "places.overlap=0.8"], ExitStatus.OK),
        (["places=0.6"], ExitStatus.SOME_FAILED),
        (["places.overlap=0.8", "areas.strict=0.1"], ExitStatus.SOME_FAILED),
        ([], ExitStatus.OK),
    ],
)
def test_min_f1_gate(tmp_path: Path, capsys: pytest.CaptureFixture, floors: list[str], status: int) -> None:
    argv = ["evaluate", str(GOLD), "--predictions", str(records_file(tmp_path))]
    assert run(argv + (["--min-f1", *floors] if floors else [])) == status
    err = capsys.readouterr().err
    assert ("below floor" in err) is (status == ExitStatus.SOME_FAILED)


def test_the_gate_names_the_failing_figure(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    run(["evaluate", str(GOLD), "--predictions", str(records_file(tmp_path)), "--min-f1", "areas.strict=0.1"])
    assert "below floor: areas.strict F1 0.000 is below the floor 0.100" in capsys.readouterr().err


@pytest.mark.parametrize("floor", ["roads=0.5", "places.fuzzy=0.5", "places=1.5", "places", "places=high"])
def test_a_bad_floor_is_a_usage_error(floor: str, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as raised:
        run(["evaluate", str(GOLD), "--min-f1", floor])
    assert raised.value.code == 2
    assert f"invalid floor {floor!r}" in capsys.readouterr().err


def test_a_bad_gold_file_exits_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(GOLD.read_text().splitlines()[0] + "\n{not json\n")
    assert run(["evaluate", str(gold)]) == ExitStatus.NOTHING_USABLE
    assert f"{gold}:2: not valid JSON" in capsys.readouterr().err


def test_report_and_errors_options(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    report = tmp_path / "report.json"
    argv = ["evaluate", str(GOLD), "--predictions", str(records_file(tmp_path)), "--report", str(report), "--errors"]
    assert run(argv) == ExitStatus.OK
    out = capsys.readouterr().out
    assert "places       strict     0.667  0.667  0.667     4     2     2" in out
    assert "FN tanger-med-zone-franche places [strict overlap value] 311:316 'Maroc'" in out
    data = json.loads(report.read_text())
    assert data["predictions"] == str(tmp_path / "records.jsonl")
    assert data["scores"]["areas"]["value"]["f1"] == 0.5


def test_help_explains_every_option(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        run(["evaluate", "--help"])
    help_text = capsys.readouterr().out
    for option in ("GOLD.jsonl", "--predictions", "--report", "--errors", "--baseline", "--min-f1", "exit status"):
        assert option in help_text


def test_gold_draft_writes_loadable_lines(tmp_path: Path) -> None:
    output = tmp_path / "draft.jsonl"
    assert run(["gold-draft", str(records_file(tmp_path)), "-o", str(output)]) == ExitStatus.OK
    drafts = load_gold([output])
    assert [d.id for d in drafts] == [TANGER.id, SOUSS.id]
    assert [p.name for p in drafts[0].places] == ["Tanger", "Tanger Med", "Fahs", "Rabat"]


def test_predictions_are_matched_by_id_or_source_path(tmp_path: Path) -> None:
    # Gold sources are relative to the repository root, found from above the gold file;
    # records name their inputs as given on the command line (here, absolute).
    (tmp_path / "samples" / "pages").mkdir(parents=True)
    (tmp_path / "samples" / "gold").mkdir()
    (tmp_path / "samples" / "pages" / "tanger.html").write_text("<html></html>")
    (tmp_path / "samples" / "scraped.jsonl").write_text("{}\n{}\n")
    gold_lines = [json.loads(l) for l in GOLD.read_text().splitlines()]
    gold_lines[0]["source"] = "samples/pages/tanger.html"
    gold_lines[1]["source"] = "samples/scraped.jsonl#L2"
    gold_lines.append(dict(gold_lines[1], id="unmatched", source="samples/other.html"))
    gold = tmp_path / "samples" / "gold" / "dev.jsonl"
    gold.write_text("".join(json.dumps(l, ensure_ascii=False) + "\n" for l in gold_lines))
    records = [
        {"id": "1a2b", "source": {"path": str(tmp_path / "samples/scraped.jsonl#L1")}, "text": "another page"},
        {"id": "3c4d", "source": {"path": str(tmp_path / "samples/scraped.jsonl#L2")}, "text": SOUSS.text + " Fin.",
         "metadata": {"outlet": "L'Economiste"}, **PREDICTED[SOUSS.id]},
        {"id": "5e6f", "source": {"path": str(tmp_path / "samples/pages/tanger.html")}, "text": TANGER.text,
         "metadata": {"title": TANGER.title}, **PREDICTED[TANGER.id]},
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    report = evaluate([gold], predictions=path)
    assert figures(report.scores["places"]["strict"]) == (4, 2, 4, 0.667, 0.5, 0.571)
    assert report.metadata_accuracy()["outlet"] == {"judged": 2, "correct": 1}
    assert report.metadata_accuracy()["title"] == {"judged": 2, "correct": 1}
    assert [w.split(": ", 1)[1] for w in report.warnings] == [
        "the record's text differs from the gold text of 'souss-massa-irrigation': "
        "its strict and overlap figures compare offsets of different texts",
        "no record for article 'unmatched': all its mentions count as missed",
    ]


# The real pipeline.


def test_evaluate_runs_the_pipeline_and_the_baselines(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    report_path = tmp_path / "report.json"
    status = run(["evaluate", str(GOLD), "--baseline", "--report", str(report_path), "--min-f1", "places=0", "dates.strict=0"])
    assert status == ExitStatus.OK
    assert "baseline P" in capsys.readouterr().out
    data = json.loads(report_path.read_text())
    assert data["predictions"] == "pipeline" and data["model"] == "fr_core_news_md-3.8.0"
    gold_counts = {"places": 6, "institutions": 4, "areas": 3, "dates": 4}
    for entity_type, count in gold_counts.items():
        for level in ("strict", "overlap"):
            assert data["scores"][entity_type][level]["tp"] + data["scores"][entity_type][level]["fn"] == count
            assert data["baseline"][entity_type][level]["tp"] + data["baseline"][entity_type][level]["fn"] == count
    # The plain regex finds "3.600 hectares", "13.000 ha" (without "environ") and
    # "300 hectares" (the end of a range): one exact span, three overlaps, two values.
    areas = data["baseline"]["areas"]
    assert [(areas[level]["tp"], areas[level]["fp"], areas[level]["fn"]) for level in ("strict", "overlap", "value")] == [
        (1, 2, 2),
        (3, 0, 0),
        (2, 1, 1),
    ]
    assert data["baseline"]["places"]["overlap"]["tp"] >= 1
    # The Tanger article's source page goes through the real cleaning stage.
    assert data["cleaning"]["totals"] == {"pages": 1, "rejected": 0, "fragments": 1, "kept": 1, "chrome": 1, "leaked": 0}
    assert data["metadata"]["accuracy"] == {name: {"judged": 1, "correct": 1} for name in ("published", "outlet", "title")}


def test_cleaning_figures_come_from_the_cleaning_stage(tmp_path: Path) -> None:
    # Real pages through the real cleaning stage: an article, and a scraper's JSON Lines
    # whose second line is a listing page (a JSON Lines line is named "#L<n>").
    (tmp_path / "pages").mkdir()
    shutil.copy(DATA / "pages" / "tanger-med.html", tmp_path / "pages" / "tanger.html")
    listing = (ROOT / "tests" / "data" / "listing-page.html").read_text(encoding="utf-8")
    scraped = [{"url": "https://souss.example/1"}, {"url": "https://souss.example/economie", "html": listing}]
    (tmp_path / "scraped.jsonl").write_text("".join(json.dumps(line) + "\n" for line in scraped), encoding="utf-8")
    gold_lines = [json.loads(l) for l in GOLD.read_text().splitlines()]
    gold_lines[0]["source"] = "pages/tanger.html"
    gold_lines[1]["source"] = "scraped.jsonl#L2"
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(l, ensure_ascii=False) + "\n" for l in gold_lines))
    report = evaluate([gold])
    tanger, souss = report.cleaning
    assert (tanger.article, tanger.kept, tanger.leaked, tanger.rejected) == (TANGER.id, len(TANGER.body_must_contain), (), None)
    assert (souss.article, souss.kept, souss.leaked) == (SOUSS.id, 0, ())
    assert souss.rejected.startswith("clean: not an article: a listing page")
    assert report.metadata_accuracy()["outlet"] == {"judged": 2, "correct": 1}
