"""``lawthemes classify`` and ``lawthemes summarize``: tag every unit of many reports, or give one
summary row per report."""

from __future__ import annotations

from .common import command
from .inputs import add_input_options, run_batch
from .outputs import SUMMARY_FORMATS, UNIT_FORMATS, output_stream, write_summary, write_units


def add(commands) -> None:
    parser = command(commands, "classify", "Segment reports and tag every unit with its themes.",
                     "lawthemes classify reports/ --format csv -o themes.csv", run_classify)
    add_input_options(parser, "classify")
    parser.add_argument("--format", choices=UNIT_FORMATS, default="table",
                        help="one line per unit (table), a JSON list of reports, JSON lines, or CSV")
    parser.add_argument("--summary", action="store_true",
                        help="add each report's per-theme coverage (with --format csv: one summary "
                             "row per report instead of the unit rows)")
    parser.add_argument("--source-text", action="store_true",
                        help="include each report's extracted text, which the offsets point into "
                             "(json, jsonl)")
    summarize = command(commands, "summarize",
                        "One row per report: units, characters, and each theme's units and share.",
                        "lawthemes summarize reports/ --format csv -o summary.csv", run_summarize)
    add_input_options(summarize, "summarize")
    summarize.add_argument("--format", choices=SUMMARY_FORMATS, default="table")


def run_classify(args) -> int:
    reports, code = run_batch(args)
    with output_stream(args.output, bom=args.format == "csv" and not args.no_bom) as out:
        write_units(reports, args.format, out, summary=args.summary, source_text=args.source_text)
    return code


def run_summarize(args) -> int:
    reports, code = run_batch(args)
    with output_stream(args.output, bom=args.format == "csv" and not args.no_bom) as out:
        write_summary(reports, args.format, out)
    return code
