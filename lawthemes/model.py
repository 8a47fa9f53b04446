"""The classifier: TF-IDF features and one linear model per theme, a scikit-learn estimator.

:class:`ThemeClassifier` follows the scikit-learn contract: hyper-parameters in ``__init__``,
``fit(texts, y)`` learns attributes ending in ``_``, ``predict`` returns a binary indicator matrix
with one column per entry of ``classes_`` and ``predict_proba`` the matching probabilities.  On top
of that it speaks the domain: :meth:`~ThemeClassifier.classify` returns a :class:`Result` with theme
ids and scores, and :meth:`~ThemeClassifier.save` writes a data-only file.

Training needs scikit-learn; prediction does not.  A fit ends by building ``model_``, a
:class:`~lawthemes.predictor.ThemeModel` (NumPy only), and every prediction method delegates to it,
so a fitted estimator and the same model saved and loaded again predict alike.

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
from typing import Iterable, Sequence, Union

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from .features import build_vectorizer, check_texts, featurizer_for, normalize_texts, pooled_tfidf
from .predictor import CONSTANT_SCORE, Result, ThemeModel, sigmoid
from .taxonomy import THEME_IDS, check_theme_ids

CLASSIFIERS = ("logreg", "linear_svm", "sgd")
__all__ = ["ThemeClassifier", "Result", "CLASSIFIERS"]


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
    max_features : int or None
        Keep only this many of the most frequent features.
    classifier : {"logreg", "linear_svm", "sgd"}
        The linear model trained for each theme.
    C : float
        Inverse regularisation strength (``alpha = 1 / (C * n_samples)`` for ``"sgd"``).
    class_weight : "balanced" or None
        Re-weight the rare positive units of each theme.
    tune_thresholds : bool
        Choose a per-theme decision threshold that maximises F1 on out-of-fold predictions
        (folds follow ``groups`` given to :meth:`fit`); otherwise every threshold is 0.5.  With
        training units from fewer than two documents it warns and keeps 0.5.
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
        if not texts:
            raise ValueError("cannot fit on an empty list of texts")
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
        self.model_ = self._model_of(self.vectorizer_, self.coef_, self.intercept_, self.thresholds_)
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
                intercepts.append(CONSTANT_SCORE if column[0] else -CONSTANT_SCORE)
                continue
            estimator = self._binary_estimator(features.shape[0])
            estimator.fit(features, column)
            coefs.append(np.ravel(estimator.coef_))
            intercepts.append(float(np.ravel(estimator.intercept_)[0]))
        return vectorizer, np.vstack(coefs).astype(np.float32), np.array(intercepts, np.float32)

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

        n_groups = len(normalized) if groups is None else len(set(groups))
        n_folds = min(self.cv, n_groups)
        if n_folds < 2:
            warnings.warn(f"threshold tuning needs units from at least 2 documents, got {n_groups}; "
                          "using 0.5 for every theme")
            return np.full(Y.shape[1], 0.5)
        out_of_fold = np.zeros(Y.shape, dtype=np.float64)
        for train, test in document_folds(len(normalized), groups, n_folds):
            vectorizer, coef, intercept = self._fit_linear([normalized[i] for i in train], Y[train])
            model = self._model_of(vectorizer, coef, intercept, np.full(Y.shape[1], 0.5))
            out_of_fold[test] = sigmoid(model.normalized_scores([normalized[i] for i in test]))
        return best_f1_thresholds(Y, out_of_fold)

    def _model_of(self, vectorizer, coef, intercept, thresholds) -> ThemeModel:
        return ThemeModel(featurizer_for(vectorizer), coef, intercept, thresholds, self.classes_,
                          params=self.get_params())

    # -- prediction: delegated to the fitted ThemeModel ----------------------------------------
    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        """Linear scores, shape ``(n_texts, n_themes)`` (with pooling: the best of each unit's
        sentences and the whole unit)."""
        check_is_fitted(self, "model_")
        return self.model_.decision_function(X)

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Probability of each theme for each text, shape ``(n_texts, n_themes)``."""
        check_is_fitted(self, "model_")
        return self.model_.predict_proba(X)

    def normalized_proba(self, normalized: Sequence[str]) -> np.ndarray:
        """:meth:`predict_proba` of texts already passed through ``normalize_text``."""
        check_is_fitted(self, "model_")
        return self.model_.normalized_proba(normalized)

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """Binary indicator matrix: 1 where a theme's probability reaches its threshold."""
        check_is_fitted(self, "model_")
        return self.model_.predict(X)

    def score(self, X: Sequence[str], y, sample_weight=None) -> float:
        """Micro-averaged F1 of :meth:`predict` against ``y`` (label lists or indicator matrix).

        scikit-learn's default ``score`` is subset accuracy, which for eleven rare themes says
        little; micro-F1 is the figure lawthemes reports everywhere.
        """
        from sklearn.metrics import f1_score

        check_is_fitted(self, "model_")
        Y = _to_indicator(y, self.classes_, len(check_texts(X)))
        return float(f1_score(Y, self.predict(X), average="micro", sample_weight=sample_weight,
                              zero_division=0.0))

    def classify(self, text: str) -> Result:
        """Tag one unit of text; see :meth:`ThemeModel.classify <lawthemes.predictor.ThemeModel.classify>`."""
        check_is_fitted(self, "model_")
        return self.model_.classify(text)

    def classify_many(self, texts: Iterable[str], n_jobs: int | None = None) -> list[Result]:
        """Tag many units in one vectorised pass; see :meth:`ThemeModel.classify_many
        <lawthemes.predictor.ThemeModel.classify_many>`."""
        check_is_fitted(self, "model_")
        return self.model_.classify_many(texts, n_jobs=n_jobs)

    def save(self, path: Union[str, "os.PathLike[str]"], card: dict | None = None) -> None:
        """Write the fitted model to ``path`` (data only: arrays and JSON, no pickle), atomically."""
        check_is_fitted(self, "model_")
        self.model_.save(path, card=card)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True
        tags.classifier_tags.multi_label = True
        return tags


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
