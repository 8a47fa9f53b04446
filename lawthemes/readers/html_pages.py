"""Saved web pages to report text: one line per block element, page furniture dropped.

lxml parses the page (it copes with the broken markup government sites serve).  Scripts, styles,
forms, ``<nav>``/``<header>``/``<footer>``/``<aside>`` and elements whose class or id says
navigation, breadcrumb, footer, share or pager are removed; every block element (``p``, ``div``,
``li``, ``h1``-``h6``, table cells …) and every ``<br>`` ends a line; lines of site furniture
(版权所有, ICP备案号, 主办单位, 当前位置, 【字体：大 中 小】, menus of short links) are dropped.  Lines
such as 上一篇/下一篇 are left to :func:`lawthemes.segment`, which drops them in any input.

(trafilatura, tried first, merged paragraphs separated by ``<br>`` and kept the menus and footers
of table-layout pages, which many government sites still use.)

>>> html_to_text("<html><body><div class='nav'>首页 | 政务公开</div><p>一、总体情况</p>"
...              "<p>全年办理复议案件86件。<br>纠错12件。</p><div id='footer'>版权所有</div></body></html>")
'一、总体情况\\n全年办理复议案件86件。\\n纠错12件。'
"""

from __future__ import annotations

import re

from ..errors import ReadError

DROPPED_TAGS = ("script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside",
                "form", "iframe", "select", "button", "svg", "object", "map")
BLOCK_TAGS = ("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
              "table", "tr", "td", "th", "caption", "section", "article", "main", "blockquote", "pre",
              "center", "hr", "address", "figure", "figcaption")
_FURNITURE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav\w*|menu\w*|breadcrumbs?|crumbs?|position|location|footer|foot|bottom|"
    r"copyright|share\w*|toolbar|pager|pagination|sidebar|related|header|topbar)(?:$|[\s_-])", re.I)
_FURNITURE_LINE = re.compile(
    r"版权所有|ICP备|ICP证|公网安备|网站标识码|主办单位|承办单位|技术支持|联系我们|网站地图|"
    r"^(?:当前位置|您现在的位置|您的位置|发布时间|发布日期|信息来源)|【?字[体号][:：]|打印本页|关闭窗口|扫一扫|分享到")
_MENU_ITEM_SEPARATORS = re.compile(r"\s*[|｜·•]\s*")
_SPACE_RUNS = re.compile(r"[ \t\r\n\f\v\xa0]+")
# a line break in the page source between two Chinese characters is no space when rendered
_WRAP_BETWEEN_CJK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t\xa0]*[\r\n]+[ \t\xa0]*(?=[\u3000-\u9fff\uff00-\uffef])")


def html_to_text(markup: str) -> str:
    """The report text of an HTML page, one paragraph per line."""
    lxml_html = _lxml_html()
    from lxml import etree

    if not markup.strip():
        return ""
    document = lxml_html.document_fromstring(markup)
    for element in list(document.iter(etree.Comment, etree.ProcessingInstruction, *DROPPED_TAGS)):
        element.drop_tree()  # comments, processing instructions and page furniture by tag
    for element in list(document.iter(tag=etree.Element)):
        if _FURNITURE_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}"):
            element.drop_tree()
    for element in document.iter():
        element.text = _flow(element.text)
        element.tail = _flow(element.tail)
    for element in document.iter("br", *BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    body = document.find("body")
    lines = (line.strip() for line in (body if body is not None else document).text_content().split("\n"))
    return "\n".join(line for line in lines if line and not _is_furniture(line))


def _flow(text: str | None) -> str | None:
    """Source text as a browser lays it out: wraps between Chinese characters vanish, other
    whitespace runs become one space."""
    return _SPACE_RUNS.sub(" ", _WRAP_BETWEEN_CJK.sub("", text)) if text else text


def _is_furniture(line: str) -> bool:
    if len(line) <= 120 and _FURNITURE_LINE.search(line):
        return True
    items = [item for item in _MENU_ITEM_SEPARATORS.split(line) if item]
    return len(items) >= 3 and all(len(item) <= 8 for item in items)


def _lxml_html():
    try:
        import lxml.html
    except ImportError:
        raise ReadError("reading HTML needs lxml: pip install 'lawthemes[formats]'") from None
    return lxml.html
