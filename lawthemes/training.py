"""Train a model from an annotations directory, score it honestly and save it with its card.

``lawthemes train annotations/ --out models/default`` runs :func:`train_and_save`.

>>> from lawthemes.training import DEFAULT_PARAMS
>>> DEFAULT_PARAMS["features"]
'char'
"""

from __future__ import annotations

import datetime
import json
import platform
import warnings
from pathlib import Path

import numpy as np

from .annotations import Corpus, load_corpus, theme_counts, write_text
from .evaluation import cross_validated_predictions, multilabel_scores, to_indicator
from .model import ThemeClassifier
from .serialization import CARD_FILENAME, MODEL_FILENAME, jsonable_params
from .taxonomy import THEME_IDS

DEFAULT_PARAMS = {name: value for name, value in ThemeClassifier().get_params().items()
                  if name != "themes"}
"""The settings of the shipped default model: the estimator's defaults, chosen by
``benchmarks/accuracy.py``."""


def trainable_themes(corpus: Corpus, drop_empty_themes: bool = False) -> list[str]:
    """The themes to learn: all of them, unless some have no positive unit.

    Such a theme is an error unless ``drop_empty_themes`` is set, in which case it is left out
    with a warning (the model then never predicts it).
    """
    counts = theme_counts(corpus.units)
    empty = [theme for theme, count in counts.items() if count == 0]
    if empty and not drop_empty_themes:
        raise ValueError(f"no positive unit for theme(s) {empty}; annotate some, or pass "
                         "--drop-empty-themes to train without them")
    if empty:
        warnings.warn(f"training without theme(s) {empty}: they have no positive unit")
    return [theme for theme in THEME_IDS if theme not in empty]


def cross_validate(corpus: Corpus, params: dict, themes: list[str], n_splits: int = 5):
    """Document-grouped cross-validation of a model with ``params`` on ``corpus``.

    Returns ``(scores, Y, probabilities, predictions)``: :func:`multilabel_scores` output, the gold
    indicator matrix and the out-of-fold probabilities and predictions.
    """
    Y = to_indicator(corpus.label_lists, themes)
    probabilities, predictions = cross_validated_predictions(
        lambda: ThemeClassifier(**{**params, "themes": themes}), corpus.texts, Y, corpus.groups,
        n_splits)
    return multilabel_scores(Y, predictions, themes), Y, probabilities, predictions


def train_and_save(annotations_dir, out, *, params: dict | None = None, folds: int = 5,
                   drop_empty_themes: bool = False, evaluate: bool = True) -> dict:
    """Train on every unit of ``annotations_dir``, save ``out/model.npz`` and ``out/card.json``.

    Returns the model card.  The card's metrics come from document-grouped cross-validation
    (``folds`` folds, which needs at least ``folds`` documents) before the final fit on all
    documents; nothing is written if anything fails before the save.
    """
    corpus = load_corpus(annotations_dir)
    params = {**DEFAULT_PARAMS, **(params or {})}
    themes = trainable_themes(corpus, drop_empty_themes)
    metrics = cross_validate(corpus, params, themes, folds)[0] if evaluate else None
    model = ThemeClassifier(**params, themes=themes).fit(corpus.texts, corpus.label_lists,
                                                          groups=corpus.groups)
    card = build_card(corpus, model, metrics, folds)
    out = Path(out)
    model.save(out / MODEL_FILENAME, card=card)  # the card inside the model file is authoritative
    write_text(out / CARD_FILENAME, json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    return card


def build_card(corpus: Corpus, model: ThemeClassifier, metrics: dict | None, folds: int) -> dict:
    """The model card: what the model learnt from, how, and how well it does on unseen documents."""
    import sklearn

    from . import __version__

    return {
        "name": "lawthemes theme classifier",
        "created": datetime.date.today().isoformat(),
        "themes": [str(theme) for theme in model.classes_],
        "training_data": {
            "sha256": corpus.data_hash(),
            "n_units": len(corpus.units),
            "n_documents": len(corpus.documents),
            "positives": theme_counts(corpus.units),
            "units_without_theme": sum(1 for unit in corpus.units if not unit.labels),
        },
        "params": jsonable_params(model.get_params()),
        "n_features": int(model.coef_.shape[1]),
        "thresholds": {str(t): round(float(v), 2) for t, v in zip(model.classes_, model.thresholds_)},
        "cross_validation": None if metrics is None else {
            "method": f"{folds}-fold document-grouped (GroupKFold by source document); thresholds "
                      "tuned inside each training fold", **_rounded(metrics)},
        "versions": {"lawthemes": __version__, "python": platform.python_version(),
                     "numpy": np.__version__, "scikit-learn": sklearn.__version__},
    }


def _rounded(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value
