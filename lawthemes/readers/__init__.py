"""Read a report from the formats reports come in: plain text, saved web pages, Word and PDF.

:func:`read_report` tells the format from the file's bytes (and name), decodes text with its
encoding detected, not guessed (:mod:`.encodings`), and extracts the report's paragraphs from
HTML (:mod:`.html_pages`), DOCX (:mod:`.docx_files`) and PDF (:mod:`.pdf_files`), one paragraph
per line.  The result's ``text`` is what offsets in every output point into.  HTML, DOCX and PDF
need the ``formats`` extra (``pip install "lawthemes[formats]"``); without it, reading one of them
raises a one-line :class:`~lawthemes.ReadError` saying what to install.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "report.txt"
>>> _ = path.write_bytes("一、总体情况\\n全年办理行政复议案件86件。".encode("utf-8"))
>>> report = read_report(path)
>>> report.format, report.encoding, report.text.splitlines()[0]
('text', 'utf-8', '一、总体情况')
"""

from __future__ import annotations

import os
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from ..errors import ReadError
from .encodings import decode

FORMATS = ("text", "html", "docx", "pdf")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<p>", b"<div")


@dataclass(frozen=True)
class Report:
    """A report's text as read: ``text`` (offsets point into it), where it came from, its format
    and encoding, and how many undecodable bytes were replaced (with ``errors="replace"``)."""

    text: str
    source: str
    format: str
    encoding: str | None = None
    replaced: int = 0


def read_report(path: Union[str, "os.PathLike[str]"], *, encoding: str | None = None,
                errors: str = "strict", format: str | None = None) -> Report:
    """Read one report file (``"-"``: standard input) as a :class:`Report`.

    ``encoding`` forces the text encoding (of text and HTML files); ``errors="replace"`` reads a
    file with a few bad bytes, counting them in ``Report.replaced``; ``format`` (one of
    :data:`FORMATS`) overrides the format detected from the contents.
    """
    name = str(path)
    data = sys.stdin.buffer.read() if name == "-" else _read_bytes(Path(path))
    kind = format or sniff_format(data, name)
    if kind not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {kind!r}")
    if kind == "pdf":
        from .pdf_files import pdf_to_text

        return Report(pdf_to_text(_on_disk(path, data)), name, kind)
    if kind == "docx":
        from .docx_files import docx_to_text

        return Report(docx_to_text(_on_disk(path, data)), name, kind)
    decoded = _decode_page(data, name, errors) if kind == "html" and not encoding else \
        decode(data, name, encoding=encoding, errors=errors)
    if kind == "html":
        from .html_pages import html_to_text

        return Report(html_to_text(decoded.text), name, kind, decoded.encoding, decoded.replaced)
    return Report(decoded.text, name, kind, decoded.encoding, decoded.replaced)


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise IsADirectoryError(f"{path}: is a directory, not a report file")
    return path.read_bytes()


def _on_disk(path, data: bytes):
    """A path the binary-format readers can open (standard input is copied to a temporary file)."""
    if str(path) != "-":
        return path
    import tempfile

    handle = tempfile.NamedTemporaryFile(delete=False, suffix=".bin")
    handle.write(data)
    handle.close()
    return handle.name


def sniff_format(data: bytes, name: str = "") -> str:
    """The format of a file from its first bytes (and, for HTML without a doctype, its name)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if _is_docx(data):
            return "docx"
        raise ReadError(f"{name}: a zip archive that is not a .docx file")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(f"{name}: an old binary Word (.doc) file; save it as .docx or text and try again")
    if head.startswith(_HTML_MARKERS) or (name.lower().endswith((".htm", ".html", ".shtml")) and b"<" in head):
        return "html"
    return "text"


def _is_docx(data: bytes) -> bool:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _decode_page(data: bytes, name: str, errors: str):
    """A web page in the charset it declares, if its bytes are valid in it; else as detected
    (saved pages often keep a ``<meta charset>`` the saving program did not honour)."""
    declared = _declared_charset(data)
    if declared:
        try:
            return decode(data, name, encoding=declared)
        except (ReadError, LookupError):
            pass
    return decode(data, name, errors=errors)


def _declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``http-equiv`` (GB2312/GBK read as the
    GB18030 superset), or None."""
    import re

    match = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", data[:4096], re.I)
    if not match:
        return None
    charset = match.group(1).decode("ascii").lower()
    return "gb18030" if charset in ("gb2312", "gbk", "gb18030", "x-gbk") else charset
