"""Map a function over work items in worker processes, in order, with bounded work in flight.

Workers start with the ``forkserver`` method (never ``fork``: spaCy's and the database
driver's threads and handles must not be copied), run an initializer once (to load the
model), and ignore SIGINT and SIGTERM: the parent alone decides when to stop, and lets
the work already handed out finish.
"""

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Items handed out per worker before the first result is read back: enough to keep every
# worker busy while the parent writes, few enough that memory does not grow with the batch.
IN_FLIGHT_PER_WORKER = 2


def ordered_map(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    *,
    workers: int,
    initializer: Callable[[], None],
) -> Iterator[Result]:
    """``map(function, items)`` across ``workers`` processes, results in the order of ``items``.

    ``items`` is read lazily, never more than ``IN_FLIGHT_PER_WORKER * workers`` ahead of
    the results; when it stops yielding, the items already handed out are still finished.
    """
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(initializer,)) as pool:
        pending: deque[Future[Result]] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            while len(pending) >= IN_FLIGHT_PER_WORKER * workers or (pending and pending[0].done()):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _start_worker(initializer: Callable[[], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    initializer()
