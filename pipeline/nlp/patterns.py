"""The one pattern loader of the components: Matcher patterns from a JSON Lines file of ``models/``.

Each line is ``{"id", "label", "pattern"}``: a unique id, one of the component's labels and
a non-empty list of token specs. A bad line is refused at load with a ResourceError naming
``file:line``, whichever component reads the file.
"""

from collections.abc import Collection
from pathlib import Path
from typing import Any

from pipeline.resources import ResourceError, ResourceLine, read_jsonl


def read_patterns(path: Path, labels: Collection[str]) -> list[ResourceLine[Any]]:
    """The patterns of ``path`` in file order, each with a label among ``labels``."""
    entries = read_jsonl(path, required=("id", "label", "pattern"))
    for entry in entries:
        if entry["label"] not in labels:
            raise ResourceError(
                f"{path}:{entry.line}: {entry['id']}: unknown label {entry['label']!r}, expected one of {sorted(labels)}"
            )
        if not isinstance(entry["pattern"], list) or not entry["pattern"]:
            raise ResourceError(f"{path}:{entry.line}: {entry['id']}: the pattern must be a non-empty list of tokens")
    return entries
