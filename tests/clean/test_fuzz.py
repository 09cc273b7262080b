"""Fuzzing ingest and cleaning: whatever the bytes, every input gives exactly one outcome.

Inputs are real sample pages with bytes flipped, cut short, spliced with another page,
re-encoded or given a random charset declaration, and random JSON Lines (lone
surrogates, wrong types, garbage lines). Each source must give one outcome, and a JSON
Lines source one per non-blank line; nothing may raise; every outcome must write as one
line of valid UTF-8 JSON. ``FUZZ_EXAMPLES`` sets how many inputs to try (default 150,
derandomised so CI runs the same inputs every time).
"""

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.clean import clean_page
from pipeline.errors import Rejected
from pipeline.ingest.pages import read_source
from pipeline.jsonl import dumps
from pipeline.records import as_json
from pipeline.run import metadata_of

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    (ROOT / "samples" / "pages" / name).read_bytes()
    for name in (
        "maghress-atlantic-free-zone-kenitra.html",
        "leseco-technopole-oujda.html",
        "maghress-barrage-kaddoussa.txt",
        "dump-arganeraie-plantation-andzoa-bilan.txt",
    )
]
CHARSETS = ["utf-8", "iso-8859-1", "windows-1252", "utf-16", "utf-32", "hex", "base64", "rot13", "undefined",
            "zlib", "idna", "utf-7", "unicode_escape", "x-unknown", "", "koi8-r", "shift_jis", "mac-roman"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1", "cp1252", "utf-16-be"]
NAMES = ["page.html", "page.txt", "page", "scrape.jsonl", "page.htm"]
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=200)


@st.composite
def mutated_pages(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(PAGES))
    for _ in range(draw(st.integers(0, 3))):
        operation = draw(st.sampled_from(["flip", "truncate", "splice", "declare", "encode"]))
        if operation == "flip" and data:
            for position in draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=20)):
                data = data[:position] + bytes([draw(st.integers(0, 255))]) + data[position + 1 :]
        elif operation == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif operation == "splice":
            other = draw(st.sampled_from(PAGES))
            data = data[: draw(st.integers(0, len(data)))] + other[draw(st.integers(0, len(other))) :]
        elif operation == "declare":
            data = f'<meta charset="{draw(st.sampled_from(CHARSETS))}">'.encode() + data
        else:
            text = data.decode("utf-8", errors="replace")
            data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return data


@st.composite
def json_lines(draw: st.DrawFn) -> bytes:
    page = st.sampled_from(PAGES).map(lambda data: data.decode("utf-8", errors="replace"))
    value = st.one_of(ANY_TEXT, page, st.integers(), st.none(), st.lists(st.integers(), max_size=3))
    item = st.fixed_dictionaries({}, optional={"url": value, "html": value, "text": value, "extra": value})
    line = st.one_of(
        item.map(lambda obj: json.dumps(obj, ensure_ascii=draw(st.booleans())).encode("utf-8", errors="surrogatepass")),
        st.binary(max_size=100),
        st.just(b""),
        mutated_pages().map(lambda data: data[:300]),
    )
    return b"\n".join(draw(st.lists(line, min_size=0, max_size=8)))


def outcomes(name: str, data: bytes) -> list[tuple[str, dict]]:
    """Every outcome of one source as (input name, what would be written)."""
    found = []
    for item in read_source(name, data, max_bytes=20_000):
        if isinstance(item, Rejected):
            found.append((item.input, item.as_entry()))
            continue
        article = clean_page(item)
        if isinstance(article, Rejected):
            found.append((article.input, article.as_entry()))
        else:
            found.append((item.source, {"source": item.source, "url": item.url, "metadata": as_json(metadata_of(article)),
                                        "text": article.text, "warnings": list(article.warnings)}))
    return found


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    derandomize="FUZZ_EXAMPLES" not in os.environ,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(name=st.sampled_from(NAMES), data=st.one_of(mutated_pages(), json_lines()))
def test_every_input_gives_exactly_one_outcome(name: str, data: bytes) -> None:
    found = outcomes(name, data)
    names = [where for where, _ in found]
    if any("#L" in where for where in names):
        lines = [number for number, line in enumerate(data.split(b"\n"), start=1) if line.rstrip(b"\r").strip()]
        assert names == [f"{name}#L{number}" for number in lines]
    else:
        assert names == [name]
    for _, entry in found:
        line = dumps(entry)
        assert "\n" not in line
        assert json.loads(line.encode("utf-8").decode("utf-8")) is not None
