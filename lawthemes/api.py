"""The module-level API: the shipped default model, loaded once and lazily, and what uses it.

>>> from lawthemes import classify, analyze_report
>>> result = classify("全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度")
>>> result.labels
['law_enforcement']
>>> report = analyze_report("一、行政复议\\n全年办理行政复议案件1244件,行政应诉案件2268件。")
>>> report["coverage"]["dispute_resolution"]["units"]
2
"""

from __future__ import annotations

import os
import threading
from importlib import resources
from pathlib import Path
from typing import Iterable, Union

import numpy as np

from .features import normalize_texts
from .predictor import Result, ThemeModel, labels_for
from .readers import Report
from .report_structure import ROLES, checklist, section_roles
from .segmentation import segment
from .serialization import MODEL_FILENAME, load_model_file
from .summary import coverage, no_theme

DEFAULT_MODEL_NAME = "default"

_default_model: ThemeModel | None = None
_default_lock = threading.Lock()


MODEL_ENV = "LAWTHEMES_MODEL"
"""Environment variable naming a model file or directory to use instead of the shipped one."""


def default_model_path() -> Path:
    """Where the shipped default model lives: inside the installed package, or in a checkout."""
    try:
        packaged = resources.files("lawthemes.models") / DEFAULT_MODEL_NAME / MODEL_FILENAME
        if packaged.is_file():
            return Path(str(packaged))
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL_NAME / MODEL_FILENAME


def model_location(path: Union[str, "os.PathLike[str]", None] = None) -> tuple[Path, str]:
    """The model file :func:`load_model` would read for ``path``, and why: ``"argument"``, the
    environment variable :data:`MODEL_ENV`, or ``"shipped"`` (the package's default model)."""
    if path is not None:
        return Path(path), "argument"
    if os.environ.get(MODEL_ENV):
        return Path(os.environ[MODEL_ENV]), MODEL_ENV
    return default_model_path(), "shipped"


def load_model(path: Union[str, "os.PathLike[str]", None] = None) -> ThemeModel:
    """Load a model file (or a model directory).  ``None`` loads the model named by the
    environment variable ``LAWTHEMES_MODEL`` if it is set, else the shipped default model; the
    module-level :func:`classify`, :func:`classify_many` and :func:`analyze_report` and every
    command of the CLI use the same rule.

    Loading never executes code from the file.  A missing file raises ``FileNotFoundError``; a
    corrupt, truncated or incompatible one raises :class:`lawthemes.ModelLoadError`.  The model
    remembers where it came from in ``model.location`` (path, and why that one).

    >>> load_model().classes_[:2].tolist()
    ['leadership', 'government_functions']
    """
    location, how = model_location(path)
    model = load_model_file(location)
    model.location = (str(location), how)
    return model


def _get_default_model() -> ThemeModel:
    global _default_model
    wanted = model_location()
    if _default_model is None or _default_model.location[0] != str(wanted[0]):
        with _default_lock:
            if _default_model is None or _default_model.location[0] != str(wanted[0]):
                _default_model = load_model()
    return _default_model


def classify(text: str) -> Result:
    """Tag one unit of text with the default model; see :meth:`ThemeModel.classify <lawthemes.predictor.ThemeModel.classify>`."""
    return _get_default_model().classify(text)


def classify_many(texts: Iterable[str], n_jobs: int | None = None) -> list[Result]:
    """Tag many units in one vectorised pass; see :meth:`ThemeModel.classify_many <lawthemes.predictor.ThemeModel.classify_many>`.

    >>> [r.labels for r in classify_many(["聘请政府法律顾问参与重大行政决策合法性审查", "GDP增长5%"])]
    [['decision_making'], []]
    """
    return _get_default_model().classify_many(texts, n_jobs=n_jobs)


def analyze_report(report: Union[str, Report], model: ThemeModel | None = None,
                   evidence: bool = False) -> dict:
    """Segment a whole report, tag every unit and summarise per-theme coverage (JSON-ready).

    ``report`` is the report's text, or a :class:`~lawthemes.readers.Report` from
    :func:`~lawthemes.readers.read_report` (then the result also says its source, format and
    encoding).  Returns ``{"units": [{"text", "start", "end", "section", "labels", "scores"}, ...],
    "coverage": {theme: {"units": n, "char_share": share of the units' characters}},
    "no_theme": {"units", "char_share"}, "coverage_by_section": {role: coverage},
    "checklist": {role: {"present", "units"}}, "themes_not_addressed": [...], "n_units",
    "n_chars"}``; offsets point into the text, scores are rounded to four decimals (labels come
    from the unrounded ones).  ``section`` is the unit's role in the report
    (:mod:`lawthemes.report_structure`); with ``evidence``, each unit also has an ``evidence``
    entry per label (:mod:`lawthemes.evidence`).

    >>> report = analyze_report("一、政务公开\\n全面推进政务公开标准化规范化建设。")
    >>> report["n_units"], report["coverage"]["oversight"]["units"]
    (2, 2)
    """
    model = model or _get_default_model()
    source = report if isinstance(report, Report) else None
    units = segment(source.text if source else report)
    roles = section_roles([unit.text for unit in units])
    rows = []
    themes = tuple(str(theme) for theme in model.classes_)
    for start in range(0, len(units), _REPORT_CHUNK):  # bounded transient memory for huge reports
        chunk = units[start:start + _REPORT_CHUNK]
        texts = [unit.text for unit in chunk]
        normalized = normalize_texts(texts)
        probabilities = model.normalized_proba(normalized)
        labels = labels_for(probabilities, model.thresholds_, themes)
        shares = np.rint(probabilities * SCORE_STEPS).astype(np.int64).tolist()
        rows.extend({"text": unit.text, "start": unit.start, "end": unit.end, "section": role,
                     "labels": unit_labels, "scores": dict(zip(themes, map(_SCORES.__getitem__, steps)))}
                    for unit, role, unit_labels, steps in zip(chunk, roles[start:start + _REPORT_CHUNK],
                                                              labels, shares))
        if evidence:
            from .evidence import explain

            found = explain(model, texts, normalized, labels)
            for row, unit_evidence in zip(rows[start:], found):
                row["evidence"] = unit_evidence
    del units
    covered = coverage(rows)
    result = {"units": rows, "coverage": covered, "no_theme": no_theme(rows), "n_units": len(rows),
              "n_chars": sum(len(row["text"]) for row in rows),
              "coverage_by_section": {role: coverage([r for r in rows if r["section"] == role])
                                      for role in ROLES if role in roles},
              "checklist": checklist(roles),
              "themes_not_addressed": [theme for theme, entry in covered.items() if not entry["units"]]}
    if source:
        result.update(source=source.source, format=source.format, encoding=source.encoding,
                      replaced=source.replaced)
    return result


_REPORT_CHUNK = 5000
SCORE_STEPS = 10_000
"""analyze_report gives scores to four decimals: one shared float object per value keeps the
per-unit score dictionaries of a huge report small."""
_SCORES = [step / SCORE_STEPS for step in range(SCORE_STEPS + 1)]
