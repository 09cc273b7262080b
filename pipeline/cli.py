"""Command line: thin wrappers over plain functions; logs and summaries go to stderr."""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.errors import Rejected
from pipeline.evaluate.cli import add_evaluate_parser, add_gold_draft_parser
from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.run import DEFAULT_BATCH_SIZE, run
from pipeline.sinks.jsonl import STDOUT, jsonl_writer, write_line

EXIT_OK = 0
EXIT_SOME_INPUTS_FAILED = 1
EXIT_USAGE = 2
EXIT_NO_RECORD = 3

EXIT_CODES = f"""exit status:
  {EXIT_OK}  every input produced a record
  {EXIT_SOME_INPUTS_FAILED}  some inputs produced an error entry instead of a record (the rest were written)
  {EXIT_USAGE}  the command line is wrong
  {EXIT_NO_RECORD}  no input produced a record
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="news-records",
        description="Turn scraped French-language news pages into validated JSON records.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_extract_parser(commands)
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
    extract.add_argument("-q", "--quiet", action="store_true", help="print only the summary line on stderr")
    extract.set_defaults(func=_extract)


def _errors_path(args: argparse.Namespace) -> str | None:
    if args.errors:
        return args.errors
    if args.output == STDOUT:
        return None
    output = Path(args.output)
    return str(output.with_name(output.name.removesuffix(".jsonl") + ".errors.jsonl"))


def _extract(args: argparse.Namespace) -> int:
    errors_path = _errors_path(args)
    records = errors = 0
    outputs = [path for path in (args.output, errors_path) if path and path != STDOUT]
    with jsonl_writer(args.output) as out, jsonl_writer(errors_path or os.devnull) as err:
        for outcome in run(args.inputs, max_bytes=args.max_bytes, batch_size=args.batch_size, exclude=outputs):
            if isinstance(outcome, Rejected):
                errors += 1
                write_line(err, outcome.as_entry())
                if not args.quiet:
                    print(f"error: {outcome.input}: {outcome.stage}: {outcome.reason}", file=sys.stderr)
            else:
                records += 1
                write_line(out, outcome)
    where = f" (error entries in {errors_path})" if errors and errors_path else ""
    print(f"{records} records, {errors} errors{where}", file=sys.stderr)
    if records == 0:
        return EXIT_NO_RECORD
    return EXIT_SOME_INPUTS_FAILED if errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
