"""Command line: thin wrappers over plain functions; logs and summaries go to stderr."""

import argparse
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from pathlib import Path

from pipeline import __version__
from pipeline.errors import PipelineError, Rejected
from pipeline.evaluate.cli import add_evaluate_parser, add_gold_draft_parser
from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.run import DEFAULT_BATCH_SIZE, run
from pipeline.sinks.database import DEFAULT_CHUNK_SIZE, DEFAULT_DB_URL, load_records
from pipeline.sinks.jsonl import STDOUT, iter_jsonl, jsonl_writer, write_line

EXIT_OK = 0
EXIT_SOME_INPUTS_FAILED = 1
EXIT_USAGE = 2
EXIT_NO_RECORD = 3
EXIT_DATABASE = 4

EXIT_CODES = f"""exit status:
  {EXIT_OK}  every input produced a record
  {EXIT_SOME_INPUTS_FAILED}  some inputs produced an error entry instead of a record (the rest were written)
  {EXIT_USAGE}  the command line is wrong
  {EXIT_NO_RECORD}  no input produced a record
  {EXIT_DATABASE}  the database cannot be used (unreachable, or its schema is not this package's)
"""


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
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="a file, a folder (read recursively), a glob pattern such as 'pages/**/*.html', or - for stdin",
    )
    extract.add_argument(
        "-o", "--output", default=STDOUT, metavar="FILE",
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
        epilog=EXIT_CODES.replace("every input produced a record", "every record was loaded or already there")
        .replace("some inputs produced an error entry instead of a record (the rest were written)",
                 "some records were skipped (named on stderr; the rest were loaded)")
        .replace("no input produced a record", "no record was loaded"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    load.add_argument("records", metavar="RECORDS.jsonl", help="records written by extract, or - for stdin")
    load.add_argument(
        "--db", default=DEFAULT_DB_URL, metavar="URL",
        help=f"sqlite:///FILE or postgresql://USER@HOST:PORT/DB (default: {DEFAULT_DB_URL})",
    )
    load.add_argument(
        "--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, metavar="N",
        help=f"records per transaction (default: {DEFAULT_CHUNK_SIZE})",
    )
    load.set_defaults(func=_load)


def _load(args: argparse.Namespace) -> int:
    bad_lines: list[tuple[str, str]] = []
    records = iter_jsonl(args.records, on_error=lambda where, reason: bad_lines.append((where, reason)))
    code = _load_into(args.db, records, chunk_size=args.chunk_size, extra_skipped=bad_lines)
    return code if code is not None else EXIT_OK


def _load_into(
    url: str, records: Iterable[Any], *, chunk_size: int = DEFAULT_CHUNK_SIZE, extra_skipped: list[tuple[str, str]]
) -> int | None:
    """Load and report on stderr; the exit status when something went wrong, else None."""
    try:
        report = load_records(records, url, chunk_size=chunk_size)
    except (PipelineError, SQLAlchemyError) as error:
        print(f"error: database {url}: {error}", file=sys.stderr)
        return EXIT_DATABASE
    report.skipped[:0] = extra_skipped
    for where, reason in report.skipped:
        print(f"skipped: {where}: {reason}", file=sys.stderr)
    print(f"database {url}: {report.summary()}", file=sys.stderr)
    if report.loaded + report.replaced + report.unchanged == 0 and report.skipped:
        return EXIT_NO_RECORD
    return EXIT_SOME_INPUTS_FAILED if report.skipped else None


def _errors_path(args: argparse.Namespace) -> str | None:
    if args.errors:
        return args.errors
    if args.output == STDOUT:
        return None
    output = Path(args.output)
    return str(output.with_name(output.name.removesuffix(".jsonl") + ".errors.jsonl"))


def _extract(args: argparse.Namespace) -> int:
    errors_path = _errors_path(args)
    counts = {"records": 0, "errors": 0}
    outputs = [path for path in (args.output, errors_path) if path and path != STDOUT]
    with jsonl_writer(args.output) as out, jsonl_writer(errors_path or os.devnull) as err:

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
                    write_line(out, outcome)
                    yield outcome

        database_code = _load_into(args.db, written_records(), extra_skipped=[]) if args.db else None
        if not args.db:
            deque(written_records(), maxlen=0)
    where = f" (error entries in {errors_path})" if counts["errors"] and errors_path else ""
    print(f"{counts['records']} records, {counts['errors']} errors{where}", file=sys.stderr)
    if counts["records"] == 0:
        return EXIT_NO_RECORD
    if database_code is not None:
        return database_code
    return EXIT_SOME_INPUTS_FAILED if counts["errors"] else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
