"""Tell an article body from a listing or index page (home page, category page).

A listing's "body" is a column of headlines, each the text of a link; an
article's lines are prose, seldom a link's whole text.
"""

from pipeline.text import single_spaces, without_case

MIN_WORDS = 40
LISTING_MIN_LINES = 5
LISTING_LINK_SHARE = 0.5


def line_key(text: str) -> str:
    """A line, title or link text compared whatever its spacing (no-break spaces included) and case."""
    return without_case(single_spaces(text))


def not_an_article(lines: list[str], link_texts: frozenset[str] = frozenset()) -> str | None:
    """The reason a body is not an article, or None when it reads as one.

    ``link_texts`` are the keys (line_key) of the texts of the page's links (empty for text dumps).
    """
    words = sum(len(line.split()) for line in lines)
    if words < MIN_WORDS:
        return f"not an article: {words} words of body text, fewer than {MIN_WORDS}"
    linked = [line for line in lines if line_key(line) in link_texts]
    linked_chars = sum(len(line) for line in linked)
    if len(linked) >= LISTING_MIN_LINES and linked_chars >= LISTING_LINK_SHARE * sum(len(line) for line in lines):
        return f"not an article: a listing page ({len(linked)} of {len(lines)} lines are links to other pages)"
    return None
