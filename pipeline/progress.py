"""Progress of a batch on stderr: a bar on a terminal, a plain line every few seconds in a log."""

import sys
import time
from typing import TextIO

from tqdm import tqdm

DEFAULT_INTERVAL = 5.0


class Progress:
    """Pages done of the total, pages per second, time left and errors so far.

    On a terminal a tqdm bar, with notes (error lines) printed above it; otherwise a plain
    line every ``interval`` seconds, which a log file or a CI console can hold. ``quiet``
    shows neither (the caller still prints its summary).
    """

    def __init__(
        self, total: int | None, *, quiet: bool = False, interval: float = DEFAULT_INTERVAL, stream: TextIO | None = None
    ) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.interval = interval
        self.total = total
        self.done = self.errors = 0
        self.started = self.last_line = time.monotonic()
        self.bar = None
        if not quiet and self.stream.isatty():
            self.bar = tqdm(total=total, unit="page", file=self.stream, dynamic_ncols=True, postfix={"errors": 0})

    def advance(self, *, error: bool) -> None:
        """One page finished, with a record or an error entry."""
        self.done += 1
        self.errors += error
        if self.bar is not None:
            if error:
                self.bar.set_postfix(errors=self.errors, refresh=False)
            self.bar.update(1)
        elif not self.quiet and time.monotonic() - self.last_line >= self.interval:
            self.last_line = time.monotonic()
            print(self.line(), file=self.stream, flush=True)

    def skip(self) -> None:
        """One page already done by an earlier run: out of the total, out of the rate."""
        if self.total is not None:
            self.total -= 1
        if self.bar is not None and self.bar.total is not None:
            self.bar.total -= 1
            self.bar.refresh()

    def note(self, message: str) -> None:
        """A line for the user (an error entry), kept clear of the bar."""
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def line(self) -> str:
        """``120/440 pages, 5.8 pages/s, 55 s left, 3 errors``"""
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        if self.total is None:
            return f"{self.done} pages, {rate:.1f} pages/s, {self.errors} errors"
        left = f"{(self.total - self.done) / rate:.0f} s left" if rate else "time left unknown"
        return f"{self.done}/{self.total} pages, {rate:.1f} pages/s, {left}, {self.errors} errors"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
