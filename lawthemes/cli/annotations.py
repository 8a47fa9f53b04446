"""``lawthemes annotations ...``: check an annotations directory, import a report, regenerate README."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import annotation_tools
from .common import EXIT_ERROR, EXIT_OK, Parser, command, fail

IMPORT_COLUMNS = ("title", "locality", "level", "year", "genre", "origin", "source", "note")


def add(commands) -> None:
    parser = commands.add_parser("annotations", help="Check, import, export and compare annotations.",
                                 description="Work with an annotations directory.",
                                 epilog="example:\n  lawthemes annotations check annotations/",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(help_parser=parser)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    check = command(sub, "check", "Validate an annotations directory (file and line of each problem) "
                    "and its policy.json floors.", "lawthemes annotations check annotations/", run_check)
    check.add_argument("directory", nargs="?", default="annotations")
    add_doc = command(sub, "import", "Add a report to an annotations directory, its units unlabelled.",
                      "lawthemes annotations import report.txt --doc rizhao-2023 --title "
                      "\"日照市2023年法治政府建设年度报告\" --level prefecture --year 2023", run_import)
    add_doc.add_argument("file", help="the report: text in any detected encoding, or .html/.docx/.pdf")
    add_doc.add_argument("--doc", required=True, help="document id, e.g. rizhao-2023")
    add_doc.add_argument("--dir", default="annotations", help="annotations directory (default: annotations)")
    from ..annotation_import import GENRES, LEVELS, ORIGINS

    allowed = {"level": LEVELS, "genre": GENRES, "origin": ORIGINS}
    for column in IMPORT_COLUMNS:
        add_doc.add_argument(f"--{column}", default="real" if column == "origin" else "",
                             help=f"documents.csv column '{column}'"
                             + (f": one of {', '.join(allowed[column])}" if column in allowed else ""))
    add_doc.add_argument("--allow-duplicate", action="store_true",
                         help="add the text even if the corpus already holds it under another id")
    readme = command(sub, "readme", "Regenerate the counts and agreement in annotations/README.md.",
                     "lawthemes annotations readme annotations/ --write", run_readme)
    readme.add_argument("directory", nargs="?", default="annotations")
    readme.add_argument("--write", action="store_true", help="write README.md (default: print it)")
    annotation_tools.add(sub)


def run_check(args) -> int:
    from ..annotations import load_corpus
    from ..corpus_policy import POLICY_FILENAME, corpus_stats, load_policy, policy_problems

    corpus = load_corpus(args.directory)
    policy = load_policy(args.directory)
    stats = corpus_stats(corpus, (policy or {}).get("near_duplicates"))
    print(f"ok: {stats['units']} units in {len(corpus.documents)} documents "
          f"({stats['documents']['real']} real, {stats['documents']['composed']} composed); "
          f"{stats['share_without_theme']:.1%} without a theme; rarest theme {stats['min_positives']} "
          f"positives; {stats['near_duplicates']['share']:.2%} of units have a near duplicate; "
          f"{stats['second_pass']['units']} units re-labelled in a second pass")
    problems = policy_problems(stats, policy) if policy else []
    for problem in problems:
        fail(f"{Path(args.directory) / POLICY_FILENAME}: {problem}", EXIT_ERROR)
    return EXIT_ERROR if problems else EXIT_OK


def run_import(args) -> int:
    from ..annotation_import import import_document
    from ..readers import read_report

    report = read_report(args.file)
    text, encoding = report.text, report.encoding or report.format
    meta = {column: getattr(args, column) for column in IMPORT_COLUMNS}
    meta["source"] = meta["source"] or args.file
    count = import_document(args.dir, args.doc, text, meta, allow_duplicate=args.allow_duplicate)
    print(f"added {args.doc}: {count} units to label in {Path(args.dir) / 'units' / (args.doc + '.jsonl')} "
          f"(read as {encoding}); 'lawthemes annotations check' lists them until each has labels")
    return EXIT_OK


def run_readme(args) -> int:
    from ..annotations import load_corpus, write_text
    from ..corpus_policy import load_policy
    from ..corpus_report import render_readme

    text = render_readme(load_corpus(args.directory), load_policy(args.directory))
    if args.write:
        write_text(Path(args.directory) / "README.md", text)
        print(f"wrote {Path(args.directory) / 'README.md'}")
    else:
        sys.stdout.write(text)
    return EXIT_OK
