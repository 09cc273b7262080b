"""Clean: a raw page -> an article body with its metadata, or a rejection with the reason."""

import re

from pipeline.clean.article import Article
from pipeline.clean.boxes import strip_boxes
from pipeline.clean.html import extensive_date, extract_html
from pipeline.clean.language import looks_french
from pipeline.clean.listing import SHORT_BODY_WORDS, line_key, listing_reason, too_short_reason, word_count
from pipeline.clean.rules import Byline, find_published_in, strip_aggregator
from pipeline.errors import Rejected
from pipeline.ingest import RawPage

__all__ = ["Article", "clean_page"]

# A title repeated in the body stands on one of its first lines, under at most a category label.
TITLE_SEARCH_LINES = 3
LABEL_MAX_CHARS = 40
# How page titles append the site's name.
TITLE_SITE_SEPARATORS = (" | ", " - ", " – ", " — ", " : ")
_DATE_TAIL = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def clean_page(page: RawPage) -> Article | Rejected:
    """Strip the chrome of one page and read its metadata.

    HTML goes through trafilatura first; HTML and text dumps then go through the
    same line rules (headline strips, widgets, aggregator lines, bylines).
    """
    warnings: list[str] = []
    if page.lossy_decoding:
        warnings.append("undecodable bytes replaced while decoding the page")
    if page.is_html:
        extracted = extract_html(page.content, url=page.url)
        if extracted is None:
            return Rejected(page.source, "clean", "no main text found in the HTML page")
        lines = extracted.text.splitlines()
        title, published, site, author, url = (
            extracted.title, extracted.published, extracted.site, extracted.author, extracted.url
        )
        link_texts = extracted.link_texts
        page_byline = find_published_in(extracted.visible_lines)
        tree = extracted.tree
    else:
        lines = page.content.splitlines()
        title = published = site = author = tree = None
        url = page.url
        link_texts = frozenset()
        page_byline = Byline()
    body, byline, aggregator_title = strip_aggregator(lines, aggregated=page_byline.outlet is not None)
    byline = Byline(
        byline.outlet or page_byline.outlet, byline.published or page_byline.published, byline.author
    )
    title = aggregator_title or _without_site_suffix(title, site)
    if not aggregator_title and not page.is_html:
        title, body = _leading_title(body)
    body = _after_title(body, title)
    reason = listing_reason(body, link_texts)
    body = strip_boxes(body, link_texts)
    reason = reason or too_short_reason(body)
    if reason:
        return Rejected(page.source, "clean", reason)
    if word_count(body) < SHORT_BODY_WORDS:
        warnings.append(f"short body ({word_count(body)} words): a news brief, or a page cut short")
    text = "\n".join(body)
    language = "fr" if looks_french(text) else None
    if language is None:
        warnings.append("body does not read as French: entities were not extracted")
    published = byline.published or published
    if published is None and tree is not None:
        published = extensive_date(tree, url)
    if published is None:
        warnings.append("no publication date found: relative dates left unresolved")
    return Article(
        text=text,
        title=title,
        published=published,
        outlet=byline.outlet or site,
        site=site,
        author=byline.author or author,
        url=url,
        language=language,
        warnings=tuple(warnings),
    )


def _without_site_suffix(title: str | None, site: str | None) -> str | None:
    """``Parité en Tunisie | La Presse de Tunisie`` -> ``Parité en Tunisie`` when the tail is the site.

    Tails that are the site's name (``DW`` for ``DW.COM``) or a date go, one after the other.
    """
    while title and site:
        for separator in TITLE_SITE_SEPARATORS:
            head, found, tail = title.rpartition(separator)
            if found and head.strip() and _is_site_or_date(tail, site):
                title = head.strip()
                break
        else:
            return title
    return title


def _is_site_or_date(tail: str, site: str) -> bool:
    folded, folded_site = line_key(tail), line_key(site)
    return folded in (folded_site, folded_site.rsplit(".", 1)[0]) or bool(_DATE_TAIL.fullmatch(folded))


def _after_title(body: list[str], title: str | None) -> list[str]:
    """Drop a repeated title from the body's head, with the category label standing above it.

    The title may come back with the page's trail (``Titre | Rubrique | Site | date``).
    """
    start = 0
    if title:
        folded_title = line_key(title)
        with_trail = tuple(folded_title + separator.rstrip() for separator in TITLE_SITE_SEPARATORS)
        for index, line in enumerate(body[:TITLE_SEARCH_LINES]):
            folded = line_key(line)
            if folded == folded_title or folded.startswith(with_trail):
                start = index + 1
            elif len(line) > LABEL_MAX_CHARS:
                break
    return body[start:]


def _leading_title(body: list[str]) -> tuple[str | None, list[str]]:
    """In a text dump with no aggregator line, a short first line without final stop is the title."""
    if len(body) > 1 and len(body[0]) <= 200 and not body[0].rstrip().endswith((".", "!", "?", ":", ";")):
        return body[0], body[1:]
    return None, body
