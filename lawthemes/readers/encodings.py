"""Bytes to text: byte-order marks, UTF-8, and GB18030 told apart from Big5 by a detector.

Nothing is guessed silently.  A file that is UTF-8 but for a few stray bytes is reported as such
(and read with ``errors="replace"``, which counts the replacements); a short file that could be
either GB18030 or Big5 is refused with the option that settles it.

>>> decode("全年办理行政复议案件八十六件，依法纠错十二件，并向社会公开结果。".encode("gb18030")).encoding
'gb18030'
>>> decode("全年辦理行政復議案件八十六件，依法糾錯十二件，並向社會公開結果。".encode("big5")).encoding
'big5'
>>> decode("法治".encode("utf-16")).text
'法治'
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

from ..errors import ReadError

BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
CHINESE_CANDIDATES = ("gb18030", "big5")
MIN_DETECTION_BYTES = 40
"""Below this many non-ASCII bytes, a text that decodes as both GB18030 and Big5 is refused."""
STRAY_BYTES_SHARE = 0.002
"""A file that fails as UTF-8 only at this share of its bytes (or 3 bytes) is UTF-8 with stray bytes."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes: the encoding it was in (BOM noted) and how many bytes were replaced."""

    text: str
    encoding: str
    replaced: int = 0


def decode(data: bytes, name: str = "<input>", encoding: str | None = None,
           errors: str = "strict") -> Decoded:
    """Decode a report's bytes; ``encoding`` forces one, ``errors="replace"`` accepts bad bytes."""
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', got {errors!r}")
    if encoding:
        return _forced(data, name, encoding, errors)
    for bom, bom_encoding in BOMS:
        if data.startswith(bom):
            return _with(data[len(bom):], name, bom_encoding, errors, label=f"{bom_encoding} (with BOM)")
    if b"\x00" in data[:4096]:
        raise ReadError(f"{name}: looks like a binary file (it holds NUL bytes), not a report's text; "
                        "for UTF-16 without a byte-order mark pass --encoding utf-16-le")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    stray = _stray_utf8_bytes(data, name)
    if stray is not None:
        if errors == "replace":
            return _with(data, name, "utf-8", errors)
        raise ReadError(f"{name}: {stray} byte(s) are not valid UTF-8 (the first at byte {first_bad}); the "
                        "rest of the file is UTF-8: pass --errors replace to read it with them replaced")
    return _chinese(data, name, errors)


def _forced(data: bytes, name: str, encoding: str, errors: str) -> Decoded:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ReadError(f"{name}: unknown encoding {encoding!r} (try utf-8, gb18030, big5, utf-16)") from None
    return _with(data, name, encoding, errors)


def _with(data: bytes, name: str, encoding: str, errors: str, label: str | None = None) -> Decoded:
    """Decode with ``encoding``, counting replaced bytes when ``errors="replace"``."""
    _replaced.count = 0
    try:
        text = data.decode(encoding, errors="strict" if errors == "strict" else _COUNTING_REPLACE)
    except UnicodeDecodeError as error:
        raise ReadError(f"{name}: not valid {encoding} (byte {error.start}); pass --errors replace to "
                        "read it with bad bytes replaced, or another --encoding") from None
    return Decoded(text, label or encoding, _replaced.count)


_replaced = threading.local()
_COUNTING_REPLACE = "lawthemes-counting-replace"


def _count_and_replace(error: UnicodeDecodeError):
    _replaced.count += error.end - error.start
    return "\ufffd", error.end


codecs.register_error(_COUNTING_REPLACE, _count_and_replace)


def _stray_utf8_bytes(data: bytes, name: str) -> int | None:
    """How many bytes are not UTF-8, if the file is UTF-8 apart from a few places; else None."""
    decoded = _with(data, name, "utf-8", "replace")
    places = len(re.findall("\ufffd+", decoded.text)) - data.count("\ufffd".encode("utf-8"))
    multibyte = sum(1 for char in decoded.text if ord(char) > 0x7F and char != "\ufffd")
    if places <= max(3, STRAY_BYTES_SHARE * len(data)) and multibyte >= 4 * places:
        return decoded.replaced
    return None


def _chinese(data: bytes, name: str, errors: str) -> Decoded:
    """GB18030 or Big5, whichever a charset detector finds coherent; refuse when unsure."""
    from charset_normalizer import from_bytes

    decodable = [encoding for encoding in CHINESE_CANDIDATES if _decodes(data, encoding)]
    if not decodable:
        if errors == "replace":
            return _with(data, name, "gb18030", errors)
        raise ReadError(f"{name}: cannot decode as UTF-8, GB18030 or Big5; pass --encoding, or "
                        "--errors replace to read it with bad bytes replaced")
    non_ascii = sum(1 for byte in data if byte > 0x7F)
    if len(decodable) > 1 and non_ascii < MIN_DETECTION_BYTES:
        raise ReadError(f"{name}: too short to tell GB18030 (simplified) from Big5 (traditional); "
                        "pass --encoding gb18030 or --encoding big5")
    best = from_bytes(data, cp_isolation=decodable).best()
    if best is None or best.encoding not in CHINESE_CANDIDATES:
        raise ReadError(f"{name}: cannot tell its encoding; pass --encoding gb18030, big5 or utf-8")
    return Decoded(data.decode(best.encoding), best.encoding)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False
