"""Traditional to simplified Chinese, with OpenCC, so a Hong Kong or Taiwan copy of a report
scores like the mainland one.

:func:`lawthemes.features.normalize_text` calls :func:`to_simplified` before features, in training
and prediction alike.  Text with no character that OpenCC's ``t2s`` would change (all simplified
text) is returned as it is, without calling OpenCC: one regular-expression scan decides.

>>> to_simplified("全面推行行政執法公示制度，這是依法行政的基礎")
'全面推行行政执法公示制度，这是依法行政的基础'
>>> to_simplified("显著提升依法行政水平")
'显著提升依法行政水平'
"""

from __future__ import annotations

import re
import threading

_CJK_RANGES = ((0x3400, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2FA20))
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_lock = threading.Lock()
_state: dict = {}


def _converter_and_pattern():
    """OpenCC's t2s converter and a pattern matching every character it would change, built once."""
    if not _state:
        with _lock:
            if not _state:
                import opencc

                converter = opencc.OpenCC("t2s")
                chars = [chr(code) for start, end in _CJK_RANGES for code in range(start, end)]
                converted = converter.convert("\n".join(chars)).split("\n")
                changing = [char for char, new in zip(chars, converted) if char != new]
                # a character class with astral characters makes re scan slowly: keep those apart
                built = {"astral": frozenset(char for char in changing if ord(char) > 0xFFFF),
                         "pattern": re.compile("[" + "".join(char for char in changing if ord(char) <= 0xFFFF) + "]"),
                         "converter": converter}
                _state.update(built)  # all at once: other threads test _state without the lock
    return _state["converter"], _state["pattern"], _state["astral"]


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def needs_conversion(text: str) -> bool:
    """Whether OpenCC's t2s would change a character of ``text``."""
    if not _state:
        _converter_and_pattern()
    if _state["pattern"].search(text) is not None:
        return True
    return _ASTRAL.search(text) is not None and not _state["astral"].isdisjoint(text)


def to_simplified(text: str) -> str:
    """``text`` with traditional characters converted to simplified (phrase-aware, by OpenCC)."""
    if not needs_conversion(text):
        return text
    converter = _converter_and_pattern()[0]
    if _SURROGATE.search(text):  # OpenCC takes UTF-8, which cannot hold a lone surrogate
        pieces = _SURROGATE.split(text)
        marks = _SURROGATE.findall(text)
        return "".join(converter.convert(p) + m for p, m in zip(pieces, marks + [""]))
    return converter.convert(text)
