"""Expand command-line inputs (files, folders, glob patterns, ``-``) into sources."""

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import Rejected
from pipeline.jsonl import STDIO


def expand_inputs(inputs: Iterable[str], *, exclude: Iterable[str] = ()) -> Iterator[str | Rejected]:
    """Yield each file to read, in a stable order, or a rejection for an input that names none.

    Folders are walked recursively (hidden files skipped); a pattern is expanded
    with ``**`` support; ``-`` stands for standard input. Files in ``exclude``
    (the run's own outputs) are never read back as inputs.
    """
    excluded = {Path(path).resolve() for path in exclude}
    for item in _expand(inputs):
        if isinstance(item, Rejected) or item == STDIO or Path(item).resolve() not in excluded:
            yield item


def _expand(inputs: Iterable[str]) -> Iterator[str | Rejected]:
    for item in inputs:
        if item == STDIO:
            yield STDIO
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            if not files:
                yield Rejected(item, "ingest", "folder holds no files")
            yield from (str(p) for p in files)
        elif path.is_file():
            yield item
        elif glob.has_magic(item):
            matches = sorted(p for p in glob.glob(item, recursive=True) if Path(p).is_file())
            if not matches:
                yield Rejected(item, "ingest", "pattern matches no file")
            yield from matches
        else:
            yield Rejected(item, "ingest", "no such file or folder")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
