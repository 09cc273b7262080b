"""Page layout that misleads trafilatura, undone before it reads the page.

Older sites lay the whole page out in tables: menu, article, comments and
sidebars are cells of one grid. Read as a data table, the article comes out as
one row among the menus, its paragraphs run together. A table whose cells hold
paragraphs, headings or other tables is layout, not data: its cells become plain
blocks, and trafilatura reads them as it reads any page.

A small table whose first cell is a box heading (``A LIRE AUSSI``) between two
paragraphs is a related-article box, not data: it goes before trafilatura turns
it into rows of the body.
"""

import lxml.html

from pipeline.clean.boxes import heading_kind

# Tags inside a cell that no data table holds.
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "form", "ul", "ol", "blockquote")
# A data cell is short; a cell with more words than this is a column of text.
DATA_CELL_MAX_WORDS = 80
_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption")


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


def remove_box_tables(tree: lxml.html.HtmlElement) -> None:
    """Remove (in place) the tables whose first non-empty cell is a related-article box heading."""
    boxes = []
    for table in tree.iter("table"):
        first = next((cell for cell in table.iter("td", "th") if cell.text_content().strip()), None)
        if first is not None and heading_kind(first.text_content()) == "box":
            boxes.append(table)
    for table in boxes:
        if table.getparent() is not None:
            table.drop_tree()


def _owner(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The nearest table an element belongs to."""
    return next(element.iterancestors("table"), None)
