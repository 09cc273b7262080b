"""The ``evaluate`` and ``gold-draft`` subcommands, added to the main argparse parser.

Each subparser sets ``func``: a function of the parsed arguments returning the
exit status.
"""

import argparse
import json
import sys
from pathlib import Path

from pipeline.evaluate import EvaluationError, draft_gold, evaluate, read_records
from pipeline.evaluate.gold import ENTITY_TYPES
from pipeline.evaluate.metrics import LEVELS
from pipeline.evaluate.report import below_floors, format_errors, format_table

EXIT_OK = 0
EXIT_BELOW_FLOOR = 1
EXIT_BAD_INPUT = 2

_EVALUATE_EPILOG = f"""\
levels:
  strict   a predicted span counts when a gold span has the same start and end
  overlap  a predicted span counts when it intersects a gold span (one-to-one)
  value    per article, the set of predicted values against the set of gold
           values: canonical name (places, institutions; case, accents and
           apostrophes ignored), hectares (areas), ISO value (dates)

exit status:
  {EXIT_OK}  every figure at or above its --min-f1 floor
  {EXIT_BELOW_FLOOR}  an F1 below a --min-f1 floor (named on stderr)
  {EXIT_BAD_INPUT}  a gold or predictions file cannot be used (file and line on stderr),
     or the report cannot be written

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
        epilog=_EVALUATE_EPILOG,
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
            f"exit {EXIT_BELOW_FLOOR} when an F1 falls below VALUE (0 to 1); TYPE is one of "
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
    )
    parser.add_argument("records", metavar="RECORDS.jsonl", help="records as written by extract ('-' for stdin)")
    parser.add_argument("-o", "--output", metavar="GOLD.jsonl", default="-", help="where to write (default: stdout)")
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


def run_evaluate(args: argparse.Namespace) -> int:
    """Evaluate, print, write the report, and apply the floors."""
    try:
        report = evaluate(args.gold, predictions=args.predictions, baseline=args.baseline)
    except EvaluationError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
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
            return EXIT_BAD_INPUT
    failures = below_floors(report, dict(args.min_f1))
    for failure in failures:
        print(f"below floor: {failure}", file=sys.stderr)
    return EXIT_BELOW_FLOOR if failures else EXIT_OK


def run_gold_draft(args: argparse.Namespace) -> int:
    """Write one draft gold line per record."""
    try:
        lines = [json.dumps(draft_gold(record), ensure_ascii=False) for _, record in read_records(args.records)]
    except EvaluationError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    output = "\n".join(lines) + ("\n" if lines else "")
    if args.output == "-":
        sys.stdout.write(output)
    else:
        try:
            Path(args.output).write_text(output, encoding="utf-8")
        except OSError as error:
            print(f"error: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return EXIT_BAD_INPUT
    print(f"{len(lines)} draft gold lines written to {args.output}", file=sys.stderr)
    return EXIT_OK
