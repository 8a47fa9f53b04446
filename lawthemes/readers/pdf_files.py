"""PDF files to report text: the text layer, lines joined back into paragraphs, page furniture
dropped.

pdfminer.six reads each page's text lines with their positions.  Lines in the top or bottom
margin that repeat on most pages (the document's running header or footer, page numbers whose
digits change) and lines that are only a page number (``- 3 -``, ``第3页``, ``3/12``) are dropped.  A
line starts a new paragraph when it is indented (by position or by leading full-width spaces),
when it opens with an enumeration or heading marker, or when the line before it ended a sentence
short of the right margin; otherwise it continues the paragraph before it, across page breaks
too.  A PDF without a text layer (a scan) is refused: it needs OCR first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..errors import ReadError

MARGIN_SHARE = 0.07
"""The top and bottom this-share of a page are where running headers and footers live."""
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*(?:/\s*\d+)?|"
                          r"page\s*\d+(?:\s*of\s*\d+)?)[-—–\s]*$", re.I)
_OPENS_PARAGRAPH = re.compile(r"^(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|第[一二三四五六七八九十]+[章节条部分])")
_SENTENCE_END = "。！？；：!?;:"


@dataclass
class Line:
    page: int
    x0: float
    x1: float
    top: float  # distance from the top of the page
    text: str
    page_height: float


def pdf_to_text(path) -> str:
    """The paragraphs of a PDF's text layer, one per line."""
    lines = _lines(path)
    if not lines:
        raise ReadError(f"{path}: the PDF has no text layer (a scanned image?); run OCR on it first")
    kept = _drop_furniture(lines)
    return "\n".join(_paragraphs(kept))


def _lines(path) -> list[Line]:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LTTextContainer, LTTextLine
    except ImportError:
        raise ReadError("reading PDF files needs pdfminer.six: pip install 'lawthemes[formats]'") from None
    lines = []
    try:
        for number, page in enumerate(extract_pages(str(path))):
            height = page.height or 1.0
            for element in page:
                if not isinstance(element, LTTextContainer):
                    continue
                for line in element:
                    if isinstance(line, LTTextLine) and line.get_text().strip():
                        lines.append(Line(number, line.x0, line.x1, height - line.y1,
                                          line.get_text().rstrip("\n"), height))
    except Exception as error:  # pdfminer raises many kinds for a damaged or encrypted file
        raise ReadError(f"{path}: not a readable PDF ({type(error).__name__}: {error})"[:300]) from None
    lines.sort(key=lambda line: (line.page, round(line.top, 1), line.x0))
    return lines


def _in_margin(line: Line) -> bool:
    return line.top < MARGIN_SHARE * line.page_height or line.top > (1 - MARGIN_SHARE) * line.page_height


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _drop_furniture(lines: list[Line]) -> list[Line]:
    pages = len({line.page for line in lines})
    repeats = Counter(_shape(line.text) for line in lines if _in_margin(line))
    recurring = {shape for shape, count in repeats.items() if pages >= 2 and count >= max(2, pages / 2)}
    return [line for line in lines
            if not (_PAGE_NUMBER.match(line.text.strip()) and _in_margin(line))
            and not (_in_margin(line) and _shape(line.text) in recurring)]


def _paragraphs(lines: list[Line]) -> list[str]:
    if not lines:
        return []
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = max(line.x1 for line in lines)
    width = right - left or 1.0
    paragraphs: list[str] = []
    previous = None
    for line in lines:
        text = line.text.strip()
        if previous is None or _starts_paragraph(line, previous, left, right, width):
            paragraphs.append(text)
        else:
            paragraphs[-1] = _join(paragraphs[-1], text)
        previous = line
    return paragraphs


def _starts_paragraph(line: Line, previous: Line, left: float, right: float, width: float) -> bool:
    indented = line.x0 - left > 0.03 * width or line.text[:1] in ("\u3000", " ", "\t")
    ended_short = previous.text.rstrip()[-1:] in _SENTENCE_END and right - previous.x1 > 0.06 * width
    return indented or ended_short or bool(_OPENS_PARAGRAPH.match(line.text.strip()))


def _join(before: str, after: str) -> str:
    if before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() and after[:1].isalnum():
        return f"{before} {after}"  # a Latin word wrapped at the line end keeps its space
    return before + after
