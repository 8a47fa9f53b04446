"""Copy composed documents into an annotator's input directory: units and text, nothing else.

    python annotations/composition/stage_for_labelling.py OUT_DIR WRITER_BATCH_DIR/c001-town-2022.txt ...

For each text it writes ``OUT_DIR/<doc>.units.jsonl`` (id, doc, text, start, end: the units of
``lawthemes.segment()``) and ``OUT_DIR/<doc>.txt``.  The writer's intent and the spec stay
behind, so the annotator labels blind.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from lawthemes import segment


def stage(out_dir: Path, text_path: Path) -> int:
    doc = text_path.stem
    units = segment(text_path.read_text(encoding="utf-8"))
    lines = [json.dumps({"id": f"{doc}:{u.start}", "doc": doc, "text": u.text, "start": u.start,
                         "end": u.end}, ensure_ascii=False) for u in units]
    (out_dir / f"{doc}.units.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copyfile(text_path, out_dir / f"{doc}.txt")
    return len(units)


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(args[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    total = sum(stage(out_dir, Path(path)) for path in args[1:])
    print(f"staged {len(args) - 1} documents, {total} units in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
