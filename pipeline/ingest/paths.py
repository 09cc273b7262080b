"""Expand command-line inputs (files, folders, glob patterns, ``-``) into sources.

Nothing a walk meets disappears: every entry that is not a readable regular file (a
dangling or looping symbolic link, a FIFO, a device, an empty folder, a folder that
cannot be listed) gives a rejection naming it.
"""

import errno
import glob
import os
import stat
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
        kind = _kind(Path(item))
        if kind == "folder":
            yield from _walk_sorted(Path(item))
        elif kind in ("file", "pipe"):
            yield item
        elif glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield Rejected(item, "ingest", "pattern matches no file")
            found: dict[str, str | Rejected] = {}  # « pages/** » matches a folder and its files: each once
            for match in map(Path, matches):
                for entry in _walk_sorted(match) if _kind(match) == "folder" else _entry(match):
                    found.setdefault(entry.input if isinstance(entry, Rejected) else entry, entry)
            yield from found.values()
        elif kind == "missing":
            yield Rejected(item, "ingest", "no such file or folder")
        else:
            yield from _entry(Path(item), named=True)


def _walk_sorted(folder: Path) -> Iterator[str | Rejected]:
    found = sorted(_walk(folder, set()), key=lambda pair: pair[0])
    if not found:
        yield Rejected(str(folder), "ingest", "folder holds no files")
    yield from (item for _, item in found)


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[Path, str | Rejected]]:
    """Every non-hidden entry under ``folder``, with its path for sorting; symbolic links followed once."""
    try:
        info = folder.stat()
        entries = [Path(entry.path) for entry in os.scandir(folder)]
    except OSError as error:
        yield folder, Rejected(str(folder), "ingest", f"cannot read folder: {error.strerror or error}")
        return
    if (info.st_dev, info.st_ino) in seen:
        yield folder, Rejected(str(folder), "ingest", "symbolic link loop: folder already walked")
        return
    seen = seen | {(info.st_dev, info.st_ino)}
    for path in entries:
        if path.name.startswith("."):
            continue
        if _kind(path) == "folder":
            inner = list(_walk(path, seen))
            yield from inner or [(path, Rejected(str(path), "ingest", "folder holds no files"))]
        else:
            yield from ((path, item) for item in _entry(path))


def _entry(path: Path, *, named: bool = False) -> Iterator[str | Rejected]:
    """A file to read, or the reason this entry is not one.

    A FIFO is read only when named on the command line (``<(cmd)``); one met in a
    folder or a pattern would block the run.
    """
    kind = _kind(path)
    if kind == "file" or (kind == "pipe" and named):
        yield str(path)
    elif kind == "pipe":
        yield Rejected(str(path), "ingest", "not a regular file (a FIFO): read only when named on the command line")
    else:
        yield Rejected(str(path), "ingest", _REASONS.get(kind, f"not a regular file ({kind})"))


_REASONS = {
    "dangling": "dangling symbolic link: its target does not exist",
    "loop": "symbolic link loop",
    "missing": "no such file or folder",
    "unreadable": "cannot read: permission denied",
}


def _kind(path: Path) -> str:
    """file, folder, pipe, dangling, loop, missing, unreadable, or another kind of special file."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "dangling" if path.is_symlink() else "missing"
    except PermissionError:
        return "unreadable"
    except OSError as error:
        return "loop" if error.errno == errno.ELOOP else "unreadable"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "pipe"
    return "socket" if stat.S_ISSOCK(mode) else "device"
