"""Accuracy benchmark: lawthemes variants against baselines on the same document-grouped folds.

    python benchmarks/accuracy.py                 # full run, writes benchmarks/accuracy.json
    python benchmarks/accuracy.py --tiny          # smoke test on 4 documents (used by the tests)

Every figure is from out-of-fold predictions: each unit is predicted by a model that never saw its
document.  Thresholds, where tuned, are tuned inside each training fold.  Misclassified units of
the shipped configuration go to ``out/bad_cases.jsonl`` beside ``--out`` (by default
``benchmarks/out/bad_cases.jsonl``) for reading.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines import EmptyBaseline, FastTextBaseline, KeywordBaseline  # noqa: E402

from lawthemes.annotations import default_annotations_dir, load_corpus  # noqa: E402
from lawthemes.annotations import write_jsonl  # noqa: E402
from lawthemes.evaluation import (agreement_scores, bad_cases, cross_validated_predictions,  # noqa: E402
                                  multilabel_scores, to_indicator)
from lawthemes.model import ThemeClassifier  # noqa: E402
from lawthemes.taxonomy import THEME_IDS  # noqa: E402
from lawthemes.training import DEFAULT_PARAMS  # noqa: E402

SHIPPED = "lawthemes: char 1-3, logreg, sentence pooling, tuned thresholds (shipped)"


def variants() -> dict:
    """Name -> factory of a fresh model, in the order of the results table."""
    def lawthemes(**changes):
        return lambda: ThemeClassifier(**{**DEFAULT_PARAMS, **changes})

    return {
        "empty (= per-theme majority)": EmptyBaseline,
        "keyword lists (hand-written)": KeywordBaseline,
        "fastText supervised (ova, jieba words)": FastTextBaseline,
        SHIPPED: lawthemes(),
        "lawthemes: same, threshold 0.5": lawthemes(tune_thresholds=False),
        "lawthemes: same, no sentence pooling": lawthemes(sentence_pooling=False),
        "lawthemes: same, no pooling, threshold 0.5": lawthemes(sentence_pooling=False, tune_thresholds=False),
        "lawthemes: char 1-2 (pooling, tuned)": lawthemes(ngram_range=(1, 2)),
        "lawthemes: char 2-4 (pooling, tuned)": lawthemes(ngram_range=(2, 4)),
        "lawthemes: jieba words+bigrams (pooling, tuned)": lawthemes(features="word"),
        "lawthemes: char 1-3 + words (pooling, tuned)": lawthemes(features="char+word"),
        "lawthemes: linear SVM (pooling, tuned)": lawthemes(classifier="linear_svm"),
        "lawthemes: SGD, log loss (pooling, tuned)": lawthemes(classifier="sgd"),
        "lawthemes: logreg C=3 (pooling, tuned)": lawthemes(C=3.0),
        "lawthemes: logreg C=30 (pooling, tuned)": lawthemes(C=30.0),
    }


def run(corpus, names=None, folds: int = 5, out_dir: Path | None = None) -> dict:
    """Score every variant (or those in ``names``) and the annotation agreement; return a dict."""
    Y = to_indicator(corpus.label_lists, THEME_IDS)
    results = {}
    for name, factory in variants().items():
        if names and name not in names:
            continue
        started = time.perf_counter()
        probabilities, predictions = cross_validated_predictions(factory, corpus.texts, Y, corpus.groups, folds)
        scores = multilabel_scores(Y, predictions, THEME_IDS)
        scores["seconds"] = round(time.perf_counter() - started, 1)
        results[name] = scores
        print(f"{scores['micro_f1']:.3f} {scores['macro_f1']:.3f} {scores['seconds']:>7.1f}s  {name}", flush=True)
        if name == SHIPPED and out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            write_jsonl(out_dir / "bad_cases.jsonl",
                        bad_cases(corpus.units, THEME_IDS, Y, predictions, probabilities))
    records = [r for doc in corpus.agreement.values() for r in doc]
    agreement = agreement_scores([r["pass1"] for r in records], [r["pass2"] for r in records],
                                 THEME_IDS) if records else None
    return {"folds": folds, "n_units": len(corpus.units), "n_documents": len(corpus.documents),
            "variants": results, "agreement": agreement}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--annotations", default=str(default_annotations_dir()))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="run only these variant names")
    parser.add_argument("--tiny", action="store_true", help="smoke test: 4 documents, 2 folds, 3 variants")
    parser.add_argument("--out", default=str(HERE / "accuracy.json"))
    args = parser.parse_args(argv)
    corpus = load_corpus(args.annotations)
    names, folds = args.only, args.folds
    if args.tiny:
        corpus = _tiny(corpus)
        names, folds = ["empty (= per-theme majority)", "keyword lists (hand-written)", SHIPPED], 2
    results = run(corpus, names, folds, out_dir=Path(args.out).resolve().parent / "out")
    results["command"] = "python benchmarks/accuracy.py" + (" --tiny" if args.tiny else "")
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _tiny(corpus):
    """Four documents (the local reports, which hold every theme) for a fast smoke run."""
    from lawthemes.annotations import Corpus

    keep = ["weifang-2020", "ledu-2022", "qinzhou-2023", "huichang-2021"]
    units = [unit for unit in corpus.units if unit.doc in keep]
    return Corpus(documents={d: corpus.documents[d] for d in keep}, units=units,
                  agreement={d: r for d, r in corpus.agreement.items() if d in keep})


if __name__ == "__main__":
    sys.exit(main())
