"""Labelling in the tools annotators already use: Label Studio, doccano and Prodigy.

:func:`export_tasks` writes units as tasks each tool imports directly, carrying the unit id, the
document and the offsets, so that :func:`read_labels` can merge the tool's own export back into
``units/`` by id.  Model predictions go into an export only when asked for, and then as the
tool's *prediction* (Label Studio ``predictions``, a ``prediction`` field for doccano and
Prodigy), never as a label: the project's corpus is labelled by reading, not from a model.

>>> units = [{"id": "r:0", "doc": "r", "text": "全年办理行政复议案件86件", "start": 0, "end": 13}]
>>> task = export_tasks(units, "label-studio")[0]
>>> task["data"]["text"], task["data"]["unit_id"]
('全年办理行政复议案件86件', 'r:0')
"""

from __future__ import annotations

import json
from typing import Iterable

from .errors import AnnotationError
from .taxonomy import THEME_IDS, THEMES

FORMATS = ("label-studio", "doccano", "prodigy")
PREDICTION_NOTE = "model prediction, not a label: review it by reading the unit"


def label_studio_config() -> str:
    """The labelling interface for Label Studio: the 11 themes as multiple choices, values = ids."""
    choices = "\n".join(f'    <Choice value="{theme}" hint="{THEMES[theme].name_zh}"/>' for theme in THEME_IDS)
    return (f'<View>\n  <Text name="text" value="$text"/>\n  <Choices name="themes" toName="text" '
            f'choice="multiple" showInline="true">\n{choices}\n  </Choices>\n</View>\n')


def _meta(unit: dict) -> dict:
    return {"unit_id": unit["id"], "doc": unit["doc"], "start": unit["start"], "end": unit["end"]}


def export_tasks(units: Iterable[dict], form: str, predictions: dict | None = None) -> list[dict]:
    """Tasks for ``form`` (one of :data:`FORMATS`); ``predictions`` maps unit id -> theme ids."""
    if form not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {form!r}")
    tasks = []
    for unit in units:
        predicted = (predictions or {}).get(unit["id"])
        if form == "label-studio":
            task = {"data": {"text": unit["text"], **_meta(unit)}}
            if predicted is not None:
                task["predictions"] = [{"model_version": "lawthemes", "score": 0.0, "result": [
                    {"from_name": "themes", "to_name": "text", "type": "choices",
                     "value": {"choices": list(predicted)}}]}]
        elif form == "doccano":
            task = {"text": unit["text"], "label": [], **_meta(unit)}
            if predicted is not None:
                task["prediction"] = {"labels": list(predicted), "note": PREDICTION_NOTE}
        else:
            task = {"text": unit["text"], "options": [{"id": t, "text": f"{THEMES[t].name_zh} ({t})"}
                                                      for t in THEME_IDS], "meta": _meta(unit)}
            if predicted is not None:
                task["prediction"] = {"accept": list(predicted), "note": PREDICTION_NOTE}
        tasks.append(task)
    return tasks


def write_tasks(tasks: list[dict], form: str) -> str:
    """Label Studio imports one JSON list; doccano and Prodigy import JSON lines."""
    if form == "label-studio":
        return json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"
    return "".join(json.dumps(task, ensure_ascii=False) + "\n" for task in tasks)


def parse_export(text: str, form: str, where: str) -> list[tuple[str, dict]]:
    """The records of a tool's export file as ``(where, record)`` pairs."""
    try:
        if form == "label-studio":
            records = json.loads(text)
            if not isinstance(records, list):
                raise AnnotationError(f"{where}: a Label Studio export is a JSON list of tasks")
            return [(f"{where}: task {index}", record) for index, record in enumerate(records)]
        return [(f"{where}:{number}", json.loads(line)) for number, line in enumerate(text.splitlines(), 1)
                if line.strip()]
    except json.JSONDecodeError as error:
        raise AnnotationError(f"{where}: invalid JSON ({error.msg}, line {error.lineno})") from None


def read_labels(records: list[tuple[str, dict]], form: str, units_by_id: dict) -> tuple[dict, dict, list]:
    """Labels from a tool's export: ``({unit id: labels}, {unit id: annotator}, problems)``.

    Each problem names its record: an unknown unit id, an unknown theme, text that differs from
    the unit's, two different label sets for one unit.  Records the annotator skipped (Prodigy
    ``ignore``/``reject``, Label Studio cancelled or empty annotations) are left out.
    """
    labels: dict = {}
    annotators: dict = {}
    problems: list[str] = []
    for where, record in records:
        if not isinstance(record, dict):
            problems.append(f"{where}: expected a JSON object")
            continue
        found = _READERS[form](record)
        if found is None:
            continue  # skipped by the annotator
        unit_id, text, themes, who = found
        if isinstance(themes, tuple):  # one record, several annotations that disagree
            problems.append(f"{where}: {unit_id!r} has two different label sets: "
                            + " and ".join(str(list(s)) for s in themes))
            continue
        unit = units_by_id.get(unit_id)
        if unit is None:
            problems.append(f"{where}: unit id {unit_id!r} is not in the annotations")
            continue
        if text is not None and text != unit["text"]:
            problems.append(f"{where}: text of {unit_id!r} differs from the unit's text (was it edited?)")
            continue
        unknown = [theme for theme in themes if theme not in THEMES]
        if unknown or not isinstance(themes, list):
            problems.append(f"{where}: unknown theme id(s) {unknown or themes} for {unit_id!r}; "
                            f"known: {', '.join(THEME_IDS)}")
            continue
        ordered = [theme for theme in THEME_IDS if theme in themes]
        if unit_id in labels and labels[unit_id] != ordered:
            problems.append(f"{where}: {unit_id!r} has two different label sets: {labels[unit_id]} and {ordered}")
            continue
        labels[unit_id] = ordered
        if who:
            annotators[unit_id] = who
    return labels, annotators, problems


def _label_studio(record: dict):
    data = record.get("data") or {}
    kept = [a for a in record.get("annotations") or [] if not a.get("was_cancelled")]
    if not kept:
        return None
    choice_sets = []
    for annotation in kept:
        choices = [c for item in annotation.get("result") or [] if item.get("type") == "choices"
                   for c in (item.get("value") or {}).get("choices", [])]
        choice_sets.append(sorted(set(choices)))
    if any(choices != choice_sets[0] for choices in choice_sets):  # two annotators disagree
        return data.get("unit_id"), data.get("text"), tuple(choice_sets), None
    who = kept[0].get("completed_by")
    who = who.get("email") if isinstance(who, dict) else who
    return data.get("unit_id"), data.get("text"), choice_sets[0], f"label-studio:{who}" if who else None


def _doccano(record: dict):
    themes = record.get("label")
    if themes is None:
        return None
    return record.get("unit_id"), record.get("text"), themes, None


def _prodigy(record: dict):
    if record.get("answer") != "accept":
        return None
    meta = record.get("meta") or {}
    who = record.get("_annotator_id") or record.get("_session_id")
    return meta.get("unit_id"), record.get("text"), record.get("accept", []), f"prodigy:{who}" if who else None


_READERS = {"label-studio": _label_studio, "doccano": _doccano, "prodigy": _prodigy}
