"""The lead engineer's tool: stage third readings, and assemble composed documents into annotations/.

    python annotations/composition/assemble.py second-pass
    python annotations/composition/assemble.py adjudication TASK [--second-pass P2_TASK ...]
    python annotations/composition/assemble.py corpus [--second-pass P2_TASK ...]

It moves labels, never makes them.  ``second-pass`` lists the documents that get a second
independent reading: the head of ``second-pass-order.txt`` (drawn before any labelling) holding
22% of the composed units.  ``adjudication`` finds the units of the pass-1-labelled batches
whose pass-1 labels differ from the writer's intent (or from a second pass) and writes them, with
the readings under shuffled neutral letters, into an adjudicator's input directory; the key that
says which letter was whose stays outside it.  ``corpus`` writes, for every composed document that
is fully settled, ``sources/``, ``units/`` (final labels, the writer's ``intended`` themes, who
labelled), ``agreement/`` for second-pass documents, the annotators' notes, and its row of
``documents.csv``.  The staging layout (outside the repository) is::

    /work/staging/compose/<batch>/<doc>.txt, <doc>.intended.jsonl     the writers' texts and intent
    /work/staging/labels/<task>/<doc>.labels.jsonl, notes.md           pass-1 (p1-<batch>), pass-2 tasks
    /work/staging/adjudicate/<task>/items.jsonl, <doc>.txt              adjudicators' input
    /work/staging/adjudicate-keys/<task>.jsonl                          who gave which letter
    /work/staging/adjudicated/<task>/decisions.jsonl, notes.md          adjudicators' output
    /work/staging/helpers.json                                          batch or task -> helper id
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import sys
from pathlib import Path

from lawthemes import segment
from lawthemes.annotations import DOCUMENT_COLUMNS, write_jsonl, write_text

STAGING = Path("/work/staging")
HERE = Path(__file__).resolve().parent
ANNOTATIONS = HERE.parent
SPECS = HERE / "specs.csv"
GUIDE = "read each unit against GUIDELINES.md ed. 2"


def read_jsonl(path: Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def specs() -> dict:
    with SPECS.open(encoding="utf-8") as handle:
        return {row["doc"]: row for row in csv.DictReader(handle)}


def helpers() -> dict:
    return json.loads((STAGING / "helpers.json").read_text(encoding="utf-8"))


def finished(task_dir: Path) -> bool:
    """An annotator writes notes.md last: a task without it is still being worked on."""
    return (task_dir / "notes.md").exists()


def labelled_docs() -> dict:
    """doc -> pass-1 task, for every composed document of a finished pass-1 task."""
    found = {}
    for path in sorted(STAGING.glob("labels/p1-*/*.labels.jsonl")):
        if finished(path.parent):
            found[path.name[:-len(".labels.jsonl")]] = path.parent.name
    return found


def second_pass_docs(tasks) -> dict:
    """doc -> pass-2 task."""
    found = {}
    for task in tasks:
        if not finished(STAGING / "labels" / task):
            continue
        for path in sorted((STAGING / "labels" / task).glob("*.labels.jsonl")):
            found[path.name[:-len(".labels.jsonl")]] = task
    return found


def readings(doc: str, batch: str, p1_task: str, p2_task: str | None) -> dict:
    """unit id -> {"pass1": [...], "intended": [...], "pass2": [...]?, "note": ...}."""
    units = {r["id"]: {"pass1": r["labels"], "note": r.get("note")}
             for r in read_jsonl(STAGING / "labels" / p1_task / f"{doc}.labels.jsonl")}
    for record in read_jsonl(STAGING / "compose" / batch / f"{doc}.intended.jsonl"):
        units[record["id"]]["intended"] = record["intended"]
    if p2_task:
        for record in read_jsonl(STAGING / "labels" / p2_task / f"{doc}.labels.jsonl"):
            units[record["id"]]["pass2"] = record["labels"]
    return units


def unit_counts() -> dict:
    """doc -> units: counted from the text where it is written, else the spec's target."""
    counts = {}
    for doc, row in specs().items():
        path = STAGING / "compose" / row["batch"] / f"{doc}.txt"
        counts[doc] = len(segment(path.read_text(encoding="utf-8"))) if path.exists() else int(row["target_units"])
    return counts


def second_pass_set(share: float = 0.22) -> list:
    """The shortest head of ``second-pass-order.txt`` holding ``share`` of the composed units."""
    counts = unit_counts()
    order = (HERE / "second-pass-order.txt").read_text(encoding="utf-8").split()
    chosen, total = [], 0
    for doc in order:
        if total >= share * sum(counts.values()):
            break
        chosen.append(doc)
        total += counts[doc]
    return chosen


def disputed(entry: dict) -> bool:
    sets = {tuple(sorted(entry[key])) for key in ("pass1", "intended", "pass2") if key in entry}
    return len(sets) > 1


def decisions() -> dict:
    """unit id -> {"labels", "reason", "task", "key"} from every adjudicated task."""
    found = {}
    for path in sorted(STAGING.glob("adjudicated/*/decisions.jsonl")):
        task = path.parent.name
        key = {r["id"]: r["letters"] for r in read_jsonl(STAGING / "adjudicate-keys" / f"{task}.jsonl")}
        for record in read_jsonl(path):
            found[record["id"]] = {**record, "task": task, "key": key[record["id"]]}
    return found


def already_staged(task: str) -> set:
    """Units staged in other adjudication tasks (decided or not)."""
    return {record["id"] for path in (STAGING / "adjudicate-keys").glob("*.jsonl") if path.stem != task
            for record in read_jsonl(path)}


def cmd_adjudication(args) -> int:
    spec, settled = specs(), decisions()
    settled.update(dict.fromkeys(already_staged(args.task)))  # waiting in another task
    p2 = second_pass_docs(args.second_pass)
    out = STAGING / "adjudicate" / args.task
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.task)
    items, keys, docs = [], [], set()
    awaiting_pass2 = set(second_pass_set()) - set(p2)
    for doc, p1_task in labelled_docs().items():
        if doc in awaiting_pass2:
            continue  # settled once its second pass is in, so that one reading decides all three
        batch = spec[doc]["batch"]
        units = {u.start: u.text for u in segment((STAGING / "compose" / batch / f"{doc}.txt").read_text(encoding="utf-8"))}
        for unit_id, entry in readings(doc, batch, p1_task, p2.get(doc)).items():
            if not disputed(entry) or unit_id in settled:
                continue
            distinct = {}
            for source in ("pass1", "intended", "pass2"):
                if source in entry:
                    distinct.setdefault(tuple(sorted(entry[source])), []).append(source)
            options = list(distinct.items())
            rng.shuffle(options)
            letters = {chr(65 + i): list(labels) for i, (labels, _) in enumerate(options)}
            items.append({"id": unit_id, "doc": doc, "text": units[int(unit_id.rsplit(":", 1)[1])],
                          "readings": letters})
            keys.append({"id": unit_id, "letters": {chr(65 + i): sources for i, (_, sources) in enumerate(options)}})
            docs.add((doc, batch))
    if not items:
        print("nothing to adjudicate")
        return 0
    write_jsonl(out / "items.jsonl", items)
    for doc, batch in docs:
        shutil.copyfile(STAGING / "compose" / batch / f"{doc}.txt", out / f"{doc}.txt")
    (STAGING / "adjudicate-keys").mkdir(exist_ok=True)
    write_jsonl(STAGING / "adjudicate-keys" / f"{args.task}.jsonl", keys)
    print(f"staged {len(items)} units from {len(docs)} documents in {out}")
    return 0


def annotator_text(who: dict, entry: dict, decision: dict | None) -> str:
    text = f"pass1:{who['pass1']} (LLM annotator, blind to the writer's intent; {GUIDE})"
    if "pass2" in entry:
        text += f"; pass2:{who['pass2']} (independent second pass, blind to pass 1 and intent)"
    if decision:
        text += f"; adjudicated:{who['adjudicated'][decision['task']]} (third blind reading)"
    return text


def assemble_doc(doc: str, row: dict, p1_task: str, p2_task: str | None, settled: dict, who_all: dict):
    batch = row["batch"]
    text = (STAGING / "compose" / batch / f"{doc}.txt").read_text(encoding="utf-8")
    entries = readings(doc, batch, p1_task, p2_task)
    who = {"pass1": who_all[p1_task], "pass2": who_all.get(p2_task, ""),
           "adjudicated": {task: who_all.get(task, task) for task in {d["task"] for d in settled.values()}}}
    units, agreement = [], []
    for unit in segment(text):
        unit_id = f"{doc}:{unit.start}"
        entry = entries[unit_id]
        decision = settled.get(unit_id) if disputed(entry) else None
        if disputed(entry) and decision is None:
            return None  # not settled yet
        labels = decision["labels"] if decision else entry["pass1"]
        record = {"id": unit_id, "doc": doc, "text": unit.text, "start": unit.start, "end": unit.end,
                  "labels": labels, "annotator": annotator_text(who, entry, decision),
                  "intended": entry["intended"]}
        if entry.get("note"):
            record["note"] = entry["note"]
        if decision:
            record["adjudication"] = {"pass1": entry["pass1"], "intended": entry["intended"],
                                      **({"pass2": entry["pass2"]} if "pass2" in entry else {}),
                                      "decided": labels, "reason": decision["reason"]}
        units.append(record)
        if "pass2" in entry:
            agreement.append({"id": unit_id, "pass1": entry["pass1"], "pass2": entry["pass2"],
                              "pass1_annotator": f"pass1:{who['pass1']}", "pass2_annotator": f"pass2:{who['pass2']}",
                              "adjudicated": labels,
                              **({"adjudication": decision["reason"]} if decision else {})})
    return text, units, agreement


def document_row(doc: str, row: dict, units: list, p1_task: str, p2_task: str | None, who_all: dict,
                 adjudicated: bool) -> dict:
    annotation = f"pass 1 by {who_all[p1_task]}, an LLM annotator blind to the writer's intent ({GUIDE})"
    if p2_task:
        annotation += f"; independent pass 2 by {who_all[p2_task]}"
    if adjudicated:
        annotation += ("; units where the readings (pass 1, the writer's intent"
                       + (", pass 2" if p2_task else "") + ") differ settled by a third blind reading")
    return {"id": doc, "title": units[0]["text"][:120], "locality": row["place"], "level": row["level"],
            "year": row["year"], "genre": row["genre"], "origin": "composed",
            "source": "composed by the project: fictional place and invented figures (spec in composition/specs.csv)",
            "writer": f"{who_all[row['batch']]}, an LLM writer (batch {row['batch']}; brief composition/WRITER-BRIEF.md; "
                      "did not open the seed reports)",
            "annotation": annotation, "note": ""}


def cmd_corpus(args) -> int:
    spec, settled, who_all = specs(), decisions(), helpers()
    p2 = second_pass_docs(args.second_pass)
    table = ANNOTATIONS / "documents.csv"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(table.read_text(encoding="utf-8")))}
    written, waiting = 0, []
    for doc, p1_task in labelled_docs().items():
        built = assemble_doc(doc, spec[doc], p1_task, p2.get(doc), settled, who_all)
        if built is None:
            waiting.append(doc)
            continue
        text, units, agreement = built
        write_text(ANNOTATIONS / "sources" / f"{doc}.txt", text)
        write_jsonl(ANNOTATIONS / "units" / f"{doc}.jsonl", units)
        if agreement:
            write_jsonl(ANNOTATIONS / "agreement" / f"{doc}.jsonl", agreement)
        rows[doc] = document_row(doc, spec[doc], units, p1_task, p2.get(doc), who_all,
                                 any("adjudication" in u for u in units))
        written += 1
    copy_notes()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(DOCUMENT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: r.get(c, "") for c in DOCUMENT_COLUMNS} for r in rows.values())
    write_text(table, buffer.getvalue())
    print(f"assembled {written} composed documents; waiting for adjudication: {len(waiting)} {waiting[:5]}")
    return 0


def copy_notes() -> None:
    for kind, pattern in (("pass1", "labels/p1-*/notes.md"), ("pass2", "labels/p2-*/notes.md"),
                          ("adjudication", "adjudicated/*/notes.md")):
        for path in sorted(STAGING.glob(pattern)):
            target = ANNOTATIONS / "notes" / kind / f"{path.parent.name}.notes.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(required=True)
    adjudication = sub.add_parser("adjudication", help="stage disputed units for a third reading")
    adjudication.add_argument("task")
    adjudication.add_argument("--second-pass", nargs="*", default=[])
    adjudication.set_defaults(run=cmd_adjudication)
    order = sub.add_parser("second-pass", help="list the documents of the second pass")
    order.set_defaults(run=lambda args: print("\n".join(second_pass_set())) or 0)
    corpus = sub.add_parser("corpus", help="write settled composed documents into annotations/")
    corpus.add_argument("--second-pass", nargs="*", default=[])
    corpus.set_defaults(run=cmd_corpus)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
