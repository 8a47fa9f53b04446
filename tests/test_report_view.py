"""Reading a report at a glance: evidence for each label, section roles, the checklist, the pages."""

import json
import os
import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings, strategies as st

from lawthemes import analyze_report, load_model
from lawthemes.html_view import report_page, summary_page
from lawthemes.report_structure import section_roles

from conftest import ANNOTATIONS, ROOT

INJECTION = ("一、行政复议\n全年办理行政复议案件86件。<script>document.body.dataset.pwned='script'</script>\n"
             "<img src=x onerror=\"document.body.dataset.pwned='img'\">纠错12件。\n"
             "<a href=\"javascript:document.body.dataset.pwned='link'\">点击</a>开展执法案卷评查。")


def seed(doc):
    return analyze_report((ANNOTATIONS / "sources" / f"{doc}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("doc, present", [
    ("huichang-2021", {"measures", "problems", "duties", "plans"}),
    ("ledu-2022", {"measures"}),
    ("qinzhou-2023", {"measures", "problems", "plans"}),
])
def test_the_checklist_of_the_seed_reports(doc, present):
    report = seed(doc)
    assert {role for role, entry in report["checklist"].items() if entry["present"]} == present
    for role, entry in report["checklist"].items():
        assert all(report["units"][i]["section"] == role for i in entry["units"])


def test_headings_decide_the_roles_and_running_text_uses_lead_phrases():
    assert section_roles(["县2024年法治政府建设情况", "今年以来，我县扎实推进。", "一、主要工作",
                          "（一）强化领导。", "二、问题与不足", "力量薄弱。", "三、党政主要负责人履行推进法治建设第一责任人职责情况",
                          "带头学法。", "四、下一步工作安排", "深化改革。"]) == [
        "title", "overview", "measures", "measures", "problems", "problems", "duties", "duties", "plans", "plans"]
    assert section_roles(["某局法治建设综述", "本报讯 今年以来，该局推进依法行政。", "全年办理复议案件12件。",
                          "下一步，该局将继续深化改革。"]) == ["title", "overview", "measures", "plans"]


def test_coverage_by_section_and_themes_not_addressed_add_up():
    report = seed("huichang-2021")
    for theme in report["coverage"]:
        assert sum(c[theme]["units"] for c in report["coverage_by_section"].values()) == report["coverage"][theme]["units"]
    assert report["themes_not_addressed"] == [t for t, e in report["coverage"].items() if not e["units"]]


def test_evidence_is_computed_only_when_asked_for():
    model = load_model()
    assert model.classify("全年办理行政复议案件86件").evidence is None
    assert "evidence" not in analyze_report("全年办理行政复议案件86件")["units"][0]
    result = model.classify("加强领导。全年办理行政复议案件86件，纠错12件。", evidence=True)
    assert set(result.evidence) == set(result.labels)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(), max_size=60)
                | st.sampled_from(["全年办理行政复议案件86件。", "推行行政执法三项制度；", "开展普法宣传！", "；", "。"]),
                min_size=1, max_size=8).map("".join))
def test_evidence_spans_point_into_their_unit(text):
    result = load_model().classify(text, evidence=True)
    for label, span in result.evidence.items():
        assert label in result.labels
        assert 0 <= span["start"] <= span["end"] <= len(text) and text[span["start"]:span["end"]] == span["text"]
        assert all(isinstance(ngram, str) and ngram for ngram in span["ngrams"])


def test_report_text_is_escaped_in_the_page():
    page = report_page({"file": "<b>x</b>.txt", **analyze_report(INJECTION, evidence=True)})
    assert "<script>document" not in page and "<img src=x" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=" in page
    assert not re.search(r"<a [^>]*javascript:", page)


# -- in a real browser ---------------------------------------------------------------------------
BROWSER = shutil.which("chromium-headless-shell") or shutil.which("chromium")
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser(tmp_path):
    if BROWSER is None:
        if os.environ.get("LAWTHEMES_REQUIRE_BROWSER"):
            pytest.fail("LAWTHEMES_REQUIRE_BROWSER is set but no chromium-headless-shell is installed")
        pytest.skip("no headless Chromium here (apt-get install chromium-headless-shell); CI runs this")

    def render(page: str, name: str, screenshot: bool = True) -> str:
        path = tmp_path / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        flags = [*BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
        dom = subprocess.run([BROWSER, *flags, "--dump-dom", path.as_uri()], capture_output=True, text=True,
                             timeout=120, check=True).stdout
        if screenshot:
            out = ROOT / "benchmarks" / "out"
            out.mkdir(parents=True, exist_ok=True)
            subprocess.run([BROWSER, *flags, f"--screenshot={out / (name + '.png')}", "--window-size=1100,1400",
                            path.as_uri()], capture_output=True, timeout=120, check=True)
        return dom
    return render


def test_the_report_page_renders_with_marks_chart_and_checklist(browser):
    report = {"file": "huichang-2021.txt", **seed("huichang-2021")}
    dom = browser(report_page(report), "report-page")
    assert 'data-ready="1"' in dom  # the page's own script ran
    assert len(re.findall(r'<div class="unit', dom)) == report["n_units"]
    assert len(re.findall(r'<input type="checkbox"', dom)) == 11
    assert 'id="coverage-chart"' in dom and 'id="section-chart"' in dom and "<rect" in dom
    assert re.findall(r'data-role="(\w+)" data-present="(\w+)"', dom) == [
        ("measures", "true"), ("problems", "true"), ("duties", "true"), ("plans", "true")]


def test_injected_markup_stays_text_in_the_browser(browser):
    dom = browser(report_page({"file": "x.txt", **analyze_report(INJECTION, evidence=True)}), "injection", False)
    assert 'data-ready="1"' in dom and "data-pwned" not in dom
    assert "&lt;script&gt;" in dom and "<img" not in dom
    assert not re.search(r'<a [^>]*href="javascript:', dom)  # shown as text (&lt;a href=…), not a link


def test_the_summary_heat_map_renders_one_row_per_report(browser):
    reports = [{"file": f"{doc}.txt", **seed(doc)} for doc in ("huichang-2021", "ledu-2022", "qinzhou-2023")]
    dom = browser(summary_page(reports), "summary-page")
    assert 'data-ready="1"' in dom
    body = dom.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == 3 and len(re.findall(r'class="sortable"', dom)) == 14


def test_classify_html_and_summarize_html_from_the_command_line(tmp_path, capsys):
    from lawthemes.cli import main

    source = ANNOTATIONS / "sources" / "ledu-2022.txt"
    assert main(["classify", str(source), "--format", "html", "-o", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<link" not in page and "src=\"http" not in page
    assert main(["classify", str(source), str(source), "--format", "html"]) == 2
    assert "-o DIRECTORY" in capsys.readouterr().err
    assert main(["summarize", str(source), "--format", "html", "-o", str(tmp_path / "s.html")]) == 0
    assert 'id="heatmap"' in (tmp_path / "s.html").read_text(encoding="utf-8")
    assert main(["classify", str(source), "--format", "json"]) == 0
    units = json.loads(capsys.readouterr().out)[0]["units"]
    assert all("section" in u and set(u.get("evidence", {})) == set(u["labels"]) for u in units)
