"""How far two independent annotation passes agree: F1 and Cohen's kappa per theme, and the
units they disagree on, to be settled by a third reading.

Passes are JSON-lines files (or directories of them) of records with ``id`` and ``labels``, as
annotators and the labelling tools' imports produce; only units labelled in both passes count.

>>> a = {"u1": ["oversight"], "u2": [], "u3": ["rulemaking"]}
>>> b = {"u1": ["oversight"], "u2": ["oversight"], "u3": ["rulemaking"]}
>>> report = compare(a, b)
>>> round(report["scores"]["micro_f1"], 3), [d["id"] for d in report["disagreements"]]
(0.8, ['u2'])
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .errors import AnnotationError
from .evaluation import multilabel_scores, to_indicator
from .taxonomy import THEME_IDS


def cohen_kappa(first: np.ndarray, second: np.ndarray) -> float:
    """Cohen's kappa of two binary columns; 1.0 when both are constant and equal."""
    first, second = np.asarray(first) > 0, np.asarray(second) > 0
    observed = float((first == second).mean()) if len(first) else 1.0
    p1, p2 = first.mean() if len(first) else 0.0, second.mean() if len(second) else 0.0
    expected = float(p1 * p2 + (1 - p1) * (1 - p2))
    return 1.0 if expected == 1.0 else (observed - expected) / (1 - expected)


def compare(first: dict, second: dict) -> dict:
    """Agreement of two passes given as ``{unit id: labels}``, over the units both labelled."""
    shared = [unit for unit in first if unit in second]
    A = to_indicator([first[u] for u in shared], THEME_IDS)
    B = to_indicator([second[u] for u in shared], THEME_IDS)
    scores = multilabel_scores(A, B, THEME_IDS)  # as evaluation.agreement_scores, on the matrices made here
    for index, theme in enumerate(THEME_IDS):
        scores["per_theme"][theme]["kappa"] = cohen_kappa(A[:, index], B[:, index])
    present = [s["kappa"] for s in scores["per_theme"].values() if s["support"]]
    scores["mean_kappa"] = float(np.mean(present)) if present else 1.0
    disagreements = [{"id": u, "pass_a": first[u], "pass_b": second[u]} for u in shared
                     if sorted(first[u]) != sorted(second[u])]
    return {"units": len(shared), "only_in_a": len(first) - len(shared),
            "only_in_b": sum(1 for u in second if u not in first), "scores": scores,
            "disagreements": disagreements}


def read_pass(path) -> dict:
    """``{unit id: labels}`` from a JSON-lines file, or every ``*.jsonl`` file of a directory."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise AnnotationError(f"{path}: no labels file (expected JSON lines with 'id' and 'labels')")
    labels: dict = {}
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise AnnotationError(f"{file}:{number}: invalid JSON ({error.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("labels"), list):
                continue  # e.g. an unlabelled unit (labels: null)
            labels[record["id"]] = record["labels"]
    return labels


def format_agreement(report: dict) -> str:
    """A plain-text report of :func:`compare`."""
    scores = report["scores"]
    lines = [f"{report['units']} units in both passes ({report['only_in_a']} only in A, "
             f"{report['only_in_b']} only in B); {len(report['disagreements'])} disagree",
             f"micro-F1 {scores['micro_f1']:.3f}  macro-F1 {scores['macro_f1']:.3f}  "
             f"mean kappa {scores['mean_kappa']:.3f}",
             f"{'theme':<22}{'F1':>7}{'kappa':>8}{'support':>9}"]
    lines += [f"{theme:<22}{row['f1']:>7.3f}{row['kappa']:>8.3f}{row['support']:>9d}"
              for theme, row in scores["per_theme"].items()]
    return "\n".join(lines)
