"""Command line: thin wrappers over plain functions; logs and summaries go to stderr.

The stages that need spaCy are imported by the commands that run them, so that
``load`` and every ``--help`` answer without loading it.
"""

import argparse
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from pipeline import __version__
from pipeline.distributed import RAY_MISSING, DatabaseFailure, EngineError, ray_installed, run_on_ray
from pipeline.errors import ExitStatus, Rejected, exit_status_help
from pipeline.evaluate.cli import add_evaluate_parser, add_gold_draft_parser
from pipeline.ingest import DEFAULT_MAX_BYTES, count_pages
from pipeline.jsonl import STDIO, JsonLinesError, LazyWriter, read_lines, write_line, writer
from pipeline.nlp import DEFAULT_BATCH_SIZE
from pipeline.progress import DEFAULT_INTERVAL, Progress
from pipeline.records import as_json
from pipeline.sinks.database import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_DB_URL,
    MAX_CHUNK_SIZE,
    DatabaseError,
    LoadReport,
    database_files,
    load_records,
    prepare_database,
)
from pipeline.sinks.shards import ShardWriter, errors_folder, is_folder_output


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="news-records",
        description="Turn scraped French-language news pages into validated JSON records.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_extract_parser(commands)
    _add_load_parser(commands)
    add_evaluate_parser(commands)
    add_gold_draft_parser(commands)
    return parser


def _add_extract_parser(commands: argparse._SubParsersAction) -> None:
    extract = commands.add_parser(
        "extract",
        help="clean pages and extract places, institutions, areas and dates into JSON Lines records",
        description=(
            "Read scraped pages (HTML, text dumps, or JSON Lines of {url, html|text} objects), strip "
            "the site chrome, extract the entities, and write one JSON record per article. Every "
            "input gives one record or one error entry; a bad input never stops the batch."
        ),
        epilog=exit_status_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="a file, a folder (read recursively), a glob pattern such as 'pages/**/*.html', or - for stdin",
    )
    extract.add_argument(
        "-o", "--output", default=STDIO, metavar="OUT",
        help="where to write the records: a JSON Lines file (default: - for stdout), or a folder of "
        "JSON Lines shards (a name ending with /, local or s3://, gs://…), or of Parquet shards (NAME.parquet)",
    )
    extract.add_argument(
        "--errors", metavar="FILE",
        help="where to write error entries as JSON Lines {input, stage, reason} "
        "(default: next to --output as NAME.errors.jsonl, or the folder NAME.errors/ or NAME.errors.parquet; "
        "with stdout output, stderr only)",
    )
    extract.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
        help=f"reject inputs larger than N bytes (default: {DEFAULT_MAX_BYTES})",
    )
    extract.add_argument(
        "--batch-size", type=_positive, default=DEFAULT_BATCH_SIZE, metavar="N",
        help=f"articles analysed together by spaCy, and handed to a worker at once (default: {DEFAULT_BATCH_SIZE})",
    )
    extract.add_argument(
        "--workers", type=_positive, default=_cores(), metavar="N",
        help="processes cleaning and analysing pages in parallel, each loading the model once "
        f"(default: the machine's cores, here {_cores()}); records keep the input order",
    )
    extract.add_argument(
        "--engine", choices=("local", "ray"), default="local",
        help="local: worker processes on this machine (default); ray: a Ray cluster, one actor per CPU, "
        "inputs read by Ray Data from local paths or s3://, gs://… (needs the ray extra)",
    )
    extract.add_argument(
        "--address", metavar="ADDRESS",
        help="with --engine ray, the cluster to join (HOST:PORT or ray://HOST:PORT; default: RAY_ADDRESS "
        "when set, else a cluster started on this machine for the run)",
    )
    again = extract.add_mutually_exclusive_group()
    again.add_argument(
        "--resume", action="store_true",
        help="keep the records and error entries already in the output files and add the rest: pages "
        "with the same input name and content are skipped (after an interruption, or with new inputs)",
    )
    again.add_argument("--force", action="store_true", help="overwrite output files that already hold results")
    extract.add_argument(
        "--progress-interval", type=float, default=DEFAULT_INTERVAL, metavar="SECONDS",
        help="when stderr is not a terminal, print a progress line this often "
        f"(default: {DEFAULT_INTERVAL:g}); on a terminal a progress bar is shown",
    )
    extract.add_argument(
        "--db", metavar="URL",
        help="also load the records into this database, in the same pass: sqlite:///FILE or "
        f"postgresql://USER@HOST:PORT/DB (see the load command; its default is {DEFAULT_DB_URL})",
    )
    extract.add_argument(
        "-q", "--quiet", action="store_true", help="print only the summary line on stderr (no progress, no error lines)"
    )
    extract.set_defaults(func=_extract)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text}")
    return value


def _cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity mask)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _add_load_parser(commands: argparse._SubParsersAction) -> None:
    load = commands.add_parser(
        "load",
        help="load JSON Lines records into SQLite or PostgreSQL (idempotent)",
        description=(
            "Load records into a normalised database: articles, canonical places and "
            "institutions, their mentions, areas and dates. Loading the same records twice "
            "changes nothing; a re-extracted article replaces its rows in one transaction; a "
            "record that violates the record schema is reported and skipped."
        ),
        epilog=exit_status_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    load.add_argument("records", metavar="RECORDS.jsonl", help="records written by extract, or - for stdin")
    load.add_argument(
        "--db", default=DEFAULT_DB_URL, metavar="URL",
        help=f"sqlite:///FILE or postgresql://USER@HOST:PORT/DB (default: {DEFAULT_DB_URL})",
    )
    load.add_argument(
        "--chunk-size", type=_chunk_size, default=DEFAULT_CHUNK_SIZE, metavar="N",
        help=f"records per transaction (default: {DEFAULT_CHUNK_SIZE})",
    )
    load.set_defaults(func=_load)


def _chunk_size(value: str) -> int:
    """An argparse type: records per transaction, within the bounds the loader accepts."""
    try:
        size = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= size <= MAX_CHUNK_SIZE:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_CHUNK_SIZE}, got {size}")
    return size


def _load(args: argparse.Namespace) -> ExitStatus:
    bad_lines: list[tuple[str, str]] = []

    def records() -> Iterator[dict[str, Any]]:
        """The objects of the file; a line that is not one is kept aside to be reported as skipped."""
        for line in read_lines(args.records):
            if line.value is None:
                bad_lines.append((f"{args.records}:{line.number}", line.problem or ""))
            else:
                yield line.value

    try:
        code = _load_into(args.db, records(), chunk_size=args.chunk_size, extra_skipped=bad_lines)
    except JsonLinesError as error:
        print(f"error: {error}", file=sys.stderr)
        return ExitStatus.NOTHING_USABLE
    return code if code is not None else ExitStatus.OK


def _load_into(
    url: str, records: Iterable[Any], *, chunk_size: int = DEFAULT_CHUNK_SIZE, extra_skipped: list[tuple[str, str]]
) -> ExitStatus | None:
    """Load and report on stderr; the exit status when something went wrong, else None."""
    try:
        report = load_records(records, url, chunk_size=chunk_size)
    except (DatabaseError, SQLAlchemyError, OSError) as error:
        print(f"error: database {url}: {error}", file=sys.stderr)
        return ExitStatus.DATABASE
    report.skipped[:0] = extra_skipped
    return _reported(url, report)


def _reported(url: str, report: LoadReport) -> ExitStatus | None:
    """Print what a load did; the exit status when something went wrong, else None."""
    for where, reason in report.skipped:
        print(f"skipped: {where}: {reason}", file=sys.stderr)
    print(f"database {url}: {report.summary()}", file=sys.stderr)
    if report.loaded + report.replaced + report.unchanged == 0 and report.skipped:
        return ExitStatus.NOTHING_USABLE
    return ExitStatus.SOME_FAILED if report.skipped else None


def _errors_path(args: argparse.Namespace) -> str | None:
    if args.errors:
        return args.errors
    if args.output == STDIO:
        return None
    if is_folder_output(args.output):
        return errors_folder(args.output)
    output = Path(args.output)
    return str(output.with_name(output.name.removesuffix(".jsonl") + ".errors.jsonl"))


def _extract(args: argparse.Namespace) -> ExitStatus:
    from pipeline.run import done_pages, page_key, run

    if args.db:  # before any work, and before the output files are opened
        try:
            prepare_database(args.db)
        except (DatabaseError, SQLAlchemyError, OSError) as error:
            print(f"error: database {args.db}: {error}", file=sys.stderr)
            return ExitStatus.DATABASE
    errors_path = _errors_path(args)
    outputs = [path for path in (args.output, errors_path) if path and path != STDIO]
    refusal = _refuse_outputs(args, outputs) or _refuse_engine(args)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return ExitStatus.USAGE
    outputs += database_files(args.db) if args.db else []  # never read as inputs
    done = done_pages(args.output, errors_path) if args.resume else set()
    if errors_path and not args.resume and not is_folder_output(errors_path):
        Path(errors_path).unlink(missing_ok=True)  # the errors file is written only when there is an error
    remote = any("://" in item for item in args.inputs)
    progress = Progress(
        None if remote else count_pages(args.inputs, max_bytes=args.max_bytes, exclude=outputs),
        quiet=args.quiet, interval=args.progress_interval,
    )
    counts = {"records": 0, "errors": 0, "already done": 0}
    loads = LoadReport()

    def skipped() -> None:
        counts["already done"] += 1
        progress.skip()

    def skip(page: Any) -> bool:
        if page_key(page) not in done:
            return False
        skipped()
        return True

    with _stop_on_signals() as caught, _record_writer(args.output, append=args.resume) as write_record:
        err = _error_writer(errors_path, append=args.resume)

        def written_records() -> Iterator[dict[str, Any]]:
            """Write every outcome as it comes, and pass the records on to the database."""
            if args.engine == "ray":
                outcomes = run_on_ray(
                    args.inputs, address=args.address, max_bytes=args.max_bytes, batch_size=args.batch_size,
                    exclude=outputs, done=frozenset(done), on_skip=skipped, stop=lambda: bool(caught),
                    db=args.db, loads=loads,
                )
            else:
                outcomes = run(
                    args.inputs, max_bytes=args.max_bytes, batch_size=args.batch_size, exclude=outputs,
                    workers=args.workers, skip=skip, stop=lambda: bool(caught),
                )
            for outcome in outcomes:
                if isinstance(outcome, Rejected):
                    counts["errors"] += 1
                    err.write(outcome.as_entry())
                    progress.note(f"error: {outcome.input}: {outcome.stage}: {outcome.reason}")
                else:
                    counts["records"] += 1
                    record = as_json(outcome)
                    write_record(record)
                    yield record
                progress.advance(error=isinstance(outcome, Rejected))

        try:
            if args.db and args.engine == "ray":
                database_code = _loaded_by_actors(args.db, written_records(), loads)
            else:
                database_code = _load_into(args.db, written_records(), extra_skipped=[]) if args.db else None
                if not args.db:
                    deque(written_records(), maxlen=0)
        except EngineError as error:
            print(f"error: {error}", file=sys.stderr)
            return ExitStatus.USAGE
        finally:
            err.close()
            progress.close()
    print(_summary(counts, errors_path, resume=args.resume), file=sys.stderr)
    if caught:
        name = signal.Signals(caught[0]).name
        print(f"interrupted by {name}: run the same command with --resume to finish the batch", file=sys.stderr)
        return ExitStatus.INTERRUPTED if caught[0] == signal.SIGINT else ExitStatus.TERMINATED
    if database_code == ExitStatus.DATABASE:  # says more than 'no record' when the database stopped the batch
        return database_code
    if counts["records"] == 0 and not counts["already done"]:
        return ExitStatus.NOTHING_USABLE
    if database_code is not None:
        return database_code
    return ExitStatus.SOME_FAILED if counts["errors"] else ExitStatus.OK


def _loaded_by_actors(url: str, records: Iterator[dict[str, Any]], loads: LoadReport) -> ExitStatus | None:
    """Run a batch whose actors load the records; report as ``_load_into`` does."""
    try:
        load_records([], url)  # the schema is created or migrated once, before any actor loads
        deque(records, maxlen=0)
    except (DatabaseError, DatabaseFailure, SQLAlchemyError) as error:
        print(f"error: database {url}: {error}", file=sys.stderr)
        return ExitStatus.DATABASE
    return _reported(url, loads)


def _refuse_engine(args: argparse.Namespace) -> str | None:
    """Why the engine or the output kind cannot be used as asked, or None."""
    if args.address and args.engine != "ray":
        return "--address names a Ray cluster: add --engine ray"
    remote = [path for path in (args.output, args.errors) if path and "://" in path and not is_folder_output(path)]
    if remote:
        return f"{remote[0]}: an output in object storage is a folder of shards: end it with / or .parquet"
    if args.engine == "ray" and not ray_installed():
        return RAY_MISSING
    if is_folder_output(args.output) and args.resume:
        return "--resume needs a JSON Lines file output (-o FILE.jsonl), not a folder of shards"
    if is_folder_output(args.output) and not ray_installed():
        return "a folder output needs pyarrow: install the extra with  pip install 'maghreb-news-records[ray]'"
    return None


@contextmanager
def _record_writer(target: str, *, append: bool) -> Iterator[Callable[[dict[str, Any]], None]]:
    """Where records go: one JSON Lines file (or stdout), or a folder of shards."""
    if is_folder_output(target):
        shards = ShardWriter(target, kind="records")
        try:
            yield shards.write
        finally:
            shards.close()
        return
    with writer(target, append=append) as stream:
        yield partial(write_line, stream)


def _error_writer(target: str | None, *, append: bool) -> LazyWriter | ShardWriter:
    """Where error entries go; nothing is created until there is one."""
    if target is not None and is_folder_output(target):
        return ShardWriter(target, kind="errors")
    return LazyWriter(target, append=append)


def _refuse_outputs(args: argparse.Namespace, outputs: list[str]) -> str | None:
    """Why the outputs cannot be written as asked, or None: results are never lost silently."""
    if args.resume and args.output == STDIO:
        return "--resume needs an output file (-o FILE): standard output cannot be read back"
    if args.resume or args.force:
        return None
    for path in outputs:
        if "://" not in path and Path(path).is_dir() and any(Path(path).iterdir()):
            return f"{path} already holds results: use --force to overwrite them"
        if Path(path).is_file() and Path(path).stat().st_size > 0:
            return (
                f"{path} already holds results: use --resume to add the pages still missing, "
                "or --force to overwrite it"
            )
    return None


def _summary(counts: dict[str, int], errors_path: str | None, *, resume: bool) -> str:
    where = f" (error entries in {errors_path})" if counts["errors"] and errors_path else ""
    done = f", {counts['already done']} already done" if resume else ""
    return f"{counts['records']} records, {counts['errors']} errors{done}{where}"


@contextmanager
def _stop_on_signals() -> Iterator[list[int]]:
    """SIGINT and SIGTERM ask the batch to stop taking input; the signal numbers caught are listed.

    A second signal acts as it normally would, for a user who does not want to wait.
    """
    caught: list[int] = []

    def stop(signum: int, frame: Any) -> None:
        caught.append(signum)
        signal.signal(signum, previous[signum])

    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    for signum in previous:
        signal.signal(signum, stop)
    try:
        yield caught
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
