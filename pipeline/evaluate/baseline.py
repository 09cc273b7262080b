"""The baselines: what a reader gets from off-the-shelf tools, without this project's rules.

- places and institutions: the bare ``fr_core_news_md`` NER of the same analysed
  Doc (LOC/GPE -> places, ORG -> institutions), the surface text as the name;
- areas: one plain regular expression, a number followed by ``ha`` or ``hectares``;
- dates: ``dateparser.search_dates`` in French, relative to the publication date.
"""

import re
from datetime import date, datetime, time
from typing import Any

from dateparser.date import DateDataParser
from dateparser.search import search_dates
from spacy.tokens import Doc

from pipeline.evaluate.gold import ENTITY_TYPES

NER_LABELS = {"LOC": "places", "GPE": "places", "ORG": "institutions"}

# The baseline is this one expression, kept deliberately plain: digits with
# French thousands separators and an optional decimal comma, then the unit.
_HECTARES = re.compile(
    r"(?<![\w.,])(?P<whole>\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)(?:,(?P<decimals>\d+))?\s*(?:hectares|ha)\b",
    re.IGNORECASE,
)
_PERIOD_FORMATS = {"year": "%Y", "month": "%Y-%m"}


def baseline_items(doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """The four entity lists the baselines find in an analysed Doc, as record-like items."""
    items: dict[str, list[dict[str, Any]]] = {entity_type: [] for entity_type in ENTITY_TYPES}
    for ent in doc.ents:
        entity_type = NER_LABELS.get(ent.label_)
        if entity_type:
            item = {"text": ent.text, "start": ent.start_char, "end": ent.end_char, "name": ent.text}
            items[entity_type].append(item)
    items["areas"] = regex_areas(doc.text)
    items["dates"] = dateparser_dates(doc.text, doc._.published)
    return items


def regex_areas(text: str) -> list[dict[str, Any]]:
    """Areas as a plain regular expression sees them.

    >>> [(a["text"], a["hectares"]) for a in regex_areas("sur 3.600 ha et 12,5 hectares")]
    [('3.600 ha', 3600.0), ('12,5 hectares', 12.5)]
    """
    areas = []
    for match in _HECTARES.finditer(text):
        whole = re.sub(r"\D", "", match["whole"])
        hectares = float(f"{whole}.{match['decimals'] or 0}")
        areas.append(
            {"text": match[0], "start": match.start(), "end": match.end(), "hectares": hectares, "hectares_max": None}
        )
    return areas


def dateparser_dates(text: str, published: date | None) -> list[dict[str, Any]]:
    """Dates as ``dateparser.search_dates`` finds them, valued at the precision dateparser reports.

    ``search_dates`` gives substrings without offsets: each is located after
    the previous one.
    """
    settings = {"RELATIVE_BASE": datetime.combine(published, time())} if published else {}
    found = search_dates(text, languages=["fr"], settings=settings) or []
    parser = DateDataParser(languages=["fr"], settings=settings)
    dates: list[dict[str, Any]] = []
    cursor = 0
    for substring, when in found:
        surface = substring.strip()
        start = text.find(surface, cursor)
        if not surface or start < 0:
            continue
        cursor = start + len(surface)
        period = parser.get_date_data(surface).period or "day"
        value = when.strftime(_PERIOD_FORMATS.get(period, "%Y-%m-%d"))
        dates.append({"text": surface, "start": start, "end": cursor, "value": value, "value_end": None})
    return dates
