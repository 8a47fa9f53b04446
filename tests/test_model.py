import numpy as np
import pytest
from sklearn.base import clone

from lawthemes import THEMES, Result, ThemeClassifier

TEXTS = ["全面推行行政执法三项制度", "办理行政复议案件120件", "严格行政执法监督和案卷评查",
         "推进行政复议体制改革", "行政执法人员持证上岗", "化解行政争议,办理复议"]
LABELS = [["law_enforcement"], ["dispute_resolution"], ["law_enforcement"],
          ["dispute_resolution"], ["law_enforcement"], ["dispute_resolution"]]
THEMES_2 = ["law_enforcement", "dispute_resolution"]


def tiny_model(**params):
    return ThemeClassifier(min_df=1, tune_thresholds=False, themes=THEMES_2, **params).fit(TEXTS, LABELS)


def test_fit_predict_follow_the_sklearn_multilabel_contract(small_model):
    texts = ["全面落实行政执法公示制度", "办理行政复议案件", ""]
    proba = small_model.predict_proba(texts)
    predicted = small_model.predict(texts)
    assert list(small_model.classes_) == list(THEMES)
    assert proba.shape == predicted.shape == (3, len(THEMES))
    assert ((proba >= 0) & (proba <= 1)).all()
    assert set(np.unique(predicted)) <= {0, 1}
    np.testing.assert_array_equal(predicted, (proba >= small_model.thresholds_).astype(int))


def test_indicator_matrix_and_label_lists_train_the_same_model():
    Y = np.array([[1, 0] if labels == ["law_enforcement"] else [0, 1] for labels in LABELS])
    from_matrix = ThemeClassifier(min_df=1, tune_thresholds=False, themes=THEMES_2).fit(TEXTS, Y)
    np.testing.assert_allclose(from_matrix.coef_, tiny_model().coef_)


def test_clone_and_get_params_work_as_in_sklearn():
    model = ThemeClassifier(C=3.0, features="char")
    copy = clone(model)
    assert copy.get_params() == model.get_params()
    assert not hasattr(copy, "coef_")


def test_training_is_deterministic(corpus):
    units = corpus.units[:400]
    texts, labels = [u.text for u in units], [u.labels for u in units]
    themes = sorted({label for u in units for label in u.labels}, key=list(THEMES).index)
    groups = [u.doc for u in units]
    first = ThemeClassifier(themes=themes, cv=2).fit(texts, labels, groups=groups)
    second = ThemeClassifier(themes=themes, cv=2).fit(texts, labels, groups=groups)
    np.testing.assert_array_equal(first.coef_, second.coef_)
    np.testing.assert_array_equal(first.thresholds_, second.thresholds_)


def test_tuned_thresholds_come_from_the_grid_and_are_tuned(corpus):
    from lawthemes.evaluation import THRESHOLD_GRID

    units = corpus.units[:600]
    themes = [t for t in THEMES if any(t in u.labels for u in units)]
    model = ThemeClassifier(themes=themes, cv=3).fit(
        [u.text for u in units], [u.labels for u in units], groups=[u.doc for u in units])
    assert np.isin(model.thresholds_, THRESHOLD_GRID).all()
    assert (model.thresholds_ != 0.5).any()


def test_classify_returns_labels_above_threshold_best_first():
    result = tiny_model().classify("行政执法监督,行政执法人员持证上岗")
    assert isinstance(result, Result)
    assert result.labels[0] == "law_enforcement"
    assert list(result.scores) == THEMES_2
    scores = [result.scores[label] for label in result.labels]
    assert scores == sorted(scores, reverse=True)
    assert result.to_dict() == {"labels": result.labels, "scores": result.scores}


def test_empty_and_whitespace_text_get_scores_but_no_labels():
    for text in ("", "   \n\u3000", "<p></p>", "\u200b"):
        result = tiny_model().classify(text)
        assert result.labels == [] and set(result.scores) == set(THEMES_2)


@pytest.mark.parametrize("bad, message", [(None, "NoneType"), (12, "int"), (b"abc", "decode")])
def test_classify_refuses_non_str(bad, message):
    with pytest.raises(TypeError, match=message):
        tiny_model().classify(bad)


def test_classify_many_names_the_bad_index():
    with pytest.raises(TypeError, match="index 1"):
        tiny_model().classify_many(["行政执法", 3.5])
    with pytest.raises(TypeError, match="single str"):
        tiny_model().classify_many("行政执法")


def test_classify_many_matches_classify_one_by_one(small_model, corpus):
    texts = [u.text for u in corpus.units[:50]]
    many = small_model.classify_many(texts)
    assert [r.labels for r in many] == [small_model.classify(t).labels for t in texts]


def test_classify_many_in_parallel_matches_sequential(small_model, corpus):
    texts = [u.text for u in corpus.units] * 3  # above the size where n_jobs is used
    assert [r.labels for r in small_model.classify_many(texts, n_jobs=2)] == \
           [r.labels for r in small_model.classify_many(texts)]


def test_evidence_survives_the_parallel_path(small_model, corpus):
    model = small_model.model_
    texts = [u.text for u in corpus.units[:1000]] * 4  # just at the size where n_jobs is used
    parallel = model.classify_many(texts, n_jobs=2, evidence=True)
    assert [r.evidence for r in parallel] == [r.evidence for r in model.classify_many(texts, evidence=True)]
    assert any(r.evidence for r in parallel)


def test_a_theme_without_positive_units_warns_and_is_never_predicted():
    with pytest.warns(UserWarning, match="oversight"):
        model = ThemeClassifier(min_df=1, tune_thresholds=False,
                                themes=THEMES_2 + ["oversight"]).fit(TEXTS, LABELS)
    assert model.predict(TEXTS)[:, 2].sum() == 0


def test_fit_refuses_unknown_theme_ids_and_mismatched_lengths():
    with pytest.raises(ValueError, match="unknown theme"):
        ThemeClassifier(min_df=1, themes=THEMES_2).fit(TEXTS, LABELS[:-1] + [["no_such_theme"]])
    with pytest.raises(ValueError, match="6 texts but 5"):
        ThemeClassifier(min_df=1, themes=THEMES_2).fit(TEXTS, LABELS[:5])


@pytest.mark.parametrize("params", [{"features": "word"}, {"features": "char+word"},
                                    {"classifier": "linear_svm"}, {"classifier": "sgd"},
                                    {"sentence_pooling": False}])
def test_every_variant_trains_and_predicts(params):
    model = tiny_model(**params)
    assert model.predict(["行政复议"]).shape == (1, 2)


def test_unknown_settings_are_reported():
    with pytest.raises(ValueError, match="feature kind"):
        tiny_model(features="bytes")
    with pytest.raises(ValueError, match="classifier"):
        tiny_model(classifier="forest")


def test_one_huge_unit_is_classified_from_its_first_characters(small_model):
    from lawthemes.features import MAX_FEATURE_CHARS

    huge = "全面推行行政执法公示制度。" * 400_000 + "办理行政复议案件。" * 400_000  # 8.8 M characters
    result = small_model.classify(huge)
    assert result.to_dict() == small_model.classify(huge[:MAX_FEATURE_CHARS]).to_dict()
    assert "dispute_resolution" not in result.labels  # the second half is beyond the bound


def test_chunked_batches_match_a_single_pass(small_model, corpus, monkeypatch):
    import lawthemes.predictor as predictor_module

    texts = [u.text for u in corpus.units[:120]]
    whole = small_model.classify_many(texts)
    monkeypatch.setattr(predictor_module, "CHUNK", 7)
    chunked = small_model.classify_many(texts)
    assert [r.labels for r in chunked] == [r.labels for r in whole]
    for a, b in zip(chunked, whole):  # float32 features: summation order may move the 8th digit
        assert a.scores == pytest.approx(b.scores, abs=1e-6)


def test_predict_and_classify_agree_on_empty_text():
    model = tiny_model()
    assert model.predict([""]).sum() == 0 and model.classify("").labels == []


@pytest.mark.parametrize("n_jobs", [0, -2, 1.5, "2"])
def test_bad_n_jobs_is_refused(n_jobs):
    with pytest.raises(ValueError, match="n_jobs"):
        tiny_model().classify_many(["行政复议"], n_jobs=n_jobs)


def test_an_unfitted_model_raises_not_fitted_error():
    from sklearn.exceptions import NotFittedError

    for method in ("predict", "predict_proba", "decision_function", "classify_many"):
        with pytest.raises(NotFittedError):
            getattr(ThemeClassifier(), method)(["行政执法"])


def test_score_is_micro_f1_on_multilabel_data():
    model = tiny_model()
    assert model.score(TEXTS, LABELS) == pytest.approx(1.0)
    wrong = [["dispute_resolution"] if labels == ["law_enforcement"] else ["law_enforcement"]
             for labels in LABELS]
    assert model.score(TEXTS, wrong) == pytest.approx(0.0)


def test_threshold_tuning_on_one_document_warns_and_keeps_one_half():
    with pytest.warns(UserWarning, match="at least 2 documents"):
        model = ThemeClassifier(min_df=1, themes=THEMES_2).fit(TEXTS, LABELS, groups=["a"] * len(TEXTS))
    assert (model.thresholds_ == 0.5).all()
    tiny = ThemeClassifier(min_df=1, themes=THEMES_2).fit(TEXTS[:2], LABELS[:2])  # 2 texts, cv=5
    assert tiny.thresholds_.shape == (2,)


def test_result_scores_have_plain_str_keys(small_model):
    result = small_model.classify("办理行政复议案件")
    assert all(type(key) is str for key in result.scores)
    assert all(type(label) is str for label in result.labels)
    assert all(type(value) is float for value in result.scores.values())


@pytest.mark.parametrize("check", ["check_no_attributes_set_in_init", "check_get_params_invariance",
                                   "check_set_params", "check_parameters_default_constructible"])
def test_sklearn_estimator_checks_that_apply_to_text_input(check):
    import sklearn.utils.estimator_checks as checks

    getattr(checks, check)("ThemeClassifier", ThemeClassifier())


def test_fit_returns_self_and_refit_replaces_the_fitted_state():
    model = ThemeClassifier(min_df=1, tune_thresholds=False, themes=THEMES_2)
    assert model.fit(TEXTS, LABELS) is model
    first = model.model_
    model.fit(TEXTS[::-1], LABELS[::-1])
    assert model.model_ is not first
