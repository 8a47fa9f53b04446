"""``lawthemes train``, ``evaluate`` and ``themes``: build models, score them honestly, list themes."""

from __future__ import annotations

import json

import numpy as np

from ..taxonomy import THEMES
from .common import EXIT_OK, UsageError, at_least_two, command, positive_float, warn

SCHEMES = ("real", "composed", "all")


def add(commands) -> None:
    _add_train(commands)
    _add_evaluate(commands)
    info = command(commands, "info", "Say which model is in use, where it was loaded from, and its card.",
                   "LAWTHEMES_MODEL=models/mine lawthemes info", run_info)
    info.add_argument("--model", metavar="PATH", help="model file or directory (default: $LAWTHEMES_MODEL, "
                                                      "else the shipped model)")
    info.add_argument("--json", action="store_true", help="print the location and the whole card as JSON")
    themes = command(commands, "themes", "List the theme taxonomy.", "lawthemes themes --format json",
                     run_themes)
    themes.add_argument("--format", choices=("table", "json"), default="table")


def _add_model_options(parser) -> None:
    from ..features import FEATURE_KINDS
    from ..model import CLASSIFIERS

    parser.add_argument("--features", choices=FEATURE_KINDS, help="feature kind (default: char)")
    parser.add_argument("--classifier", choices=CLASSIFIERS, help="linear model (default: logreg)")
    parser.add_argument("--C", type=positive_float, dest="C", help="inverse regularisation strength (> 0)")
    parser.add_argument("--no-thresholds", action="store_true", help="use 0.5 instead of tuned thresholds")
    parser.add_argument("--folds", type=at_least_two, default=5, help="document-grouped folds (default 5)")
    parser.add_argument("--drop-empty-themes", action="store_true",
                        help="train without themes that have no positive unit (with a warning)")
    parser.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                        help="fit evaluation folds in N processes (-1: all cores; default 1)")


def _params(args) -> dict:
    params = {name: getattr(args, name) for name in ("features", "classifier", "C")
              if getattr(args, name) is not None}
    if args.no_thresholds:
        params["tune_thresholds"] = False
    return params


# -- train --------------------------------------------------------------------------------------
def _add_train(commands) -> None:
    parser = command(commands, "train", "Train a model on an annotations directory and save it.",
                     "lawthemes train annotations/ --out models/default", run_train)
    parser.add_argument("annotations", help="annotations directory (documents.csv, sources/, units/)")
    parser.add_argument("--out", required=True, help="model directory to write (model.npz, card.json)")
    parser.add_argument("--skip-evaluation", action="store_true",
                        help="do not evaluate for the card (much faster; the card has no metrics)")
    _add_model_options(parser)


def run_train(args) -> int:
    from ..evaluation import format_per_document, format_scores
    from ..training import train_and_save

    card = train_and_save(args.annotations, args.out, params=_params(args), folds=args.folds,
                          drop_empty_themes=args.drop_empty_themes, evaluate=not args.skip_evaluation,
                          progress=warn, n_jobs=args.jobs)
    data = card["training_data"]
    print(f"trained on {data['n_units']} units from {data['n_documents']} documents -> {args.out}")
    evaluation = card["evaluation"] or {}
    if evaluation.get("real_reports"):
        real = evaluation["real_reports"]
        print(format_scores(real, title=f"On real reports ({real['method']}):"))
        print(format_per_document(real["per_document"]))
    if evaluation.get("composed_cross_validation"):
        composed = evaluation["composed_cross_validation"]
        print(format_scores(composed, title=f"On composed documents ({composed['method']}):"))
    return EXIT_OK


# -- evaluate -----------------------------------------------------------------------------------
def _add_evaluate(commands) -> None:
    parser = command(commands, "evaluate",
                     "Score a model on documents it has not seen, or a saved model on a test set.",
                     "lawthemes evaluate annotations/ --bad-cases errors.jsonl", run_evaluate)
    parser.add_argument("annotations", help="annotations directory to evaluate on")
    parser.add_argument("--scheme", choices=SCHEMES, default="real", help=(
        "real (default): leave each real report out, train on everything else; composed: grouped "
        "cross-validation on composed documents (in-distribution, optimistic); all: grouped "
        "cross-validation on every document. With --model: which documents to score"))
    parser.add_argument("--model", metavar="PATH", help="score this saved model instead of training")
    parser.add_argument("--bad-cases", metavar="FILE", help="write misclassified units (gold, predicted, scores) as JSON lines")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    _add_model_options(parser)


def run_evaluate(args) -> int:
    from ..annotations import load_corpus, write_jsonl
    from ..evaluation import bad_cases, format_per_document, format_scores, scores_per_group

    corpus = load_corpus(args.annotations)
    title, themes, Y, probabilities, predictions, tested, notes = (
        _score_saved_model(args, corpus) if args.model else _score_by_training(args, corpus))
    docs = sorted({corpus.units[i].doc for i in np.flatnonzero(tested)},
                  key=list(corpus.documents).index)
    pooled = _pooled(Y, predictions, tested, themes)
    per_document = scores_per_group(Y, predictions, corpus.groups, themes, docs)
    for note in notes:
        warn(f"note: {note}")
    if args.json:
        print(json.dumps({"method": title, "notes": notes, "pooled": pooled, "per_document": per_document},
                         indent=2, ensure_ascii=False))
    else:
        print(format_scores(pooled, title=title))
        print(format_per_document(per_document))
    if args.bad_cases:
        rows = np.flatnonzero(tested)
        write_jsonl(args.bad_cases, bad_cases([corpus.units[i] for i in rows], themes, Y[rows],
                                              predictions[rows], probabilities[rows]))
    return EXIT_OK


def _pooled(Y, predictions, tested, themes) -> dict:
    from ..evaluation import multilabel_scores

    return multilabel_scores(Y[tested], predictions[tested], themes)


def _score_by_training(args, corpus):
    from ..training import (COMPOSED_METHOD, DEFAULT_PARAMS, cross_validate, documents_of,
                            evaluate_on_real_reports, trainable_themes)

    themes = trainable_themes(corpus, args.drop_empty_themes)
    params = {**DEFAULT_PARAMS, **_params(args)}
    if args.scheme == "real":
        result = evaluate_on_real_reports(corpus, params, themes, progress=warn, n_jobs=args.jobs)
        if result is None:
            raise UsageError(f"{args.annotations} has no real report to hold out besides the training "
                             "data; use --scheme composed or --scheme all")
        return (f"On real reports ({result['method']}):", themes, result["Y"], result["probabilities"],
                result["predictions"], result["tested"], [])
    subset = corpus if args.scheme == "all" else corpus.restricted_to(documents_of(corpus, "composed"))
    if len(subset.documents) < args.folds:
        raise UsageError(f"--scheme {args.scheme} has {len(subset.documents)} documents: cannot make "
                         f"{args.folds} document-grouped folds; use fewer --folds or another --scheme")
    _, Y_part, probabilities_part, predictions_part = cross_validate(subset, params, themes, args.folds,
                                                                     args.jobs)
    rows = np.array([unit.doc in subset.documents for unit in corpus.units])
    Y, probabilities, predictions = (np.zeros((len(rows), len(themes)), dtype=kind)
                                     for kind in (np.int64, float, np.int64))
    Y[rows], probabilities[rows], predictions[rows] = Y_part, probabilities_part, predictions_part
    title = (COMPOSED_METHOD.format(folds=args.folds) if args.scheme == "composed" else
             f"{args.folds}-fold document-grouped cross-validation on every document")
    return f"{title}:", themes, Y, probabilities, predictions, rows, []


def _score_saved_model(args, corpus):
    from ..api import load_model
    from ..evaluation import to_indicator
    from ..training import documents_of

    model = load_model(args.model)
    themes = [str(theme) for theme in model.classes_]
    docs = set(corpus.documents if args.scheme == "all" else documents_of(corpus, args.scheme))
    tested = np.array([unit.doc in docs for unit in corpus.units])
    Y = to_indicator(corpus.label_lists, themes)
    probabilities = model.predict_proba(corpus.texts)
    predictions = (probabilities >= model.thresholds_).astype(np.int64)
    return (f"{args.model} on the {args.scheme} documents of {args.annotations}:", themes, Y,
            probabilities, predictions, tested, _overlap_notes(model, docs))


def _overlap_notes(model, test_docs: set) -> list[str]:
    """Say when the test documents were part of the model's training data."""
    trained_on = (getattr(model, "card_", None) or {}).get("training_data", {}).get("documents")
    if trained_on is None:
        return ["this model's card does not list its training documents: cannot tell whether the "
                "test set overlaps them"]
    overlap = sorted(test_docs & {doc for docs in trained_on.values() for doc in docs})
    if not overlap:
        return []
    return [f"{len(overlap)} of the {len(test_docs)} test documents were in this model's training "
            f"data ({', '.join(overlap[:5])}{', …' if len(overlap) > 5 else ''}): these scores are "
            "optimistic; use 'lawthemes evaluate DIR' without --model for held-out scores"]


# -- info ---------------------------------------------------------------------------------------
WHY = {"argument": "--model", "LAWTHEMES_MODEL": "the environment variable LAWTHEMES_MODEL",
       "shipped": "the shipped default (set LAWTHEMES_MODEL or pass --model to use another)"}


def run_info(args) -> int:
    from ..api import load_model

    model = load_model(args.model)
    path, how = model.location
    card = model.card_ or {}
    if args.json:
        print(json.dumps({"path": path, "chosen_by": how, "card": card}, indent=2, ensure_ascii=False))
        return EXIT_OK
    data = card.get("training_data", {})
    docs = data.get("documents", {})
    lines = [f"model:       {path}", f"chosen by:   {WHY[how]}",
             f"created:     {card.get('created', '?')} (lawthemes {card.get('versions', {}).get('lawthemes', '?')})",
             f"trained on:  {data.get('n_units', '?')} units from {data.get('n_documents', '?')} documents"
             + (f" ({len(docs.get('real', []))} real, {len(docs.get('composed', []))} composed)" if docs else ""),
             f"data sha256: {data.get('sha256', '?')}"]
    evaluation = card.get("evaluation") or {}
    for key, name in (("real_reports", "on real reports"),
                      ("composed_cross_validation", "composed CV (in-distribution, optimistic)")):
        scores = evaluation.get(key)
        if scores:
            lines.append(f"{name}: micro-F1 {scores['micro_f1']:.3f}, macro-F1 {scores['macro_f1']:.3f}, "
                         f"exact match {scores.get('exact_match', 0):.3f} ({scores['n_units']} units)")
    params = model.params
    lines.append(f"settings:    {params.get('features')} {tuple(params.get('ngram_range', ()))}, "
                 f"{params.get('classifier')} C={params.get('C')}, pooling={params.get('sentence_pooling')}, "
                 f"tuned thresholds={params.get('tune_thresholds')}; {model.featurizer.n_features} features")
    print("\n".join(lines))
    return EXIT_OK


# -- themes -------------------------------------------------------------------------------------
def run_themes(args) -> int:
    if args.format == "json":
        print(json.dumps([vars(theme) for theme in THEMES.values()], ensure_ascii=False, indent=2))
    else:
        for theme in THEMES.values():
            print(f"{theme.id:<22}{theme.name_zh}\t{theme.name_en}")
    return EXIT_OK
