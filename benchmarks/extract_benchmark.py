"""Measure extraction speed and peak memory over the sample pages.

    python benchmarks/extract_benchmark.py [--repeat N] [INPUT ...]

Runs the whole pipeline (ingest, clean, spaCy, records) over the inputs N times,
after loading the model once, and prints pages per second and peak resident memory.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

from pipeline.errors import Rejected
from pipeline.nlp.build import load_nlp
from pipeline.run import run

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(ROOT / "samples" / "pages")])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the inputs (default: 5)")
    args = parser.parse_args()

    started = time.perf_counter()
    load_nlp()
    load_seconds = time.perf_counter() - started

    pages = records = characters = 0
    started = time.perf_counter()
    for _ in range(args.repeat):
        for outcome in run(args.inputs):
            pages += 1
            if not isinstance(outcome, Rejected):
                records += 1
                characters += len(outcome["text"])
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model load: {load_seconds:.1f} s", file=sys.stderr)
    print(
        f"{pages} pages ({records} records, {characters / 1000:.0f}k characters) in {seconds:.1f} s: "
        f"{pages / seconds:.1f} pages/s, {characters / seconds / 1000:.0f}k characters/s; "
        f"peak memory {peak_mib:.0f} MiB",
    )


if __name__ == "__main__":
    main()
