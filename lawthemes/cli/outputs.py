"""Writing results: the unit-level formats of ``classify``, the report-level formats of
``summarize``, and output files written atomically.

CSV gets a UTF-8 byte-order mark unless ``--no-bom`` is given, so that Excel and WPS open
Chinese text correctly; other programs read it as plain UTF-8.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
from pathlib import Path

from ..summary import MULTI_LABEL_NOTE, coverage_table, summary_row
from ..taxonomy import THEME_IDS

UNIT_FORMATS = ("table", "json", "jsonl", "csv")
SUMMARY_FORMATS = ("table", "json", "csv")


@contextlib.contextmanager
def output_stream(path: str | None, bom: bool = False):
    """A text stream to write to: standard output, or ``path`` written atomically when the block
    ends without an error (an interrupted or failed run leaves no partial file)."""
    if path in (None, "-"):
        yield sys.stdout
        return
    from ..annotations import write_text

    buffer = io.StringIO()
    yield buffer
    write_text(Path(path), ("\ufeff" if bom else "") + buffer.getvalue())


def write_units(reports: list[dict], form: str, out, summary: bool = False, source_text: bool = False) -> None:
    """Every unit of every report in ``form`` (one of :data:`UNIT_FORMATS`)."""
    {"table": _units_table, "json": _units_json, "jsonl": _units_jsonl, "csv": _units_csv}[form](
        reports, out, summary, source_text)


def _units_table(reports, out, summary, source_text) -> None:
    for report in reports:
        print(f"# {report['file']}: {report['n_units']} units", file=out)
        for unit in report["units"]:
            labels = ",".join(unit["labels"]) or "-"
            snippet = unit["text"][:40] + ("…" if len(unit["text"]) > 40 else "")
            print(f"{unit['start']:>7}-{unit['end']:<7} {labels:<40} {snippet}", file=out)
            for label, span in (unit.get("evidence") or {}).items():
                print(f"{'':16}{label}: 「{span['text'][:40]}」 {'、'.join(span['ngrams'])}", file=out)
        if summary:
            print(coverage_table(report), file=out)


def _units_json(reports, out, summary, source_text) -> None:
    shown = [{key: value for key, value in report.items() if key != "source_text" or source_text}
             for report in reports]
    for report, original in zip(shown, reports):
        if summary:
            report["summary"] = summary_row(original)
    json.dump(shown, out, ensure_ascii=False, indent=2)  # always a list, one report per file
    out.write("\n")


def _units_jsonl(reports, out, summary, source_text) -> None:
    for report in reports:
        if source_text:
            out.write(json.dumps({"file": report["file"], "format": report.get("format"),
                                  "source_text": report.get("source_text", "")}, ensure_ascii=False) + "\n")
        for unit in report["units"]:
            out.write(json.dumps({"file": report["file"], **unit}, ensure_ascii=False) + "\n")
        if summary:
            out.write(json.dumps({"file": report["file"], "summary": summary_row(report)},
                                 ensure_ascii=False) + "\n")


def _units_csv(reports, out, summary, source_text) -> None:
    if summary:  # a CSV holds one kind of row: with --summary, the report rows
        write_summary(reports, "csv", out)
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "start", "end", "labels", *THEME_IDS, "text"])
    for report in reports:
        for unit in report["units"]:
            scores = [f"{unit['scores'].get(theme, 0.0):.4f}" for theme in THEME_IDS]
            writer.writerow([report["file"], unit["start"], unit["end"], ";".join(unit["labels"]),
                             *scores, unit["text"]])


def write_summary(reports: list[dict], form: str, out) -> None:
    """One row per report in ``form`` (one of :data:`SUMMARY_FORMATS`)."""
    rows = [summary_row(report) for report in reports]
    if form == "json":
        json.dump({"note": MULTI_LABEL_NOTE, "reports": rows}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif form == "csv":
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["file"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        for report in reports:
            print(f"# {report['file']}: {report['n_units']} units, {report['n_chars']} characters", file=out)
            print(coverage_table(report), file=out)
