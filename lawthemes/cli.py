"""The ``lawthemes`` command line: classify reports, train and evaluate models, check annotations.

Exit codes: 0 success, 1 a problem with a file or the data, 2 a usage error.  Problems are told in
one line on stderr, without a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from .errors import AnnotationError, LawthemesError
from .taxonomy import THEME_IDS, THEMES

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot be carried out as written."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit code 2 instead of argparse's usage dump
        raise UsageError(f"{message} (see '{self.prog} --help')")


def main(argv=None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not hasattr(args, "run"):
            args.help_parser.print_help(sys.stderr)
            return EXIT_USAGE
        return args.run(args) or EXIT_OK
    except UsageError as error:
        return _fail(str(error), EXIT_USAGE)
    except BrokenPipeError:
        return EXIT_OK
    except AnnotationError as error:  # every problem, one line each, file:line first
        for problem in error.problems:
            _fail(problem, EXIT_ERROR)
        return EXIT_ERROR
    except (LawthemesError, OSError, ValueError) as error:  # ValueError covers UnicodeError
        return _fail(str(error).splitlines()[0] if str(error) else type(error).__name__, EXIT_ERROR)


def _fail(message: str, code: int) -> int:
    print(f"lawthemes: error: {message}", file=sys.stderr)
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lawthemes", description=__doc__.split("\n")[0],
                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=(
                         "examples:\n  lawthemes classify report.txt --summary\n"
                         "  lawthemes train annotations/ --out models/default\n"
                         "  lawthemes evaluate annotations/\n  lawthemes annotations check annotations/"))
    parser.set_defaults(help_parser=parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    _add_classify(commands)
    _add_train(commands)
    _add_evaluate(commands)
    _add_themes(commands)
    _add_annotations(commands)
    return parser


def _command(commands, name, help_text, example, run):
    parser = commands.add_parser(name, help=help_text, description=help_text,
                                 epilog=f"example:\n  {example}",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(run=run)
    return parser


# -- classify -----------------------------------------------------------------------------------
def _add_classify(commands) -> None:
    parser = _command(commands, "classify", "Segment reports and tag every unit with its themes.",
                      "lawthemes classify report.txt --format jsonl > report.themes.jsonl", _run_classify)
    parser.add_argument("files", nargs="*", default=["-"], metavar="FILE",
                        help="report text files (UTF-8, UTF-8 with BOM, GB18030/GBK); '-' or none: stdin")
    parser.add_argument("--format", choices=("table", "json", "jsonl", "csv"), default="table")
    parser.add_argument("--summary", action="store_true", help="print per-theme coverage of each report")
    parser.add_argument("--model", metavar="PATH", help="model file or directory (default: the shipped model)")
    parser.add_argument("--verbose", "-v", action="store_true", help="say which encoding each file had")


def read_report(name: str) -> tuple[str, str]:
    """Read a report file (or stdin for '-') and return ``(text, encoding it was in)``."""
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(name)
        if not path.exists():
            raise FileNotFoundError(f"{name}: no such file")
        if path.is_dir():
            raise IsADirectoryError(f"{name}: is a directory, not a report file")
        data = path.read_bytes()
    return decode_report(data, name)


def decode_report(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or else GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnicodeError(f"{name}: cannot decode as UTF-8 or GB18030/GBK; convert it to UTF-8")


def _run_classify(args) -> int:
    from .api import analyze_report, load_model

    model = load_model(args.model)
    reports = []
    for name in args.files:
        text, encoding = read_report(name)
        if args.verbose:
            print(f"lawthemes: {name}: read as {encoding}", file=sys.stderr)
        reports.append({"file": name, "encoding": encoding, **analyze_report(text, model=model)})
    _FORMATTERS[args.format](reports, args.summary, sys.stdout)
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


_FORMATTERS = {"table": _write_table, "json": _write_json, "jsonl": _write_jsonl, "csv": _write_csv}


# -- train and evaluate -------------------------------------------------------------------------
def _add_model_options(parser) -> None:
    from .features import FEATURE_KINDS
    from .model import CLASSIFIERS

    parser.add_argument("--features", choices=FEATURE_KINDS, help="feature kind (default: char)")
    parser.add_argument("--classifier", choices=CLASSIFIERS, help="linear model (default: logreg)")
    parser.add_argument("--C", type=_positive_float, dest="C", help="inverse regularisation strength (> 0)")
    parser.add_argument("--no-thresholds", action="store_true", help="use 0.5 instead of tuned thresholds")
    parser.add_argument("--folds", type=_positive_int, default=5, help="document-grouped folds (default 5)")
    parser.add_argument("--drop-empty-themes", action="store_true",
                        help="train without themes that have no positive unit (with a warning)")


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 2:
        raise argparse.ArgumentTypeError("must be at least 2")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return number


def _params(args) -> dict:
    params = {name: getattr(args, name) for name in ("features", "classifier", "C")
              if getattr(args, name) is not None}
    if args.no_thresholds:
        params["tune_thresholds"] = False
    return params


def _add_train(commands) -> None:
    parser = _command(commands, "train", "Train a model on an annotations directory and save it.",
                      "lawthemes train annotations/ --out models/default", _run_train)
    parser.add_argument("annotations", help="annotations directory (documents.csv, sources/, units/)")
    parser.add_argument("--out", required=True, help="model directory to write (model.npz, card.json)")
    parser.add_argument("--skip-evaluation", action="store_true",
                        help="do not cross-validate for the card (faster; the card has no metrics)")
    _add_model_options(parser)


def _run_train(args) -> int:
    from .evaluation import format_scores
    from .training import train_and_save

    card = train_and_save(args.annotations, args.out, params=_params(args), folds=args.folds,
                          drop_empty_themes=args.drop_empty_themes, evaluate=not args.skip_evaluation)
    data = card["training_data"]
    print(f"trained on {data['n_units']} units from {data['n_documents']} documents -> {args.out}")
    if card["cross_validation"]:
        print(format_scores(card["cross_validation"], title=card["cross_validation"]["method"]))
    return EXIT_OK


def _add_evaluate(commands) -> None:
    parser = _command(commands, "evaluate",
                      "Score a model: document-grouped cross-validation, or a saved model on a test set.",
                      "lawthemes evaluate annotations/ --bad-cases errors.jsonl", _run_evaluate)
    parser.add_argument("annotations", help="annotations directory to cross-validate on (or the test set with --model)")
    parser.add_argument("--model", metavar="PATH", help="score this saved model on ANNOTATIONS instead of cross-validating")
    parser.add_argument("--bad-cases", metavar="FILE", help="write misclassified units (gold, predicted, scores) as JSON lines")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    _add_model_options(parser)


def _run_evaluate(args) -> int:
    from .annotations import load_corpus, write_jsonl
    from .api import load_model
    from .evaluation import bad_cases, format_scores, multilabel_scores, to_indicator
    from .training import DEFAULT_PARAMS, cross_validate, trainable_themes

    corpus = load_corpus(args.annotations)
    if args.model:
        model = load_model(args.model)
        themes = [str(theme) for theme in model.classes_]
        Y = to_indicator(corpus.label_lists, themes)
        probabilities = model.predict_proba(corpus.texts)
        predictions = (probabilities >= model.thresholds_).astype(int)
        scores = multilabel_scores(Y, predictions, themes)
        title = f"{args.model} on {args.annotations}"
    else:
        themes = trainable_themes(corpus, args.drop_empty_themes)
        scores, Y, probabilities, predictions = cross_validate(
            corpus, {**DEFAULT_PARAMS, **_params(args)}, themes, args.folds)
        title = f"{args.folds}-fold document-grouped cross-validation on {args.annotations}"
    print(json.dumps(scores, indent=2) if args.json else format_scores(scores, title=title))
    if args.bad_cases:
        write_jsonl(args.bad_cases, bad_cases(corpus.units, themes, Y, predictions, probabilities))
    return EXIT_OK


# -- themes and annotations ---------------------------------------------------------------------
def _add_themes(commands) -> None:
    parser = _command(commands, "themes", "List the theme taxonomy.", "lawthemes themes --format json",
                      _run_themes)
    parser.add_argument("--format", choices=("table", "json"), default="table")


def _run_themes(args) -> int:
    if args.format == "json":
        print(json.dumps([vars(theme) for theme in THEMES.values()], ensure_ascii=False, indent=2))
    else:
        for theme in THEMES.values():
            print(f"{theme.id:<22}{theme.name_zh}\t{theme.name_en}")
    return EXIT_OK


def _add_annotations(commands) -> None:
    parser = commands.add_parser("annotations", help="Check annotations or regenerate their README.",
                                 description="Work with an annotations directory.",
                                 epilog="example:\n  lawthemes annotations check annotations/",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(help_parser=parser)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    check = _command(sub, "check", "Validate an annotations directory (file and line of each problem).",
                     "lawthemes annotations check annotations/", _run_check)
    check.add_argument("directory", nargs="?", default="annotations")
    add = _command(sub, "import", "Add a report to an annotations directory, its units unlabelled.",
                   "lawthemes annotations import report.txt --doc rizhao-2023 --title "
                   "\"日照市2023年法治政府建设年度报告\" --level prefecture --year 2023", _run_import)
    add.add_argument("file", help="the report text (UTF-8, UTF-8 with BOM or GB18030/GBK)")
    add.add_argument("--doc", required=True, help="document id, e.g. rizhao-2023")
    add.add_argument("--dir", default="annotations", help="annotations directory (default: annotations)")
    for column in ("title", "locality", "level", "year", "genre", "source", "note"):
        add.add_argument(f"--{column}", default="", help=f"documents.csv column '{column}'")
    readme = _command(sub, "readme", "Regenerate the counts and agreement in annotations/README.md.",
                      "lawthemes annotations readme annotations/ --write", _run_readme)
    readme.add_argument("directory", nargs="?", default="annotations")
    readme.add_argument("--write", action="store_true", help="write README.md (default: print it)")


def _run_check(args) -> int:
    from .annotations import load_corpus
    from .corpus_policy import corpus_stats, load_policy, policy_problems

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
        _fail(f"{Path(args.directory) / 'policy.json'}: {problem}", EXIT_ERROR)
    return EXIT_ERROR if problems else EXIT_OK


def _run_import(args) -> int:
    from .annotations import import_document

    text, encoding = read_report(args.file)
    meta = {column: getattr(args, column) for column in
            ("title", "locality", "level", "year", "genre", "source", "note")}
    meta["source"] = meta["source"] or args.file
    count = import_document(args.dir, args.doc, text, meta)
    print(f"added {args.doc}: {count} units to label in {Path(args.dir) / 'units' / (args.doc + '.jsonl')} "
          f"(read as {encoding}); 'lawthemes annotations check' lists them until each has labels")
    return EXIT_OK


def _run_readme(args) -> int:
    from .annotations import load_corpus
    from .corpus_policy import load_policy
    from .corpus_report import render_readme

    text = render_readme(load_corpus(args.directory), load_policy(args.directory))
    if args.write:
        from .annotations import write_text

        write_text(Path(args.directory) / "README.md", text)
        print(f"wrote {Path(args.directory) / 'README.md'}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
