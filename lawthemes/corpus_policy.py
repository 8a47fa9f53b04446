"""What the corpus must be: its figures (real vs composed, themes, near duplicates, second pass) and
the floors in ``annotations/policy.json`` that ``lawthemes annotations check`` enforces.

The floors live in the corpus, not in the tests: a user who adds one report changes the figures,
not the rules, and nothing breaks.

>>> from lawthemes.annotations import load_corpus, default_annotations_dir
>>> stats = corpus_stats(load_corpus(default_annotations_dir()))
>>> stats["documents"]["real"] >= 5
True
"""

from __future__ import annotations

import json
from pathlib import Path

from .annotations import Corpus, theme_counts
from .errors import AnnotationError
from .near_duplicates import DEFAULT_N, DEFAULT_THRESHOLD, near_duplicate_share

POLICY_FILENAME = "policy.json"
ORIGINS = ("real", "composed")
_FLOORS = {  # policy key -> (figure in corpus_stats, comparison, wording)
    "min_real_documents": (("documents", "real"), "min", "real documents"),
    "min_composed_documents": (("documents", "composed"), "min", "composed documents"),
    "min_units": (("units",), "min", "units"),
    "min_positives_per_theme": (("min_positives",), "min", "positive units for the rarest theme"),
    "min_share_without_theme": (("share_without_theme",), "min", "share of units without a theme"),
    "max_near_duplicate_share": (("near_duplicates", "share"), "max", "share of units with a near duplicate"),
    "min_second_pass_share_of_composed": (("second_pass", "share_of_composed"), "min",
                                          "share of composed units with a second pass"),
}


def origin_of(document) -> str:
    """``'real'`` or ``'composed'``, from the ``origin`` column of ``documents.csv`` (default real)."""
    return (document.meta.get("origin") or "real").strip()


def corpus_stats(corpus: Corpus, near_duplicates: dict | None = None) -> dict:
    """The corpus figures that the policy speaks of, and that ``annotations/README.md`` reports."""
    origin = {doc: origin_of(document) for doc, document in corpus.documents.items()}
    counts = theme_counts(corpus.units)
    composed_units = [u for u in corpus.units if origin[u.doc] == "composed"]
    second = {record["id"] for records in corpus.agreement.values() for record in records}
    options = {"threshold": DEFAULT_THRESHOLD, "n": DEFAULT_N, **(near_duplicates or {})}
    share, pairs = near_duplicate_share(corpus.texts, options["threshold"], options["n"])
    return {
        "documents": {kind: sum(1 for o in origin.values() if o == kind) for kind in ORIGINS},
        "units": len(corpus.units),
        "units_by_origin": {kind: sum(1 for u in corpus.units if origin[u.doc] == kind) for kind in ORIGINS},
        "positives": counts,
        "min_positives": min(counts.values()),
        "share_without_theme": sum(1 for u in corpus.units if not u.labels) / len(corpus.units),
        "near_duplicates": {**options, "share": share, "pairs": len(pairs)},
        "second_pass": {
            "units": len(second),
            "share_of_composed": (sum(1 for u in composed_units if u.id in second) / len(composed_units)
                                  if composed_units else 0.0),
        },
    }


def load_policy(directory) -> dict | None:
    """The floors in ``DIR/policy.json``, or ``None`` when the directory has none."""
    path = Path(directory) / POLICY_FILENAME
    if not path.exists():
        return None
    try:
        policy = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AnnotationError(f"{path}: cannot read the corpus policy ({error})") from None
    unknown = [key for key in policy if key not in _FLOORS and key not in ("about", "near_duplicates")]
    if unknown:
        raise AnnotationError(f"{path}: unknown policy key(s) {unknown}; known: {', '.join(_FLOORS)}")
    return policy


def policy_problems(stats: dict, policy: dict) -> list[str]:
    """One line per floor the corpus does not reach (empty when it meets them all).

    >>> policy_problems({"units": 90}, {"min_units": 100})
    ['units: 90, policy requires at least 100']
    """
    problems = []
    for key, (path, kind, wording) in _FLOORS.items():
        if key not in policy:
            continue
        value = stats
        for part in path:
            value = value[part]
        bound = policy[key]
        if (kind == "min" and value < bound) or (kind == "max" and value >= bound):
            shown = f"{value:.1%}" if isinstance(value, float) else str(value)
            limit = f"{bound:.1%}" if isinstance(bound, float) else str(bound)
            relation = "at least" if kind == "min" else "less than"
            problems.append(f"{wording}: {shown}, policy requires {relation} {limit}")
    return problems
