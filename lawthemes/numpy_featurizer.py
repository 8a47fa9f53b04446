"""Character n-gram TF-IDF with NumPy alone: the prediction-time twin of the fitted vectoriser.

A code point is at most 21 bits, so a character 1-, 2- or 3-gram is one 64-bit integer key (each
code point stored plus one, so that no key of one length equals a key of another).  A whole batch
of texts becomes one array of code points; every n-gram key is a shift-and-or of shifted views of
that array, looked up in an open-addressing hash table of the vocabulary, counted with one sort,
and weighted exactly as scikit-learn's ``TfidfVectorizer(analyzer="char")`` weights it (sublinear
TF, IDF, L2 norm), sentence-pooling rows included.  No Python loop runs per n-gram.

>>> f = CharNgramFeaturizer.from_terms(["法", "治", "法治"], idf=[1.0, 1.0, 2.0])
>>> rows = f.rows(["法治"])
>>> rows.n_rows, sorted(rows.cols.tolist())
(1, [0, 1, 2])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

BITS_PER_CHAR = 21
MAX_N = 63 // BITS_PER_CHAR
"""Longest n-gram that fits one key: 3."""

SENTENCE_END = "。;!?"
"""Where :func:`lawthemes.features.split_sentences` cuts normalised text (after these)."""

_EMPTY = np.int64(-1)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def term_key(term: str) -> int:
    """The 64-bit key of an n-gram of at most :data:`MAX_N` characters.

    >>> term_key("a") == ord("a") + 1
    True
    """
    if not 0 < len(term) <= MAX_N:
        raise ValueError(f"an n-gram key holds 1 to {MAX_N} characters, got {term!r}")
    key = 0
    for char in term:
        key = (key << BITS_PER_CHAR) | (ord(char) + 1)
    return key


def term_keys(terms: Sequence[str]) -> np.ndarray:
    """:func:`term_key` of every term, with array operations (a vocabulary has 10⁵-10⁶ terms).

    >>> term_keys(["a", "法治"]).tolist() == [term_key("a"), term_key("法治")]
    True
    """
    lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
    if len(terms) and not (lengths.min() >= 1 and lengths.max() <= MAX_N):
        bad = next(term for term in terms if not 0 < len(term) <= MAX_N)
        raise ValueError(f"an n-gram key holds 1 to {MAX_N} characters, got {bad!r}")
    codes = np.frombuffer("".join(terms).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64) + 1
    term_of_char = np.repeat(np.arange(len(terms)), lengths)
    # a character's weight is its distance from the end of its term: the last one is not shifted
    from_end = np.cumsum(lengths)[term_of_char] - np.arange(len(codes)) - 1
    keys = np.zeros(len(terms), dtype=np.int64)
    np.add.at(keys, term_of_char, codes << (BITS_PER_CHAR * from_end))
    return keys


def key_term(key: int) -> str:
    """The n-gram whose key is ``key`` (inverse of :func:`term_key`).

    >>> key_term(term_key("法治"))
    '法治'
    """
    chars = []
    while key:
        chars.append(chr((key & ((1 << BITS_PER_CHAR) - 1)) - 1))
        key >>= BITS_PER_CHAR
    return "".join(reversed(chars))


class KeyTable:
    """A read-only map from int64 keys (> 0) to int64 values, looked up with array operations.

    Each key's home slot in a hash table (about four slots per key) answers most lookups in one
    vectorised step: the slot holds the key (a hit) or nothing (absent).  Keys that share a home
    slot with an earlier key, and queries that land on another key's slot, are settled by binary
    search in the sorted keys, a second vectorised step.  No loop runs per probe.
    """

    def __init__(self, keys: np.ndarray, values: np.ndarray):
        keys = np.asarray(keys, dtype=np.int64)
        values = np.asarray(values, dtype=np.int64)
        self.bits = max(4, int(np.ceil(np.log2(4 * len(keys) + 1))))
        self.slot_keys = np.full(1 << self.bits, _EMPTY, dtype=np.int64)
        self.slot_values = np.full(1 << self.bits, -1, dtype=np.int64)
        homes = self._home(keys)
        _, first = np.unique(homes, return_index=True)  # the first key of each home slot owns it
        self.slot_keys[homes[first]] = keys[first]
        self.slot_values[homes[first]] = values[first]
        order = np.argsort(keys)
        self.sorted_keys, self.sorted_values = keys[order], values[order]

    def _home(self, keys: np.ndarray) -> np.ndarray:
        hashed = keys.view(np.uint64) * _GOLDEN  # wraps modulo 2**64, as intended
        hashed >>= np.uint64(64 - self.bits)
        return hashed.view(np.int64)  # below 2**bits: the same numbers

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, or -1 where the key is absent."""
        slots = self._home(keys)
        found_keys = np.take(self.slot_keys, slots)
        result = np.where(found_keys == keys, np.take(self.slot_values, slots), -1)
        unsettled = np.flatnonzero((found_keys != keys) & (found_keys != _EMPTY))
        if unsettled.size and self.sorted_keys.size:
            wanted = np.take(keys, unsettled)
            position = np.minimum(np.searchsorted(self.sorted_keys, wanted), self.sorted_keys.size - 1)
            present = np.take(self.sorted_keys, position) == wanted
            result[np.compress(present, unsettled)] = np.take(self.sorted_values, np.compress(present, position))
        return result


@dataclass
class PooledRows:
    """Sparse TF-IDF rows in coordinate form: the units first, then the sentences of multi-sentence
    units; ``owner[row]`` is the unit a row belongs to.  Entries are sorted by row; ``starts``
    indexes each non-empty row's first entry.

    The weight of an entry is ``tf * idf[col] * scale[row]`` (``scale`` is the row's inverse L2
    norm), kept factored: a product takes weights with the IDF folded in (see
    :meth:`CharNgramFeaturizer.prepare_weights`) and scales each row once, after summing it.
    """

    rows: np.ndarray
    cols: np.ndarray
    tf: np.ndarray
    scale: np.ndarray
    starts: np.ndarray
    idf: np.ndarray
    n_rows: int
    owner: np.ndarray

    @property
    def values(self) -> np.ndarray:
        """The TF-IDF weight of every entry."""
        return self.tf * np.take(self.idf, self.cols) * np.take(self.scale, self.rows)

    def entries(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """``(columns, weights)`` of one row's non-zero entries."""
        first, last = np.searchsorted(self.rows, [row, row + 1])
        cols = self.cols[first:last]
        return cols, self.tf[first:last] * self.idf[cols] * self.scale[row]

    def __matmul__(self, prepared: np.ndarray) -> np.ndarray:
        """``rows × weights``, given ``prepared = CharNgramFeaturizer.prepare_weights(weights)``."""
        out = np.zeros((self.n_rows, prepared.shape[1]), dtype=np.float32)
        if not len(self.rows):
            return out
        contributions = np.take(prepared, self.cols, axis=0)
        contributions *= self.tf[:, None]
        row_of_start = np.take(self.rows, self.starts)
        sums = np.add.reduceat(contributions, self.starts, axis=0)
        sums *= np.take(self.scale, row_of_start)[:, None]
        out[row_of_start] = sums
        return out


class CharNgramFeaturizer:
    """TF-IDF of character n-grams (lengths ``ngram_range``, at most 3) over a fixed vocabulary."""

    def __init__(self, keys: np.ndarray, idf: np.ndarray, ngram_range=(1, 3), sublinear_tf: bool = True,
                 norm: str | None = "l2"):
        low, high = ngram_range
        if not 1 <= low <= high <= MAX_N:
            raise ValueError(f"the NumPy featuriser handles n-grams of 1 to {MAX_N} characters, "
                             f"not {tuple(ngram_range)}")
        if norm not in ("l2", None):
            raise ValueError(f"unsupported norm {norm!r}")
        self.keys = np.asarray(keys, dtype=np.int64)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.ngram_range, self.sublinear_tf, self.norm = (low, high), sublinear_tf, norm
        self.table = KeyTable(self.keys, np.arange(len(self.keys)))
        # single characters (keys up to 0x110000) are looked up directly, by code point
        single = np.flatnonzero(self.keys <= 0x110000)
        self.char_column = np.full(int(self.keys[single].max(initial=0)) + 2, -1, dtype=np.int64)
        self.char_column[self.keys[single]] = single

    @classmethod
    def from_terms(cls, terms: Sequence[str], idf, **settings) -> "CharNgramFeaturizer":
        """Build from the vocabulary in column order (``terms[j]`` is feature ``j``)."""
        return cls(term_keys(terms), idf, **settings)

    @property
    def n_features(self) -> int:
        return len(self.keys)

    def terms(self) -> list[str]:
        """The vocabulary in column order, as strings."""
        return [key_term(int(key)) for key in self.keys]

    def term(self, column: int) -> str:
        """The n-gram of one feature column."""
        return key_term(int(self.keys[column]))

    def prepare_weights(self, weights: np.ndarray) -> np.ndarray:
        """``weights`` (``(n_features, k)``) with the IDF folded in, C-contiguous float32: what
        ``PooledRows @`` expects."""
        return np.ascontiguousarray(np.asarray(weights, dtype=np.float32) * self.idf[:, None])

    def rows(self, normalized: Sequence[str], pooling: bool = True) -> PooledRows:
        """TF-IDF rows of normalised texts, equal to what the fitted vectoriser gives.

        With ``pooling``, as :func:`lawthemes.features.pooled_tfidf`: n-grams never span a
        sentence end, and every sentence of a multi-sentence text gets a row of its own after the
        text rows.  Without, as ``vectorizer.transform``: one row per text.
        """
        codes, piece_of_char, unit_of_piece = _pieces(normalized, split=pooling)
        n_units = len(normalized)
        pieces_per_unit = np.bincount(unit_of_piece, minlength=n_units)
        sentence_row = np.full(len(unit_of_piece), -1, dtype=np.int64)
        if pooling:
            split = np.flatnonzero(pieces_per_unit[unit_of_piece] > 1)
            sentence_row[split] = n_units + np.arange(len(split))
        piece, col = self._hits(codes, piece_of_char)
        sentence_of_hit = np.take(sentence_row, piece)
        extra = sentence_of_hit >= 0
        rows = np.concatenate([np.take(unit_of_piece, piece), np.compress(extra, sentence_of_hit)])
        cols = np.concatenate([col, np.compress(extra, col)])
        n_rows = n_units + int((sentence_row >= 0).sum())
        rows, cols, counts, starts = _count(rows, cols, self.n_features)
        owner = np.concatenate([np.arange(n_units), unit_of_piece[sentence_row >= 0]])
        tf, scale = self._tf_and_scale(rows, cols, counts, starts, n_rows)
        return PooledRows(rows, cols, tf, scale, starts, self.idf, n_rows, owner)

    def _hits(self, codes: np.ndarray, piece_of_char: np.ndarray):
        """``(piece, feature)`` of every n-gram occurrence that is in the vocabulary."""
        low, high = self.ngram_range
        pieces, features = [], []
        for n in range(low, high + 1):
            count = len(codes) - n + 1
            if count <= 0:
                break
            piece = piece_of_char[:count]
            if n == 1:
                found = np.take(self.char_column, np.minimum(codes, len(self.char_column) - 1))
                known = found >= 0
            else:
                keys = codes[:count].copy()
                for offset in range(1, n):
                    keys <<= BITS_PER_CHAR
                    keys |= codes[offset:offset + count]
                found = self.table.get(keys)
                known = found >= 0
                known &= piece == piece_of_char[n - 1:n - 1 + count]  # never across two pieces
            pieces.append(np.compress(known, piece))
            features.append(np.compress(known, found))
        if not pieces:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(pieces), np.concatenate(features)

    def _tf_and_scale(self, rows, cols, counts, starts, n_rows: int):
        """Term frequencies (sublinear if set) and each row's inverse L2 norm (1 without norm)."""
        tf = counts.astype(np.float32)
        if self.sublinear_tf:
            np.log(tf, out=tf)
            tf += np.float32(1.0)
        scale = np.ones(n_rows, dtype=np.float32)
        if self.norm == "l2" and len(tf):
            weights = tf * np.take(self.idf, cols)
            weights *= weights
            norms = np.sqrt(np.add.reduceat(weights.astype(np.float64), starts))
            scale[np.take(rows, starts)] = np.where(norms > 0, 1.0 / np.where(norms > 0, norms, 1), 1.0)
        return tf, scale


def _pieces(normalized: Sequence[str], split: bool = True):
    """Code points (plus one) of all sentence pieces, the piece of each character and the unit of
    each piece.  With ``split``, pieces end after each :data:`SENTENCE_END`, as
    ``split_sentences`` cuts them; without, each text is one piece."""
    # normalize_text has folded every whitespace run to one space already, so scikit-learn's
    # char analyser (which folds runs of two or more) would not change these texts either
    texts = normalized
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    unit_of_char = np.repeat(np.arange(len(texts)), lengths)
    ends = np.zeros(len(codes), dtype=bool)
    for mark in SENTENCE_END if split else ():
        ends |= codes == ord(mark)
    text_last = np.cumsum(lengths) - 1
    ends[text_last[lengths > 0]] = False  # the text's own end closes its last piece anyway
    # a piece starts at each text start and after each sentence end inside a text
    starts = np.zeros(len(codes), dtype=np.int64)
    starts[1:] = ends[:-1]
    text_first = text_last - lengths + 1
    starts[text_first[lengths > 0]] = 1
    piece_of_char = np.cumsum(starts) - 1
    n_pieces = int(piece_of_char[-1]) + 1 if len(codes) else 0
    unit_of_piece = np.empty(n_pieces + int((lengths == 0).sum()), dtype=np.int64)
    unit_of_piece[:n_pieces] = unit_of_char[np.flatnonzero(starts)] if n_pieces else []
    unit_of_piece[n_pieces:] = np.flatnonzero(lengths == 0)  # an empty text is one empty piece
    return codes + 1, piece_of_char, unit_of_piece


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Indices where a run of equal values begins in a sorted array."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    changes = np.empty(len(values), dtype=bool)
    changes[0] = True
    np.not_equal(values[1:], values[:-1], out=changes[1:])
    return np.flatnonzero(changes)


def _count(rows: np.ndarray, cols: np.ndarray, n_features: int):
    """Distinct ``(row, col)`` pairs, sorted by row then column, with their multiplicities, and
    the index of each row's first pair."""
    if not len(rows):
        empty = np.zeros(0, np.int64)
        return empty, empty, empty, empty
    col_bits = max(1, int(n_features - 1).bit_length())
    row_bits = max(1, int(rows.max()).bit_length())
    kind = np.uint32 if col_bits + row_bits <= 32 else np.uint64  # a 32-bit sort is twice as fast
    combined = (rows.astype(kind) << kind(col_bits)) | cols.astype(kind)
    combined.sort()
    first = _run_starts(combined)
    counts = np.empty(len(first), dtype=np.int64)
    np.subtract(first[1:], first[:-1], out=counts[:-1])
    counts[-1] = len(combined) - first[-1]
    distinct = np.take(combined, first)
    rows = (distinct >> kind(col_bits)).astype(np.int64)
    return rows, (distinct & kind((1 << col_bits) - 1)).astype(np.int64), counts, _run_starts(rows)
