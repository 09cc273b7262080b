"""JSON Lines output: one UTF-8 object per line, flushed line by line."""

import json
import sys
from collections.abc import Iterator
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


def read_jsonl(path: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) of each non-blank line; raises ValueError naming the line."""
    stream = sys.stdin if path == STDOUT else Path(path).open(encoding="utf-8")
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not valid JSON ({error.msg})") from error
