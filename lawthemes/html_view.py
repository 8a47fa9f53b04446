"""Pages to look at: one report with its units marked, or many reports as a heat map.

Both are single self-contained HTML files: styles and a few lines of script inline, no fonts,
images or scripts from anywhere else, so they open offline and can be mailed.  Every piece of
report text goes through :func:`html.escape`, and report text never enters a script: the script
only reads ``data-`` attributes that the page itself wrote, so a report containing ``<script>``,
``<img onerror=…>`` or ``javascript:`` links shows them as text and runs nothing.

>>> from lawthemes import analyze_report
>>> page = report_page({"file": "r.txt", **analyze_report("一、行政复议\\n<script>alert(1)</script>全年办理复议案件86件。")})
>>> "<script>alert" in page, "&lt;script&gt;alert(1)&lt;/script&gt;" in page
(False, True)
"""

from __future__ import annotations

from html import escape

from .report_structure import CHECKLIST_ROLES, ROLES
from .summary import MULTI_LABEL_NOTE
from .taxonomy import THEME_IDS, THEMES

COLOURS = dict(zip(THEME_IDS, ("#8e44ad", "#2e86de", "#16a085", "#d35400", "#c0392b", "#27ae60",
                               "#e67e22", "#1abc9c", "#34495e", "#0097a7", "#b7950b")))
ROLE_NAMES = {"title": "标题", "overview": "概述", "measures": "主要举措和成效", "problems": "存在的不足和原因",
              "duties": "第一责任人履职情况", "plans": "下一年度安排"}
ROLE_SHORT = {"title": "标题", "overview": "概述", "measures": "举措", "problems": "不足", "duties": "履职",
              "plans": "安排"}

_STYLE = """
body{font:15px/1.6 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header,main,section{max-width:1100px;margin:0 auto;padding:0 16px}
h1{font-size:20px} h2{font-size:17px;margin-top:28px}
.legend label{display:inline-block;margin:2px 10px 2px 0;cursor:pointer;white-space:nowrap}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:middle}
.unit{background:#fff;border-left:6px solid #ddd;margin:6px 0;padding:6px 10px;border-radius:3px}
.unit.hidden{display:none}
.chip{display:inline-block;color:#fff;font-size:12px;border-radius:9px;padding:0 8px;margin-right:4px}
.section-tag{color:#888;font-size:12px;margin-right:6px}
.text{white-space:pre-wrap}
details{font-size:13px;color:#444;margin-top:4px} summary{cursor:pointer;color:#666}
.evidence q{background:#fff3b0}
table{border-collapse:collapse;background:#fff} td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}
th.sortable{cursor:pointer} .present{color:#1e8449} .absent{color:#c0392b}
.note{color:#666;font-size:13px}
"""

_REPORT_SCRIPT = """
document.body.dataset.ready = "1";
const boxes = Array.from(document.querySelectorAll(".legend input"));
function applyFilter() {
  const on = boxes.filter(b => b.checked).map(b => b.value);
  const all = on.length === boxes.length;
  document.querySelectorAll(".unit").forEach(u => {
    const themes = (u.dataset.themes || "").split(" ").filter(Boolean);
    u.classList.toggle("hidden", !all && !themes.some(t => on.includes(t)));
  });
}
boxes.forEach(b => b.addEventListener("change", applyFilter));
"""

_SUMMARY_SCRIPT = """
document.body.dataset.ready = "1";
document.querySelectorAll("th.sortable").forEach((th, column) => th.addEventListener("click", () => {
  const body = th.closest("table").tBodies[0];
  const rows = Array.from(body.rows);
  const index = th.cellIndex, down = th.dataset.order !== "desc";
  rows.sort((a, b) => {
    const x = a.cells[index].dataset.value, y = b.cells[index].dataset.value;
    const nx = parseFloat(x), ny = parseFloat(y);
    const cmp = isNaN(nx) || isNaN(ny) ? x.localeCompare(y) : nx - ny;
    return down ? -cmp : cmp;
  });
  th.dataset.order = down ? "desc" : "asc";
  rows.forEach(r => body.appendChild(r));
}));
"""


def _page(title: str, body: str, script: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head>\n<body>{body}"
            f"<script>{script}</script></body></html>\n")


def _chip(theme: str) -> str:
    return f'<span class="chip" style="background:{COLOURS[theme]}">{escape(THEMES[theme].name_zh)}</span>'


def _legend() -> str:
    items = "".join(f'<label><input type="checkbox" value="{theme}" checked>'
                    f'<span class="swatch" style="background:{COLOURS[theme]}"></span>'
                    f"{escape(THEMES[theme].name_zh)} <small>{theme}</small></label>" for theme in THEME_IDS)
    return f'<div class="legend" id="legend">{items}</div>'


def _evidence(unit: dict) -> str:
    evidence = unit.get("evidence") or {}
    if not evidence:
        return ""
    items = "".join(f'<li>{_chip(label)}<q>{escape(span["text"])}</q> '
                    f'<span class="note">({span["start"]}–{span["end"]}; {escape("、".join(span["ngrams"]))})</span></li>'
                    for label, span in evidence.items())
    return f'<details class="evidence"><summary>依据</summary><ul>{items}</ul></details>'


def _unit(index: int, unit: dict) -> str:
    labels = unit["labels"]
    border = COLOURS[labels[0]] if labels else "#ddd"
    hover = escape("; ".join(f"{label}: {span['text'][:60]}" for label, span in (unit.get("evidence") or {}).items()))
    chips = "".join(_chip(label) for label in labels) or '<span class="note">无主题</span>'
    section = unit.get("section", "")
    return (f'<div class="unit" id="u{index}" data-themes="{" ".join(labels)}" data-section="{section}" '
            f'style="border-left-color:{border}" title="{hover}">'
            f'<div><span class="section-tag">{escape(ROLE_NAMES.get(section, section))}</span>{chips}</div>'
            f'<div class="text">{escape(unit["text"])}</div>{_evidence(unit)}</div>')


def _bar_chart(coverage: dict, no_theme: dict) -> str:
    rows = [(theme, THEMES[theme].name_zh, entry["char_share"], COLOURS[theme]) for theme, entry in coverage.items()]
    rows.append(("none", "无主题", no_theme["char_share"], "#bbb"))
    height, width, label_width = 22 * len(rows) + 10, 640, 170
    bars = "".join(
        f'<g data-theme="{key}"><text x="0" y="{22 * i + 20}" font-size="13">{escape(name)}</text>'
        f'<rect x="{label_width}" y="{22 * i + 8}" width="{max(share, 0) * (width - label_width - 60):.1f}" '
        f'height="15" fill="{colour}"></rect><text x="{label_width + max(share, 0) * (width - label_width - 60) + 6:.1f}" '
        f'y="{22 * i + 20}" font-size="12">{100 * share:.1f}%</text></g>'
        for i, (key, name, share, colour) in enumerate(rows))
    return (f'<svg id="coverage-chart" role="img" aria-label="share of characters per theme" '
            f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">{bars}</svg>')


def _role_chart(by_section: dict) -> str:
    roles = [role for role in ROLES if role in by_section]
    cell, label_width = 34, 170
    width, height = label_width + cell * len(roles) + 10, cell * (len(THEME_IDS) + 1) + 30
    most = max([e["units"] for c in by_section.values() for e in c.values()] + [1])
    heads = "".join(f'<text x="{label_width + cell * j + cell / 2}" y="16" font-size="11" text-anchor="middle">'
                    f"{ROLE_SHORT[role]}</text>" for j, role in enumerate(roles))
    dots = "".join(
        f'<circle cx="{label_width + cell * j + cell / 2}" cy="{cell * (i + 1) + 8}" '
        f'r="{2 + 13 * by_section[role][theme]["units"] / most:.1f}" fill="{COLOURS[theme]}">'
        f'<title>{theme} / {role}: {by_section[role][theme]["units"]}</title></circle>'
        for i, theme in enumerate(THEME_IDS) for j, role in enumerate(roles) if by_section[role][theme]["units"])
    names = "".join(f'<text x="0" y="{cell * (i + 1) + 12}" font-size="13">{escape(THEMES[theme].name_zh)}</text>'
                    for i, theme in enumerate(THEME_IDS))
    return (f'<svg id="section-chart" role="img" aria-label="units per theme and section" width="{width}" '
            f'height="{height}" xmlns="http://www.w3.org/2000/svg">{heads}{names}{dots}</svg>')


def _checklist(report: dict) -> str:
    rows = []
    for role in CHECKLIST_ROLES:
        entry = report["checklist"][role]
        links = " ".join(f'<a href="#u{i}">{i}</a>' for i in entry["units"][:12])
        state = '<td class="present">有</td>' if entry["present"] else '<td class="absent">缺</td>'
        rows.append(f'<tr data-role="{role}" data-present="{str(entry["present"]).lower()}">'
                    f"<td>{escape(ROLE_NAMES[role])}</td>{state}<td>{links}</td></tr>")
    missing = "、".join(THEMES[t].name_zh for t in report.get("themes_not_addressed", [])) or "无"
    return (f'<table id="checklist"><thead><tr><th>年度报告应含内容（督察工作规定第二十五条）</th><th>是否有</th>'
            f'<th>单元</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f'<p id="missing-themes">纲要领域中报告未涉及的：{escape(missing)}</p>')


def report_page(report: dict) -> str:
    """The page of one report (``analyze_report`` output with its ``file``)."""
    name = str(report.get("file") or report.get("source") or "report")
    body = (f"<header><h1>{escape(name)}</h1><p>{report['n_units']} 个单元，{report['n_chars']} 字。"
            f"点击图例筛选主题，点击“依据”查看打标签的句子和关键词。</p>{_legend()}</header><main>"
            f"<h2>完整性</h2>{_checklist(report)}"
            f"<h2>各主题覆盖（字数占比）</h2>{_bar_chart(report['coverage'], report['no_theme'])}"
            f'<p class="note">{escape(MULTI_LABEL_NOTE)}</p>'
            f"<h2>各部分的主题（单元数）</h2>{_role_chart(report.get('coverage_by_section', {}))}"
            f'<h2>全文</h2><div id="units">{"".join(_unit(i, u) for i, u in enumerate(report["units"]))}</div></main>')
    return _page(name, body, _REPORT_SCRIPT)


def _heat(share: float) -> str:
    alpha = min(1.0, share * 2.5)
    return f"background:rgba(192,57,43,{alpha:.2f});color:{'#fff' if alpha > 0.55 else '#222'}"


def summary_page(reports: list[dict]) -> str:
    """The heat map of many reports × themes (share of each report's units with the theme)."""
    heads = "".join(f'<th class="sortable" title="{theme}">{escape(THEMES[theme].name_zh)}</th>' for theme in THEME_IDS)
    rows = []
    for report in reports:
        name = str(report.get("file") or report.get("source") or "")
        cells = "".join(
            f'<td data-value="{share:.4f}" style="{_heat(share)}">{100 * share:.0f}%</td>'
            for share in (report["coverage"][t]["units"] / max(report["n_units"], 1) for t in THEME_IDS))
        empty = report["no_theme"]["units"] / max(report["n_units"], 1)
        rows.append(f'<tr><td data-value="{escape(name)}">{escape(name)}</td><td data-value="{report["n_units"]}">'
                    f'{report["n_units"]}</td>{cells}<td data-value="{empty:.4f}">{100 * empty:.0f}%</td></tr>')
    body = (f"<header><h1>{len(reports)} 份报告的主题分布</h1><p>每格：该报告中带有该主题的单元所占比例。"
            f"点击表头排序。</p><p class=\"note\">{escape(MULTI_LABEL_NOTE)}</p></header><main>"
            f'<table id="heatmap"><thead><tr><th class="sortable">报告</th><th class="sortable">单元</th>{heads}'
            f'<th class="sortable">无主题</th></tr></thead><tbody>{"".join(rows)}</tbody></table></main>')
    return _page("lawthemes summary", body, _SUMMARY_SCRIPT)
