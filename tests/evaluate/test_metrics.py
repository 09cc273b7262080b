"""Scoring: strict, overlap and value levels on hand-made gold and predictions.

Spans are marked inline (tests/markup.py): ``<ent>Rabat</ent>`` marks a mention of its text.
"""

import doctest

import pytest

from pipeline.evaluate import baseline, metrics, report
from pipeline.evaluate.metrics import Mention, Score, Scoreboard, compare, mentions, name_value, same_value, value_key
from tests.markup import parse_example


def span_mentions(example: str) -> tuple[str, list[Mention]]:
    text, spans = parse_example(example)
    return text, [Mention(span.start, span.end, (name_value(span.text),)) for span in spans]


def counts(outcome) -> tuple[int, int, int]:
    return outcome.true_positives, len(outcome.false_positives), len(outcome.false_negatives)


@pytest.mark.parametrize(
    ("gold", "predicted", "strict", "overlap"),
    [
        # same spans
        ("À <ent>Rabat</ent>, le ministère a salué le projet.", "À <ent>Rabat</ent>, le ministère a salué le projet.", (1, 0, 0), (1, 0, 0)),
        # a boundary error is wrong at the strict level, right at the overlap level
        ("la <ent>Technopole d'Oujda</ent> accueille", "la Technopole d'<ent>Oujda</ent> accueille", (0, 1, 1), (1, 0, 0)),
        # nothing predicted
        ("les agriculteurs de <ent>Taroudant</ent>", "les agriculteurs de Taroudant", (0, 0, 1), (0, 0, 1)),
        # a spurious prediction
        ("un éco-quartier modèle", "un <ent>éco-quartier</ent> modèle", (0, 1, 0), (0, 1, 0)),
        # one long prediction over two gold mentions matches only one of them
        ("la région <ent>Rabat</ent>-<ent>Salé</ent>-Kénitra", "la région <ent>Rabat-Salé</ent>-Kénitra", (0, 1, 2), (1, 0, 1)),
        # two predictions over one gold mention: one matches, the other is spurious
        ("sur <ent>entre 200 et 300 hectares</ent> irrigués", "sur entre <ent>200</ent> et <ent>300 hectares</ent> irrigués", (0, 2, 1), (1, 1, 0)),
    ],
)
def test_strict_and_overlap_levels(gold: str, predicted: str, strict: tuple, overlap: tuple) -> None:
    gold_text, gold_mentions = span_mentions(gold)
    predicted_text, predicted_mentions = span_mentions(predicted)
    assert gold_text == predicted_text
    outcomes = compare("places", gold_mentions, predicted_mentions)
    assert counts(outcomes["strict"]) == strict
    assert counts(outcomes["overlap"]) == overlap


def test_overlap_matching_is_the_largest_one_to_one_matching() -> None:
    # "Casablanca-Settat" overlaps both gold mentions, "Casablanca" only the first:
    # pairing the long span with "Casablanca" first would leave one prediction unmatched.
    text = "la région Casablanca-Settat"
    gold = [Mention(10, 20, None), Mention(21, 27, None)]
    predicted = [Mention(10, 27, None), Mention(10, 20, None)]
    assert text[10:20] == "Casablanca" and text[21:27] == "Settat"
    assert counts(compare("places", gold, predicted)["overlap"]) == (2, 0, 0)


@pytest.mark.parametrize(
    ("gold_name", "predicted_name", "same"),
    [
        ("Laâyoune", "LAAYOUNE", True),
        ("Fès", "Fes", True),
        ("Technopole d'Oujda", "Technopole d’Oujda", True),
        ("Béni Mellal", "Beni  Mellal", True),
        ("Office chérifien des phosphates", "office cherifien des phosphates", True),
        ("Rabat", "Salé", False),
        ("Souss-Massa", "Souss Massa", False),
    ],
)
def test_names_compare_without_case_accents_or_apostrophe_variants(
    gold_name: str, predicted_name: str, same: bool
) -> None:
    gold = value_key("places", {"name": gold_name})
    predicted = value_key("places", {"name": predicted_name})
    assert same_value("places", gold, predicted) is same


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ({"hectares": 442.5597, "hectares_max": None}, {"hectares": 442.5597000001, "hectares_max": None}, True),
        ({"hectares": 3600.0, "hectares_max": None}, {"hectares": 3600, "hectares_max": None}, True),
        ({"hectares": 442.5597, "hectares_max": None}, {"hectares": 442.56, "hectares_max": None}, False),
        ({"hectares": 200.0, "hectares_max": 300.0}, {"hectares": 200.0, "hectares_max": None}, False),
        ({"hectares": 200.0, "hectares_max": 300.0}, {"hectares": 200.0, "hectares_max": 300.0}, True),
    ],
)
def test_hectares_compare_with_a_tiny_tolerance(gold: dict, predicted: dict, same: bool) -> None:
    assert same_value("areas", value_key("areas", gold), value_key("areas", predicted)) is same


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ({"value": "2024-02-08", "value_end": None}, {"value": "2024-02-08", "value_end": None}, True),
        ({"value": "2024-02-08", "value_end": None}, {"value": "2024-02", "value_end": None}, False),
        ({"value": "2021", "value_end": "2024"}, {"value": "2021", "value_end": None}, False),
    ],
)
def test_dates_compare_on_iso_value_and_end(gold: dict, predicted: dict, same: bool) -> None:
    assert same_value("dates", value_key("dates", gold), value_key("dates", predicted)) is same


def test_value_level_compares_sets_of_values_per_article() -> None:
    # "À Rabat … à Rabat … Maroc": two gold mentions of Rabat count as one value;
    # the prediction finds Rabat once (at another span) and Casablanca, which is wrong.
    gold = mentions(
        "places",
        [{"start": 2, "end": 7, "name": "Rabat"}, {"start": 40, "end": 45, "name": "Rabat"}, {"start": 60, "end": 65, "name": "Maroc"}],
    )
    predicted = mentions(
        "places", [{"start": 41, "end": 46, "name": "rabat"}, {"start": 80, "end": 90, "name": "Casablanca"}]
    )
    outcome = compare("places", gold, predicted)["value"]
    assert counts(outcome) == (1, 1, 1)
    assert outcome.false_negatives[0].value == ("maroc",)
    assert outcome.false_positives[0].value == ("casablanca",)


def test_items_without_a_value_are_left_out_of_the_value_level() -> None:
    gold = mentions("dates", [{"start": 0, "end": 4, "value": "2024", "value_end": None}])
    predicted = mentions("dates", [{"start": 0, "end": 4, "value": None, "value_end": None}])
    outcomes = compare("dates", gold, predicted)
    assert counts(outcomes["strict"]) == (1, 0, 0)
    assert counts(outcomes["value"]) == (0, 0, 1)


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "precision", "recall", "f1"),
    [
        (3, 1, 2, 0.75, 0.6, 2 / 3),
        (4, 0, 0, 1.0, 1.0, 1.0),
        (1, 1, 0, 0.5, 1.0, 2 / 3),
        (0, 0, 0, 1.0, 1.0, 1.0),  # nothing to find, nothing found
        (0, 0, 3, 0.0, 0.0, 0.0),  # nothing found
        (0, 2, 0, 0.0, 0.0, 0.0),  # nothing to find, something found
    ],
)
def test_precision_recall_f1(tp: int, fp: int, fn: int, precision: float, recall: float, f1: float) -> None:
    score = Score(tp, fp, fn)
    assert (score.precision, score.recall, score.f1) == pytest.approx((precision, recall, f1))


def test_scores_are_micro_averaged_over_articles() -> None:
    # Article 1: both places found. Article 2: one wrong, one missed.
    # Micro: P = R = 2/3 (a macro average would give 1/2).
    board = Scoreboard()
    first = mentions("places", [{"start": 0, "end": 5, "name": "Rabat"}, {"start": 10, "end": 13, "name": "Fès"}])
    board.add("places", compare("places", first, first))
    second_gold = mentions("places", [{"start": 0, "end": 8, "name": "Kénitra"}])
    second_predicted = mentions("places", [{"start": 20, "end": 25, "name": "Tanger"}])
    board.add("places", compare("places", second_gold, second_predicted))
    strict = board["places"]["strict"]
    assert (strict.tp, strict.fp, strict.fn) == (2, 1, 1)
    assert strict.precision == pytest.approx(2 / 3)
    assert strict.recall == pytest.approx(2 / 3)
    assert board["areas"]["value"] == Score(0, 0, 0)


@pytest.mark.parametrize("module", [metrics, baseline, report])
def test_docstring_examples(module) -> None:
    assert doctest.testmod(module).failed == 0
