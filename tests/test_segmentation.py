import pytest

from lawthemes import segment
from lawthemes.segmentation import MAX_UNIT_CHARS

from conftest import ANNOTATIONS


def read_source(doc):
    return (ANNOTATIONS / "sources" / f"{doc}.txt").read_text(encoding="utf-8")


def assert_offsets_valid(text, units):
    previous_end = 0
    for unit in units:
        assert text[unit.start:unit.end] == unit.text
        assert unit.start >= previous_end and unit.end > unit.start
        previous_end = unit.end


def test_offsets_point_at_unit_text_in_order(corpus):
    for doc in corpus.documents:
        text = read_source(doc)
        assert_offsets_valid(text, segment(text))


def test_single_line_report_is_split_into_headings_and_items():
    text = read_source("weifang-2020")  # the whole report body is one 3,500-character line
    units = segment(text)
    texts = [u.text for u in units]
    assert len(units) > 30
    assert "抓关键少数 高站位推进重点工作" in texts  # a space-delimited heading is its own unit
    assert any(t.startswith("二是依法履行政府职能") for t in texts)
    assert max(len(t) for t in texts) < 600


def test_newspaper_navigation_is_dropped():
    text = read_source("huzhou-2023")  # 往期阅读, 上一篇/下一篇, 版面导航 and other articles' titles
    texts = [u.text for u in segment(text)]
    joined = "\n".join(texts)
    for junk in ("上一篇", "下一篇", "往期阅读", "标题导航", "第01版", "文旅融合提升乡村旅游核心竞争力"):
        assert junk not in joined
    assert texts[0] == "扎实推进依法行政 促进法治政府建设"


def test_page_info_lines_are_dropped():
    texts = [u.text for u in segment(read_source("ledu-2022"))]
    assert not any(t.startswith("浏览") for t in texts)


def test_long_paragraph_is_split_at_enumeration_markers():
    items = "".join(f"{n}是" + "加强某项工作建设,完善相关制度机制,推动各项任务落实落地见到实效。" * 3
                    for n in "一二三四五")
    text = "（一）总体情况。" + items
    assert len(text) > MAX_UNIT_CHARS
    units = segment(text)
    assert [u.text[:2] for u in units] == ["（一", "一是", "二是", "三是", "四是", "五是"]
    assert_offsets_valid(text, units)


def test_short_paragraph_stays_whole():
    text = "一是加强执法。二是规范执法。"
    assert [u.text for u in segment(text)] == [text]


def test_blank_and_whitespace_input_gives_no_units():
    assert segment("") == []
    assert segment(" \n\u3000\n\t") == []


def test_non_str_is_refused():
    with pytest.raises(TypeError, match="bytes"):
        segment(b"\xe4\xb8\x80")
    with pytest.raises(TypeError, match="NoneType"):
        segment(None)


def test_sentences_starting_with_toolbar_words_are_kept():
    text = "缩小城乡区域发展差距，推进共同富裕。\n关闭退出落后产能企业12家。\n放大 缩小 默认\n打印本页\n放大政策效应。"
    assert [u.text for u in segment(text)] == ["缩小城乡区域发展差距，推进共同富裕。", "关闭退出落后产能企业12家。",
                                               "打印本页", "放大政策效应。"]


def test_navigation_list_ends_at_a_blank_line():
    text = "版面导航\n第01版:要闻\n其他文章标题\n\n一、主要做法\n强化组织领导\n全县共办理案件。"
    assert [u.text for u in segment(text)] == ["一、主要做法", "强化组织领导", "全县共办理案件。"]


def test_segment_refuses_bytes_with_a_decoding_hint():
    with pytest.raises(TypeError, match="decode"):
        segment("行政执法".encode("utf-8"))


def test_the_annotated_units_are_what_segment_yields(corpus):
    """The annotations were made from this segmenter: a change to it must not move their units."""
    for doc in corpus.documents.values():
        expected = [(u.start, u.end) for u in corpus.units if u.doc == doc.id]
        assert [(u.start, u.end) for u in segment(doc.text)] == expected, doc.id
