import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from lawthemes.features import (MAX_FEATURE_CHARS, normalize_text, pooled_tfidf, split_sentences)


def test_full_width_and_half_width_forms_agree():
    assert normalize_text("１２３４５热线，ＡＢＣ") == normalize_text("12345热线,ABC")


def test_html_tags_entities_and_control_characters_are_removed():
    assert normalize_text("<p class='x'>行政&nbsp;复议</p>\x00\x1b\u200b") == "行政 复议"


def test_whitespace_is_folded():
    assert normalize_text("  行政\n\n\t执法\u3000 监督 ") == "行政 执法 监督"


def test_feature_text_is_bounded():
    assert len(normalize_text("法" * (MAX_FEATURE_CHARS * 5))) == MAX_FEATURE_CHARS


def test_split_sentences_keeps_all_text():
    text = "一是审计。二是公开;三是复议!"
    assert "".join(split_sentences(text)) == text
    assert len(split_sentences(text)) == 3
    assert split_sentences("") == [""]


def test_pooled_rows_match_the_vectoriser_for_single_sentences():
    texts = ["行政执法监督", "行政复议案件办理", "政务公开。"]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True).fit(texts)
    matrix, owner = pooled_tfidf(vectorizer, texts)
    assert list(owner) == [0, 1, 2]
    np.testing.assert_allclose(matrix.toarray(), vectorizer.transform(texts).toarray(), atol=1e-12)


def test_pooled_rows_add_one_row_per_sentence_of_multi_sentence_texts():
    texts = ["行政执法。行政复议。", "政务公开"]
    vectorizer = TfidfVectorizer(analyzer="char", sublinear_tf=True).fit(texts)
    matrix, owner = pooled_tfidf(vectorizer, texts)
    assert list(owner) == [0, 1, 0, 0]
    np.testing.assert_allclose(matrix[2].toarray(), vectorizer.transform(["行政执法。"]).toarray())


def test_a_text_row_is_its_sentences_summed():
    """With unigrams no n-gram can span a sentence end, so the pooled text row must equal the
    vectoriser's own row for the whole multi-sentence text."""
    texts = ["行政执法。行政复议;政务公开!", "审计监督"]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 1), sublinear_tf=True).fit(texts)
    matrix, owner = pooled_tfidf(vectorizer, texts)
    assert list(owner) == [0, 1, 0, 0, 0]
    np.testing.assert_allclose(matrix[:2].toarray(), vectorizer.transform(texts).toarray(), rtol=1e-6)
