"""What each part of a report is, from its own headings, and whether it has what the rules ask for.

《法治政府建设与责任落实督察工作规定》(2019) 第二十五条 lists what an annual report on rule-of-law
government contains: the year's main measures and results, the shortcomings and their causes, how
the principal Party and government leaders fulfilled their duty as first responsible persons,
and the next year's plans.  :func:`section_roles` gives every unit one role:

- ``title``: the title and cover lines before the text begins;
- ``overview``: the opening, before the first section heading;
- ``measures`` (主要举措和成效), ``problems`` (存在的问题/不足和原因), ``duties`` (党政主要负责人履行
  推进法治建设第一责任人职责情况), ``plans`` (下一年度/下一步工作安排).

Headings decide it, as these reports are written: a top-level heading (一、…, or an unnumbered
heading line) whose words name a role sets it until the next top-level heading; one that names
no role (一、加强党的领导…) is a measures section.  In running text without such headings, a
paragraph that opens with 下一步 or 存在的问题 starts that role.

>>> units = ["澄阳县2023年法治政府建设年度报告", "2023年，我县扎实推进法治政府建设。", "一、主要举措和成效",
...          "（一）深化行政复议。", "二、存在的不足和原因", "基层力量薄弱。", "三、2024年工作打算", "持续推进。"]
>>> section_roles(units)
['title', 'overview', 'measures', 'measures', 'problems', 'problems', 'plans', 'plans']
"""

from __future__ import annotations

import re
from typing import Sequence

ROLES = ("title", "overview", "measures", "problems", "duties", "plans")
CHECKLIST_ROLES = ("measures", "problems", "duties", "plans")

_TOP_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十]{1,3}部分)")
_ROLE_WORDS = (  # checked in this order: a duties heading may also say 情况, a plans heading 工作
    ("duties", re.compile(r"第一责任人|主要负责人(?:履行|履职)|履行(?:推进)?法治建设.{0,6}职责|述法情况")),
    ("problems", re.compile(r"存在的?(?:主要)?(?:问题|不足|短板|差距|困难)|不足(?:之处|和原因|及原因|与原因)|"
                            r"问题(?:和|与|及)(?:不足|原因|短板)|短板弱项|薄弱环节|差距和不足")),
    ("plans", re.compile(r"下一步|下一年度|下步工作|今后(?:工作|一个时期)|明年|工作(?:打算|安排|计划|思路|展望)|"
                         r"努力方向|(?:19|20)\d\d年(?:度)?(?:的)?(?:工作|重点)?(?:打算|安排|计划|思路|展望|重点工作)")),
    ("measures", re.compile(r"主要(?:举措|做法|工作|成效)|举措和成效|工作(?:情况|成效|举措)|取得的?成效|推进情况|开展情况")),
)
_LEAD_WORDS = (("plans", re.compile(r"^(?:下一步|下一阶段|今后|(?:19|20)\d\d年，?(?:我|全)\w{0,3}将)")),
               ("problems", re.compile(r"^(?:(?:同时|但|当然)[，,]?)?(?:也要看到|存在的问题|还存在|仍存在|工作中还存在)")))
_SENTENCE_END = "。！？!?；;"
MAX_HEADING_CHARS = 60


def is_heading(text: str) -> bool:
    """A line that reads as a heading: short and not ending a sentence."""
    text = text.strip()
    return 0 < len(text) <= MAX_HEADING_CHARS and text[-1] not in _SENTENCE_END


def heading_role(text: str) -> str | None:
    """The role a heading's words name, or None."""
    head = re.split(r"[。；;]", text.strip(), maxsplit=1)[0][:MAX_HEADING_CHARS]
    for role, words in _ROLE_WORDS:
        if words.search(head):
            return role
    return None


def section_roles(texts: Sequence[str]) -> list[str]:
    """One role of :data:`ROLES` for each unit text, in document order."""
    roles: list[str] = []
    current = "title"
    numbered = any(_TOP_HEADING.match(text) for text in texts)
    for index, text in enumerate(texts):
        if current == "title" and not (is_heading(text) and not _TOP_HEADING.match(text)):
            current = "overview"
        if _TOP_HEADING.match(text) or (not numbered and current != "title" and index > 0
                                         and is_heading(text) and roles[-1] != "title"):
            current = heading_role(text) or "measures"
        elif not numbered and current in ("overview", "measures") and not is_heading(text):
            current = next((role for role, lead in _LEAD_WORDS if lead.search(text)), current)
            if current == "overview" and roles and roles[-1] == "overview":
                current = "measures"  # running text: the opening is one paragraph
        roles.append(current)
    return roles


def checklist(roles: Sequence[str]) -> dict:
    """For each required part, whether the report has it and at which unit indices."""
    return {role: {"present": role in roles, "units": [i for i, r in enumerate(roles) if r == role]}
            for role in CHECKLIST_ROLES}
