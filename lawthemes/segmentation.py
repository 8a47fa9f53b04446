"""Split a whole report into classification units, keeping character offsets.

A unit is a paragraph (a line of the input).  A paragraph longer than :data:`MAX_UNIT_CHARS` is
split before its enumeration markers (一是/二是…, （一）/（二）…, 1./2.…) and, in reports pasted as
one long line, at the spaces that separate sentences from the next heading.  A heading that opens
such a piece ("抓关键少数 高站位推进重点工作 强化组织推动,…") becomes a unit of its own.  Web-page
navigation and page junk (上一篇, 浏览次数, 版面导航 and the title list after it) is dropped.

The same function produced the units in ``annotations/``, so what users classify looks like what
the model was trained on.

>>> from lawthemes import segment
>>> units = segment("会昌县2021年法治政府建设年度报告\\n上一篇    下一篇\\n一、主要举措")
>>> [(u.text, u.start, u.end) for u in units]
[('会昌县2021年法治政府建设年度报告', 0, 18), ('一、主要举措', 30, 36)]
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from .features import check_text

MAX_UNIT_CHARS = 300
"""Paragraphs longer than this are split at their enumeration markers."""

_NAV_LINE_MAX_CHARS = 80
_NAV_LINE = re.compile(
    r"^(?:上一篇|下一篇|上一版|下一版|往期阅读|当前版[:：]|浏览[:：\s]*\d|浏览次数|来源[:：]"
    r"|文件下载[:：]?$|关联文件[:：]?$|相关附件[:：]?$|第\s*\d+\s*版[:：])"
)
# Toolbar words are junk only as a whole line of them ("放大 缩小 默认"): as the first word of a
# sentence they are ordinary verbs ("缩小城乡差距", "关闭落后产能企业").
_TOOLBAR_LINE = re.compile(r"^(?:(?:放大|缩小|默认|打印|关闭|返回顶部|分享到|收藏)[\s|/]*)+$")
# A navigation block header: the short lines that follow it are other articles' titles.
_NAV_BLOCK = re.compile(r"^(?:标题导航|版面导航|相关新闻|相关阅读)")
_SENTENCE_END = "。；;！!？?：:"
_ENUMERATION = re.compile(
    r"(?=[一二三四五六七八九十（(\d])(?:"  # every marker starts so: skips other positions fast
    r"[一二三四五六七八九十]{1,3}是"
    r"|[（(][一二三四五六七八九十]{1,3}[）)]"
    r"|[（(]\d{1,2}[）)]"
    r"|\d{1,2}[.．、](?![\d]))"
)
_SPACE_RUN = re.compile(r"\s+")
_HEADING_STOP = re.compile(r"[，,。；;：:！!？?、]")


class Unit(NamedTuple):
    """A piece of a report: its text and its ``[start, end)`` character offsets in the input."""

    text: str
    start: int
    end: int


def segment(report_text: str) -> list[Unit]:
    """Split ``report_text`` into units whose offsets point at their text in the input.

    Units come in document order and never overlap; ``report_text[u.start:u.end] == u.text``.

    >>> [u.text for u in segment("一、总体情况\\n\\n二、主要措施")]
    ['一、总体情况', '二、主要措施']
    """
    check_text(report_text)
    units: list[Unit] = []
    in_nav_block = False
    previous_end = 0
    for start, end in _stripped_lines(report_text):
        line = report_text[start:end]
        if _NAV_BLOCK.match(line):
            in_nav_block = True
        elif in_nav_block and _looks_like_title(line) and not _blank_line_between(
                report_text, previous_end, start):
            pass  # another article's title in the navigation list
        else:
            in_nav_block = False
            units.extend(_units_of_line(report_text, start, end))
        previous_end = end
    return units


def _units_of_line(report_text: str, start: int, end: int) -> list[Unit]:
    line = report_text[start:end]
    if _is_page_junk(line):
        return []
    if end - start > MAX_UNIT_CHARS:
        return _split_long_paragraph(report_text, start, end)
    return [Unit(line, start, end)]


def _blank_line_between(text: str, start: int, end: int) -> bool:
    """A navigation list ends at a blank line."""
    return text.count("\n", start, end) > 1


def _stripped_lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of every non-blank line, surrounding whitespace excluded."""
    for match in re.finditer(r"[^\n\r]+", text):
        span = _strip_span(text, match.start(), match.end())
        if span:
            yield span


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _is_page_junk(line: str) -> bool:
    if not any(char.isalnum() for char in line):
        return True  # separators such as "|" or "———"
    return len(line) <= _NAV_LINE_MAX_CHARS and bool(_NAV_LINE.match(line) or _TOOLBAR_LINE.match(line))


def _looks_like_title(line: str) -> bool:
    return len(line) <= 40 and line[-1] not in "。.；;"


def _split_long_paragraph(text: str, start: int, end: int) -> list[Unit]:
    cuts = [start, *_cut_points(text, start, end), end]
    units = []
    for piece_start, piece_end in zip(cuts, cuts[1:]):
        span = _strip_span(text, piece_start, piece_end)
        if span:
            units.extend(_split_off_heading(text, *span))
    return units


def _cut_points(text: str, start: int, end: int) -> list[int]:
    """Offsets inside ``[start, end)`` where a new piece begins."""
    cuts = set()
    for match in _ENUMERATION.finditer(text, start, end):
        if _follows_sentence_end(text, start, match.start()):
            cuts.add(match.start())
    # one-line reports: "……履行。 抓关键少数 高站位推进重点工作 强化组织推动,……"
    for match in _SPACE_RUN.finditer(text, start, end):
        before, after = match.span()
        if before > start and text[before - 1] in _SENTENCE_END and after < end:
            cuts.add(after)
    return sorted(cut for cut in cuts if start < cut < end)


def _follows_sentence_end(text: str, start: int, position: int) -> bool:
    index = position - 1
    while index >= start and text[index].isspace():
        index -= 1
    return index >= start and text[index] in _SENTENCE_END


def _split_off_heading(text: str, start: int, end: int) -> list[Unit]:
    """Separate a space-delimited heading that opens a piece from the sentence after it."""
    stop = _HEADING_STOP.search(text, start, end)
    head_end = stop.start() if stop else end
    last_space = max(text.rfind(" ", start, head_end), text.rfind("\u3000", start, head_end))
    if last_space <= start or stop is None:
        return [Unit(text[start:end], start, end)]
    heading = _strip_span(text, start, last_space)
    body = _strip_span(text, last_space, end)
    return [Unit(text[s:e], s, e) for s, e in (heading, body)]
