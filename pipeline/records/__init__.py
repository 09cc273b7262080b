"""Records: one versioned JSON object per article, typed; its JSON Schema; how a record is checked.

Nothing here reads pages or runs spaCy: ``pipeline.run`` builds records, the sinks and
the evaluation read them, and all of them share these types.
"""

import hashlib

from pipeline.records.model import (
    ITEM_TYPES,
    SCHEMA_VERSION,
    AreaItem,
    DateItem,
    InstitutionItem,
    Metadata,
    PlaceItem,
    Provenance,
    Record,
    Source,
    Span,
    as_json,
    from_json,
)
from pipeline.records.validate import validate

__all__ = [
    "ITEM_TYPES", "SCHEMA_VERSION", "AreaItem", "DateItem", "InstitutionItem", "Metadata", "PlaceItem",
    "Provenance", "Record", "Source", "Span", "as_json", "from_json", "record_id", "validate",
]


def record_id(url: str | None, sha256: str) -> str:
    """Stable id: the same page content at the same URL gives the same id, run after run."""
    return hashlib.sha256(f"{url or ''}\n{sha256}".encode()).hexdigest()[:32]
