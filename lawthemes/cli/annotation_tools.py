"""``lawthemes annotations export | import-labels | suggest | agree``: the labelling loop in the
tools annotators use, what to label next, and how two passes agree."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .common import EXIT_OK, UsageError, command, warn

FORMAT_CHOICES = ("label-studio", "doccano", "prodigy")


def add(sub) -> None:
    export = command(sub, "export", "Write units as tasks Label Studio, doccano or Prodigy import.",
                     "lawthemes annotations export annotations/ --format label-studio --doc rizhao-2023 -o tasks.json",
                     run_export)
    export.add_argument("directory", help="annotations directory")
    export.add_argument("--format", choices=FORMAT_CHOICES, required=True)
    export.add_argument("--doc", action="append", metavar="ID", help="only these documents (repeatable)")
    export.add_argument("--units", metavar="FILE", help="only the unit ids in FILE, one per line (e.g. from suggest)")
    export.add_argument("--unlabelled", action="store_true", help="only units not labelled yet")
    export.add_argument("--with-predictions", action="store_true",
                        help="attach the model's predictions, marked as predictions (never as labels)")
    export.add_argument("--model", metavar="PATH", help="model for --with-predictions (default: $LAWTHEMES_MODEL or shipped)")
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="tasks file to write")

    labels = command(sub, "import-labels", "Merge labels from a tool's export into units/, by unit id.",
                     "lawthemes annotations import-labels export.json --format label-studio --annotator "
                     "\"wang (Label Studio, read each unit against GUIDELINES.md)\"", run_import_labels)
    labels.add_argument("file", help="the tool's export (Label Studio JSON, doccano or Prodigy JSONL)")
    labels.add_argument("--format", choices=FORMAT_CHOICES, required=True)
    labels.add_argument("--dir", default="annotations", help="annotations directory (default: annotations)")
    labels.add_argument("--annotator", help="who labelled and how (default: what the tool records)")
    labels.add_argument("--replace", action="store_true", help="allow changing labels a unit already has")

    suggest = command(sub, "suggest", "Rank unlabelled units by how much a label would teach the model.",
                      "lawthemes annotations suggest annotations/ --n 50 -o next.txt", run_suggest)
    suggest.add_argument("directory", nargs="?", default="annotations")
    suggest.add_argument("--n", type=int, default=50, help="how many (default 50)")
    suggest.add_argument("--model", metavar="PATH", help="model to ask (default: $LAWTHEMES_MODEL or shipped)")
    suggest.add_argument("-o", "--output", metavar="FILE", help="also write the unit ids, one per line, for export --units")

    agree = command(sub, "agree", "Agreement of two annotation passes: F1 and Cohen's kappa per theme.",
                    "lawthemes annotations agree pass1/ pass2/ --disagreements to-adjudicate.jsonl", run_agree)
    agree.add_argument("pass_a", help="labels file (JSON lines with id, labels) or a directory of them")
    agree.add_argument("pass_b")
    agree.add_argument("--disagreements", metavar="FILE", help="write the units they disagree on (JSON lines)")
    agree.add_argument("--json", action="store_true")


def _units(directory, docs=None, only=None, unlabelled=False) -> list[dict]:
    from ..annotations import load_corpus

    corpus = load_corpus(directory, require_labels=False)
    unknown = sorted(set(docs or []) - set(corpus.documents))
    if unknown:
        raise UsageError(f"no document(s) {unknown} in {directory}")
    return [{"id": u.id, "doc": u.doc, "text": u.text, "start": u.start, "end": u.end, "labels": u.labels}
            for u in corpus.units if (not docs or u.doc in docs) and (only is None or u.id in only)
            and (not unlabelled or u.labels is None)]


def run_export(args) -> int:
    from ..annotation_formats import export_tasks, label_studio_config, write_tasks
    from ..annotations import write_text

    only = set(Path(args.units).read_text(encoding="utf-8").split()) if args.units else None
    units = _units(args.directory, args.doc, only, args.unlabelled)
    predictions = None
    if args.with_predictions:
        from ..api import load_model

        results = load_model(args.model).classify_many([u["text"] for u in units])
        predictions = {u["id"]: r.labels for u, r in zip(units, results)}
    write_text(Path(args.output), write_tasks(export_tasks(units, args.format, predictions), args.format))
    warn(f"wrote {len(units)} tasks to {args.output}" + (" with predictions marked as such" if predictions else ""))
    if args.format == "label-studio":
        print(label_studio_config(), end="")
    return EXIT_OK


def run_import_labels(args) -> int:
    from ..annotation_import import merge_labels

    changed = merge_labels(args.dir, Path(args.file), args.format, args.annotator, args.replace)
    print(f"labels merged into {changed} unit(s) of {args.dir}; run 'lawthemes annotations check {args.dir}'")
    return EXIT_OK


def run_suggest(args) -> int:
    from ..annotations import write_text
    from ..api import load_model
    from ..label_suggestions import suggest

    units = _units(args.directory, unlabelled=True)
    if not units:
        warn(f"every unit in {args.directory} is labelled: nothing to suggest")
        return EXIT_OK
    picks = suggest(units, load_model(args.model), args.n)
    for pick in picks:
        print(f"{pick['id']}\t{pick['theme']} {pick['probability']:.2f} (threshold {pick['threshold']:.2f})\t"
              f"{pick['text'][:40]}")
    if args.output:
        write_text(Path(args.output), "".join(pick["id"] + "\n" for pick in picks))
    return EXIT_OK


def run_agree(args) -> int:
    from ..agreement import compare, format_agreement, read_pass
    from ..annotations import write_jsonl

    report = compare(read_pass(args.pass_a), read_pass(args.pass_b))
    if args.disagreements:
        write_jsonl(args.disagreements, report["disagreements"])
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(format_agreement(report))
    return EXIT_OK
