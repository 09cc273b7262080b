"""Extraction speed and memory against the bare components, measured side by side in one run.

    python benchmarks/extract_benchmark.py                 # 440 pages, memory at 44 and 440 pages
    python benchmarks/extract_benchmark.py --pages 60 --memory-pages 10    # a quick look

The pages are the sample pages, the real pages and articles of ``../shared/peer/`` where present,
and generated variants of them until there are ``--pages``: each variant gets a paragraph of
invented names and figures, so that every text is distinct and brings new words (the spaCy
string store grows with new words; copies of the same pages would hide that).

Printed, in this order:
- the bare components: ``trafilatura.extract`` of each HTML page, then ``nlp.pipe`` of the
  plain ``fr_core_news_md`` over the texts, in pages per second;
- the project (``pipeline.run.run``) with 1 and 2 workers, pages per second and ratios. Rates
  are counted from the first batch that comes back (so that the workers' model loading is left
  out), the wall time including it is shown beside;
- each spaCy component's milliseconds per article, the model's and the project's own;
- the peak resident memory of ``extract --workers 1`` over 1x and 10x ``--memory-pages``
  distinct pages, each in a fresh process;
- the time to the first record of a one-page run, imports and model load included.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT.parent / "shared" / "peer"
SOURCES = [ROOT / "samples" / "pages", PEER / "real-pages" / "pages", PEER / "real-text" / "cases"]
SYLLABLES = "ba ka li mo ra te zi nou ssa gha lem dar fi tou ren sal mir vo ta gue ber chi lou".split()
PARAGRAPH = re.compile(r"<p>(?:(?!</p>).){200,}</p>", re.DOTALL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=440, help="distinct pages to measure on (default: 440)")
    parser.add_argument("--memory-pages", type=int, default=44, help="pages of the 1x memory run (default: 44)")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        pages = make_pages(Path(folder) / "pages", max(args.pages, 10 * args.memory_pages))
        measured = pages[: args.pages]
        print(f"{len(measured)} distinct pages; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        bare = bare_rate(measured)
        print(f"bare components (trafilatura.extract + nlp.pipe of fr_core_news_md): {bare:.2f} pages/s")
        rates = {}
        for workers in (1, 2):
            rates[workers], wall = project_rate(measured, workers=workers, batch_size=args.batch_size)
            print(f"project, {workers} worker{'s' * (workers > 1)}: {rates[workers]:.2f} pages/s "
                  f"({rates[workers] / bare:.2f}x bare; wall time {wall:.1f} s with start-up)")
        print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")
        component_times(measured)
        small, large = (peak_rss(pages[:count], Path(folder)) for count in (args.memory_pages, 10 * args.memory_pages))
        print(f"peak memory, extract --workers 1: {small:.0f} MiB at {args.memory_pages} pages, "
              f"{large:.0f} MiB at {10 * args.memory_pages} pages ({large / small:.2f}x)")
        print(f"time to first record, one page (imports and model load included): {first_record(pages[0]):.1f} s")


def make_pages(folder: Path, count: int) -> list[Path]:
    """The base pages, then variants with a paragraph of their own, ``count`` files in all."""
    folder.mkdir(parents=True)
    base = [path for source in SOURCES if source.is_dir() for path in sorted(source.iterdir())
            if path.suffix in (".html", ".txt")]
    pages = []
    for index in range(count):
        original = base[index % len(base)]
        target = folder / f"{index:05d}-{original.name}"
        if index < len(base):
            shutil.copy(original, target)
        else:
            text = original.read_text(encoding="utf-8", errors="replace")
            target.write_text(with_paragraph(text, random.Random(index), html=original.suffix == ".html"), "utf-8")
        pages.append(target)
    return pages


def with_paragraph(text: str, rng: random.Random, *, html: bool) -> str:
    """The page with a paragraph of invented names and figures added to its longest paragraph."""
    def name() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()

    added = (
        f"Selon {name()} {name()}, directeur de l'agence {name()}, le projet de {name()} couvre "
        f"{rng.randint(2, 9)}.{rng.randint(100, 999)} hectares entre {name()} et {name()}. "
        f"Les travaux confiés à la société {name()} {name()} débuteront en {rng.randint(2026, 2034)}, "
        f"pour un budget de {rng.randint(11, 990)} millions de dirhams, a précisé {name()} {name()}."
    )
    if html:
        paragraphs = list(PARAGRAPH.finditer(text))
        if paragraphs:
            longest = max(paragraphs, key=lambda match: len(match.group()))
            return text[: longest.end() - 4] + " " + added + text[longest.end() - 4 :]
        return text.replace("</body>", f"<p>{added}</p></body>", 1)
    lines = text.splitlines()
    longest = max(range(len(lines)), key=lambda number: len(lines[number])) if lines else 0
    lines[longest:longest + 1] = [lines[longest] + " " + added] if lines else [added]
    return "\n".join(lines) + "\n"


def bare_rate(pages: list[Path]) -> float:
    import spacy
    import trafilatura

    nlp = spacy.load("fr_core_news_md")
    list(nlp.pipe(["Le Maroc a lancé le projet en 2024 à Rabat."]))
    started = time.perf_counter()
    texts = []
    for path in pages:
        content = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            content = trafilatura.extract(content, include_comments=False, include_tables=True) or ""
        texts.append(content)
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return len(pages) / (time.perf_counter() - started)


def project_rate(pages: list[Path], *, workers: int, batch_size: int) -> tuple[float, float]:
    """Pages per second from the first batch back to the end, and the wall time."""
    from pipeline.nlp.build import load_nlp
    from pipeline.run import run

    load_nlp()
    started = time.perf_counter()
    first = None
    count = after_first = 0
    for _ in run([str(path) for path in pages], workers=workers, batch_size=batch_size):
        count += 1
        if first is None:
            first = time.perf_counter()
        else:
            after_first += 1
    end = time.perf_counter()
    return after_first / (end - first), end - started


def component_times(pages: list[Path]) -> None:
    """Milliseconds per article of each component, each run over all the articles in turn."""
    from pipeline.run import clean_or_reject
    from pipeline.errors import Rejected
    from pipeline.ingest import read_inputs
    from pipeline.nlp.build import COMPONENTS, load_nlp

    nlp = load_nlp()
    articles = []
    for page in read_inputs([str(path) for path in pages]):
        cleaned = page if isinstance(page, Rejected) else clean_or_reject(page)
        if not isinstance(cleaned, Rejected) and cleaned[1].language == "fr":
            articles.append(cleaned[1])
    docs = []
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.published = article.published
        docs.append(doc)
    timings = {}
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=16))
        else:
            docs = [component(doc) for doc in docs]
        timings[name] = (time.perf_counter() - started) * 1000 / len(docs)
    model = sum(ms for name, ms in timings.items() if name not in COMPONENTS)
    own = sum(ms for name, ms in timings.items() if name in COMPONENTS)
    print(f"ms per article over {len(docs)} French articles: "
          + ", ".join(f"{name} {ms:.1f}" for name, ms in timings.items()))
    print(f"model {model:.1f} ms, own components {own:.1f} ms ({own / model:.2f}x the model)")


def peak_rss(pages: list[Path], folder: Path) -> float:
    """Peak resident memory (MiB) of a one-process extract over the pages, in a fresh process."""
    inputs = folder / f"memory-{len(pages)}"
    inputs.mkdir()
    for path in pages:
        os.link(path, inputs / path.name)
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(inputs), "-o", str(folder / f"memory-{len(pages)}.jsonl"),
         "--workers", "1", "-q"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.DEVNULL,
    )
    _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss / 1024


def first_record(page: Path) -> float:
    """Seconds from starting ``extract`` on one page to its record on stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(page)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait()
    json.loads(line)
    return elapsed


if __name__ == "__main__":
    main()
