"""Turn the spans of an analysed Doc into record items."""

from dataclasses import asdict
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.nlp.extensions import SPAN_GROUPS


def span_item(span: Span) -> dict[str, Any]:
    """One entity item: surface text, character offsets, then the normalised fields."""
    return {"text": span.text, "start": span.start_char, "end": span.end_char, **asdict(span._.norm)}


def entity_items(doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """The four entity lists of a record, in text order."""
    return {group: [span_item(span) for span in doc.spans.get(group, [])] for group in SPAN_GROUPS}
