"""The ``evaluate`` and ``gold-draft`` subcommands, added to the main argparse parser.

Each subparser sets ``func``: a function of the parsed arguments returning the
exit status. ``pipeline.evaluate`` runs the pipeline, so it is imported when a
command runs, not when the parser is built.
"""

import argparse
import json
import sys
from pathlib import Path

from pipeline.errors import ExitStatus, exit_status_help
from pipeline.evaluate.gold import ENTITY_TYPES, EvaluationError
from pipeline.evaluate.metrics import LEVELS
from pipeline.evaluate.report import below_floors, format_errors, format_table
from pipeline.jsonl import STDIO, JsonLinesError, write_line, writer

_EVALUATE_EPILOG = """\
levels:
  strict   a predicted span counts when a gold span has the same start and end
  overlap  a predicted span counts when it intersects a gold span (one-to-one)
  value    per article, the set of predicted values against the set of gold
           values: canonical name (places, institutions; case, accents and
           apostrophes ignored), hectares (areas), ISO value (dates)

example:
  python -m pipeline evaluate samples/gold/test.jsonl --baseline --min-f1 places=0.8 dates.strict=0.7

"""


def add_evaluate_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``evaluate`` subcommand: scores, errors, report and CI gate."""
    parser = subparsers.add_parser(
        "evaluate",
        help="measure extraction accuracy against gold annotations",
        description=(
            "Score places, institutions, areas and dates against gold JSON Lines\n"
            "(format: samples/gold/GUIDELINES.md) at three levels, and judge the cleaning\n"
            "stage and the metadata on each gold article's source page. Without\n"
            "--predictions the pipeline runs on each gold text with its published date.\n"
            "Prints a table on stdout; warnings go to stderr."
        ),
        epilog=_EVALUATE_EPILOG + exit_status_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="gold files, scored together")
    parser.add_argument(
        "--predictions",
        metavar="RECORDS.jsonl",
        help=(
            "score these records (matched to gold articles by id or source path) instead of "
            "running the pipeline on the gold texts; their text and metadata are the cleaned pages judged"
        ),
    )
    parser.add_argument(
        "--report",
        metavar="FILE",
        help="also write the full report as JSON to FILE: every figure, error, cleaning and metadata check, "
        "and the sha256 of the gold files",
    )
    parser.add_argument(
        "--errors",
        action="store_true",
        help="after the table, list every false positive and false negative with its article and "
        "context, and every missed body fragment, leaked chrome and wrong metadata field",
    )
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="add, side by side, the figures of the bare fr_core_news_md NER (LOC/GPE as places, "
        "ORG as institutions), a plain hectares regex and dateparser.search_dates",
    )
    parser.add_argument(
        "--min-f1",
        metavar="TYPE=VALUE",
        nargs="+",
        action="extend",
        type=parse_floor,
        default=[],
        help=(
            f"exit {ExitStatus.SOME_FAILED.value} when an F1 falls below VALUE (0 to 1); TYPE is one of "
            f"{', '.join(ENTITY_TYPES)}, optionally with a level ({', '.join(LEVELS)}): "
            "places.strict, areas.value; the level defaults to value. Several floors may follow "
            "one flag; put them after the gold files"
        ),
    )
    parser.set_defaults(func=run_evaluate)
    return parser


def add_gold_draft_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``gold-draft`` subcommand: records in, draft gold lines out."""
    parser = subparsers.add_parser(
        "gold-draft",
        help="turn records into draft gold lines to correct by hand",
        description=(
            "Write one draft gold line per record: its text, metadata and predicted entities, "
            "plus proposed body fragments. Correct every line by hand before using it as gold."
        ),
        epilog=exit_status_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("records", metavar="RECORDS.jsonl", help=f"records as written by extract ({STDIO} for stdin)")
    parser.add_argument(
        "-o", "--output", metavar="GOLD.jsonl", default=STDIO, help=f"where to write (default: {STDIO} for stdout)"
    )
    parser.set_defaults(func=run_gold_draft)
    return parser


def parse_floor(text: str) -> tuple[tuple[str, str], float]:
    """``places=0.8`` or ``dates.strict=0.7`` as ((type, level), floor)."""
    name, sep, value = text.partition("=")
    entity_type, _, level = name.strip().partition(".")
    level = level or "value"
    try:
        floor = float(value)
    except ValueError:
        floor = -1.0
    if not sep or entity_type not in ENTITY_TYPES or level not in LEVELS or not 0 <= floor <= 1:
        raise argparse.ArgumentTypeError(
            f"invalid floor {text!r}: expected TYPE[.LEVEL]=VALUE with TYPE in {', '.join(ENTITY_TYPES)}, "
            f"LEVEL in {', '.join(LEVELS)} and VALUE between 0 and 1"
        )
    return (entity_type, level), floor


def run_evaluate(args: argparse.Namespace) -> ExitStatus:
    """Evaluate, print, write the report, and apply the floors."""
    from pipeline.evaluate import evaluate

    try:
        report = evaluate(args.gold, predictions=args.predictions, baseline=args.baseline)
    except (EvaluationError, JsonLinesError) as error:
        print(f"error: {error}", file=sys.stderr)
        return ExitStatus.NOTHING_USABLE
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(format_table(report))
    if args.errors:
        print()
        print(format_errors(report))
    if args.report:
        try:
            content = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
            Path(args.report).write_text(content, encoding="utf-8")
        except OSError as error:
            print(f"error: cannot write the report {args.report}: {error.strerror or error}", file=sys.stderr)
            return ExitStatus.CANNOT_WRITE
    failures = below_floors(report, dict(args.min_f1))
    for failure in failures:
        print(f"below floor: {failure}", file=sys.stderr)
    return ExitStatus.SOME_FAILED if failures else ExitStatus.OK


def run_gold_draft(args: argparse.Namespace) -> ExitStatus:
    """Write one draft gold line per record, spaced as gold files are for hand editing."""
    from pipeline.evaluate import draft_gold, read_records

    try:
        drafts = [draft_gold(record) for _, record in read_records(args.records)]
    except (EvaluationError, JsonLinesError) as error:
        print(f"error: {error}", file=sys.stderr)
        return ExitStatus.NOTHING_USABLE
    try:
        with writer(args.output) as stream:
            for draft in drafts:
                write_line(stream, draft, compact=False)
    except OSError as error:
        print(f"error: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return ExitStatus.CANNOT_WRITE
    print(f"{len(drafts)} draft gold lines written to {args.output}", file=sys.stderr)
    return ExitStatus.OK
