"""Baselines that lawthemes must beat, on the same document-grouped folds.

- ``EmptyBaseline``: predicts no theme (the per-theme majority class: every theme is rare).
- ``KeywordBaseline``: a keyword list per theme, written by hand the way an analyst would tag
  paragraphs without machine learning; a unit gets every theme one of whose keywords it contains.
- ``FastTextBaseline``: fastText supervised, one-vs-all loss, on jieba-segmented text (needs the
  benchmark-only dependency ``fasttext-wheel``).

All three follow the ``fit(texts, Y, groups=None)`` / ``predict`` / ``predict_proba`` shape that
``lawthemes.evaluation.cross_validated_predictions`` expects.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np

from lawthemes.features import jieba_words, normalize_text
from lawthemes.taxonomy import THEME_IDS

KEYWORDS = {
    "leadership": ["第一责任人", "依法治市委员会", "依法治县委员会", "依法治区", "法治建设领导", "述法",
                   "法治督察", "法治政府建设示范", "示范创建", "法治建设考核", "实施方案", "习近平法治思想"],
    "government_functions": ["放管服", "简政放权", "行政审批", "审批事项", "权责清单", "权力清单", "职能转变",
                             "转变政府职能", "机构改革", "政务服务", "一网通办", "一次办", "跨省通办",
                             "告知承诺", "证照分离", "帮办代办"],
    "business_environment": ["营商环境", "市场主体", "企业开办", "负面清单", "公平竞争", "信用监管",
                             "失信惩戒", "社会信用", "产权保护", "知识产权", "涉企收费", "包容审慎", "民营企业"],
    "rulemaking": ["立法", "规章", "规范性文件", "行政法规", "法律草案", "法律议案", "备案审查", "立法计划"],
    "decision_making": ["重大行政决策", "决策程序", "科学决策", "民主决策", "依法决策", "法律顾问",
                        "公职律师", "专家论证", "风险评估", "合法性审查"],
    "law_enforcement": ["行政执法", "综合执法", "三项制度", "执法监督", "双随机", "行政处罚", "行政强制",
                        "裁量基准", "执法人员", "案卷评查", "持证上岗", "严格执法", "监管执法"],
    "emergency_response": ["疫情防控", "突发事件", "应急", "防汛", "防灾", "减灾", "安全生产", "救灾", "抢险"],
    "dispute_resolution": ["行政复议", "行政应诉", "行政裁决", "调解", "信访", "矛盾纠纷", "枫桥经验",
                           "公共法律服务", "法律援助", "诉源治理"],
    "oversight": ["人大监督", "民主监督", "审计", "政务公开", "信息公开", "问责", "建议提案", "代表建议",
                  "政协提案", "社会监督", "舆论监督", "政务诚信", "八项规定"],
    "digital_government": ["数字政府", "互联网+", "大数据", "电子证照", "信息系统", "信息平台", "电子政务",
                           "网上办", "数字化", "智慧"],
    "legal_education": ["普法", "以案释法", "法治宣传", "学法", "宪法宣誓", "法治培训", "法律明白人",
                        "法治文化", "民法典", "谁执法谁普法"],
}


class EmptyBaseline:
    """Predicts no theme for any unit."""

    def fit(self, texts, Y, groups=None):
        self.n_classes_ = Y.shape[1]
        return self

    def predict_proba(self, texts):
        return np.zeros((len(texts), self.n_classes_))

    def predict(self, texts):
        return np.zeros((len(texts), self.n_classes_), dtype=np.int64)


class KeywordBaseline:
    """A unit gets every theme one of whose hand-written keywords occurs in it."""

    def __init__(self, themes=THEME_IDS, keywords=KEYWORDS):
        self.themes = list(themes)
        self.keywords = keywords

    def fit(self, texts, Y, groups=None):
        return self  # nothing to learn

    def predict_proba(self, texts):
        rows = []
        for text in texts:
            text = normalize_text(text)
            rows.append([float(any(word in text for word in self.keywords[t])) for t in self.themes])
        return np.array(rows).reshape(len(texts), len(self.themes))

    def predict(self, texts):
        return self.predict_proba(texts).astype(np.int64)


class FastTextBaseline:
    """fastText supervised with one-vs-all loss on jieba words; threshold 0.5 on each theme."""

    def __init__(self, themes=THEME_IDS, epoch=50, lr=0.5, word_ngrams=2, dim=50, seed=0):
        self.themes = list(themes)
        self.epoch, self.lr, self.word_ngrams, self.dim, self.seed = epoch, lr, word_ngrams, dim, seed

    def fit(self, texts, Y, groups=None):
        import fasttext

        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
            for text, row in zip(texts, Y):
                labels = " ".join(f"__label__{self.themes[i]}" for i in np.flatnonzero(row)) or "__label__none"
                handle.write(f"{labels} {self._tokens(text)}\n")
        try:
            self.model_ = fasttext.train_supervised(
                handle.name, loss="ova", epoch=self.epoch, lr=self.lr, wordNgrams=self.word_ngrams,
                dim=self.dim, thread=1, seed=self.seed, verbose=0, minCount=1)
        finally:
            os.unlink(handle.name)
        return self

    def predict_proba(self, texts):
        probabilities = np.zeros((len(texts), len(self.themes)))
        index = {f"__label__{theme}": i for i, theme in enumerate(self.themes)}
        for row, text in enumerate(texts):
            # the low-level call avoids fasttext-wheel's NumPy 2 incompatibility in .predict()
            for probability, label in self.model_.f.predict(self._tokens(text) + "\n", -1, 0.0, "strict"):
                if label in index:
                    probabilities[row, index[label]] = probability
        return probabilities

    def predict(self, texts):
        return (self.predict_proba(texts) >= 0.5).astype(np.int64)

    @staticmethod
    def _tokens(text):
        return " ".join(jieba_words(normalize_text(text))).replace("\n", " ")
