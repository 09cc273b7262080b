"""Boxes that trafilatura leaves inside or under the body: related articles, comments, paywalls.

A related-article box is a heading (``A LIRE AUSSI``, ``Sur le même sujet``)
followed by teaser lines: headlines that are links, an excerpt cut short
(``…``), a date or a category. It may stand between two paragraphs; the body
goes on at the first line of prose. A comment block or a paywall starts with its
own heading (``Vos avis (2)``, ``Pour lire la suite``) and nothing of the article
follows it. The headings are data (``models/cleaning/boxes.jsonl``).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.clean.listing import line_key
from pipeline.errors import ResourceError
from pipeline.paths import MODELS_DIR
from pipeline.resources import read_jsonl
from pipeline.text import single_spaces

BOX_KINDS = ("box", "end")
# A teaser line: a headline, label or date (no sentence end) of at most HEADLINE_MAX_WORDS
# words, or an excerpt of at most EXCERPT_MAX_WORDS words cut short.
HEADLINE_MAX_WORDS = 15
EXCERPT_MAX_WORDS = 60
# A headline that starts a teaser line has at least this many words.
HEADLINE_MIN_WORDS = 3
# What stands under the last paragraph and is no prose: a tag, a signature, a category.
TRAILING_LABEL_MAX_WORDS = 3
# A comment or paywall heading ends the article only after this much body (else it is a counter).
END_MIN_WORDS_BEFORE = 20
_SENTENCE_END = re.compile(r"[.!?»\"”)]\s*$")
_LEADING_MARKS = re.compile(r"^[^\w«\"“(]+")  # bullets and arrows: '► Lire aussi', '>> Voir aussi'
_CUT_SHORT = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")


@dataclass(frozen=True)
class BoxHeading:
    id: str
    kind: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def box_headings() -> tuple[BoxHeading, ...]:
    path = MODELS_DIR / "cleaning" / "boxes.jsonl"
    headings = []
    for entry in read_jsonl(path, required=("id", "kind", "pattern")):
        if entry["kind"] not in BOX_KINDS:
            raise ResourceError(f"{path}:{entry.line}: kind {entry['kind']!r} is not one of {', '.join(BOX_KINDS)}")
        headings.append(BoxHeading(entry["id"], entry["kind"], re.compile(entry["pattern"], re.IGNORECASE)))
    return tuple(headings)


def heading_kind(line: str) -> str | None:
    """``box`` or ``end`` when the whole line (or the one cell of a table row) is such a heading, else None."""
    text = _LEADING_MARKS.sub("", single_spaces(line.strip().strip("|")))
    return next((heading.kind for heading in box_headings() if heading.pattern.match(text)), None)


def is_teaser(line: str, link_texts: frozenset[str]) -> bool:
    """A line of a teaser list: a headline (linked or not) or label, a headline with its excerpt, a cut excerpt."""
    folded = line_key(line)
    words = folded.split()
    if folded in link_texts:
        return True
    if len(words) <= HEADLINE_MAX_WORDS and not _SENTENCE_END.search(line):
        return True
    if len(words) <= EXCERPT_MAX_WORDS and _CUT_SHORT.search(line):
        return True
    headlines = _headlines_in(folded, link_texts)
    return any(folded.startswith(link) and len(link.split()) >= HEADLINE_MIN_WORDS for link in headlines)


def _headlines_in(folded: str, link_texts: frozenset[str]) -> list[str]:
    """The link texts a line could start with (checked by its first words, not every link)."""
    head = " ".join(folded.split()[:HEADLINE_MIN_WORDS])
    return [link for link in link_texts if link.startswith(head)]


def strip_boxes(lines: list[str], link_texts: frozenset[str] = frozenset()) -> list[str]:
    """The body without related-article boxes, comment blocks, paywalls and trailing teasers.

    ``link_texts`` are the keys (line_key) of the texts of the page's links (empty for text dumps).
    """
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        kind = heading_kind(line)
        if kind == "end" and sum(len(kept_line.split()) for kept_line in kept) >= END_MIN_WORDS_BEFORE:
            break
        if kind is not None:
            index += 1
            while index < len(lines) and heading_kind(lines[index]) is None and is_teaser(lines[index], link_texts):
                index += 1
            continue
        kept.append(line)
        index += 1
    return _without_trailing_teasers(kept, link_texts)


def _without_trailing_teasers(lines: list[str], link_texts: frozenset[str]) -> list[str]:
    """Drop linked headlines and short labels (tags, a lone category) under the last paragraph."""
    end = len(lines)
    while end > 1:
        line = lines[end - 1]
        linked = line_key(line) in link_texts
        label = len(line.split()) <= TRAILING_LABEL_MAX_WORDS and not _SENTENCE_END.search(line)
        if not (linked or label):
            break
        end -= 1
    return lines[:end]
