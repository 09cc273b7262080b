"""Extraction on a Ray cluster: the inputs, outcomes and order of a local run, on as many nodes as there are.

Ray Data reads the input files as bytes (local paths, or ``s3://``, ``gs://``… URIs that
pyarrow reaches); an actor pool, one actor per CPU of the cluster, turns each file into pages
with the ingest stage (a JSON Lines file gives one page per line, named ``FILE#Ln`` as in a
local run) and calls the batch seam, each actor loading the model once. An actor that dies
is restarted and its batches retried (Ray Data's default for actor pools: ``max_restarts``
and ``max_task_retries`` unbounded); the driver puts the outcomes back in input order and
drops a page it has already seen, so a retry neither loses nor doubles a record. With a
database URL, each actor loads the records of every batch it finishes (idempotent loader).
"""

import fnmatch
import glob
import importlib.util
import json
import logging
import os
import signal
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from typing import Any

from pipeline.errors import PipelineError, Rejected
from pipeline.ingest import DEFAULT_MAX_BYTES, RawPage, expand_inputs, read_source
from pipeline.jsonl import dumps
from pipeline.nlp import DEFAULT_BATCH_SIZE
from pipeline.records import as_json
from pipeline.sinks.database import DatabaseError, LoadReport, load_records

RAY_MISSING = "--engine ray needs Ray: install the extra with  pip install 'maghreb-news-records[ray]'"

LOCAL_OBJECT_STORE = 256 * 1024 * 1024
"""Object store of a cluster started here: pages and records stream through it, a few batches at a time."""

Key = tuple[str, str | None]
Outcome = dict[str, Any] | Rejected
"""A record as its JSON (as written), or a rejection."""


class EngineError(PipelineError):
    """The inputs or the cluster cannot be used as asked."""


class DatabaseFailure(PipelineError):
    """An actor could not load its records into the database."""


def ray_installed() -> bool:
    return importlib.util.find_spec("ray") is not None and importlib.util.find_spec("pyarrow") is not None


def run_on_ray(
    inputs: Iterable[str],
    *,
    address: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    exclude: Iterable[str] = (),
    done: frozenset[Key] = frozenset(),
    on_skip: Callable[[], None] = lambda: None,
    stop: Callable[[], bool] = lambda: False,
    db: str | None = None,
    loads: LoadReport | None = None,
    on_stats: Callable[[str], None] | None = None,
) -> Iterator[Outcome]:
    """One record or one rejection per page, in input order, as :func:`pipeline.run.run` gives them.

    Pages whose ``(source, sha256)`` is in ``done`` are left out (``on_skip`` is called for
    each); once ``stop()`` is true no further outcome is taken. With ``db``, the actors load
    the records and ``loads`` adds up their reports. ``on_stats`` receives Ray Data's
    per-operator timings at the end.
    """
    sources, scheme = list_sources(inputs, exclude=exclude)
    files = list(dict.fromkeys(source for source in sources if isinstance(source, str)))  # named twice, read once
    ordered = _InOrder(sources)
    started = _connect(address) if files else False
    try:
        if files:
            dataset = _dataset(files, scheme=scheme, max_bytes=max_bytes, batch_size=batch_size, done=done, db=db)
            batches = dataset.iter_batches(batch_size=None, batch_format="pyarrow")
            for batch in batches:
                for row in batch.to_pylist():
                    _take(row, ordered, loads)
                yield from _emit(ordered.ready(), done, on_skip)
                if stop():
                    return
            if on_stats is not None:
                on_stats(dataset.stats())
        yield from _emit(ordered.rest(), done, on_skip)
    finally:
        if started:
            import ray

            ray.shutdown()


def list_sources(inputs: Iterable[str], *, exclude: Iterable[str] = ()) -> tuple[list[str | Rejected], str | None]:
    """The files to read, in input order, with rejections in their place, and the URI scheme of them all.

    Local inputs are expanded exactly as in a local run; URIs are listed through pyarrow. One
    run reads one kind of filesystem (Ray reads every file of a dataset through one).
    """
    inputs = list(inputs)
    if "-" in inputs:
        raise EngineError("--engine ray reads files, not standard input: write the pages to a file first")
    schemes = {item.split("://", 1)[0] if "://" in item else None for item in inputs}
    if len(schemes) > 1:
        raise EngineError(f"one filesystem per run: the inputs mix {', '.join(sorted(map(str, schemes)))}")
    scheme = schemes.pop() if schemes else None
    if scheme is None:
        return [_readable(item) for item in expand_inputs(inputs, exclude=exclude)], None
    return [found for item in inputs for found in _list_uri(item)], scheme


def _readable(item: str | Rejected) -> str | Rejected:
    if isinstance(item, str) and not os.access(item, os.R_OK):
        return Rejected(item, "ingest", "cannot read: Permission denied")
    return item


def _list_uri(uri: str) -> Iterator[str | Rejected]:
    """A file, a folder (recursively, hidden files skipped) or a pattern, through pyarrow's filesystems."""
    from pyarrow import fs

    scheme = uri.split("://", 1)[0]
    parts = uri.split("/")
    fixed = next((number for number, part in enumerate(parts) if glob.has_magic(part)), len(parts))
    filesystem, path = fs.FileSystem.from_uri("/".join(parts[:fixed]))
    if fixed < len(parts):
        pattern = uri.split("://", 1)[1].lstrip("/") if scheme != "file" else uri.split("://", 1)[1]
        found = [info.path for info in filesystem.get_file_info(fs.FileSelector(path, recursive=True))
                 if info.type == fs.FileType.File and fnmatch.fnmatchcase(info.path, pattern)
                 and not _hidden(info.path, path)]
        if not found:
            yield Rejected(uri, "ingest", "pattern matches no file")
        yield from (f"{scheme}://{name}" for name in sorted(found))
        return
    info = filesystem.get_file_info(path)
    if info.type == fs.FileType.File:
        yield uri
    elif info.type == fs.FileType.Directory:
        found = sorted(entry.path for entry in filesystem.get_file_info(fs.FileSelector(path, recursive=True))
                       if entry.type == fs.FileType.File and not _hidden(entry.path, path))
        if not found:
            yield Rejected(uri, "ingest", "folder holds no files")
        yield from (f"{scheme}://{name}" for name in found)
    else:
        yield Rejected(uri, "ingest", "no such file or folder")


def _hidden(path: str, root: str) -> bool:
    return any(part.startswith(".") for part in path[len(root):].split("/"))


def _connect(address: str | None) -> bool:
    """Join the cluster at ``address`` (or ``RAY_ADDRESS``), or start one on this machine; True if started here."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray

    if ray.is_initialized():
        return False
    quiet = {"include_dashboard": False, "logging_level": logging.ERROR, "log_to_driver": False}
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        if address or os.environ.get("RAY_ADDRESS"):
            ray.init(address=address, **quiet)
        else:
            ray.init(num_cpus=_cores(), object_store_memory=LOCAL_OBJECT_STORE, **quiet)
    except (ConnectionError, RuntimeError, ValueError) as error:
        where = address or os.environ.get("RAY_ADDRESS")
        raise EngineError(f"cannot reach the Ray cluster at {where}: {error}") from error
    finally:
        for signum, handler in handlers.items():  # ray.init replaces them; the command stops cleanly instead
            signal.signal(signum, handler)
    return True


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _dataset(files: list[str], *, scheme: str | None, max_bytes: int, batch_size: int, done: frozenset[Key],
             db: str | None) -> Any:
    import ray

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    # Ray's hints that a small batch leaves some of the pool idle are not for the command's user.
    warnings.filterwarnings("ignore", message=r"The (maximum|minimum) number of concurrent", category=UserWarning)
    cpus = max(1, min(len(files), int(ray.cluster_resources().get("CPU", 1))))  # no actor without a file
    extracted_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    # Reading is I/O: its tasks take no CPU of their own (they would wait for the actors' CPUs forever),
    # and as many run at once as there are CPUs (each is a worker process of its own).
    read = ray.data.read_binary_files(files, include_paths=True, ignore_missing_paths=True, num_cpus=0,
                                      concurrency=cpus)
    return read.map_batches(
        Extractor,
        fn_constructor_kwargs={"scheme": scheme, "extracted_at": extracted_at, "batch_size": batch_size,
                               "max_bytes": max_bytes, "done": done, "db": db},
        batch_size=batch_size, batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=cpus), num_cpus=1,
    )


class Extractor:
    """One actor of the pool: files in, one row per page out (its outcome as a JSON line)."""

    def __init__(self, *, scheme: str | None, extracted_at: str, batch_size: int, max_bytes: int,
                 done: frozenset[Key], db: str | None) -> None:
        self.scheme, self.extracted_at, self.batch_size = scheme, extracted_at, batch_size
        self.max_bytes, self.done, self.db = max_bytes, done, db
        from pipeline.run import warm_up

        warm_up()

    def __call__(self, batch: dict[str, Any]) -> Iterator[dict[str, list[Any]]]:
        pages: list[tuple[str, int, int, RawPage | Rejected]] = []
        for path, data in zip(batch["path"], batch["bytes"]):
            name = f"{self.scheme}://{path}" if self.scheme else str(path)
            found = list(read_source(name, bytes(data), max_bytes=self.max_bytes))
            pages.extend((name, number, len(found), page) for number, page in enumerate(found))
        for start in range(0, len(pages), self.batch_size):
            yield self._rows(pages[start:start + self.batch_size])

    def _rows(self, pages: list[tuple[str, int, int, RawPage | Rejected]]) -> dict[str, list[Any]]:
        from pipeline.run import extract_batch

        todo = [page for *_, page in pages if _key(page) not in self.done]
        outcomes = iter(extract_batch(todo, extracted_at=self.extracted_at, batch_size=self.batch_size))
        rows: dict[str, list[Any]] = {"path": [], "page": [], "pages": [], "kind": [], "line": []}
        records = []
        for name, number, total, page in pages:
            outcome = None if _key(page) in self.done else next(outcomes)
            data = None if outcome is None else outcome.as_entry() if isinstance(outcome, Rejected) else as_json(outcome)
            kind = "skipped" if outcome is None else "error" if isinstance(outcome, Rejected) else "record"
            if kind == "record":
                records.append(data)
            line = "" if data is None else dumps(data)
            for column, value in zip(rows, (name, number, total, kind, line)):
                rows[column].append(value)
        if self.db and records:
            kind, line = self._load(records)
            for column, value in zip(rows, ("", -1, 0, kind, line)):
                rows[column].append(value)
        return rows

    def _load(self, records: list[dict[str, Any]]) -> tuple[str, str]:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            report = load_records(records, self.db)
        except (DatabaseError, SQLAlchemyError) as error:
            return "database-error", str(error)
        return "loaded", json.dumps(vars(report))


def _key(page: RawPage | Rejected) -> Key:
    """What ``--resume`` matches (the same as :func:`pipeline.run.page_key`)."""
    return (page.source, page.sha256) if isinstance(page, RawPage) else (page.input, page.sha256)


def _take(row: dict[str, Any], ordered: "_InOrder", loads: LoadReport | None) -> None:
    if row["kind"] == "database-error":
        raise DatabaseFailure(row["line"])
    if row["kind"] == "loaded":
        if loads is not None:
            report = json.loads(row["line"])
            loads.loaded += report["loaded"]
            loads.replaced += report["replaced"]
            loads.unchanged += report["unchanged"]
            loads.skipped.extend(map(tuple, report["skipped"]))
        return
    outcome: Outcome | None = None
    if row["kind"] == "record":
        outcome = json.loads(row["line"])
    elif row["kind"] == "error":
        outcome = Rejected(**json.loads(row["line"]))
    ordered.add(row["path"], row["page"], row["pages"], outcome)


def _emit(outcomes: Iterator[Outcome | None], done: frozenset[Key], on_skip: Callable[[], None]) -> Iterator[Outcome]:
    """The outcomes, less the pages already done (None: skipped by an actor)."""
    for outcome in outcomes:
        if outcome is None or (isinstance(outcome, Rejected) and _key(outcome) in done):
            on_skip()
        else:
            yield outcome


class _InOrder:
    """Outcomes back in input order: the pages of a file wait until every earlier file is out.

    A page seen twice (a batch retried after its actor died) is kept once; a file named twice
    among the inputs is read once and its outcomes given at both places, as a local run does.
    """

    def __init__(self, sources: list[str | Rejected]) -> None:
        self.sources = sources
        self.uses = Counter(source for source in sources if isinstance(source, str))
        self.pages: dict[str, dict[int, Outcome | None]] = {}
        self.totals: dict[str, int] = {}
        self.next = 0

    def add(self, name: str, page: int, total: int, outcome: Outcome | None) -> None:
        if self.uses[name]:
            self.pages.setdefault(name, {}).setdefault(page, outcome)
            self.totals[name] = total

    def ready(self) -> Iterator[Outcome | None]:
        while self.next < len(self.sources):
            source = self.sources[self.next]
            if isinstance(source, str):
                pages = self.pages.get(source, {})
                if not pages or len(pages) < self.totals[source]:
                    return
                yield from (pages[number] for number in sorted(pages))
                self.uses[source] -= 1
                if not self.uses[source]:
                    del self.pages[source]
            else:
                yield source
            self.next += 1

    def rest(self) -> Iterator[Outcome | None]:
        """At the end: what is ready, and a rejection for every file that never came back."""
        while self.next < len(self.sources):
            yield from self.ready()
            if self.next < len(self.sources):
                source = str(self.sources[self.next])
                yield Rejected(source, "ingest", "cannot read: the file vanished before it was read")
                self.uses[source] -= 1
                self.next += 1
