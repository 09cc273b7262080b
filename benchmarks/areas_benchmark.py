"""Measure the areas component alone: milliseconds per article over the sample pages.

    python benchmarks/areas_benchmark.py [--repeat N] [INPUT ...]

Cleans and analyses each page once, then runs only the ``news_areas`` component again over
the analysed documents N times, so the figure is the component's own cost per article.
"""

import argparse
import time
from pathlib import Path

from spacy.tokens import Doc

from pipeline.nlp.build import analyse, load_nlp
from pipeline.run import clean_pages

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(ROOT / "samples" / "pages")])
    parser.add_argument("--repeat", type=int, default=20, help="passes of the component (default: 20)")
    args = parser.parse_args()

    texts = [(page["text"], None, page["source"]["path"]) for page in clean_pages(args.inputs) if "text" in page]
    docs = [doc for doc in analyse(texts) if isinstance(doc, Doc)]
    component = load_nlp().get_pipe("news_areas")
    started = time.perf_counter()
    for _ in range(args.repeat):
        for doc in docs:
            component(doc)
    seconds = time.perf_counter() - started
    print(f"{len(docs)} articles × {args.repeat}: {seconds / (len(docs) * args.repeat) * 1000:.2f} ms per article")


if __name__ == "__main__":
    main()
