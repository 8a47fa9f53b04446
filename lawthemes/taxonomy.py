"""The theme taxonomy (v1): eleven areas of 《法治政府建设实施纲要(2021—2025年)》.

The ids and their order are public API: model outputs, score dictionaries and tables all follow
``THEMES``' order.

>>> from lawthemes import THEMES
>>> list(THEMES)[:3]
['leadership', 'government_functions', 'business_environment']
>>> THEMES["dispute_resolution"].name_en
'Dispute resolution and public legal services'
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Theme:
    """One theme of the taxonomy: a stable id, its Chinese and English names and its scope."""

    id: str
    name_zh: str
    name_en: str
    description: str


_THEME_LIST = (
    Theme("leadership", "党的领导与统筹推进", "Party leadership and coordination",
          "学习贯彻习近平法治思想 as an organisational task; 党政主要负责人履行推进法治建设第一责任人职责; "
          "依法治市/县委员会、协调小组会议; 述法; 法治政府建设规划、实施方案、工作要点; 法治督察; 考核评价; "
          "示范创建; 年度报告报送与公开"),
    Theme("government_functions", "政府职能与政务服务", "Government functions and public services",
          "机构改革、职能转变; 权责清单; 放管服; 行政审批制度改革; 许可/备案事项清单; 证明事项告知承诺; "
          "政务服务 (一网通办、一次办、跨省通办、帮办代办、12345 热线作为服务渠道)"),
    Theme("business_environment", "法治化营商环境", "Business environment under the rule of law",
          "优化营商环境举措; 面向市场主体/企业的服务与保护; 企业开办; 市场准入与负面清单; 公平竞争审查; "
          "信用监管、守信激励失信惩戒; 产权与知识产权保护; 涉企执法的包容审慎"),
    Theme("rulemaking", "立法与规范性文件", "Legislation and normative documents",
          "地方性法规和政府规章的起草、审查、立法计划; 行政规范性文件的制定、合法性审核、备案审查、清理"),
    Theme("decision_making", "重大行政决策", "Major administrative decision-making",
          "决策程序 (公众参与、专家论证、风险评估、合法性审查、集体讨论决定); 决策事项目录; "
          "法律顾问、公职律师参与决策和合法性审查 (合同、涉法事务); 决策执行与后评估; 决策责任追究"),
    Theme("law_enforcement", "行政执法", "Administrative law enforcement",
          "综合行政执法体制改革; 行政执法“三项制度”; 执法人员资格与持证上岗; 执法监督、案卷评查; "
          "双随机一公开监管; 行政处罚、行政强制、裁量基准; 重点领域执法; 两法衔接; 免罚/轻罚清单"),
    Theme("emergency_response", "突发事件应对", "Emergency response",
          "依法预防处置突发事件; 疫情防控; 防汛、防灾、安全生产应急; 应急预案与演练; 应急状态下的执法与信息发布"),
    Theme("dispute_resolution", "矛盾纠纷化解与公共法律服务", "Dispute resolution and public legal services",
          "行政复议; 行政应诉与负责人出庭应诉; 行政裁决; 行政调解、人民调解、司法调解衔接; 信访; "
          "多元化解、枫桥经验、诉源治理; 公共法律服务、法律援助"),
    Theme("oversight", "权力监督与政务公开", "Oversight of power and transparency",
          "人大监督、政协民主监督 (建议提案办理); 司法监督; 审计、财会监督; 社会和舆论监督; "
          "政务公开、政府信息公开; 政务诚信; 纠错问责"),
    Theme("digital_government", "数字法治政府", "Digital government",
          "数字政府与信息化平台; 互联网+政务服务/监管; 大数据、电子证照; 执法信息系统与监督平台; 网上办理的技术支撑"),
    Theme("legal_education", "普法与法治能力", "Legal education and competence",
          "普法 (谁执法谁普法、以案释法、民法典/宪法宣传); 领导干部和工作人员学法、考法、法治培训; 宪法宣誓; "
          "法治文化阵地; 法律明白人; 法治人才队伍"),
)

THEMES: Mapping[str, Theme] = MappingProxyType({theme.id: theme for theme in _THEME_LIST})
"""Ordered, read-only mapping from theme id to :class:`Theme`."""

THEME_IDS: tuple[str, ...] = tuple(THEMES)
"""The theme ids in canonical order."""

TAXONOMY_VERSION = "v1"


def check_theme_ids(labels, *, where: str = "") -> None:
    """Raise ``ValueError`` if ``labels`` holds an id that is not in :data:`THEMES`."""
    unknown = [label for label in labels if label not in THEMES]
    if unknown:
        prefix = f"{where}: " if where else ""
        raise ValueError(f"{prefix}unknown theme id(s) {unknown}; known ids: {', '.join(THEME_IDS)}")
