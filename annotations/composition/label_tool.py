"""Format checks for annotators' and adjudicators' output: every input unit answered once, in
order, with known theme ids.

    python annotations/composition/label_tool.py check INPUT_DIR OUTPUT_DIR
    python annotations/composition/label_tool.py check-decisions INPUT_DIR OUTPUT_DIR

It checks the form of the answers, never their content: labels are given by reading.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lawthemes.annotations import label_problems


def read_jsonl(path: Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check(input_dir: Path, output_dir: Path) -> list[str]:
    problems = []
    for source in sorted(input_dir.glob("*.units.jsonl")):
        doc = source.name[:-len(".units.jsonl")]
        target = output_dir / f"{doc}.labels.jsonl"
        if not target.exists():
            problems.append(f"{target}: missing")
            continue
        try:
            answers = read_jsonl(target)
        except json.JSONDecodeError as error:
            problems.append(f"{target}: invalid JSON ({error})")
            continue
        expected = [unit["id"] for unit in read_jsonl(source)]
        if [answer.get("id") for answer in answers] != expected:
            problems.append(f"{target}: ids differ from {source.name} (every unit once, same order)")
        for answer in answers:
            problems += [f"{target}: {answer.get('id')}: {p}" for p in label_problems(answer.get("labels"))]
    if not (output_dir / "notes.md").exists():
        problems.append(f"{output_dir / 'notes.md'}: missing")
    return problems


def check_decisions(input_dir: Path, output_dir: Path) -> list[str]:
    target = output_dir / "decisions.jsonl"
    if not target.exists():
        return [f"{target}: missing"]
    try:
        decisions = read_jsonl(target)
    except json.JSONDecodeError as error:
        return [f"{target}: invalid JSON ({error})"]
    problems = []
    expected = [item["id"] for item in read_jsonl(input_dir / "items.jsonl")]
    if [decision.get("id") for decision in decisions] != expected:
        problems.append(f"{target}: ids differ from items.jsonl (every item once, same order)")
    for decision in decisions:
        problems += [f"{target}: {decision.get('id')}: {p}" for p in label_problems(decision.get("labels"))]
        if not str(decision.get("reason", "")).strip():
            problems.append(f"{target}: {decision.get('id')}: 'reason' is missing")
    if not (output_dir / "notes.md").exists():
        problems.append(f"{output_dir / 'notes.md'}: missing")
    return problems


CHECKS = {"check": check, "check-decisions": check_decisions}


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or args[0] not in CHECKS:
        print(__doc__, file=sys.stderr)
        return 2
    problems = CHECKS[args[0]](Path(args[1]), Path(args[2]))
    for problem in problems:
        print("problem:", problem)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
