"""What to label next: the unlabelled units whose labels would teach the model most.

Uncertainty sampling, as small-text and Prodigy's ``textcat.teach`` do it: a unit whose score
for some theme sits near that theme's threshold is one the model cannot decide, so a label for
it moves the boundary.  To keep a batch from being twenty near-copies of one paragraph, the
choice is spread: each unit already picked from the same document, or near the same theme,
makes the next one from there count as less uncertain.

>>> from lawthemes import load_model
>>> picks = suggest([{"id": "a:0", "doc": "a", "text": "深入推进法治政府建设"},
...                  {"id": "b:0", "doc": "b", "text": "全年办理行政复议案件86件"}], load_model(), n=1)
>>> len(picks), sorted(picks[0])
(1, ['closeness', 'doc', 'id', 'probability', 'text', 'theme', 'threshold'])
"""

from __future__ import annotations

from collections import Counter

import numpy as np

SPREAD_PENALTY = 0.05
"""How much each earlier pick from the same document (or near the same theme) adds to a unit's
distance from the threshold."""


def suggest(units: list[dict], model, n: int = 50) -> list[dict]:
    """Up to ``n`` of ``units`` (dicts with ``id``, ``doc``, ``text``), most informative first."""
    if not units:
        return []
    probabilities = model.predict_proba([unit["text"] for unit in units])
    distance = np.abs(probabilities - model.thresholds_)
    nearest = distance.argmin(axis=1)
    closeness = distance[np.arange(len(units)), nearest]
    by_doc, by_theme = Counter(), Counter()
    chosen: list[int] = []
    remaining = set(range(len(units)))
    while remaining and len(chosen) < n:
        best = min(remaining, key=lambda i: (closeness[i] + SPREAD_PENALTY * (by_doc[units[i]["doc"]]
                                             + by_theme[nearest[i]]), i))
        remaining.discard(best)
        chosen.append(best)
        by_doc[units[best]["doc"]] += 1
        by_theme[nearest[best]] += 1
    return [{"id": units[i]["id"], "doc": units[i]["doc"], "text": units[i]["text"],
             "theme": str(model.classes_[nearest[i]]), "probability": round(float(probabilities[i, nearest[i]]), 4),
             "threshold": round(float(model.thresholds_[nearest[i]]), 2), "closeness": round(float(closeness[i]), 4)}
            for i in chosen]
