"""Accuracy benchmark: lawthemes variants against baselines, measured on real reports.

    python benchmarks/accuracy.py                          # full run, writes benchmarks/accuracy.json
    python benchmarks/accuracy.py --previous-corpus DIR    # also the previous model's recipe on DIR
    python benchmarks/accuracy.py --tiny                   # smoke test (used by the tests)

The headline: every real report is left out in turn; a model trained on everything else (every
composed document and the other real reports) predicts it; the figures are pooled over the real
units.  The same held-out reports score the hand-written keyword baseline, and, with
``--previous-corpus`` (an ``annotations/`` directory of an earlier version, e.g. from ``git
worktree add ../lawthemes-v1 e35d02a``), the previous model's recipe trained on the previous
corpus minus the held-out report.  Document-grouped cross-validation over the composed documents
alone is reported apart and labelled as in-distribution: composed text was written by the project
from its own specs, so it flatters the model.  Misclassified real units of the shipped
configuration go to ``out/bad_cases.jsonl`` beside ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines import EmptyBaseline, FastTextBaseline, KeywordBaseline  # noqa: E402

from lawthemes.annotations import Corpus, default_annotations_dir, load_corpus, write_jsonl  # noqa: E402
from lawthemes.evaluation import (agreement_scores, bad_cases, cross_validated_predictions,  # noqa: E402
                                  held_out_predictions, multilabel_scores, scores_per_group,
                                  to_indicator)
from lawthemes.model import ThemeClassifier  # noqa: E402
from lawthemes.taxonomy import THEME_IDS  # noqa: E402
from lawthemes.training import DEFAULT_PARAMS, documents_of  # noqa: E402

JOBS = 2
"""Folds fitted in parallel (this machine has two cores)."""
SHIPPED = "lawthemes: char 1-3, logreg C=10, sentence pooling, tuned thresholds (shipped)"
KEYWORDS = "keyword lists (hand-written)"
EMPTY = "empty (= per-theme majority)"


def lawthemes(**changes):
    return lambda: ThemeClassifier(**{**DEFAULT_PARAMS, **changes})


def variants() -> dict:
    """Name -> factory of a fresh model, in the order of the results table."""
    return {
        EMPTY: EmptyBaseline,
        KEYWORDS: KeywordBaseline,
        "fastText supervised (ova, jieba words)": FastTextBaseline,
        SHIPPED: lawthemes(),
        "lawthemes: same, threshold 0.5": lawthemes(tune_thresholds=False),
        "lawthemes: same, no sentence pooling": lawthemes(sentence_pooling=False),
        "lawthemes: char 1-2": lawthemes(ngram_range=(1, 2)),
        "lawthemes: char 2-4 (scikit-learn featuriser)": lawthemes(ngram_range=(2, 4)),
        "lawthemes: jieba words+bigrams": lawthemes(features="word"),
        "lawthemes: char 1-3 + words": lawthemes(features="char+word"),
        "lawthemes: linear SVM": lawthemes(classifier="linear_svm"),
        "lawthemes: SGD, log loss": lawthemes(classifier="sgd"),
        "lawthemes: logreg C=3": lawthemes(C=3.0),
        "lawthemes: logreg C=30": lawthemes(C=30.0),
        "lawthemes: min_df=3 (smaller model)": lawthemes(min_df=3),
        "lawthemes: min_df=5 (smaller model)": lawthemes(min_df=5),
    }


def on_real_reports(factory, corpus: Corpus, train_docs=None) -> dict:
    """Leave each real report out; train on every other document (or only on ``train_docs``)."""
    real = documents_of(corpus, "real")
    Y = to_indicator(corpus.label_lists, THEME_IDS)
    probabilities, predictions, tested = held_out_predictions(
        factory, corpus.texts, Y, corpus.groups, real, train_groups=train_docs, n_jobs=JOBS)
    return {"scores": _real_scores(Y, predictions, tested, corpus.groups, real), "Y": Y,
            "probabilities": probabilities, "predictions": predictions, "tested": tested}


def _real_scores(Y, predictions, tested, groups, real) -> dict:
    scores = multilabel_scores(Y[tested], predictions[tested], THEME_IDS)
    scores["per_document"] = {doc: {k: s[k] for k in ("n_units", "micro_f1", "macro_f1", "exact_match")}
                              for doc, s in scores_per_group(Y, predictions, groups, THEME_IDS, real).items()}
    return scores


def previous_recipe(previous: Corpus, corpus: Corpus) -> dict:
    """The previous model's recipe, trained on the previous corpus minus each held-out real report,
    scored on the current labels of that report."""
    real = documents_of(corpus, "real")
    Y = to_indicator(corpus.label_lists, THEME_IDS)
    groups = np.asarray(corpus.groups)
    predictions = np.zeros(Y.shape, np.int64)
    for doc in real:
        train = [u for u in previous.units if u.doc != doc]
        model = lawthemes()().fit([u.text for u in train], [u.labels for u in train],
                                  groups=[u.doc for u in train])
        rows = np.flatnonzero(groups == doc)
        predictions[rows] = model.predict([corpus.units[i].text for i in rows])
    return _real_scores(Y, predictions, np.isin(groups, real), groups, real)


def composed_cross_validation(corpus: Corpus, folds: int) -> dict | None:
    composed = corpus.restricted_to(documents_of(corpus, "composed"))
    if len(composed.documents) < folds:
        return None
    Y = to_indicator(composed.label_lists, THEME_IDS)
    _, predictions = cross_validated_predictions(lawthemes(), composed.texts, Y, composed.groups, folds, n_jobs=JOBS)
    return multilabel_scores(Y, predictions, THEME_IDS)


def run(corpus: Corpus, names=None, folds: int = 5, out_dir: Path | None = None,
        previous: Corpus | None = None, data_variants: bool = True) -> dict:
    results = {}
    for name, factory in variants().items():
        if names and name not in names:
            continue
        started = time.perf_counter()
        measured = on_real_reports(factory, corpus)
        results[name] = {**measured["scores"], "seconds": round(time.perf_counter() - started, 1)}
        _say(results[name], name)
        if name == SHIPPED and out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            rows = np.flatnonzero(measured["tested"])
            write_jsonl(out_dir / "bad_cases.jsonl", bad_cases(
                [corpus.units[i] for i in rows], THEME_IDS, measured["Y"][rows],
                measured["predictions"][rows], measured["probabilities"][rows]))
    data = {}
    if data_variants:
        for name, docs in (("real reports only (the other real reports)", documents_of(corpus, "real")),
                           ("composed documents only", documents_of(corpus, "composed"))):
            started = time.perf_counter()
            data[name] = {**on_real_reports(lawthemes(), corpus, train_docs=docs)["scores"],
                          "seconds": round(time.perf_counter() - started, 1)}
            _say(data[name], f"shipped settings, trained on {name}")
    if previous is not None:
        data["previous model's recipe on the previous corpus (seeds + national work reports)"] = \
            previous_recipe(previous, corpus)
    records = [r for doc in corpus.agreement.values() for r in doc]
    return {
        "n_units": len(corpus.units), "n_documents": len(corpus.documents),
        "real_documents": documents_of(corpus, "real"),
        "n_real_units": int(np.isin(corpus.groups, documents_of(corpus, "real")).sum()),
        "variants": results, "training_data_variants": data,
        "composed_cross_validation": composed_cross_validation(corpus, folds) if names is None else None,
        "folds": folds,
        "agreement": agreement_scores([r["pass1"] for r in records], [r["pass2"] for r in records],
                                      THEME_IDS) if records else None,
    }


def _say(scores: dict, name: str) -> None:
    print(f"{scores['micro_f1']:.3f} {scores['macro_f1']:.3f} {scores.get('seconds', 0):>7.1f}s  {name}",
          flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--annotations", default=str(default_annotations_dir()))
    parser.add_argument("--previous-corpus", help="annotations directory of the previous corpus")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="run only these variant names")
    parser.add_argument("--tiny", action="store_true", help="smoke test: a few documents, 3 variants")
    parser.add_argument("--out", default=str(HERE / "accuracy.json"))
    args = parser.parse_args(argv)
    corpus = load_corpus(args.annotations)
    names, folds = args.only, args.folds
    if args.tiny:
        corpus = _tiny(corpus)
        names, folds = [EMPTY, KEYWORDS, SHIPPED], 2
    previous = load_corpus(args.previous_corpus) if args.previous_corpus else None
    results = run(corpus, names, folds, out_dir=Path(args.out).resolve().parent / "out",
                  previous=previous, data_variants=not args.tiny)
    results["command"] = "python benchmarks/accuracy.py" + (" --tiny" if args.tiny else "") + \
        (" --previous-corpus ../lawthemes-v1/annotations" if previous is not None else "")
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _tiny(corpus: Corpus) -> Corpus:
    """Three real reports and a few composed documents (if any), for a fast smoke run."""
    keep = documents_of(corpus, "real")[:3] + documents_of(corpus, "composed")[:3]
    return corpus.restricted_to(keep)


if __name__ == "__main__":
    sys.exit(main())
