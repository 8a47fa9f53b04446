"""Text normalisation and TF-IDF feature extraction.

The same :func:`normalize_text` runs before training and before prediction, so a full-width
"１２３４５" in a user's file and a half-width "12345" in the annotations give the same features.

>>> from lawthemes.features import normalize_text
>>> normalize_text("<p>１２３４５&nbsp;热线\\x07</p>")
'12345 热线'
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Iterable

import numpy as np

from .chinese_script import needs_conversion, to_simplified
from .nfkc import nfkc_many

MAX_FEATURE_CHARS = 20_000
"""Only the first this-many characters of a unit feed its features, which bounds the cost of a
pathological input (a whole report pasted as one unit) while covering any real paragraph."""

FEATURE_KINDS = ("char", "word", "char+word")

_TAG = re.compile(r"<[^<>]{0,200}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\ufeff]")
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Return ``text`` in the canonical form used for features.

    Unicode NFKC (full-width letters, digits and punctuation become their usual forms), HTML tags and
    entities removed, traditional characters converted to simplified (OpenCC), control and
    zero-width characters dropped, runs of whitespace folded to one space, and the result cut to
    :data:`MAX_FEATURE_CHARS`.
    """
    # Cut the raw text first so that a pathological input stays cheap; normal prose loses little
    # in normalisation, markup-heavy text may keep fewer than MAX_FEATURE_CHARS characters.
    text = text[: MAX_FEATURE_CHARS * 4]
    if "<" in text:  # the tests are much cheaper than the substitutions they skip
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = to_simplified(unicodedata.normalize("NFKC", text))
    text = _SPACES.sub(" ", _CONTROL.sub("", text)).strip()
    return text[:MAX_FEATURE_CHARS]


def check_text(text, where: str = "") -> None:
    """Raise ``TypeError`` naming the type unless ``text`` is a ``str`` (with a hint for bytes)."""
    if isinstance(text, str):
        return
    hint = "; decode it first, e.g. data.decode('utf-8')" if isinstance(text, (bytes, bytearray)) else ""
    raise TypeError(f"expected str{where}, got {type(text).__name__}{hint}")


def check_texts(texts) -> list[str]:
    """The texts as a list, after :func:`check_text` on each (the message names a bad index)."""
    if isinstance(texts, (str, bytes, bytearray)):
        raise TypeError("expected an iterable of str, got a single "
                        f"{type(texts).__name__}; wrap it in a list or use classify()")
    texts = list(texts)
    for index, text in enumerate(texts):
        check_text(text, where=f" at index {index}")
    return texts


_SEPARATOR = "\ue000"  # a private-use character: NFKC, OpenCC and every pattern here leave it alone
_TAG_IN_BATCH = re.compile(r"<[^<>\ue000]{0,200}>")


def normalize_texts(texts: Iterable[str]) -> list[str]:
    """:func:`normalize_text` over an iterable, with the same result for each text.

    The texts are joined and each step runs once over the whole batch, which costs far less than
    a call per text; a batch where that could differ (a text holding the separator, or an entity
    that decodes to it) is normalised text by text.
    """
    texts = [text[: MAX_FEATURE_CHARS * 4] for text in texts]
    joined = _SEPARATOR.join(texts)
    if len(texts) < 2 or joined.count(_SEPARATOR) != len(texts) - 1:
        return [normalize_text(text) for text in texts]
    if "<" in joined:
        joined = _TAG_IN_BATCH.sub(" ", joined)
    if "&" in joined:
        joined = html.unescape(joined)
    pieces = joined.split(_SEPARATOR)
    if len(pieces) != len(texts):  # an entity decoded to the separator
        return [normalize_text(text) for text in texts]
    pieces = nfkc_many(pieces)
    if needs_conversion(_SEPARATOR.join(pieces)):
        pieces = [to_simplified(piece) for piece in pieces]
    cleaned = _CONTROL.sub("", _SEPARATOR.join(pieces)).split(_SEPARATOR)
    if len(cleaned) != len(texts):  # a conversion produced the separator
        return [normalize_text(text) for text in texts]
    # str.split() cuts at exactly the characters that \s matches: the folding of normalize_text
    return [" ".join(piece.split())[:MAX_FEATURE_CHARS] for piece in cleaned]


def jieba_words(text: str) -> list[str]:
    """Segment ``text`` into words with jieba (precise mode), dropping whitespace tokens."""
    import jieba

    return [word for word in jieba.lcut(text) if not word.isspace()]


_SENTENCE_END = re.compile(r"(?<=[。;!?])")


def split_sentences(text: str) -> list[str]:
    """Split normalised text after each sentence end (。;!?); at least one piece.

    >>> split_sentences("审计项目572个。政务公开;")
    ['审计项目572个。', '政务公开;']
    """
    return [piece for piece in _SENTENCE_END.split(text) if piece.strip()] or [text]


def pooled_tfidf(vectorizer, normalized: list[str], sentences: bool = True):
    """TF-IDF rows for every text, then (if ``sentences``) for every sentence of the texts with
    several sentences.

    Returns ``(matrix, owner)`` where ``owner[row]`` is the index of the text a row belongs to.
    The analyser runs once, over sentences; a text's counts are the sum of its sentences' counts
    (so n-grams never span a sentence end), and scoring sentences as well as whole units costs
    about one vectoriser pass, not two.  Training uses the same text rows.
    """
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import CountVectorizer

    pieces, piece_owner = [], []
    for index, text in enumerate(normalized):
        text_pieces = split_sentences(text)
        pieces.extend(text_pieces)
        piece_owner.extend([index] * len(text_pieces))
    piece_owner = np.asarray(piece_owner, dtype=np.int64)
    multi = np.bincount(piece_owner, minlength=len(normalized)) > 1
    sentence_rows = np.flatnonzero(multi[piece_owner]) if sentences else np.zeros(0, np.int64)
    to_texts = sp.csr_matrix((np.ones(len(pieces)), (piece_owner, np.arange(len(pieces)))),
                             shape=(len(normalized), len(pieces)))
    blocks = []
    for part in tfidf_parts(vectorizer):
        counts = CountVectorizer.transform(part, pieces).astype(np.float32)
        if multi.any():  # otherwise every piece is a whole text already
            counts = sp.vstack([to_texts @ counts, counts[sentence_rows]]).tocsr()
        blocks.append(_tfidf_weights(part, counts))
    owner = np.concatenate([np.arange(len(normalized)), piece_owner[sentence_rows]])
    return sp.hstack(blocks, format="csr") if len(blocks) > 1 else blocks[0], owner


def featurizer_for(vectorizer):
    """The fastest featuriser that gives exactly the fitted ``vectorizer``'s rows: the NumPy one for
    character n-grams of at most three characters, else the vectoriser itself."""
    from .numpy_featurizer import MAX_N, CharNgramFeaturizer

    if (getattr(vectorizer, "analyzer", None) == "char" and vectorizer.ngram_range[1] <= MAX_N
            and not vectorizer.lowercase and vectorizer.preprocessor is None
            and vectorizer.strip_accents is None):
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        return CharNgramFeaturizer.from_terms(terms, vectorizer.idf_, ngram_range=vectorizer.ngram_range,
                                              sublinear_tf=vectorizer.sublinear_tf, norm=vectorizer.norm)
    return SklearnFeaturizer(vectorizer)


class SklearnFeaturizer:
    """The fitted scikit-learn vectoriser behind the same ``rows(normalized, pooling)`` interface
    as :class:`~lawthemes.numpy_featurizer.CharNgramFeaturizer`: used for word features, and as
    the reference the NumPy featuriser is tested against."""

    def __init__(self, vectorizer):
        self.vectorizer = vectorizer

    @property
    def n_features(self) -> int:
        return sum(len(part.vocabulary_) for part in tfidf_parts(self.vectorizer))

    def prepare_weights(self, weights: np.ndarray) -> np.ndarray:
        """The ``(n_features, k)`` weights as ``CsrRows @`` takes them: unchanged, float32."""
        return np.asarray(weights, dtype=np.float32)

    def term(self, column: int) -> str:
        """The feature (n-gram or word) of one column."""
        if not hasattr(self, "_names"):
            self._names = [name.split("__", 1)[-1] for name in self.vectorizer.get_feature_names_out()]
        return self._names[column]

    def rows(self, normalized: list[str], pooling: bool = True) -> "CsrRows":
        if pooling:
            return CsrRows(*pooled_tfidf(self.vectorizer, normalized))
        return CsrRows(self.vectorizer.transform(normalized), np.arange(len(normalized)))


class CsrRows:
    """A SciPy CSR matrix of feature rows and the unit each row belongs to."""

    def __init__(self, matrix, owner: np.ndarray):
        self.matrix, self.owner, self.n_rows = matrix, owner, matrix.shape[0]

    def __matmul__(self, weights: np.ndarray) -> np.ndarray:
        return np.asarray(self.matrix @ weights, dtype=np.float32)

    def entries(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """``(columns, weights)`` of one row's non-zero entries."""
        start, end = self.matrix.indptr[row], self.matrix.indptr[row + 1]
        return self.matrix.indices[start:end], self.matrix.data[start:end]


def tfidf_parts(vectorizer) -> list:
    """The TF-IDF vectorisers inside ``vectorizer``: itself, or the members of a FeatureUnion."""
    if hasattr(vectorizer, "transformer_list"):
        return [part for _, part in vectorizer.transformer_list]
    return [vectorizer]


def _tfidf_weights(part, counts):
    """What ``TfidfTransformer.transform`` does to raw counts, with ``part``'s settings."""
    from sklearn.preprocessing import normalize

    if part.sublinear_tf:
        np.log(counts.data, counts.data)
        counts.data += 1.0
    if part.use_idf:
        counts = counts.multiply(np.asarray(part.idf_, dtype=counts.dtype)[None, :]).tocsr()
    return normalize(counts, norm=part.norm, copy=False) if part.norm else counts


def build_vectorizer(kind: str = "char", *, ngram_range=(1, 3), min_df: int = 2,
                     max_features: int | None = None, sublinear_tf: bool = True):
    """Return an unfitted scikit-learn TF-IDF vectoriser for the given feature ``kind``.

    ``"char"``: character n-grams over ``ngram_range``; ``"word"``: jieba words and word bigrams;
    ``"char+word"``: both, concatenated.

    >>> build_vectorizer("char").analyzer
    'char'
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    if kind not in FEATURE_KINDS:
        raise ValueError(f"unknown feature kind {kind!r}; choose one of {FEATURE_KINDS}")
    common = dict(min_df=min_df, max_features=max_features, sublinear_tf=sublinear_tf,
                  lowercase=False, dtype=np.float32)
    char = TfidfVectorizer(analyzer="char", ngram_range=tuple(ngram_range), **common)
    word = TfidfVectorizer(tokenizer=jieba_words, token_pattern=None, ngram_range=(1, 2), **common)
    if kind == "char":
        return char
    if kind == "word":
        return word
    return FeatureUnion([("char", char), ("word", word)])

