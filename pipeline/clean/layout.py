"""Page layout that misleads trafilatura, undone before it reads the page.

Older sites lay the whole page out in tables: menu, article, comments and
sidebars are cells of one grid. Read as a data table, the article comes out as
one row among the menus, its paragraphs run together. A table whose cells hold
paragraphs, headings or other tables is layout, not data: its cells become plain
blocks, and trafilatura reads them as it reads any page.

A related-article box that opens with its heading (an ``A LIRE AUSSI`` table
between two paragraphs, a card list under ``Sur le même thème``) goes before
trafilatura turns it into rows or lines of the body.
"""

import lxml.html

from pipeline.clean.boxes import heading_kind
from pipeline.text import single_spaces

# Tags inside a cell that no data table holds.
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "form", "ul", "ol", "blockquote")
# A data cell is short; a cell with more words than this is a column of text.
DATA_CELL_MAX_WORDS = 80
_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption")
# A box heading is a few words; a box holds linked headlines of at least TEASER_HEADLINE_MIN_WORDS
# words and, outside them, at most BOX_MAX_PROSE_WORDS words (excerpts, dates, labels).
BOX_HEADING_MAX_WORDS = 8
TEASER_HEADLINE_MIN_WORDS = 3
BOX_MAX_PROSE_WORDS = 150


def is_layout_table(table: lxml.html.HtmlElement) -> bool:
    """A table used for page layout: its cells hold blocks or long text."""
    for cell in table.iter("td", "th"):
        if _owner(cell) is not table:
            continue
        if any(child.tag in _BLOCKS for child in cell.iterdescendants()):
            return True
        if len(cell.text_content().split()) > DATA_CELL_MAX_WORDS:
            return True
    return False


def unwrap_layout_tables(tree: lxml.html.HtmlElement) -> None:
    """Turn every layout table of ``tree`` (in place) into nested blocks; data tables stay."""
    layout = [table for table in tree.iter("table") if is_layout_table(table)]
    parts = [
        element
        for table in layout
        for element in [table, *table.iterdescendants(*_TABLE_PARTS)]
        if element is table or _owner(element) is table
    ]
    for element in parts:
        element.tag = "div"


def remove_boxes(tree: lxml.html.HtmlElement) -> None:
    """Remove (in place) the related-article boxes that open with their heading.

    A box is the largest element whose text starts with a box heading (``A LIRE
    AUSSI``, ``Sur le même thème``): a table, a card list, an aside. It holds
    headlines that are links and at most a few excerpts; an element that holds the
    headline of the page, or more prose than teasers carry, is the article itself
    and stays (the line rules of ``boxes`` then take the box out of its text).
    """
    boxes = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag == "h1":
            continue
        heading = _short_text(element)
        if heading is None or heading_kind(heading) != "box":
            continue
        box = element
        for parent in element.iterancestors():
            if parent.tag in ("body", "html") or not single_spaces(parent.text_content()).startswith(heading):
                break
            if next(parent.iter("h1"), None) is not None:
                break
            box = parent
        if box is not element and _holds_teasers(box, heading):
            boxes.append(box)
    for box in boxes:
        if not any(other is not box and box in other.iterdescendants() for other in boxes) and box.getparent() is not None:
            box.drop_tree()


def _holds_teasers(box: lxml.html.HtmlElement, heading: str) -> bool:
    """Headlines that are links, and no more words outside them than a few excerpts."""
    links = [single_spaces(anchor.text_content()) for anchor in box.iter("a")]
    if not any(len(link.split()) >= TEASER_HEADLINE_MIN_WORDS for link in links):
        return False
    words = len(single_spaces(box.text_content()).split()) - len(heading.split()) - sum(len(link.split()) for link in links)
    return words <= BOX_MAX_PROSE_WORDS


def _short_text(element: lxml.html.HtmlElement) -> str | None:
    """The element's text when it is a few words (a heading), else None, read no further than needed."""
    words: list[str] = []
    for piece in element.itertext():
        words += piece.split()
        if len(words) > BOX_HEADING_MAX_WORDS:
            return None
    return " ".join(words) or None


def _owner(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The nearest table an element belongs to."""
    return next(element.iterancestors("table"), None)
