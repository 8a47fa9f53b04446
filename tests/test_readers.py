"""Report files as they come: web pages, Word and PDF files, every encoding, bad bytes, junk."""

import sys

import pytest

from lawthemes import ReadError, analyze_report, classify
from lawthemes.readers import read_report

REPORT_LINES = ["澄阳县2023年法治政府建设年度报告", "一、主要举措和成效",
                "（一）深化行政复议体制改革。全年办理行政复议案件86件，依法纠错12件。",
                "（二）推进严格规范公正文明执法。全面推行行政执法三项制度，开展案卷评查两次。",
                "二、存在的不足", "基层执法力量仍然薄弱，执法人员专业素质有待提高。"]
TRADITIONAL = "全面推行行政執法公示制度、執法全過程記錄制度、重大執法決定法制審核制度，嚴格規範公正文明執法。"

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>报告_澄阳县人民政府</title>
<style>.nav {{ color: red }}</style><script>var menu = "上一篇 执法";</script></head><body>
<div class="nav"><a>首页</a> | <a>政务公开</a> | <a>法治政府</a></div>
<div class="crumb">当前位置：首页 &gt; 政务公开</div>
<div class="article"><h1>{0}</h1><div class="info">发布时间：2024-03-12 来源：县司法局</div>
<p>{1}</p><p>{2}<br>{3}</p>
<p>{4}</p><p>{5}</p></div>
<div class="share">分享到：微信 微博</div>
<footer>主办单位：澄阳县人民政府办公室 版权所有 澄ICP备12345678号</footer></body></html>"""


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_html_keeps_paragraphs_and_drops_script_navigation_and_footer(tmp_path):
    page = PAGE.format(*REPORT_LINES[:2], REPORT_LINES[2], REPORT_LINES[3], *REPORT_LINES[4:])
    report = read_report(write(tmp_path, "page.html", page.encode("utf-8")))
    assert report.format == "html" and report.text.splitlines() == REPORT_LINES


def test_html_in_gb2312_with_table_layout_and_br_paragraphs(tmp_path):
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head><body>"
            "<table><tr><td class='menu'>首页 | 机构概况 | 政务公开 | 办事服务</td></tr>"
            f"<tr><td>{REPORT_LINES[0]}</td></tr><tr><td>{REPORT_LINES[2]}<br>{REPORT_LINES[3]}</td></tr>"
            "<tr><td class='bottom'>版权所有：澄阳县人民政府</td></tr></table></body></html>")
    report = read_report(write(tmp_path, "old.htm", page.encode("gb18030")))
    assert report.encoding == "gb18030"
    assert report.text.splitlines() == [REPORT_LINES[0], REPORT_LINES[2], REPORT_LINES[3]]


def test_docx_paragraphs_and_table_cells_in_order(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(REPORT_LINES[0])
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in zip([(0, 0), (0, 1), (1, 0), (1, 1)], ["指标", "2023年", "复议案件", "86件"]):
        table.cell(row, col).text = text
    document.add_paragraph(REPORT_LINES[4])
    document.sections[0].header.paragraphs[0].text = "页眉不是报告"
    path = tmp_path / "report.docx"
    document.save(path)
    report = read_report(path)
    assert report.format == "docx"
    assert report.text.splitlines() == [REPORT_LINES[0], "指标", "2023年", "复议案件", "86件", REPORT_LINES[4]]


def make_pdf(path, pages):
    """A PDF with a running header, page numbers and paragraphs wrapped over several lines."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("STSong-Light", 9)
        pdf.drawString(72, 805, "澄阳县人民政府文件")
        pdf.setFont("STSong-Light", 12)
        y = 740
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 20
        pdf.setFont("STSong-Light", 9)
        pdf.drawString(290, 30, f"- {number} -")
        pdf.showPage()
    pdf.save()


def test_pdf_lines_are_joined_into_paragraphs_without_headers_or_page_numbers(tmp_path):
    pytest.importorskip("pdfminer")
    pytest.importorskip("reportlab")
    first, second = REPORT_LINES[2], REPORT_LINES[3]
    make_pdf(tmp_path / "r.pdf", [["\u3000\u3000" + first[:20], first[20:], "\u3000\u3000" + second[:18]],
                                  [second[18:], REPORT_LINES[4], "\u3000\u3000" + REPORT_LINES[5]]])
    report = read_report(tmp_path / "r.pdf")
    assert report.format == "pdf"
    assert report.text.splitlines() == [first, second, REPORT_LINES[4], REPORT_LINES[5]]


@pytest.mark.parametrize("encoding, expected", [("utf-16", "utf-16-le (with BOM)"),
                                                ("utf-16-be", "utf-16-be (with BOM)"),
                                                ("utf-8-sig", "utf-8 (with BOM)"), ("gb18030", "gb18030")])
def test_encodings_are_detected(tmp_path, encoding, expected):
    text = "\n".join(REPORT_LINES)
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    report = read_report(write(tmp_path, "r.txt", data))
    assert report.text == text and report.encoding == expected


def test_big5_is_told_from_gb18030_and_scores_like_the_simplified_text(tmp_path):
    simplified = "全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度，严格规范公正文明执法。"
    report = read_report(write(tmp_path, "hk.txt", TRADITIONAL.encode("big5")))
    assert report.encoding == "big5" and report.text == TRADITIONAL
    assert classify(report.text).labels == classify(simplified).labels
    assert classify(report.text).scores == pytest.approx(classify(simplified).scores)


def test_a_short_text_that_could_be_gb_or_big5_is_refused_with_the_option(tmp_path):
    path = write(tmp_path, "short.txt", "法治".encode("gb18030"))
    with pytest.raises(ReadError, match="--encoding gb18030 or --encoding big5"):
        read_report(path)
    assert read_report(path, encoding="gb18030").text == "法治"


def test_one_stray_byte_in_utf8_is_named_and_can_be_replaced(tmp_path):
    head, tail = REPORT_LINES[0].encode("utf-8"), "\n".join(REPORT_LINES[1:]).encode("utf-8")
    path = write(tmp_path, "r.txt", head + b"\xff\n" + tail)  # one stray byte between characters
    with pytest.raises(ReadError, match="not valid UTF-8.*--errors replace"):
        read_report(path)
    report = read_report(path, errors="replace")
    assert report.encoding == "utf-8" and report.replaced == 1 and "\ufffd" in report.text


def test_empty_binary_directory_and_old_word_files(tmp_path):
    assert read_report(write(tmp_path, "empty.txt", b"")).text == ""
    with pytest.raises(ReadError, match="binary file"):
        read_report(write(tmp_path, "x.bin", bytes(range(256)) * 4))
    with pytest.raises(IsADirectoryError, match="is a directory"):
        read_report(tmp_path)
    with pytest.raises(ReadError, match=r"\.doc\) file; save it as \.docx"):
        read_report(write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0" + bytes(100)))


def test_a_missing_extra_is_one_line_saying_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "lxml", None)
    monkeypatch.setitem(sys.modules, "lxml.html", None)
    with pytest.raises(ReadError, match=r"pip install 'lawthemes\[formats\]'"):
        read_report(write(tmp_path, "p.html", b"<html><body><p>a</p></body></html>"))


def test_analyze_report_accepts_a_report_and_points_into_its_text(tmp_path):
    page = PAGE.format(*REPORT_LINES[:2], REPORT_LINES[2], REPORT_LINES[3], *REPORT_LINES[4:])
    report = read_report(write(tmp_path, "page.html", page.encode("utf-8")))
    analysis = analyze_report(report)
    assert analysis["source"].endswith("page.html") and analysis["format"] == "html"
    assert all(report.text[u["start"]:u["end"]] == u["text"] for u in analysis["units"])
