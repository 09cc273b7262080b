"""HTML pages: trafilatura strips the chrome and reads the metadata."""

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import dateparser
import htmldate
import lxml.html
import trafilatura
import trafilatura.settings

from pipeline.clean.layout import remove_boxes, unwrap_layout_tables
from pipeline.clean.lead import restore_dropped_prose
from pipeline.clean.listing import line_key
from pipeline.clean.rules import CLEANING_DIR, is_boilerplate
from pipeline.resources import read_words
from pipeline.text import single_spaces

# The date of a visible publication line: « 12/03/2024 », « 1er mars 2024 », « 8 déc. 2020 ».
_VISIBLE_DATE = r"\s+le\s+(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}(?:er)?\s+[a-zéû]+\.?\s+\d{4})"


@lru_cache(maxsize=1)
def visible_date_line() -> re.Pattern[str]:
    """A visible publication line, for pages whose markup carries no date: its opening words
    are ``models/cleaning/publication-words.txt``."""
    words = read_words(CLEANING_DIR / "publication-words.txt")
    opening = "|".join(re.escape(word) for word in sorted(words, key=lambda word: (-len(word), word)))
    return re.compile(rf"\b(?:{opening}){_VISIBLE_DATE}", re.IGNORECASE)


@dataclass(frozen=True)
class Extracted:
    """What trafilatura (and the date fallback) found in an HTML page."""

    text: str
    title: str | None
    published: date | None
    site: str | None
    author: str | None
    url: str | None
    link_texts: frozenset[str]
    visible_lines: list[str]
    tree: lxml.html.HtmlElement  # the page as extracted from, for the last-resort date search


def extract_html(html: str, *, url: str | None) -> Extracted | None:
    """Main text and metadata of a page; None when trafilatura finds no main text."""
    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    links, visible = link_texts(tree), tree.text_content().splitlines()
    unwrap_layout_tables(tree)
    remove_boxes(tree)
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params=_date_params(extensive=False),
    )
    if document is None or not (document.text or "").strip():
        return None
    published = _iso_date(document.date) or visible_publication_date(tree)
    title, site = _headline(tree, (document.title or "").strip() or None, document.sitename or document.hostname)
    return Extracted(
        text="\n".join(restore_dropped_prose(document.text.splitlines(), tree, title, is_chrome=is_boilerplate)),
        title=title,
        published=published,
        site=site,
        author=document.author,
        url=document.url or url,
        link_texts=links,
        visible_lines=visible,
        tree=tree,
    )


def _date_params(*, extensive: bool) -> dict[str, Any]:
    """htmldate's settings as trafilatura gives them, with or without the extensive search."""
    return {**trafilatura.settings.set_date_params(extensive), "extensive_search": extensive}


def extensive_date(tree: lxml.html.HtmlElement, url: str | None) -> date | None:
    """htmldate's extensive search through the page's free text: the last resort for a date.

    It hands strings to dateparser with no language, and dateparser then tries every locale
    it knows on each (about a second a string), so it runs only for pages whose markup,
    visible ``Publié le`` line and aggregator byline all give no date.
    """
    return _iso_date(htmldate.find_date(tree, url=url, **_date_params(extensive=True)))


def _headline(tree: lxml.html.HtmlElement, title: str | None, site: str | None) -> tuple[str | None, str | None]:
    """Title and site, mended where trafilatura cut the headline at its colon.

    ``<title>Site - Ouarzazate : 1.200 hectares…</title>`` can come out as the site
    ``1.200 hectares…`` (and the title ``Ouarzazate``); the page's one ``<h1>``
    says the whole headline, and what the ``<title>`` holds besides it is the site.
    """
    headlines = [single_spaces(h1.text_content()) for h1 in tree.iter("h1")]
    if not title or len(headlines) != 1:
        return title, site
    headline = headlines[0]
    if not line_key(headline).startswith(line_key(title)):
        return title, site
    if site and line_key(headline).endswith(line_key(site)) and line_key(site) != line_key(headline):
        page_title = single_spaces(tree.findtext(".//title") or "")
        site = page_title.replace(headline, "").strip(" |-–—:") or None
    return headline, site


def link_texts(tree: lxml.html.HtmlElement | None) -> frozenset[str]:
    """The keys (line_key) of the page's link texts, to recognise headline lists."""
    if tree is None:
        return frozenset()
    return frozenset(filter(None, (line_key(anchor.text_content()) for anchor in tree.iter("a"))))


def visible_publication_date(tree: lxml.html.HtmlElement | None) -> date | None:
    """A date written in the page as ``Publié le 12/03/2024 à 10h15`` and the like."""
    if tree is None:
        return None
    match = visible_date_line().search(tree.text_content())
    if not match:
        return None
    parsed = dateparser.parse(
        match.group(1), languages=["fr"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date() if parsed else None


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
