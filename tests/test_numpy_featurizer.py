"""The NumPy featuriser gives the fitted scikit-learn vectoriser's rows and scores, and prediction
imports neither scikit-learn nor SciPy."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from lawthemes.features import SklearnFeaturizer, normalize_texts
from lawthemes.numpy_featurizer import CharNgramFeaturizer, KeyTable, key_term, term_key, term_keys
from lawthemes.predictor import ThemeModel

from conftest import ROOT


def reference_model(estimator) -> ThemeModel:
    """The same fitted weights, scored through scikit-learn's vectoriser."""
    model = estimator.model_
    return ThemeModel(SklearnFeaturizer(estimator.vectorizer_), model.coef_, model.intercept_,
                      model.thresholds_, model.classes_, model.params)


def assert_same_predictions(estimator, texts):
    fast, reference = estimator.model_, reference_model(estimator)
    assert isinstance(fast.featurizer, CharNgramFeaturizer)
    np.testing.assert_allclose(fast.predict_proba(texts), reference.predict_proba(texts), atol=1e-6, rtol=0)
    assert [r.labels for r in fast.classify_many(texts)] == [r.labels for r in reference.classify_many(texts)]


def test_fast_path_equals_sklearn_on_the_whole_corpus(small_model, corpus):
    assert_same_predictions(small_model, corpus.texts)


def test_fast_rows_equal_sklearn_rows_entry_by_entry(small_model, corpus):
    normalized = normalize_texts(corpus.texts[:300]) + ["", "。", "a。b。", "😀😀😀法治。", "x  y"]
    for pooling in (True, False):
        fast = small_model.model_.featurizer.rows(normalized, pooling=pooling)
        reference = SklearnFeaturizer(small_model.vectorizer_).rows(normalized, pooling=pooling)
        dense = np.zeros((fast.n_rows, small_model.model_.featurizer.n_features), dtype=np.float32)
        dense[fast.rows, fast.cols] = fast.values
        np.testing.assert_allclose(dense, reference.matrix.toarray(), atol=1e-6)
        np.testing.assert_array_equal(fast.owner, reference.owner)


unicode_texts = st.lists(
    st.text(alphabet=st.characters(), max_size=120)
    | st.lists(st.sampled_from(["法治", "行政", "复议", "。", ";", " ", "\u3000", "\t\n", "𠀀𠀁",
                                "e\u0301", "Å", "", "!?", "１２", "<b>", "&amp;", "\ud800", "\udfff法"]), max_size=40).map("".join),
    min_size=1, max_size=12)


@settings(max_examples=120, deadline=None)
@given(unicode_texts)
def test_fast_path_equals_sklearn_on_arbitrary_unicode(small_model, texts):
    assert_same_predictions(small_model, texts)


def test_word_feature_models_keep_the_sklearn_path():
    from lawthemes import ThemeClassifier

    model = ThemeClassifier(features="word", min_df=1, tune_thresholds=False,
                            themes=["law_enforcement", "dispute_resolution"]).fit(
        ["行政执法监督", "办理行政复议案件"], [["law_enforcement"], ["dispute_resolution"]])
    assert isinstance(model.model_.featurizer, SklearnFeaturizer)
    assert model.classify("行政执法").labels[0] == "law_enforcement"


def test_keys_round_trip_and_differ_by_length():
    terms = ["法", "法治", "法治政", "a", "\x00", "𠀀", " a"]
    keys = term_keys(terms)
    assert [key_term(int(k)) for k in keys] == terms
    assert keys.tolist() == [term_key(t) for t in terms]
    assert len(set(keys.tolist())) == len(terms)
    with pytest.raises(ValueError, match="1 to 3 characters"):
        term_keys(["法治政府"])


def test_key_table_finds_every_key_and_nothing_else():
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(1, 2 ** 62, 50_000))
    table = KeyTable(keys, np.arange(len(keys)))
    np.testing.assert_array_equal(table.get(keys), np.arange(len(keys)))
    absent = np.setdiff1d(rng.integers(1, 2 ** 62, 10_000), keys)
    assert (table.get(absent) == -1).all()


def test_prediction_imports_neither_sklearn_nor_scipy(tmp_path):
    code = ("import sys, lawthemes\n"
            "lawthemes.classify('办理行政复议案件')\n"
            "lawthemes.analyze_report('一、行政复议\\n全年办理行政复议案件。')\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy'}))")
    output = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            check=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert output.stdout.strip() == "[]"
