"""The classifier: TF-IDF features and one linear model per theme, a scikit-learn estimator.

:class:`ThemeClassifier` follows the scikit-learn contract: hyper-parameters in ``__init__``,
``fit(texts, y)`` learns attributes ending in ``_``, ``predict`` returns a binary indicator matrix
with one column per entry of ``classes_`` and ``predict_proba`` the matching probabilities.  On top
of that it speaks the domain: :meth:`~ThemeClassifier.classify` returns a :class:`Result` with theme
ids and scores, and :meth:`~ThemeClassifier.save` writes a data-only file.

>>> from lawthemes.model import ThemeClassifier
>>> texts = ["全面推行行政执法三项制度", "办理行政复议案件", "严格行政执法监督", "化解行政争议复议"]
>>> clf = ThemeClassifier(min_df=1, tune_thresholds=False, themes=["law_enforcement", "dispute_resolution"])
>>> clf = clf.fit(texts, [["law_enforcement"], ["dispute_resolution"]] * 2)
>>> clf.classify("行政执法").labels
['law_enforcement']
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from typing import Iterable, Sequence, Union

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .features import build_vectorizer, check_text, check_texts, normalize_texts, pooled_tfidf
from .taxonomy import THEME_IDS, check_theme_ids

CLASSIFIERS = ("logreg", "linear_svm", "sgd")


@dataclass(frozen=True)
class Result:
    """The themes of one unit: ``labels`` above threshold (best first) and ``scores`` for all.

    >>> Result(["oversight"], {"oversight": 0.91, "rulemaking": 0.02}).to_dict()["labels"]
    ['oversight']
    """

    labels: list[str]
    scores: dict[str, float] = field(repr=False)

    def to_dict(self) -> dict:
        """JSON-ready form: ``{"labels": [...], "scores": {theme: probability}}``."""
        return {"labels": list(self.labels), "scores": dict(self.scores)}


class ThemeClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label theme classifier: TF-IDF features, one linear model per theme.

    Parameters
    ----------
    features : {"char", "word", "char+word"}
        Character n-grams, jieba words (and word bigrams), or both.
    ngram_range : tuple of int
        Character n-gram lengths.
    min_df : int
        Ignore features seen in fewer units than this.
    classifier : {"logreg", "linear_svm", "sgd"}
        The linear model trained for each theme.
    C : float
        Inverse regularisation strength (``alpha = 1 / (C * n_samples)`` for ``"sgd"``).
    class_weight : "balanced" or None
        Re-weight the rare positive units of each theme.
    tune_thresholds : bool
        Choose a per-theme decision threshold that maximises F1 on out-of-fold predictions
        (folds follow ``groups`` given to :meth:`fit`); otherwise every threshold is 0.5.
    cv : int
        Folds for threshold tuning (fewer if the training data has fewer documents).
    sentence_pooling : bool
        Score each sentence of a unit as well as the whole unit and keep the highest score per
        theme, so that a theme addressed in one clause of a long paragraph is not diluted.
    themes : sequence of str or None
        Theme ids to learn, in output order; None means every theme of the taxonomy.
    random_state : int
        Seed for every random choice, so that the same data give the same model.
    """

    def __init__(self, features: str = "char", ngram_range: tuple = (1, 3), min_df: int = 2,
                 max_features: int | None = None, classifier: str = "logreg", C: float = 10.0,
                 class_weight: str | None = "balanced", tune_thresholds: bool = True, cv: int = 5,
                 sentence_pooling: bool = True, themes: Sequence[str] | None = None,
                 random_state: int = 0):
        self.features = features
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.classifier = classifier
        self.C = C
        self.class_weight = class_weight
        self.tune_thresholds = tune_thresholds
        self.cv = cv
        self.sentence_pooling = sentence_pooling
        self.themes = themes
        self.random_state = random_state

    # -- training -----------------------------------------------------------------------------
    def fit(self, X: Sequence[str], y: Sequence[Sequence[str]] | np.ndarray,
            groups: Sequence | None = None) -> "ThemeClassifier":
        """Learn from texts ``X`` and labels ``y`` (lists of theme ids, or an indicator matrix).

        ``groups`` (e.g. the source document of each unit) keeps whole groups together in the
        folds used to tune thresholds; without it the folds are contiguous blocks of ``X``.
        """
        texts = check_texts(X)
        classes = np.array(list(self.themes) if self.themes is not None else THEME_IDS)
        check_theme_ids(classes)
        Y = _to_indicator(y, classes, len(texts))
        missing = [str(theme) for theme in classes[Y.sum(axis=0) == 0]]
        if missing:  # e.g. a cross-validation fold without a rare theme's documents
            warnings.warn(f"no positive unit for theme(s) {missing}: the model will never predict "
                          "them; annotate some, or pass themes=[...] without them")
        normalized = normalize_texts(texts)
        self.classes_ = classes
        self.vectorizer_, self.coef_, self.intercept_ = self._fit_linear(normalized, Y)
        self.thresholds_ = (self._tuned_thresholds(normalized, Y, groups) if self.tune_thresholds
                            else np.full(len(classes), 0.5))
        return self

    def _fit_linear(self, normalized: list[str], Y: np.ndarray):
        vectorizer = build_vectorizer(self.features, ngram_range=self.ngram_range,
                                      min_df=self.min_df, max_features=self.max_features)
        if self.sentence_pooling:  # the unit rows prediction sees: n-grams never span sentences
            features = pooled_tfidf(vectorizer.fit(normalized), normalized, sentences=False)[0]
        else:
            features = vectorizer.fit_transform(normalized)
        coefs, intercepts = [], []
        for column in Y.T:
            if column.min() == column.max():
                # a fold of the threshold tuning may lack a rare theme: predict the constant
                coefs.append(np.zeros(features.shape[1]))
                intercepts.append(_CONSTANT_SCORE if column[0] else -_CONSTANT_SCORE)
                continue
            estimator = self._binary_estimator(features.shape[0])
            estimator.fit(features, column)
            coefs.append(np.ravel(estimator.coef_))
            intercepts.append(float(np.ravel(estimator.intercept_)[0]))
        return vectorizer, as_weights(np.vstack(coefs)), np.array(intercepts, np.float32)

    def _binary_estimator(self, n_samples: int):
        from sklearn.linear_model import LogisticRegression, SGDClassifier
        from sklearn.svm import LinearSVC

        if self.classifier == "logreg":
            return LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear",
                                      max_iter=1000, random_state=self.random_state)
        if self.classifier == "linear_svm":
            return LinearSVC(C=self.C / 10, class_weight=self.class_weight,
                             random_state=self.random_state)
        if self.classifier == "sgd":
            return SGDClassifier(loss="log_loss", alpha=1.0 / (self.C * n_samples),
                                 class_weight=self.class_weight, max_iter=50, tol=None,
                                 random_state=self.random_state)
        raise ValueError(f"unknown classifier {self.classifier!r}; choose one of {CLASSIFIERS}")

    def _tuned_thresholds(self, normalized: list[str], Y: np.ndarray, groups) -> np.ndarray:
        from .evaluation import best_f1_thresholds, document_folds

        n_folds = self.cv if groups is None else min(self.cv, len(set(groups)))
        if n_folds < 2:
            warnings.warn("threshold tuning needs units from at least 2 documents; using 0.5")
            return np.full(Y.shape[1], 0.5)
        out_of_fold = np.zeros(Y.shape, dtype=np.float64)
        for train, test in document_folds(len(normalized), groups, n_folds):
            vectorizer, coef, intercept = self._fit_linear([normalized[i] for i in train], Y[train])
            scores = self._linear_scores(vectorizer, coef, intercept, [normalized[i] for i in test])
            out_of_fold[test] = _sigmoid(scores)
        return best_f1_thresholds(Y, out_of_fold)

    # -- prediction ---------------------------------------------------------------------------
    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        """Linear scores, shape ``(n_texts, n_themes)`` (with pooling: the best of each unit's
        sentences and the whole unit)."""
        normalized = normalize_texts(check_texts(X))
        return self._linear_scores(self.vectorizer_, self.coef_, self.intercept_, normalized)

    def _linear_scores(self, vectorizer, coef, intercept, normalized: list[str]) -> np.ndarray:
        """Scores of normalised texts; a text left empty by normalisation scores "no theme"."""
        if not normalized:
            return np.zeros((0, len(intercept)))
        if not self.sentence_pooling:
            scores = np.asarray(vectorizer.transform(normalized) @ coef.T) + intercept
        else:
            features, owner = pooled_tfidf(vectorizer, normalized)
            row_scores = np.asarray(features @ coef.T) + intercept
            scores = row_scores[: len(normalized)].copy()
            np.maximum.at(scores, owner[len(normalized):], row_scores[len(normalized):])
        scores[[not text for text in normalized]] = -_CONSTANT_SCORE
        return scores

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Probability of each theme for each text, shape ``(n_texts, n_themes)``."""
        return _sigmoid(self.decision_function(X))

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """Binary indicator matrix: 1 where a theme's probability reaches its threshold."""
        return (self.predict_proba(X) >= self.thresholds_).astype(np.int64)

    def classify(self, text: str) -> Result:
        """Tag one unit of text.

        >>> from lawthemes import load_model
        >>> load_model().classify("全面推行行政执法公示制度、执法全过程记录制度").labels
        ['law_enforcement']
        """
        check_text(text)
        return self.classify_many([text])[0]

    def classify_many(self, texts: Iterable[str], n_jobs: int | None = None) -> list[Result]:
        """Tag many units in one vectorised pass; ``n_jobs`` > 1 (or -1: all cores) spreads large
        batches over processes.

        >>> from lawthemes import load_model
        >>> [r.labels for r in load_model().classify_many(["开展宪法宣传周普法活动", "粮食产量1.4万亿斤"])]
        [['legal_education'], []]
        """
        texts = check_texts(texts)
        if n_jobs is not None and not (isinstance(n_jobs, int) and (n_jobs >= 1 or n_jobs == -1)):
            raise ValueError(f"n_jobs must be None, -1 or a positive int, got {n_jobs!r}")
        if n_jobs not in (None, 1) and len(texts) >= 2 * _MIN_CHUNK:
            return _classify_in_parallel(self, texts, n_jobs)
        results = []
        for start in range(0, len(texts), _MIN_CHUNK):  # chunks bound the feature matrix's memory
            chunk = texts[start:start + _MIN_CHUNK]
            results.extend(self._result(row) for row in self.predict_proba(chunk))
        return results

    def _result(self, probabilities: np.ndarray) -> Result:
        scores = {theme: float(p) for theme, p in zip(self.classes_, probabilities)}
        above = [i for i in np.argsort(-probabilities, kind="stable")
                 if probabilities[i] >= self.thresholds_[i]]
        return Result(labels=[str(self.classes_[i]) for i in above], scores=scores)

    # -- persistence --------------------------------------------------------------------------
    def save(self, path: Union[str, "os.PathLike[str]"], card: dict | None = None) -> None:
        """Write the fitted model to ``path`` (data only: arrays and JSON, no pickle), atomically.

        ``card`` defaults to the card the model was loaded with, if any.
        """
        from .serialization import save_model

        save_model(self, path, card=card)


_MIN_CHUNK = 2000
_CONSTANT_SCORE = 10.0


def _classify_in_parallel(model: ThemeClassifier, texts: list[str], n_jobs: int) -> list[Result]:
    from joblib import Parallel, cpu_count, delayed

    workers = cpu_count() if n_jobs == -1 else n_jobs
    size = max(_MIN_CHUNK, -(-len(texts) // workers))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    parts = Parallel(n_jobs=workers)(delayed(model.classify_many)(chunk) for chunk in chunks)
    return [result for part in parts for result in part]


def as_weights(coef) -> np.ndarray:
    """Coefficients as float32 in Fortran order, so that ``coef.T`` (used in every prediction)
    is C-contiguous and sparse-times-dense needs no copy of the weights."""
    return np.asfortranarray(coef, dtype=np.float32)


def _sigmoid(scores: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(np.asarray(scores, dtype=np.float64), -500, 500)))


def _to_indicator(y, classes: np.ndarray, n_texts: int) -> np.ndarray:
    if isinstance(y, np.ndarray) and y.ndim == 2:
        if y.shape != (n_texts, len(classes)):
            raise ValueError(f"indicator matrix has shape {y.shape}, expected {(n_texts, len(classes))}")
        return (y > 0).astype(np.int64)
    from .evaluation import to_indicator

    label_lists = list(y)
    if len(label_lists) != n_texts:
        raise ValueError(f"got {n_texts} texts but {len(label_lists)} label lists")
    for row, labels in enumerate(label_lists):
        if isinstance(labels, str):
            raise TypeError(f"labels at index {row} must be a list of theme ids, got str {labels!r}")
        check_theme_ids(labels, where=f"labels at index {row}")
    return to_indicator(label_lists, classes)
