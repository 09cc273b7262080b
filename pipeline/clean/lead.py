"""Paragraphs of the article that trafilatura drops: the lead, and prose in odd containers.

trafilatura reads the body from the container it judges the article's. A lead
(chapô) set apart under the headline (``<div class="chapo">``, a bold cell of a
layout table, ``<p class="story-lead-text">``), or a paragraph written straight
into a ``<div>`` among the ``<p>``, falls outside and is lost. Between the
headline and the last paragraph kept, a block of prose that is not in the body
is put back where it stands in the page. Prose means whole sentences and few links, in no
link (a teaser card), figure, navigation or form, and no known chrome line.
"""

import re
from collections.abc import Callable

import lxml.html

from pipeline.clean.listing import line_key
from pipeline.text import single_spaces

# A block put back has at least this many words and ends a sentence.
PROSE_MIN_WORDS = 15
PROSE_MAX_LINK_SHARE = 0.5
# An <h1> holding part of the title (or held by it) is the headline when the part has this many words.
HEADLINE_MIN_WORDS = 3
# Two texts are the same block when one holds the other and the shorter has this many characters.
MATCH_MIN_CHARS = 20
_SENTENCE_END = re.compile(r"[.!?»\"”]\s*$")
_WORD = re.compile(r"\w+")
_INLINE = {"a", "abbr", "b", "br", "cite", "em", "font", "i", "q", "small", "span", "strong", "sub", "sup", "u", "time"}
_OUTSIDE = {"figure", "figcaption", "nav", "form", "footer", "aside", "script", "style", "noscript", "button", "select"}


def restore_dropped_prose(
    lines: list[str], tree: lxml.html.HtmlElement, title: str | None, is_chrome: Callable[[str], bool]
) -> list[str]:
    """``lines`` with the prose blocks trafilatura dropped between the headline and the last line kept.

    The headline is the ``<h1>`` that says the title (an ``<h1>`` around the site's logo is not).
    """
    headline = _headline(tree, title)
    if headline is None or not lines:
        return lines
    folded_lines = [line_key(line) for line in lines]
    inserts: dict[int, list[str]] = {}
    position = 0  # body lines matched so far
    restored_texts: set[str] = set()
    for element in headline.xpath("following::*"):
        if not _is_leaf_block(element):
            continue
        text = single_spaces(element.text_content().replace("\xad", ""))
        folded = line_key(text)
        matched = _match(folded, folded_lines, position)
        if matched is not None:
            position = matched + 1
            if position == len(lines):
                break
            continue
        if _is_dropped_prose(element, text, folded, folded_lines, is_chrome) and folded not in restored_texts:
            inserts.setdefault(position, []).append(text)
            restored_texts.add(folded)
    restored: list[str] = []
    for index, line in enumerate(lines):
        restored += inserts.get(index, [])
        restored.append(line)
    return restored


def _headline(tree: lxml.html.HtmlElement, title: str | None) -> lxml.html.HtmlElement | None:
    """The ``<h1>`` whose words are the title's, or hold them, whatever the punctuation."""
    if not title:
        return None
    title_words = _words(title)
    for h1 in tree.iter("h1"):
        words = _words(h1.text_content())
        shorter, longer = sorted((words, title_words), key=len)
        if words == title_words or (len(shorter.split()) >= HEADLINE_MIN_WORDS and shorter in longer):
            return h1
    return None


def _words(text: str) -> str:
    return " ".join(_WORD.findall(line_key(text)))


def _is_leaf_block(element: lxml.html.HtmlElement) -> bool:
    """An element that holds text and no block element of its own (a paragraph, a text div)."""
    if not isinstance(element.tag, str) or element.tag in _INLINE or element.tag in _OUTSIDE:
        return False
    return all(not isinstance(child.tag, str) or child.tag in _INLINE for child in element.iterdescendants())


def _match(folded: str, folded_lines: list[str], start: int) -> int | None:
    """The first body line from ``start`` that is this block, holds it or is held by it."""
    if len(folded) < MATCH_MIN_CHARS:
        return None
    for index in range(start, len(folded_lines)):
        line = folded_lines[index]
        if len(line) >= MATCH_MIN_CHARS and (folded in line or line in folded):
            return index
    return None


def _is_dropped_prose(
    element: lxml.html.HtmlElement,
    text: str,
    folded: str,
    folded_lines: list[str],
    is_chrome: Callable[[str], bool],
) -> bool:
    if len(text.split()) < PROSE_MIN_WORDS or not _SENTENCE_END.search(text) or is_chrome(text):
        return False
    if any(ancestor.tag in _OUTSIDE or ancestor.tag == "a" for ancestor in element.iterancestors()):
        return False
    linked = sum(len(single_spaces(anchor.text_content())) for anchor in element.iter("a"))
    if linked > PROSE_MAX_LINK_SHARE * len(text):
        return False
    return not any(folded in line for line in folded_lines)
