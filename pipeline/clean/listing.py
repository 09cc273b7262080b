"""Tell an article body from a listing or index page (home page, category page).

A listing's "body" is a column of headlines, each the text of a link; an
article's lines are prose, seldom a link's whole text. A news brief of a few
lines is an article; a short column of two or three headlines is not.
"""

from pipeline.text import single_spaces, without_case

MIN_WORDS = 20
SHORT_BODY_WORDS = 40  # a body below this is kept as a brief, with a warning
LISTING_MIN_LINES = 5
SHORT_LISTING_MIN_LINES = 2  # in a body shorter than SHORT_BODY_WORDS
LISTING_LINK_SHARE = 0.5


def line_key(text: str) -> str:
    """A line, title or link text compared whatever its spacing (no-break spaces included) and case."""
    return without_case(single_spaces(text))


def word_count(lines: list[str]) -> int:
    return sum(len(line.split()) for line in lines)


def listing_reason(lines: list[str], link_texts: frozenset[str] = frozenset()) -> str | None:
    """Why a body is a listing page (a column of headline links), or None.

    ``link_texts`` are the keys (line_key) of the texts of the page's links (empty for text dumps).
    """
    linked = [line for line in lines if line_key(line) in link_texts]
    linked_chars = sum(len(line) for line in linked)
    min_lines = SHORT_LISTING_MIN_LINES if word_count(lines) < SHORT_BODY_WORDS else LISTING_MIN_LINES
    if len(linked) >= min_lines and linked_chars >= LISTING_LINK_SHARE * sum(len(line) for line in lines):
        return f"not an article: a listing page ({len(linked)} of {len(lines)} lines are links to other pages)"
    return None


def too_short_reason(lines: list[str]) -> str | None:
    """Why a body is too short to be an article, even a brief, or None."""
    words = word_count(lines)
    if words < MIN_WORDS:
        return f"not an article: {words} words of body text, fewer than {MIN_WORDS}"
    return None
