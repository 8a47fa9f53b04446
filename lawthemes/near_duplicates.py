"""Find near-duplicate texts: pairs whose character n-gram sets have a Jaccard similarity ≥ a bound.

Composed training text must not repeat itself: a paragraph written twice with a few words changed
teaches the model nothing new and, split across cross-validation folds, inflates its scores.  The
corpus check reports the share of units that have a near duplicate elsewhere in the corpus.

The search is exact, not sampled: it uses prefix filtering (sets with Jaccard ≥ t must share one
of their rarest ``|s| - ceil(t·|s|) + 1`` n-grams), so only plausible pairs are compared.

>>> pairs = near_duplicate_pairs(["全面推行行政执法公示制度和执法全过程记录制度",
...                               "全面推行行政执法公示制度和执法全过程记录制度。",
...                               "深入开展民法典宣传进社区活动"])
>>> [(a, b) for a, b, _ in pairs]
[(0, 1)]
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Sequence

DEFAULT_N = 5
DEFAULT_THRESHOLD = 0.6


def shingles(text: str, n: int = DEFAULT_N) -> frozenset:
    """The set of character ``n``-grams of ``text`` with whitespace removed (the whole text if shorter).

    >>> sorted(shingles("行政 复议", n=3))
    ['政复议', '行政复']
    """
    compact = "".join(text.split())
    if len(compact) <= n:
        return frozenset([compact]) if compact else frozenset()
    return frozenset(compact[i:i + n] for i in range(len(compact) - n + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    """``|a ∩ b| / |a ∪ b|``; 0.0 for two empty sets."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def near_duplicate_pairs(texts: Sequence[str], threshold: float = DEFAULT_THRESHOLD,
                         n: int = DEFAULT_N) -> list[tuple[int, int, float]]:
    """Every pair ``(i, j, similarity)`` with ``i < j`` and n-gram Jaccard ``>= threshold``.

    Pairs come sorted by ``(i, j)``.  ``threshold`` must be in ``(0, 1]``.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    sets = [shingles(text, n) for text in texts]
    frequency = Counter(gram for grams in sets for gram in grams)
    index: dict[str, list[int]] = defaultdict(list)
    pairs = []
    # Visit sets from small to large so each pair is found from its larger member, whose
    # prefix is checked against the index of already-visited (smaller) sets.
    for i in sorted(range(len(sets)), key=lambda k: (len(sets[k]), k)):
        grams = sets[i]
        if not grams:
            continue
        ordered = sorted(grams, key=lambda gram: (frequency[gram], gram))
        prefix = ordered[:len(grams) - math.ceil(threshold * len(grams)) + 1]
        candidates = {j for gram in prefix for j in index[gram]}
        for j in candidates:
            if len(sets[j]) >= threshold * len(grams):
                similarity = jaccard(grams, sets[j])
                if similarity >= threshold:
                    pairs.append((min(i, j), max(i, j), similarity))
        for gram in prefix:
            index[gram].append(i)
    return sorted(pairs)


def near_duplicate_share(texts: Sequence[str], threshold: float = DEFAULT_THRESHOLD,
                         n: int = DEFAULT_N) -> tuple[float, list[tuple[int, int, float]]]:
    """The share of texts that have at least one near duplicate among the others, and the pairs.

    >>> share, _ = near_duplicate_share(["一二三四五六七八", "一二三四五六七八", "完全不同的一句话"])
    >>> round(share, 3)
    0.667
    """
    pairs = near_duplicate_pairs(texts, threshold, n)
    involved = {index for i, j, _ in pairs for index in (i, j)}
    return (len(involved) / len(texts) if texts else 0.0), pairs
