"""JSON Lines output: one UTF-8 object per line, flushed line by line."""

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

STDOUT = "-"


def dumps(item: dict[str, Any]) -> str:
    """The exact bytes of a record line: same record, same line."""
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


@contextmanager
def jsonl_writer(target: str) -> Iterator[TextIO]:
    """A text stream for ``target``: a file (parents created) or ``-`` for stdout."""
    if target == STDOUT:
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        yield stream


def write_line(stream: TextIO, item: dict[str, Any]) -> None:
    stream.write(dumps(item) + "\n")
    stream.flush()


def iter_jsonl(path: str, *, on_error: Callable[[str, str], None]) -> Iterator[Any]:
    """The parsed values of a JSON Lines file (``-`` for stdin), blank lines skipped.

    A line that is not JSON is reported as ``on_error("FILE:LINE", reason)`` and
    skipped, so one bad line never hides the others.
    """
    stream = sys.stdin if path == STDOUT else Path(path).open(encoding="utf-8")
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                on_error(f"{path}:{number}", f"not valid JSON: {error.msg} at column {error.colno}")
