"""Honest evaluation: document-grouped cross-validation, multi-label metrics, threshold tuning.

Units of one report are near duplicates of each other, so every split here keeps whole documents
on one side: a model is always scored on documents it has never seen.

>>> import numpy as np
>>> from lawthemes.evaluation import multilabel_scores
>>> scores = multilabel_scores(np.array([[1, 0], [0, 1]]), np.array([[1, 0], [1, 1]]), ["a", "b"])
>>> round(scores["micro_f1"], 3), scores["per_theme"]["a"]["precision"]
(0.8, 0.5)
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


def document_folds(n_samples: int, groups: Sequence | None, n_splits: int) -> list:
    """``(train_indices, test_indices)`` pairs that never split a group (document) across sides.

    Without ``groups`` the folds are contiguous blocks, which keeps documents together when the
    units are in document order.
    """
    from sklearn.model_selection import GroupKFold, KFold

    if groups is None:
        return list(KFold(n_splits=n_splits).split(np.zeros(n_samples)))
    groups = np.asarray(groups)
    n_groups = len(np.unique(groups))
    if n_groups < n_splits:
        raise ValueError(f"{n_groups} documents cannot make {n_splits} document-grouped folds; "
                         "add documents or use fewer folds")
    return list(GroupKFold(n_splits=n_splits).split(np.zeros(n_samples), groups=groups))


def best_f1_thresholds(Y: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """Per column, the threshold from :data:`THRESHOLD_GRID` with the best F1 (ties: nearest 0.5)."""
    thresholds = np.full(Y.shape[1], 0.5)
    order = np.argsort(np.abs(THRESHOLD_GRID - 0.5), kind="stable")
    for column in range(Y.shape[1]):
        truth = Y[:, column] > 0
        if not truth.any():
            continue
        predicted = probabilities[:, column][:, None] >= THRESHOLD_GRID[order][None, :]
        tp = (predicted & truth[:, None]).sum(axis=0)
        f1 = 2 * tp / (predicted.sum(axis=0) + truth.sum())
        thresholds[column] = THRESHOLD_GRID[order][int(np.argmax(f1))]
    return thresholds


def multilabel_scores(Y_true: np.ndarray, Y_pred: np.ndarray, classes: Sequence[str]) -> dict:
    """Micro/macro precision, recall and F1, exact-match share, hamming loss, per-theme figures.

    Macro averages are over the themes that occur in ``Y_true`` (listed in ``macro_themes``): a
    theme absent from a test set has no F1 to average, and counting it as 0 or 1 would move the
    figure by a choice, not by the model.  Its false positives still count in the micro figures.
    """
    Y_true, Y_pred = np.asarray(Y_true) > 0, np.asarray(Y_pred) > 0
    tp = (Y_true & Y_pred).sum(axis=0)
    fp = (~Y_true & Y_pred).sum(axis=0)
    fn = (Y_true & ~Y_pred).sum(axis=0)
    per_theme = {}
    for index, theme in enumerate(classes):
        precision, recall, f1 = _prf(tp[index], fp[index], fn[index])
        per_theme[str(theme)] = {"precision": precision, "recall": recall, "f1": f1,
                                 "support": int(Y_true[:, index].sum())}
    present = [s for s in per_theme.values() if s["support"]]
    micro_p, micro_r, micro_f1 = _prf(tp.sum(), fp.sum(), fn.sum())
    return {
        "micro_precision": micro_p, "micro_recall": micro_r, "micro_f1": micro_f1,
        "macro_precision": _mean([s["precision"] for s in present]),
        "macro_recall": _mean([s["recall"] for s in present]),
        "macro_f1": _mean([s["f1"] for s in present]),
        "macro_themes": [theme for theme, s in per_theme.items() if s["support"]],
        "exact_match": float((Y_true == Y_pred).all(axis=1).mean()) if len(Y_true) else 0.0,
        "hamming_loss": float((Y_true != Y_pred).mean()) if Y_true.size else 0.0,
        "n_units": int(Y_true.shape[0]),
        "per_theme": per_theme,
    }


def _mean(values: list) -> float:
    return float(np.mean(values)) if values else 0.0


def _prf(tp, fp, fn) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


def cross_validated_predictions(make_model: Callable, texts: Sequence[str], Y: np.ndarray,
                                groups: Sequence, n_splits: int = 5, n_jobs: int | None = None):
    """Out-of-fold ``(probabilities, predictions)`` from a fresh ``make_model()`` per fold.

    A model that tunes thresholds does so on its own training documents only (nested), so the
    held-out documents never influence what is predicted for them.  ``n_jobs`` fits the folds in
    parallel processes.
    """
    groups = np.asarray(groups)
    return _predict_splits(make_model, texts, Y, groups, document_folds(len(texts), groups, n_splits), n_jobs)


def format_scores(scores: dict, title: str = "") -> str:
    """A plain-text table of :func:`multilabel_scores` output."""
    lines = [title] if title else []
    macro_over = len(scores.get("macro_themes", scores["per_theme"]))
    lines.append(f"micro-F1 {scores['micro_f1']:.3f}  macro-F1 {scores['macro_f1']:.3f} (over {macro_over} "
                 f"themes present)  exact match {scores.get('exact_match', 0.0):.3f}  "
                 f"hamming loss {scores['hamming_loss']:.4f}  ({scores['n_units']} units)")
    lines.append(f"{'theme':<22}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}")
    for theme, row in scores["per_theme"].items():
        lines.append(f"{theme:<22}{row['precision']:>10.3f}{row['recall']:>8.3f}"
                     f"{row['f1']:>7.3f}{row['support']:>9d}")
    return "\n".join(lines)


def format_per_document(per_document: dict) -> str:
    """One line per document: units, micro-F1, macro-F1 and exact-match share."""
    lines = [f"{'document':<28}{'units':>6}{'micro-F1':>10}{'macro-F1':>10}{'exact':>8}"]
    for doc, scores in per_document.items():
        lines.append(f"{doc:<28}{scores['n_units']:>6}{scores['micro_f1']:>10.3f}"
                     f"{scores['macro_f1']:>10.3f}{scores['exact_match']:>8.3f}")
    return "\n".join(lines)


def held_out_predictions(make_model: Callable, texts: Sequence[str], Y: np.ndarray,
                         groups: Sequence, test_groups: Sequence, progress: Callable | None = None,
                         train_groups: Sequence | None = None, n_jobs: int | None = None):
    """Leave each of ``test_groups`` out in turn: train a fresh ``make_model()`` on every unit of
    the other groups (test groups included; only ``train_groups`` if given), predict the held-out
    group.

    Returns ``(probabilities, predictions, tested)`` for all units; ``tested`` marks the units of
    ``test_groups``, the only rows that are filled.
    """
    groups = np.asarray(groups)
    allowed = np.ones(len(groups), bool) if train_groups is None else np.isin(groups, list(train_groups))
    splits = []
    for number, group in enumerate(test_groups, start=1):
        if progress:
            progress(f"held-out document {number}/{len(test_groups)}: {group}")
        splits.append((np.flatnonzero((groups != group) & allowed), np.flatnonzero(groups == group)))
    probabilities, predictions = _predict_splits(make_model, texts, Y, groups, splits, n_jobs)
    return probabilities, predictions, np.isin(groups, list(test_groups))


def _fit_and_predict(make_model, texts, Y, groups, train, test):
    model = make_model().fit([texts[i] for i in train], Y[train], groups=groups[train])
    probabilities = model.predict_proba([texts[i] for i in test])
    return probabilities, probabilities >= getattr(model, "thresholds_", 0.5)


def _predict_splits(make_model, texts, Y, groups, splits, n_jobs):
    """Out-of-split probabilities and predictions, the splits fitted in ``n_jobs`` processes."""
    from joblib import Parallel, delayed

    probabilities = np.zeros(Y.shape)
    predictions = np.zeros(Y.shape, dtype=np.int64)
    parts = Parallel(n_jobs=n_jobs)(delayed(_fit_and_predict)(make_model, texts, Y, groups, train, test)
                                    for train, test in splits)
    for (_, test), (probability, prediction) in zip(splits, parts):
        probabilities[test], predictions[test] = probability, prediction
    return probabilities, predictions


def scores_per_group(Y: np.ndarray, predictions: np.ndarray, groups: Sequence, classes: Sequence[str],
                     selected: Sequence) -> dict:
    """:func:`multilabel_scores` of each group in ``selected``, in that order."""
    groups = np.asarray(groups)
    return {str(group): multilabel_scores(Y[groups == group], predictions[groups == group], classes)
            for group in selected}


def bad_cases(units, classes, Y_true, Y_pred, probabilities) -> list[dict]:
    """The units whose predicted label set differs from the gold one, for reading errors."""
    rows = []
    for unit, truth, guess, proba in zip(units, Y_true, Y_pred, probabilities):
        if (truth != guess).any():
            rows.append({
                "id": unit.id, "doc": unit.doc, "text": unit.text,
                "gold": [str(c) for c, t in zip(classes, truth) if t],
                "predicted": [str(c) for c, g in zip(classes, guess) if g],
                "scores": {str(c): round(float(p), 4) for c, p in zip(classes, proba)},
            })
    return rows


def agreement_scores(first: Sequence[Sequence[str]], second: Sequence[Sequence[str]],
                     classes: Sequence[str]) -> dict:
    """Agreement of two annotation passes as :func:`multilabel_scores` (the first as reference;
    F1 is symmetric, so the choice does not change it)."""
    return multilabel_scores(to_indicator(first, classes), to_indicator(second, classes), classes)


def to_indicator(label_lists: Sequence[Sequence[str]], classes: Sequence[str]) -> np.ndarray:
    """Label lists to a binary matrix with one column per class; labels not in ``classes`` (themes
    a model was trained without) are left out."""
    index = {str(theme): i for i, theme in enumerate(classes)}
    Y = np.zeros((len(label_lists), len(classes)), dtype=np.int64)
    for row, labels in enumerate(label_lists):
        for label in labels:
            if label in index:
                Y[row, index[label]] = 1
    return Y

