"""Unicode NFKC for a batch of texts, by table lookup in NumPy.

``unicodedata.normalize("NFKC", ...)`` decomposes and recomposes every character, which made it a
fifth of the time of ``classify_many``.  Chinese report text is almost entirely made of
characters whose NFKC form does not depend on their neighbours: ideographs and ASCII stay, and
full-width forms (，；（）１２) become one or a few fixed characters.  For such a text NFKC is a
per-character map, done here with array lookups.  A text holding any other character (combining
marks, Hangul jamo, kana voicing marks, characters outside the listed blocks, lone surrogates) is
normalised by ``unicodedata`` as before, so the result is always exactly NFKC.

>>> from lawthemes.nfkc import nfkc_many
>>> nfkc_many(["（一）推进１２３４５热线", "e\\u0301", ""])
['(一)推进12345热线', 'é', '']
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Sequence

import numpy as np

_CONTEXT_FREE_BLOCKS = (
    (0x0000, 0x0080),  # ASCII
    (0x00A0, 0x0100),  # Latin-1 punctuation and symbols
    (0x2000, 0x2070),  # general punctuation (— … ‰)
    (0x2100, 0x2190),  # letterlike symbols and number forms (℃ № Ⅳ)
    (0x2460, 0x2500),  # enclosed alphanumerics (① ⑴ ⒈)
    (0x3000, 0x3040),  # CJK symbols and punctuation (。、《》〔〕)
    (0x3200, 0x4DC0),  # enclosed CJK, CJK compatibility, extension A
    (0x4E00, 0xA000),  # CJK unified ideographs
    (0xF900, 0xFB00),  # CJK compatibility ideographs
    (0xFE30, 0xFE50),  # CJK compatibility forms
    (0xFF00, 0xFFF0),  # half-width and full-width forms
)
"""Blocks whose characters are looked up.  A character in them that combines with a neighbour
under NFKC (ideographic tone marks, kana voicing marks, or a mapping to such a character) is
excluded when the tables are built; a test checks against the whole Unicode database that no
composition's second character lies in these blocks."""

_CONTEXT, _EXPANDS = 1, 2
_lock = threading.Lock()
_tables: dict = {}


GROUP_CHARS = 1 << 20
"""Characters converted at once (a single longer text is a group of its own): bounds the working
arrays, about 17 bytes per character."""


def nfkc_many(texts: Sequence[str]) -> list[str]:
    """``[unicodedata.normalize("NFKC", t) for t in texts]``, computed with array lookups where
    that gives the same result."""
    texts = list(texts)
    if len(texts) < 2:
        return [unicodedata.normalize("NFKC", text) for text in texts]
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    out: list[str] = []
    first = 0
    while first < len(texts):
        before = int(ends[first - 1]) if first else 0
        last = max(first + 1, int(np.searchsorted(ends, before + GROUP_CHARS, side="right")))
        out.extend(_nfkc_group(texts[first:last], ends[first:last] - before))
        first = last
    return out


def _nfkc_group(texts: list[str], ends: np.ndarray) -> list[str]:
    """:func:`nfkc_many` of one group; ``ends[i]`` is where text ``i`` ends in their concatenation."""
    tables = _lookup_tables()
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    looked_up = np.minimum(codes, 0xFFFF).astype(np.intp)
    joined = np.take(tables["single"], looked_up).tobytes().decode("utf-32-le", "surrogatepass")
    flags = np.take(tables["flags"], looked_up)
    flags[codes > 0xFFFF] = _CONTEXT
    marked = np.flatnonzero(flags)
    text_flags = np.zeros(len(texts), dtype=np.uint8)
    np.bitwise_or.at(text_flags, np.searchsorted(ends, marked, side="right"), np.take(flags, marked))
    expansions = tables["expansions"]
    out = []
    start = 0
    for text, flag, end in zip(texts, text_flags.tolist(), ends.tolist()):
        if flag & _CONTEXT:
            out.append(unicodedata.normalize("NFKC", text))
        elif flag:
            out.append(expansions["pattern"].sub(expansions["replace"], joined[start:end]))
        else:
            out.append(joined[start:end])
        start = end
    return out


def _lookup_tables() -> dict:
    """Per BMP code point: ``flags`` (``_CONTEXT`` where its NFKC form may depend on its
    neighbours, ``_EXPANDS`` where the form is several characters) and, for a one-character form,
    that form (``single``)."""
    if not _tables:
        with _lock:
            if not _tables:
                _tables.update(_build_tables())
    return _tables


_CHECKED_UNICODE_VERSIONS = ("14.0.0",)
"""Unicode versions whose database tests/test_nfkc.py has checked: no composition's second
character lies in the looked-up blocks.  Under any other version the tables are built with that
check (a scan of the database, about 0.15 s once per process)."""


def _build_tables() -> dict:
    flags = np.full(0x10000, _CONTEXT, dtype=np.uint8)
    single = np.arange(0x10000, dtype=np.uint32)
    forms = {}
    seconds = (frozenset() if unicodedata.unidata_version in _CHECKED_UNICODE_VERSIONS
               else composition_seconds())
    for code in (code for start, end in _CONTEXT_FREE_BLOCKS for code in range(start, end)):
        form = unicodedata.normalize("NFKC", chr(code))
        if not _starts_clean(chr(code)) or not all(map(_stays, form)) or not seconds.isdisjoint(chr(code) + form):
            continue
        if len(form) == 1:
            flags[code], single[code] = 0, ord(form)
        else:
            flags[code], forms[chr(code)] = _EXPANDS, form
    pattern = re.compile("[" + "".join(map(re.escape, forms)) + "]")
    return {"flags": flags, "single": single,
            "expansions": {"pattern": pattern, "replace": lambda match: forms[match.group()]}}


def composition_seconds() -> frozenset:
    """Every character that NFKC may compose with a character before it: the second character of
    a two-character canonical decomposition, and the Hangul vowel and trailing jamo."""
    seconds = {chr(code) for code in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    return frozenset(seconds)


def _in_blocks(code: int) -> bool:
    return any(start <= code < end for start, end in _CONTEXT_FREE_BLOCKS)


def _starts_clean(char: str) -> bool:
    """Not a combining character (kana voicing marks and ideographic tone marks are): what
    precedes it cannot change under NFKC."""
    return unicodedata.combining(char) == 0


def _stays(char: str) -> bool:
    """A character of an NFKC form that never combines with what precedes or follows it."""
    return _in_blocks(ord(char)) and _starts_clean(char)
