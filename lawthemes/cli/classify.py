"""``lawthemes classify``: segment reports and tag every unit with its themes."""

from __future__ import annotations

import csv
import json
import sys

from ..taxonomy import THEME_IDS
from .common import EXIT_OK, command, warn


def add(commands) -> None:
    parser = command(commands, "classify", "Segment reports and tag every unit with its themes.",
                     "lawthemes classify report.txt --format jsonl > report.themes.jsonl", run)
    parser.add_argument("files", nargs="*", default=["-"], metavar="FILE",
                        help="report text files (UTF-8, UTF-8 with BOM, GB18030/GBK); '-' or none: stdin")
    parser.add_argument("--format", choices=("table", "json", "jsonl", "csv"), default="table")
    parser.add_argument("--summary", action="store_true", help="print per-theme coverage of each report")
    parser.add_argument("--model", metavar="PATH", help="model file or directory (default: the shipped model)")
    parser.add_argument("--verbose", "-v", action="store_true", help="say which encoding each file had")


def run(args) -> int:
    from ..api import analyze_report, load_model
    from ..readers import read_report_file

    model = load_model(args.model)
    reports = []
    for name in args.files:
        text, encoding = read_report_file(name)
        if args.verbose:
            warn(f"{name}: read as {encoding}")
        reports.append({"file": name, "encoding": encoding, **analyze_report(text, model=model)})
    FORMATTERS[args.format](reports, args.summary, sys.stdout)
    return EXIT_OK


def _write_table(reports, summary, out) -> None:
    for report in reports:
        print(f"# {report['file']}: {report['n_units']} units", file=out)
        for unit in report["units"]:
            labels = ",".join(unit["labels"]) or "-"
            snippet = unit["text"][:40] + ("…" if len(unit["text"]) > 40 else "")
            print(f"{unit['start']:>7}-{unit['end']:<7} {labels:<40} {snippet}", file=out)
        if summary:
            print(_coverage_table(report), file=out)


def _coverage_table(report) -> str:
    lines = [f"{'theme':<22}{'units':>6}{'chars %':>9}"]
    for theme, entry in report["coverage"].items():
        lines.append(f"{theme:<22}{entry['units']:>6}{100 * entry['char_share']:>8.1f}%")
    return "\n".join(lines)


def _write_json(reports, summary, out) -> None:
    json.dump(reports, out, ensure_ascii=False, indent=2)  # always a list, one report per file
    out.write("\n")


def _write_jsonl(reports, summary, out) -> None:
    for report in reports:
        for unit in report["units"]:
            out.write(json.dumps({"file": report["file"], **unit}, ensure_ascii=False) + "\n")
        if summary:
            out.write(json.dumps({"file": report["file"], "coverage": report["coverage"]},
                                 ensure_ascii=False) + "\n")


def _write_csv(reports, summary, out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "start", "end", "labels", *THEME_IDS, "text"])
    for report in reports:
        for unit in report["units"]:
            scores = [f"{unit['scores'].get(theme, 0.0):.4f}" for theme in THEME_IDS]
            writer.writerow([report["file"], unit["start"], unit["end"], ";".join(unit["labels"]),
                             *scores, unit["text"]])
    if summary:
        for report in reports:
            print(f"# {report['file']}\n{_coverage_table(report)}", file=sys.stderr)


FORMATTERS = {"table": _write_table, "json": _write_json, "jsonl": _write_jsonl, "csv": _write_csv}
