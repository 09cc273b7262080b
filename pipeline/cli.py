"""Command line: thin wrappers over plain functions; logs and summaries go to stderr.

The stages that need spaCy are imported by the commands that run them, so that
``load`` and every ``--help`` answer without loading it.
"""

import argparse
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from pipeline import __version__
from pipeline.errors import ExitStatus, Rejected, exit_status_help
from pipeline.evaluate.cli import add_evaluate_parser, add_gold_draft_parser
from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.jsonl import STDIO, JsonLinesError, read_lines, write_line, writer
from pipeline.nlp import DEFAULT_BATCH_SIZE
from pipeline.records import as_json
from pipeline.sinks.database import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_DB_URL,
    MAX_CHUNK_SIZE,
    DatabaseError,
    database_files,
    load_records,
    prepare_database,
)


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
        "-o", "--output", default=STDIO, metavar="FILE",
        help="where to write the records, as JSON Lines (default: - for stdout)",
    )
    extract.add_argument(
        "--errors", metavar="FILE",
        help="where to write error entries as JSON Lines {input, stage, reason} "
        "(default: next to --output as NAME.errors.jsonl; with stdout output, stderr only)",
    )
    extract.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
        help=f"reject inputs larger than N bytes (default: {DEFAULT_MAX_BYTES})",
    )
    extract.add_argument(
        "--batch-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="N",
        help=f"articles analysed together by spaCy (default: {DEFAULT_BATCH_SIZE})",
    )
    extract.add_argument(
        "--db", metavar="URL",
        help="also load the records into this database, in the same pass: sqlite:///FILE or "
        f"postgresql://USER@HOST:PORT/DB (see the load command; its default is {DEFAULT_DB_URL})",
    )
    extract.add_argument("-q", "--quiet", action="store_true", help="print only the summary line on stderr")
    extract.set_defaults(func=_extract)


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
    output = Path(args.output)
    return str(output.with_name(output.name.removesuffix(".jsonl") + ".errors.jsonl"))


def _extract(args: argparse.Namespace) -> ExitStatus:
    from pipeline.run import run

    if args.db:  # before any work, and before the output files are opened
        try:
            prepare_database(args.db)
        except (DatabaseError, SQLAlchemyError, OSError) as error:
            print(f"error: database {args.db}: {error}", file=sys.stderr)
            return ExitStatus.DATABASE
    errors_path = _errors_path(args)
    counts = {"records": 0, "errors": 0}
    outputs = [path for path in (args.output, errors_path) if path and path != STDIO]
    outputs += database_files(args.db) if args.db else []
    with writer(args.output) as out, writer(errors_path or os.devnull) as err:

        def written_records() -> Iterator[dict[str, Any]]:
            """Write every outcome as it comes, and pass the records on to the database."""
            for outcome in run(args.inputs, max_bytes=args.max_bytes, batch_size=args.batch_size, exclude=outputs):
                if isinstance(outcome, Rejected):
                    counts["errors"] += 1
                    write_line(err, outcome.as_entry())
                    if not args.quiet:
                        print(f"error: {outcome.input}: {outcome.stage}: {outcome.reason}", file=sys.stderr)
                else:
                    counts["records"] += 1
                    record = as_json(outcome)
                    write_line(out, record)
                    yield record

        database_code = _load_into(args.db, written_records(), extra_skipped=[]) if args.db else None
        if not args.db:
            deque(written_records(), maxlen=0)
    where = f" (error entries in {errors_path})" if counts["errors"] and errors_path else ""
    print(f"{counts['records']} records, {counts['errors']} errors{where}", file=sys.stderr)
    if counts["records"] == 0:
        return ExitStatus.NOTHING_USABLE
    if database_code is not None:
        return database_code
    return ExitStatus.SOME_FAILED if counts["errors"] else ExitStatus.OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
