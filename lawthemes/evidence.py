"""Why a unit got a label: the sentence whose score won and the n-grams that pushed it most.

With sentence pooling a theme's score is the best of the whole unit's and each sentence's
score, so the evidence for a label is the row that won: a sentence (its offsets into the unit's
own text) or the whole unit.  Its n-grams are ranked by what they add to that theme's linear
score (TF-IDF weight × coefficient).  Evidence is computed only when asked for, in its own pass,
so classification without it costs nothing more.

>>> from lawthemes import load_model
>>> result = load_model().classify_many(["加强组织领导。全年办理行政复议案件86件，纠错12件。"], evidence=True)[0]
>>> span = result.evidence["dispute_resolution"]
>>> span["text"], span["start"]
('全年办理行政复议案件86件，纠错12件。', 7)
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

TOP_NGRAMS = 5
_ORIGINAL_SENTENCE_END = re.compile(r"(?<=[。;；!！?？])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences of a unit's original text, cut where
    :func:`lawthemes.features.split_sentences` cuts its normalised form.

    >>> sentence_spans("一是强化领导；二是推进执法。")
    [(0, 7), (7, 14)]
    """
    spans, start = [], 0
    for piece in _ORIGINAL_SENTENCE_END.split(text):
        if piece.strip():
            spans.append((start, start + len(piece)))
        start += len(piece)
    return spans or [(0, len(text))]


def explain(model, texts: Sequence[str], normalized: Sequence[str], labels: Sequence[Sequence[str]],
            top: int = TOP_NGRAMS) -> list[dict]:
    """For each text, ``{label: {"start", "end", "text", "ngrams"}}`` for every label given.

    ``normalized`` are the texts after ``normalize_text`` and ``labels`` the labels each got.
    """
    rows = model.featurizer.rows(list(normalized), pooling=model.sentence_pooling)
    row_scores = rows @ model.weights
    row_scores += model.intercept_
    sentence_rows = _sentence_rows_of(rows.owner, len(texts))
    column = {theme: index for index, theme in enumerate(model.classes_)}
    explained = []
    for unit, (text, unit_labels) in enumerate(zip(texts, labels)):
        candidates = [unit] + sentence_rows[unit]
        evidence = {}
        for label in unit_labels:
            theme = column[label]
            best = candidates[int(np.argmax(row_scores[candidates, theme]))]
            start, end = _span(text, best, candidates)
            evidence[label] = {"start": start, "end": end, "text": text[start:end],
                               "ngrams": _top_ngrams(model, rows, best, theme, top)}
        explained.append(evidence)
    return explained


def _sentence_rows_of(owner: np.ndarray, n_units: int) -> list[list[int]]:
    rows: list[list[int]] = [[] for _ in range(n_units)]
    for row in range(n_units, len(owner)):
        rows[int(owner[row])].append(row)
    return rows


def _span(text: str, best: int, candidates: list[int]) -> tuple[int, int]:
    """The winning row's offsets in the original text: the whole unit, or its k-th sentence."""
    if best == candidates[0]:
        return 0, len(text)
    spans = sentence_spans(text)
    if len(spans) != len(candidates) - 1:  # normalisation changed the sentence count: whole unit
        return 0, len(text)
    return spans[candidates.index(best) - 1]


def _top_ngrams(model, rows, row: int, theme: int, top: int) -> list[str]:
    cols, values = rows.entries(row)
    contribution = values * model.coef_[theme, cols]
    order = np.argsort(-contribution, kind="stable")[:top]
    return [model.featurizer.term(int(cols[i])) for i in order if contribution[i] > 0]
