"""Measure time and peak memory against article length: the cost must grow linearly.

    python benchmarks/length_benchmark.py [--sizes 10 100 1000 4000]

For each size (in KB of text) one article is built from the gold articles' bodies,
one paragraph after another, and written as a text dump; a fresh process loads the
model, then runs the whole pipeline (ingest, clean, spaCy, record) over it. Printed per
size: seconds, milliseconds per KB, peak resident memory, and the memory grown over the
loaded model. Each size runs in its own process, so one size's memory never counts for
another's.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "samples" / "gold" / "dev.jsonl"

MEASURE = """
import json, resource, sys, time
from pipeline.errors import Rejected
from pipeline.nlp.build import load_nlp
from pipeline.run import run
load_nlp()
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
(outcome,) = run([sys.argv[1]])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mib": peak, "grown_mib": peak - loaded,
                  "outcome": outcome.reason if isinstance(outcome, Rejected) else "record",
                  "entities": 0 if isinstance(outcome, Rejected) else
                  sum(len(getattr(outcome, group)) for group in ("places", "institutions", "areas", "dates"))}))
"""


def article(kilobytes: int) -> str:
    """A title line, then gold article bodies repeated up to ``kilobytes`` thousand characters."""
    bodies = [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = "\n".join(bodies)
    text = (body * (kilobytes * 1000 // len(body) + 1))[: kilobytes * 1000]
    return "Un article très long sur l'aménagement du territoire\n" + text[: text.rfind("\n")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 4000], metavar="KB")
    args = parser.parse_args()
    print(f"{'KB':>6} {'seconds':>9} {'ms/KB':>7} {'peak MiB':>9} {'grown MiB':>10}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for kilobytes in args.sizes:
            page = Path(folder) / f"article-{kilobytes}kb.txt"
            page.write_text(article(kilobytes), encoding="utf-8")
            result = subprocess.run(
                [sys.executable, "-c", MEASURE, str(page)], capture_output=True, text=True, cwd=ROOT, check=True
            )
            m = json.loads(result.stdout.splitlines()[-1])
            print(
                f"{kilobytes:>6} {m['seconds']:>9.1f} {m['seconds'] * 1000 / kilobytes:>7.0f} {m['peak_mib']:>9.0f} "
                f"{m['grown_mib']:>10.0f}  {m['outcome']} ({m['entities']} entities)",
                flush=True,
            )


if __name__ == "__main__":
    main()
