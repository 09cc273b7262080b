"""Score the areas stage on other projects' French number specs (../shared/peer/numbers/).

    PYTHONPATH=$PWD python benchmarks/peer_numbers.py [--errors]

Each number of the specs goes into ``Le projet s'étend sur … hectares.`` (a dimension spec
with an area unit keeps its own unit: ``Le projet s'étend sur 45 acres.``) and the real
pipeline reads the sentence. A case is *right* when the sentence gives exactly one area of
the expected hectares, *wrong* when it gives any other area, *missed* when it gives none.
A malformed number (text2num raises on it) is right when it gives no area at all.

Which spec cases are realistic press forms, and why the others are left out:

- text2num (``function`` text2num): every case, the malformed ones included; left out are the
  integers spelt digit by digit with « zéro » (``zéro huit``: a code, not a quantity).
- text2num (``function`` alpha2digit, default options only): each run of words the spec turns
  into one number (``Vingt-cinq vaches`` -> 25), under the same rule; runs that become several
  numbers at once (``un deux trois``) are lists of digits, not quantities.
- Recognizers numbers: the specs its authors run (``active_in_dotnet_tests``; the others
  contradict them, e.g. ``vingt et un cinquieme`` is 20,2 in one and 4,2 in another), each
  expected integer, decimal or fraction that is above zero (no area is zero or negative)
  and written as French writes quantities. Left out: ``power`` forms (``1,1^+23``),
  letter abbreviations of scales (``10k``, ``2,33 k``), decimals without an integer part
  (``,08``), and fractions read from an ordinal (``un cinquieme``, ``un et un quatrieme``) or
  a ratio (``un sur trois``): proportions, not measurements. Fractions of a half, a third
  and a quarter in words, and fractions in digits (``3/4``, ``2 1/4``, ``½``), stay.
- Recognizers dimensions: the active specs whose unit is a surface unit, with their own unit.
"""

import argparse
import difflib
import json
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT.parent / "shared" / "peer" / "numbers"
TEMPLATE = "Le projet s'étend sur {} hectares."
OWN_UNIT_TEMPLATE = "Le projet s'étend sur {}."
# Surface units of the dimension specs, in hectares.
SURFACE_UNITS = {
    "Acre": Decimal("0.40468564224"),
    "Mètre carré": Decimal("0.0001"),
    "Kilomètre carré": Decimal("100"),
    "Hectare": Decimal("1"),
}
# A run of digits (with a decimal comma) or a word, and single punctuation marks.
_TOKEN = re.compile(r"\d+(?:,\d+)?|[^\W\d_][\w'-]*|[^\w\s]")
_ORDINAL = re.compile(r"i[eè]mes?\b")
_LETTER_SCALE = re.compile(r"\d\s*[a-z]\b", re.IGNORECASE)


@dataclass(frozen=True)
class Case:
    """One sentence to read and the hectares it states (None: it states no area)."""

    source: str
    phrase: str
    sentence: str
    hectares: Decimal | None


def read(name: str) -> list[dict]:
    path = PEER / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _spelt_digit_by_digit(words: str, value: Decimal) -> bool:
    return value == value.to_integral_value() and "zéro" in words.lower()


def text2num_cases() -> Iterator[Case]:
    for case in read("text2num-fr.jsonl"):
        if case["function"] == "text2num":
            expected = case["expected"]
            if isinstance(expected, dict):
                yield Case("text2num", case["input"], TEMPLATE.format(case["input"]), None)
            elif not _spelt_digit_by_digit(case["input"], Decimal(expected)):
                yield Case("text2num", case["input"], TEMPLATE.format(case["input"]), Decimal(expected))
        elif case["function"] == "alpha2digit" and not case.get("kwargs"):
            yield from _alpha2digit_runs(case["input"], case["expected"])


def _alpha2digit_runs(text: str, converted: str) -> Iterator[Case]:
    """The runs of words that alpha2digit turns into one number each."""
    words, numbers = _TOKEN.findall(text), _TOKEN.findall(converted)
    matcher = difflib.SequenceMatcher(a=[w.lower() for w in words], b=[n.lower() for n in numbers], autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag != "replace" or b_end - b_start != 1 or not re.fullmatch(r"[1-9]\d*(?:,\d+)?|0,\d+", numbers[b_start]):
            continue
        phrase = " ".join(words[a_start:a_end])
        value = Decimal(numbers[b_start].replace(",", "."))
        if value > 0 and not _spelt_digit_by_digit(phrase, value):
            yield Case("text2num", phrase, TEMPLATE.format(phrase), value)


def recognizers_number_cases() -> Iterator[Case]:
    for case in read("recognizers-fr-numbers.jsonl"):
        if not case["active_in_dotnet_tests"]:
            continue
        for found in case["expected"]:
            resolution = found["resolution"]
            if resolution.get("subtype") not in ("integer", "decimal", "fraction"):
                continue
            phrase = found["text"].strip()
            value = Decimal(resolution["value"].replace(",", "."))
            if value <= 0 or not _press_form(phrase):
                continue
            yield Case("recognizers", phrase, TEMPLATE.format(phrase), value)


def _press_form(phrase: str) -> bool:
    return not (
        _LETTER_SCALE.search(phrase)
        or phrase.startswith(",")
        or _ORDINAL.search(phrase.lower())
        or re.search(r"\bsur\b", phrase)
        or phrase.startswith("-")
    )


def recognizers_dimension_cases() -> Iterator[Case]:
    for case in read("recognizers-fr-dimensions.jsonl"):
        if not case["active_in_dotnet_tests"]:
            continue
        for found in case["expected"]:
            size = SURFACE_UNITS.get(found["resolution"].get("unit"))
            if size is None:
                continue
            phrase = case["input"][found["start"] : found["end"] + 1]
            value = Decimal(found["resolution"]["value"].replace(",", "."))
            yield Case("dimensions", phrase, OWN_UNIT_TEMPLATE.format(phrase), value * size)


def realistic_cases() -> list[Case]:
    """Every realistic press form of the peer specs (empty where ../shared is absent)."""
    return [*text2num_cases(), *recognizers_number_cases(), *recognizers_dimension_cases()]


def verdict(case: Case, hectares: list[float]) -> str:
    """right, wrong or missed: what the pipeline made of one case."""
    if case.hectares is None:
        return "right" if not hectares else "wrong"
    if not hectares:
        return "missed"
    expected = float(case.hectares)
    if len(hectares) == 1 and (hectares[0] == round(expected, 6) or math.isclose(hectares[0], expected, rel_tol=1e-9)):
        return "right"
    return "wrong"


def score(nlp: Language, cases: list[Case]) -> list[tuple[Case, str, list[float]]]:
    """Each case with its verdict and the hectares the pipeline read."""
    results = []
    for case, doc in zip(cases, nlp.pipe(case.sentence for case in cases)):
        hectares = [span._.norm.hectares for span in doc.spans["areas"]]
        results.append((case, verdict(case, hectares), hectares))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every case not right")
    args = parser.parse_args()
    cases = realistic_cases()
    if not cases:
        sys.exit(f"no peer material in {PEER}")
    from pipeline.nlp.build import load_nlp

    results = score(load_nlp(), cases)
    sources = sorted({case.source for case in cases})
    print(f"{'source':<12} {'cases':>5} {'right':>5} {'wrong':>5} {'missed':>6}")
    for source in [*sources, "all"]:
        kept = [verdict for case, verdict, _ in results if source in ("all", case.source)]
        counts = [kept.count(kind) for kind in ("right", "wrong", "missed")]
        print(f"{source:<12} {len(kept):>5} {counts[0]:>5} {counts[1]:>5} {counts[2]:>6}")
    if args.errors:
        for case, verdict_, hectares in results:
            if verdict_ != "right":
                print(f"{verdict_:<6} {case.phrase!r}: expected {case.hectares}, read {hectares}")


if __name__ == "__main__":
    main()
