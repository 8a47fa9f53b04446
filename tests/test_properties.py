"""Property-based tests over arbitrary Unicode."""

from hypothesis import given, settings, strategies as st

from lawthemes import classify, segment

report_text = st.text(alphabet=st.characters(), max_size=800) | st.lists(
    st.sampled_from(["一是", "二是", "（一）", "1.", "。", " ", "\n", "\u3000", "上一篇", "执法", "复议",
                     "标题导航", "|", "\r\n", "<p>", "&amp;"]), max_size=200).map("".join)


@settings(max_examples=200, deadline=None)
@given(report_text)
def test_segment_offsets_point_at_text_in_order_without_overlap(text):
    previous_end = 0
    for unit in segment(text):
        assert text[unit.start:unit.end] == unit.text and unit.text.strip()
        assert previous_end <= unit.start < unit.end
        previous_end = unit.end


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=400))
def test_classify_never_raises_on_a_str(text):
    result = classify(text)
    assert all(0.0 <= score <= 1.0 for score in result.scores.values())
    assert set(result.labels) <= set(result.scores)
