"""Train a model from an annotations directory, score it honestly and save it with its card.

Two scores go on the card, and they answer different questions:

- **real reports** (the headline): each real report in turn is left out, a model is trained on
  everything else (every composed document and the other real reports) and scored on it; the
  figures are pooled over the real units.  This is how the model does on a report it has never
  seen, written by somebody else.
- **composed documents**: document-grouped cross-validation over the composed documents alone.
  They were written by the same small team from the same specs, so this is in-distribution and
  optimistic; it is reported, never quoted as the accuracy.

``lawthemes train annotations/ --out models/default`` runs :func:`train_and_save`.

>>> from lawthemes.training import DEFAULT_PARAMS
>>> DEFAULT_PARAMS["features"]
'char'
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import warnings
from pathlib import Path
from typing import Callable

import numpy as np

from .annotations import Corpus, load_corpus, theme_counts, write_text
from .corpus_policy import origin_of
from .evaluation import (cross_validated_predictions, held_out_predictions, multilabel_scores,
                         scores_per_group, to_indicator)
from .model import ThemeClassifier
from .serialization import CARD_FILENAME, MODEL_FILENAME, jsonable_params
from .taxonomy import THEME_IDS

DEFAULT_PARAMS = {name: value for name, value in ThemeClassifier().get_params().items()
                  if name != "themes"}
"""The settings of the shipped default model: the estimator's defaults, chosen by
``benchmarks/accuracy.py``."""

REAL_METHOD = ("leave one real report out: train on every other document (composed and real), "
               "test on the held-out real report; pooled over the real units")
COMPOSED_METHOD = ("{folds}-fold document-grouped cross-validation on the composed documents only "
                   "(in-distribution: optimistic); thresholds tuned inside each training fold")


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


def _factory(params: dict, themes: list[str]) -> Callable:
    return lambda: ThemeClassifier(**{**params, "themes": themes})


def documents_of(corpus: Corpus, origin: str) -> list[str]:
    """The ids of the documents whose ``origin`` is ``'real'`` or ``'composed'``, in table order."""
    return [doc for doc, document in corpus.documents.items() if origin_of(document) == origin]


def cross_validate(corpus: Corpus, params: dict, themes: list[str], n_splits: int = 5,
                   n_jobs: int | None = None):
    """Document-grouped cross-validation of a model with ``params`` on ``corpus``.

    Returns ``(scores, Y, probabilities, predictions)``: :func:`multilabel_scores` output, the gold
    indicator matrix and the out-of-fold probabilities and predictions.
    """
    Y = to_indicator(corpus.label_lists, themes)
    probabilities, predictions = cross_validated_predictions(
        _factory(params, themes), corpus.texts, Y, corpus.groups, n_splits, n_jobs=n_jobs)
    return multilabel_scores(Y, predictions, themes), Y, probabilities, predictions


def evaluate_on_real_reports(corpus: Corpus, params: dict, themes: list[str],
                             progress: Callable | None = None, n_jobs: int | None = None) -> dict | None:
    """Leave each real report out in turn (see the module docstring); ``None`` without real reports.

    Returns ``{"method", "documents", "pooled", "per_document", "Y", "probabilities",
    "predictions", "tested"}``; the last four are arrays over all units of ``corpus``.
    """
    real = documents_of(corpus, "real")
    if not real or len(real) == len(corpus.documents) == 1:
        return None
    Y = to_indicator(corpus.label_lists, themes)
    probabilities, predictions, tested = held_out_predictions(
        _factory(params, themes), corpus.texts, Y, corpus.groups, real, progress, n_jobs=n_jobs)
    return {"method": REAL_METHOD, "documents": real,
            "pooled": multilabel_scores(Y[tested], predictions[tested], themes),
            "per_document": scores_per_group(Y, predictions, corpus.groups, themes, real),
            "Y": Y, "probabilities": probabilities, "predictions": predictions, "tested": tested}


def evaluate_on_composed(corpus: Corpus, params: dict, themes: list[str], folds: int,
                         progress: Callable | None = None, n_jobs: int | None = None) -> dict | None:
    """Grouped cross-validation over the composed documents; ``None`` if there are too few."""
    composed = documents_of(corpus, "composed")
    if len(composed) < folds:
        return None
    if progress:
        progress(f"{folds}-fold cross-validation on {len(composed)} composed documents")
    scores = cross_validate(corpus.restricted_to(composed), params, themes, folds, n_jobs)[0]
    return {"method": COMPOSED_METHOD.format(folds=folds), **scores}


def train_and_save(annotations_dir, out, *, params: dict | None = None, folds: int = 5,
                   drop_empty_themes: bool = False, evaluate: bool = True,
                   progress: Callable | None = None, n_jobs: int | None = None) -> dict:
    """Train on every unit of ``annotations_dir``, save ``out/model.npz`` and ``out/card.json``.

    Returns the model card.  With ``evaluate``, the card carries the real-report and composed
    scores (see the module docstring), computed before the final fit on all documents; nothing
    is written if anything fails before the save.  ``progress`` receives one line per step;
    ``n_jobs`` fits the evaluation's folds in parallel processes.
    """
    progress = progress or (lambda message: None)
    out = check_output_dir(out)
    corpus = load_corpus(annotations_dir)
    params = {**DEFAULT_PARAMS, **(params or {})}
    themes = trainable_themes(corpus, drop_empty_themes)
    evaluation = {}
    if evaluate:
        real = evaluate_on_real_reports(corpus, params, themes, progress, n_jobs)
        evaluation = {"real_reports": real and _card_scores(real),
                      "composed_cross_validation": evaluate_on_composed(corpus, params, themes, folds,
                                                                        progress, n_jobs)}
    progress(f"final fit on {len(corpus.units)} units")
    model = ThemeClassifier(**params, themes=themes).fit(corpus.texts, corpus.label_lists,
                                                          groups=corpus.groups)
    card = build_card(corpus, model, evaluation)
    model.save(out / MODEL_FILENAME, card=card)  # the card inside the model file is authoritative
    write_text(out / CARD_FILENAME, json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    return card


def check_output_dir(out) -> Path:
    """``out`` as a path, if a model directory can be written there; else a one-line ``OSError``.

    Checked before any work, so that a typo does not cost the minutes of a training run.
    """
    out = Path(out)
    existing = next((p for p in (out, *out.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise NotADirectoryError(f"--out {out}: {existing} is a file, not a directory")
    if not os.access(existing, os.W_OK):
        raise PermissionError(f"--out {out}: cannot write in {existing}")
    if out.exists() and any(p.name not in (MODEL_FILENAME, CARD_FILENAME) for p in out.iterdir()):
        raise FileExistsError(f"--out {out}: directory holds other files than {MODEL_FILENAME} and "
                              f"{CARD_FILENAME}; choose an empty or a model directory")
    return out


def _card_scores(real: dict) -> dict:
    return {"method": real["method"], **real["pooled"],
            "per_document": {doc: {key: s[key] for key in ("n_units", "micro_f1", "macro_f1", "exact_match")}
                             for doc, s in real["per_document"].items()}}


def build_card(corpus: Corpus, model: ThemeClassifier, evaluation: dict) -> dict:
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
            "documents": {origin: documents_of(corpus, origin) for origin in ("real", "composed")},
            "positives": theme_counts(corpus.units),
            "units_without_theme": sum(1 for unit in corpus.units if not unit.labels),
        },
        "params": jsonable_params(model.get_params()),
        "n_features": int(model.coef_.shape[1]),
        "thresholds": {str(t): round(float(v), 2) for t, v in zip(model.classes_, model.thresholds_)},
        "evaluation": _rounded(evaluation) if evaluation else None,
        "versions": {"lawthemes": __version__, "python": platform.python_version(),
                     "numpy": np.__version__, "scikit-learn": sklearn.__version__},
    }


def _rounded(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value
