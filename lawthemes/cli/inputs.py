"""What ``classify`` and ``summarize`` share: the input options, running a batch with progress,
and reporting each file's failure on its own line."""

from __future__ import annotations

import sys

from .common import EXIT_ERROR, EXIT_OK, UsageError, fail, warn

STDIN_HINT = ("reading a report from standard input; paste it and press Ctrl-D, or give file or "
              "directory names (see 'lawthemes classify --help')")


def add_input_options(parser, what: str) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help=f"report files or directories of them (.txt, .html, .docx, .pdf) to {what}; "
                             "'-' or none: standard input")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write here instead of standard output (atomically: complete or not at all)")
    parser.add_argument("--model", metavar="PATH", help="model file or directory (default: the shipped model)")
    parser.add_argument("--encoding", metavar="ENC",
                        help="text encoding of the inputs, e.g. gb18030 or big5 (default: detected)")
    parser.add_argument("--errors", choices=("strict", "replace"), default="strict",
                        help="replace undecodable bytes (and say how many) instead of refusing the file")
    parser.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N",
                        help="spread files over N processes (0: one per core; default 1)")
    parser.add_argument("--no-bom", action="store_true",
                        help="no UTF-8 byte-order mark in CSV output (by default CSV has one, for Excel/WPS)")
    parser.add_argument("--verbose", "-v", action="store_true", help="say how each file was read")


def _jobs(value: str) -> int:
    from ..batch import available_cores

    number = int(value)
    if number < 0:
        raise ValueError("--jobs must be 0 or more")
    return number or available_cores()


def run_batch(args) -> tuple[list[dict], int]:
    """Analyse every input; returns the reports that worked and the exit code (1 if any failed)."""
    from ..batch import analyze_files, expand_inputs

    inputs = args.inputs or ["-"]
    if inputs == ["-"] and sys.stdin.isatty():
        warn(STDIN_HINT)
    names = expand_inputs(inputs)
    if not names:
        raise UsageError(f"no report files in {', '.join(inputs)} (looked for .txt, .html, .docx, .pdf)")
    reports, failed = [], 0
    outcomes = analyze_files(names, args.model, args.encoding, args.errors, args.jobs,
                             evidence=getattr(args, "with_evidence", False))
    for outcome in _with_progress(outcomes, len(names)):
        if outcome.error:
            failed += 1
            fail(outcome.error, EXIT_ERROR)
            continue
        for note in outcome.notes:
            warn(note)
        if args.verbose:
            report = outcome.report
            warn(f"{outcome.name}: read as {report['format']}"
                 + (f", {report['encoding']}" if report.get("encoding") else "") + f", {report['n_units']} units")
        reports.append(outcome.report)
    if failed and len(names) > 1:
        warn(f"{failed} of {len(names)} files failed; the results of the other {len(names) - failed} are kept")
    return reports, EXIT_ERROR if failed else EXIT_OK


def _with_progress(outcomes, total: int):
    """A progress bar on a terminal's stderr for runs of several files that take a while."""
    if total < 2 or not sys.stderr.isatty():
        return outcomes
    from tqdm import tqdm

    return tqdm(outcomes, total=total, unit="file", delay=2.0, file=sys.stderr, leave=False)
