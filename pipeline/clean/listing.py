"""Tell an article body from a listing or index page (home page, category page).

A listing's "body" is a column of headlines, each the text of a link; an
article's lines are prose, seldom a link's whole text.
"""

import re

MIN_WORDS = 40
LISTING_MIN_LINES = 5
LISTING_LINK_SHARE = 0.5
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Compare texts whatever their spacing (no-break spaces included) and case."""
    return _SPACES.sub(" ", text).strip().casefold()


def not_an_article(lines: list[str], link_texts: frozenset[str] = frozenset()) -> str | None:
    """The reason a body is not an article, or None when it reads as one.

    ``link_texts`` are the folded texts of the page's links (empty for text dumps).
    """
    words = sum(len(line.split()) for line in lines)
    if words < MIN_WORDS:
        return f"not an article: {words} words of body text, fewer than {MIN_WORDS}"
    linked = [line for line in lines if fold(line) in link_texts]
    linked_chars = sum(len(line) for line in linked)
    if len(linked) >= LISTING_MIN_LINES and linked_chars >= LISTING_LINK_SHARE * sum(len(line) for line in lines):
        return f"not an article: a listing page ({len(linked)} of {len(lines)} lines are links to other pages)"
    return None
