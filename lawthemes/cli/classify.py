"""``lawthemes classify`` and ``lawthemes summarize``: tag every unit of many reports, or give one
summary row per report."""

from __future__ import annotations

from pathlib import Path

from .common import UsageError, command
from .inputs import add_input_options, run_batch
from .outputs import SUMMARY_FORMATS, UNIT_FORMATS, output_stream, write_summary, write_units

EVIDENCE_BY_DEFAULT = ("json", "jsonl", "html")


def add(commands) -> None:
    parser = command(commands, "classify", "Segment reports and tag every unit with its themes.",
                     "lawthemes classify reports/ --format csv -o themes.csv", run_classify)
    add_input_options(parser, "classify")
    parser.add_argument("--format", choices=(*UNIT_FORMATS, "html"), default="table",
                        help="one line per unit (table), a JSON list of reports, JSON lines, CSV, or a "
                             "page to look at (html; with several reports, -o names a directory)")
    evidence = parser.add_mutually_exclusive_group()
    evidence.add_argument("--evidence", dest="evidence", action="store_true", default=None,
                          help="give each label the sentence and n-grams behind it (default for json, "
                               "jsonl and html)")
    evidence.add_argument("--no-evidence", dest="evidence", action="store_false",
                          help="leave evidence out (faster)")
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
    summarize.add_argument("--format", choices=(*SUMMARY_FORMATS, "html"), default="table",
                           help="text table, JSON, CSV (one row per report), or an HTML heat map")


def run_classify(args) -> int:
    args.with_evidence = args.evidence if args.evidence is not None else args.format in EVIDENCE_BY_DEFAULT
    reports, code = run_batch(args)
    if args.format == "html":
        write_report_pages(reports, args.output)
        return code
    with output_stream(args.output, bom=args.format == "csv" and not args.no_bom) as out:
        write_units(reports, args.format, out, summary=args.summary, source_text=args.source_text)
    return code


def write_report_pages(reports: list[dict], output: str | None) -> None:
    """One page for one report (to ``output`` or stdout); for several, one page each in the
    directory ``output``."""
    from ..html_view import report_page

    if len(reports) <= 1:
        with output_stream(output) as out:
            out.write(report_page(reports[0]) if reports else "")
        return
    if not output or (Path(output).exists() and not Path(output).is_dir()):
        raise UsageError("--format html with several reports needs -o DIRECTORY (one page per report); "
                         "for one page comparing them, use 'lawthemes summarize --format html'")
    for report in reports:
        with output_stream(str(Path(output) / (Path(report["file"]).name + ".html"))) as out:
            out.write(report_page(report))


def run_summarize(args) -> int:
    reports, code = run_batch(args)
    with output_stream(args.output, bom=args.format == "csv" and not args.no_bom) as out:
        if args.format == "html":
            from ..html_view import summary_page

            out.write(summary_page(reports))
        else:
            write_summary(reports, args.format, out)
    return code
