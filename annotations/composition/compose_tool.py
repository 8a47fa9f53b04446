"""Helpers for writers of composed documents: see the units of a text, record intent, check a batch.

It never writes or changes text and never assigns labels: writers compose every sentence
themselves, and annotators who have not seen the writer's intent label the units later.

    python annotations/composition/compose_tool.py units BATCH_DIR/c001-town-2022.txt
    python annotations/composition/compose_tool.py template BATCH_DIR/c001-town-2022.txt
    python annotations/composition/compose_tool.py check BATCH_DIR --batch w17 \
        --protected ../shared/seeds --protected /path/to/other/protected/texts

``units`` prints the units ``lawthemes.segment()`` makes of a text, as the corpus will hold them.
``template`` writes ``<doc>.intended.jsonl`` with one line per unit and ``"intended": null`` for
the writer to fill with the themes they meant.  ``check`` validates a writer's batch: every
document of the batch is there, lengths are near their targets, intent is complete, no unit is a
near duplicate of another composed unit, no passage is shared with a protected text (real reports
and third-party text, which are read but never shown), and no real place name appears.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from pathlib import Path

from lawthemes import segment
from lawthemes.near_duplicates import near_duplicate_pairs
from lawthemes.taxonomy import THEMES

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs.csv"
SHARED_WINDOW = 20       # a passage of this many characters shared with a protected text is reported
SHARED_ERROR = 30        # ... and one this long is an error: rewrite it


def units_of(path: Path):
    return segment(path.read_text(encoding="utf-8"))


def unit_id(doc: str, unit) -> str:
    return f"{doc}:{unit.start}"


def cmd_units(args) -> int:
    path = Path(args.file)
    units = units_of(path)
    for index, unit in enumerate(units):
        print(f"[{index}] {unit_id(path.stem, unit)} ({len(unit.text)} chars) {unit.text}")
    print(f"-- {len(units)} units", file=sys.stderr)
    return 0


def intended_path(text_path: Path) -> Path:
    return text_path.with_name(text_path.stem + ".intended.jsonl")


def cmd_template(args) -> int:
    path = Path(args.file)
    target = intended_path(path)
    if target.exists() and not args.force:
        print(f"{target} exists (use --force to overwrite)", file=sys.stderr)
        return 1
    lines = [json.dumps({"id": unit_id(path.stem, unit), "head": unit.text[:40], "intended": None},
                        ensure_ascii=False) for unit in units_of(path)]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {target}: {len(lines)} units; replace each null with a list of theme ids")
    return 0


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def protected_windows(directories) -> set:
    windows = set()
    for directory in directories:
        for path in sorted(Path(directory).glob("*.txt")):
            text = _compact(path.read_text(encoding="utf-8"))
            windows.update(text[i:i + SHARED_WINDOW] for i in range(len(text) - SHARED_WINDOW + 1))
    return windows


def longest_shared_run(text: str, windows: set) -> int:
    """Length of the longest passage of ``text`` that also occurs in a protected text."""
    compact, best, run_start = _compact(text), 0, None
    for i in range(len(compact) - SHARED_WINDOW + 1):
        if compact[i:i + SHARED_WINDOW] in windows:
            run_start = i if run_start is None else run_start
            best = max(best, i + SHARED_WINDOW - run_start)
        else:
            run_start = None
    return best


def real_names(path: str | None) -> list:
    if not path:
        return []
    return [name for name in Path(path).read_text(encoding="utf-8").split() if len(name) >= 3]


def batch_docs(batch: str) -> list:
    with SPECS.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["batch"] == batch]


def check_intent(path: Path, units, problems: list) -> None:
    ipath = intended_path(path)
    if not ipath.exists():
        problems.append(f"{ipath.name}: missing (run 'template', then fill in 'intended')")
        return
    expected = [unit_id(path.stem, unit) for unit in units]
    try:
        records = [json.loads(line) for line in ipath.read_text(encoding="utf-8").splitlines() if line.strip()]
    except json.JSONDecodeError as error:
        problems.append(f"{ipath.name}: invalid JSON ({error})")
        return
    if [record.get("id") for record in records] != expected:
        problems.append(f"{ipath.name}: ids do not match the text's units (re-run 'template --force' "
                        "after changing the text)")
        return
    for record in records:
        intended = record.get("intended")
        if not isinstance(intended, list) or any(theme not in THEMES for theme in intended):
            problems.append(f"{ipath.name}: {record['id']}: 'intended' must be a list of theme ids, "
                            f"got {intended!r}")


def other_composed_units(batch_dir: Path):
    """Units of every other batch under the staging area, to catch duplicates across writers."""
    root = batch_dir.parent
    for path in sorted(root.glob("*/*.txt")):
        if path.parent != batch_dir:
            for unit in units_of(path):
                yield f"{path.parent.name}/{path.stem}", unit.text


def cmd_check(args) -> int:
    batch_dir = Path(args.dir)
    specs = batch_docs(args.batch)
    if not specs:
        print(f"no documents for batch {args.batch!r} in {SPECS}", file=sys.stderr)
        return 2
    problems, notes, all_units = [], [], []
    windows = protected_windows(args.protected)
    names = real_names(args.real_names)
    for spec in specs:
        path = batch_dir / f"{spec['doc']}.txt"
        if not path.exists():
            problems.append(f"{path.name}: missing")
            continue
        text = path.read_text(encoding="utf-8")
        units = segment(text)
        target = int(spec["target_units"])
        if not 0.75 * target <= len(units) <= 1.6 * target:
            problems.append(f"{path.name}: {len(units)} units, target {target} (allowed "
                            f"{int(0.75 * target + 0.999)}-{int(1.6 * target)})")
        check_intent(path, units, problems)
        for unit in units:
            shared = longest_shared_run(unit.text, windows) if windows else 0
            where = f"{path.name}: {unit_id(path.stem, unit)}"
            if shared >= SHARED_ERROR:
                problems.append(f"{where}: shares a {shared}-character passage with a protected text; "
                                "rewrite it in your own words")
            elif shared:
                notes.append(f"{where}: shares a {shared}-character passage with a protected text "
                             "(a stock phrase is fine; a sentence is not)")
            found = [name for name in names if name in unit.text]
            if found:
                problems.append(f"{where}: real place name(s) {found}; use invented names")
            all_units.append((f"{args.batch}/{path.stem}", unit))
    own = len(all_units)
    others = list(other_composed_units(batch_dir))
    texts = [unit.text for _, unit in all_units] + [text for _, text in others]
    labels = [f"{doc}:{unit.start}" for doc, unit in all_units] + [doc for doc, _ in others]
    for i, j, similarity in near_duplicate_pairs(texts):
        if i < own:
            problems.append(f"near duplicate ({similarity:.2f}): {labels[i]} and {labels[j]}: "
                            f"rewrite one ({texts[i][:30]}…)")
    for line in notes:
        print("note:", line)
    for line in problems:
        print("problem:", line)
    total = sum(len(segment((batch_dir / f"{s['doc']}.txt").read_text(encoding='utf-8')))
                for s in specs if (batch_dir / f"{s['doc']}.txt").exists())
    print(f"{len(specs)} documents, {total} units, {len(problems)} problems")
    return 1 if problems else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(required=True)
    units = sub.add_parser("units", help="print the units of a text")
    units.add_argument("file")
    units.set_defaults(run=cmd_units)
    template = sub.add_parser("template", help="write <doc>.intended.jsonl to fill in")
    template.add_argument("file")
    template.add_argument("--force", action="store_true")
    template.set_defaults(run=cmd_template)
    check = sub.add_parser("check", help="validate a batch directory")
    check.add_argument("dir")
    check.add_argument("--batch", required=True)
    check.add_argument("--protected", action="append", default=[], help="directory of protected .txt files")
    check.add_argument("--real-names", help="file of real place names (one per line)")
    check.set_defaults(run=cmd_check)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
