"""Map a function over work items in worker processes, in order, with bounded work in flight.

Workers start with the ``forkserver`` method (never ``fork``: spaCy's and the database
driver's threads and handles must not be copied), run an initializer once (to load the
model), and ignore SIGINT and SIGTERM: the parent alone decides when to stop, and lets
the work already handed out finish.

A worker that dies (killed by the kernel for lack of memory, by a person, or by a crash in
native code) breaks the pool, and with it every item in flight. A new pool then runs those
items one at a time: an item that kills its worker alone is cut into smaller items, down to
single pages, and one that cannot be cut gives its ``failed`` result. The other items of the
batch are done as if nothing had happened.
"""

import logging
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Items handed out per worker before the first result is read back: enough to keep every
# worker busy while the parent writes, few enough that memory does not grow with the batch.
IN_FLIGHT_PER_WORKER = 2
LOG = logging.getLogger(__name__)
WORKER_DIED = "the worker process analysing it died (killed, out of memory, or a crash in native code)"


def ordered_map(
    function: Callable[[Item], list[Result]],
    items: Iterable[Item],
    *,
    workers: int,
    initializer: Callable[[], None],
    split: Callable[[Item], list[Item]],
    failed: Callable[[Item, str], list[Result]],
) -> Iterator[Result]:
    """The results of ``function`` on each of ``items``, flattened, across ``workers`` processes,
    in the order of ``items``.

    ``items`` is read lazily, never more than ``IN_FLIGHT_PER_WORKER * workers`` ahead of
    the results; when it stops yielding, the items already handed out are still finished.
    ``split(item)`` cuts an item into smaller ones whose results, joined, are the item's (an
    empty list when it cannot be cut); ``failed(item, reason)`` stands for the results of an
    item that kills its worker.
    """
    pool = _Pool(workers, initializer)
    try:
        pending: deque[tuple[Item, Future[list[Result]]]] = deque()
        for item in items:
            pending.append((item, pool.submit(function, item)))
            while len(pending) >= IN_FLIGHT_PER_WORKER * workers or (pending and pending[0][1].done()):
                yield from _first_result(pending, pool, function, split, failed)
        while pending:
            yield from _first_result(pending, pool, function, split, failed)
    finally:
        pool.shutdown()


class _Pool:
    """A process pool that can be started afresh once a dead worker has broken it."""

    def __init__(self, workers: int, initializer: Callable[[], None]) -> None:
        self.workers, self.initializer = workers, initializer
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker,
                                   initargs=(self.initializer,))

    def submit(self, function: Callable[[Item], Result], item: Item) -> "Future[Result]":
        return self.executor.submit(function, item)

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _first_result(
    pending: "deque[tuple[Item, Future[list[Result]]]]",
    pool: _Pool,
    function: Callable[[Item], list[Result]],
    split: Callable[[Item], list[Item]],
    failed: Callable[[Item, str], list[Result]],
) -> list[Result]:
    """The results of the first pending item; after a broken pool, those of every item it held,
    each run again alone, the ones done before the break kept."""
    item, future = pending[0]
    try:
        results = future.result()
    except BrokenProcessPool:
        held = [(held_item, held.result() if _succeeded(held) else None) for held_item, held in pending]
        pending.clear()
        LOG.warning("warning: a worker process died; the %d batches in flight are analysed again, one at a time",
                    sum(result is None for _, result in held))
        pool.restart()
        results = []
        for held_item, result in held:
            results.extend(result if result is not None else _alone(held_item, pool, function, split, failed))
        return results
    pending.popleft()
    return results


def _alone(
    item: Item,
    pool: _Pool,
    function: Callable[[Item], list[Result]],
    split: Callable[[Item], list[Item]],
    failed: Callable[[Item, str], list[Result]],
) -> list[Result]:
    """The item's results with no other item in flight: cut smaller each time it kills its worker."""
    try:
        return pool.submit(function, item).result()
    except BrokenProcessPool:
        pool.restart()
        parts = split(item)
        if not parts:
            return failed(item, WORKER_DIED)
        return [result for part in parts for result in _alone(part, pool, function, split, failed)]


def _succeeded(future: Future[Any]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _start_worker(initializer: Callable[[], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    initializer()
