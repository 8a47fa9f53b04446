"""A trained model, ready to classify: weights, thresholds and a featuriser; NumPy only.

:class:`ThemeModel` is what :func:`lawthemes.load_model` returns and what a fitted
:class:`~lawthemes.model.ThemeClassifier` predicts with.  For character n-gram models (the shipped
kind) its featuriser is :class:`~lawthemes.numpy_featurizer.CharNgramFeaturizer`, so classifying
needs neither scikit-learn nor SciPy; word-feature models keep scikit-learn's vectoriser.

>>> from lawthemes import load_model
>>> model = load_model()
>>> type(model).__name__, model.classify("开展宪法宣传周普法活动").labels
('ThemeModel', ['legal_education'])
"""

from __future__ import annotations

import os
from typing import Iterable, Sequence, Union

import numpy as np

from .features import check_text, check_texts, normalize_texts

CONSTANT_SCORE = 10.0
"""Linear score of a theme with no positive training unit (never predicted), and the negative
score every theme gets for a text that is empty after normalisation."""

CHUNK = 1000
"""Units featurised at once: bounds memory and keeps the working arrays in cache."""


class Result:
    """The themes of one unit: ``labels`` above threshold (best first) and ``scores`` for all.

    Results made by :meth:`ThemeModel.classify_many` compute their lists and dictionaries when
    first read, so a large batch costs no Python work per unit until it is used.

    >>> Result(["oversight"], {"oversight": 0.91, "rulemaking": 0.02}).to_dict()["labels"]
    ['oversight']
    """

    __slots__ = ("_labels", "_scores", "_row", "_themes", "_thresholds", "evidence")

    def __init__(self, labels: list[str], scores: dict[str, float], evidence: dict | None = None):
        self._labels, self._scores, self._row = list(labels), dict(scores), None
        self.evidence = evidence

    @classmethod
    def _of_row(cls, row: np.ndarray, themes: tuple, thresholds: tuple) -> "Result":
        result = cls.__new__(cls)
        result._labels = result._scores = result.evidence = None
        result._row, result._themes, result._thresholds = row, themes, thresholds
        return result

    @property
    def labels(self) -> list[str]:
        """Theme ids whose score reaches the model's threshold, highest score first; may be []."""
        if self._labels is None:  # plain Python: eleven floats are too few for NumPy to pay off
            values = self._row.tolist()
            above = [i for i, (value, threshold) in enumerate(zip(values, self._thresholds))
                     if value >= threshold]
            above.sort(key=lambda i: -values[i])  # stable: ties keep the taxonomy order
            self._labels = [self._themes[i] for i in above]
        return self._labels

    @property
    def scores(self) -> dict[str, float]:
        """Every theme's probability in ``[0, 1]``, in taxonomy order (keys are plain ``str``)."""
        if self._scores is None:
            self._scores = dict(zip(self._themes, self._row.tolist()))
        return self._scores

    def to_dict(self) -> dict:
        """JSON-ready form: ``{"labels": [...], "scores": {theme: probability}}``, plus
        ``"evidence"`` when it was asked for (see :mod:`lawthemes.evidence`)."""
        data = {"labels": list(self.labels), "scores": dict(self.scores)}
        if self.evidence is not None:
            data["evidence"] = self.evidence
        return data

    def __eq__(self, other) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return self.labels == other.labels and self.scores == other.scores

    def __repr__(self) -> str:
        return f"Result(labels={self.labels!r})"


def labels_for(probabilities: np.ndarray, thresholds: np.ndarray, themes: tuple) -> list[list[str]]:
    """The labels of each row (themes at or above their threshold, highest first), as
    :attr:`Result.labels` gives them, for a whole batch at once."""
    above = probabilities >= thresholds
    counts = above.sum(axis=1)
    only = np.argmax(above, axis=1)
    labels: list[list[str]] = []
    for row, count in enumerate(counts.tolist()):
        if count == 0:
            labels.append([])
        elif count == 1:
            labels.append([themes[only[row]]])
        else:  # ties keep the taxonomy order, as the stable sort in Result.labels does
            picked = np.flatnonzero(above[row])
            order = picked[np.argsort(-probabilities[row, picked], kind="stable")]
            labels.append([themes[i] for i in order])
    return labels


class ThemeModel:
    """Classifies units with fitted weights: ``scores = features @ coef.T + intercept``, the best
    sentence of a unit counting where sentence pooling is on, then a sigmoid and the thresholds.

    Attributes mirror a fitted :class:`~lawthemes.model.ThemeClassifier`: ``classes_``, ``coef_``,
    ``intercept_``, ``thresholds_``, ``card_`` and ``params`` (its hyper-parameters).
    """

    def __init__(self, featurizer, coef: np.ndarray, intercept: np.ndarray, thresholds: np.ndarray,
                 classes: Sequence[str], params: dict, card: dict | None = None):
        self.featurizer = featurizer
        self.coef_ = np.asarray(coef, dtype=np.float32)
        self.weights = featurizer.prepare_weights(self.coef_.T)  # (n_features, n_themes)
        self.intercept_ = np.asarray(intercept, dtype=np.float32)
        self.thresholds_ = np.asarray(thresholds, dtype=np.float64)
        self.classes_ = np.array([str(theme) for theme in classes])
        self._themes = tuple(str(theme) for theme in classes)
        self.params = dict(params)
        self.card_ = card or {}
        self.location = ("", "in memory")  # set by load_model: (path, why that one)

    @property
    def sentence_pooling(self) -> bool:
        return bool(self.params.get("sentence_pooling", True))

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        """Linear scores, shape ``(n_texts, n_themes)``."""
        return self.normalized_scores(normalize_texts(check_texts(X)))

    def normalized_scores(self, normalized: Sequence[str]) -> np.ndarray:
        """:meth:`decision_function` of texts already passed through ``normalize_text``."""
        scores = np.zeros((len(normalized), len(self._themes)), dtype=np.float32)
        for start in range(0, len(normalized), CHUNK):
            chunk = normalized[start:start + CHUNK]
            scores[start:start + len(chunk)] = self._chunk_scores(chunk)
        return scores

    def _chunk_scores(self, normalized: Sequence[str]) -> np.ndarray:
        rows = self.featurizer.rows(normalized, pooling=self.sentence_pooling)
        row_scores = rows @ self.weights
        row_scores += self.intercept_
        scores = row_scores[:len(normalized)].copy()
        if rows.n_rows > len(normalized):
            np.maximum.at(scores, rows.owner[len(normalized):], row_scores[len(normalized):])
        scores[[not text for text in normalized]] = -CONSTANT_SCORE
        return scores

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Probability of each theme for each text, shape ``(n_texts, n_themes)``."""
        return sigmoid(self.decision_function(X))

    def normalized_proba(self, normalized: Sequence[str]) -> np.ndarray:
        """:meth:`predict_proba` of texts already passed through ``normalize_text``."""
        return sigmoid(self.normalized_scores(normalized))

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """Binary indicator matrix: 1 where a theme's probability reaches its threshold."""
        return (self.predict_proba(X) >= self.thresholds_).astype(np.int64)

    def classify(self, text: str, evidence: bool = False) -> Result:
        """Tag one unit of text (``evidence``: see :meth:`classify_many`).

        >>> from lawthemes import load_model
        >>> load_model().classify("全面推行行政执法公示制度、执法全过程记录制度").labels
        ['law_enforcement']
        """
        check_text(text)
        return self.classify_many([text], evidence=evidence)[0]

    def classify_many(self, texts: Iterable[str], n_jobs: int | None = None,
                      evidence: bool = False) -> list[Result]:
        """Tag many units in one vectorised pass; ``n_jobs`` > 1 (or -1: all cores) spreads large
        batches over processes.  With ``evidence``, each result's ``evidence`` maps every label to
        the span and n-grams behind it (:mod:`lawthemes.evidence`).

        >>> from lawthemes import load_model
        >>> [r.labels for r in load_model().classify_many(["开展宪法宣传周普法活动", "粮食产量1.4万亿斤"])]
        [['legal_education'], []]
        """
        texts = check_texts(texts)
        if n_jobs is not None and not (isinstance(n_jobs, int) and (n_jobs >= 1 or n_jobs == -1)):
            raise ValueError(f"n_jobs must be None, -1 or a positive int, got {n_jobs!r}")
        if n_jobs not in (None, 1) and len(texts) >= 4 * CHUNK:
            results = _classify_in_parallel(self, texts, n_jobs)
            if evidence:
                self._attach_evidence(texts, normalize_texts(texts), results)
            return results
        normalized = normalize_texts(texts)
        probabilities = self.normalized_proba(normalized)
        thresholds = tuple(self.thresholds_.tolist())
        results = [Result._of_row(row, self._themes, thresholds) for row in probabilities]
        if evidence:
            self._attach_evidence(texts, normalized, results)
        return results

    def _attach_evidence(self, texts: list[str], normalized: list[str], results: list[Result]) -> None:
        from .evidence import explain

        for start in range(0, len(texts), CHUNK):
            window = slice(start, start + CHUNK)
            found = explain(self, texts[window], normalized[window], [r.labels for r in results[window]])
            for result, evidence in zip(results[window], found):
                result.evidence = evidence

    def save(self, path: Union[str, "os.PathLike[str]"], card: dict | None = None) -> None:
        """Write the model to ``path`` (data only: arrays and JSON, no pickle), atomically.

        ``card`` defaults to the card the model was loaded with, if any.
        """
        from .serialization import save_model

        save_model(self, path, card=card)


def _classify_in_parallel(model: ThemeModel, texts: list[str], n_jobs: int) -> list[Result]:
    from joblib import Parallel, cpu_count, delayed

    workers = cpu_count() if n_jobs == -1 else n_jobs
    size = max(CHUNK, -(-len(texts) // workers))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    parts = Parallel(n_jobs=workers)(delayed(model.predict_proba)(chunk) for chunk in chunks)
    thresholds = tuple(model.thresholds_.tolist())
    return [Result._of_row(row, model._themes, thresholds) for part in parts for row in part]


def sigmoid(scores: np.ndarray) -> np.ndarray:
    """The logistic function in float64, safe for any score."""
    return 1.0 / (1.0 + np.exp(-np.clip(np.asarray(scores, dtype=np.float64), -500, 500)))
