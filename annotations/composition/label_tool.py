"""Format checks for annotators' output: every input unit labelled once, in order, with known ids.

    python annotations/composition/label_tool.py check INPUT_DIR OUTPUT_DIR

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


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or args[0] != "check":
        print(__doc__, file=sys.stderr)
        return 2
    problems = check(Path(args[1]), Path(args[2]))
    for problem in problems:
        print("problem:", problem)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
