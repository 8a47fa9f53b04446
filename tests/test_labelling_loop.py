"""The retraining loop a user runs: import a report, label it in a tool, import the labels,
train, and use the new model everywhere; plus what to label next and agreement."""

import json
import os
import subprocess
import sys

import pytest

from lawthemes.annotation_formats import label_studio_config
from lawthemes.cli import main

from conftest import ANNOTATIONS, ROOT

NEW_REPORT = ("澄阳县2024年法治政府建设工作报告\n一、主要举措和成效\n全年办理行政复议案件86件，依法纠错12件。\n"
              "全面推行行政执法三项制度，开展案卷评查两次。\n二、存在的不足\n基层执法力量仍然薄弱。\n")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def files_of(directory):
    return {p.relative_to(directory): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def test_import_refuses_bad_metadata_and_duplicates_writing_nothing(capsys, annotations_copy, tmp_path):
    before = files_of(annotations_copy)
    report = tmp_path / "r.txt"
    report.write_text(NEW_REPORT, encoding="utf-8")
    for bad, message in ((["--year", "abc"], "is not a year"), (["--level", "galaxy"], "'galaxy' is not one of"),
                         (["--genre", "poem"], "'poem' is not one of")):
        code, _, err = run(capsys, "annotations", "import", report, "--doc", "x-2024", "--dir", annotations_copy, *bad)
        assert code == 1 and err.count("\n") == 1 and message in err
    copy = tmp_path / "again.txt"
    copy.write_bytes((ANNOTATIONS / "sources" / "ledu-2022.txt").read_bytes())
    code, _, err = run(capsys, "annotations", "import", copy, "--doc", "ledu-copy", "--dir", annotations_copy)
    assert code == 1 and "already in the corpus as 'ledu-2022'" in err
    assert files_of(annotations_copy) == before


def label_studio_export(tasks, labels, who="wang@example.org"):
    """What Label Studio's JSON export of these tasks looks like once they are labelled."""
    return [{"id": index + 1, "data": task["data"], "annotations": [{
        "id": index + 100, "completed_by": {"id": 1, "email": who}, "was_cancelled": False,
        "result": [{"id": f"r{index}", "from_name": "themes", "to_name": "text", "type": "choices",
                    "value": {"choices": labels[task["data"]["unit_id"]]}}]}], "predictions": []}
        for index, task in enumerate(tasks)]


def doccano_export(tasks, labels):
    return [{"id": index + 1, "text": task["text"], "label": labels[task["unit_id"]], "unit_id": task["unit_id"],
             "doc": task["doc"], "start": task["start"], "end": task["end"]} for index, task in enumerate(tasks)]


def prodigy_export(tasks, labels):
    return [{**task, "accept": labels[task["meta"]["unit_id"]], "answer": "accept", "_input_hash": index,
             "_task_hash": -index, "_view_id": "choice", "_annotator_id": "2024-01-01_wang"}
            for index, task in enumerate(tasks)]


EXPORTS = {"label-studio": label_studio_export, "doccano": doccano_export, "prodigy": prodigy_export}


def read_tasks(path, form):
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if form == "label-studio" else [json.loads(line) for line in text.splitlines()]


def write_export(path, form, records):
    text = json.dumps(records, ensure_ascii=False) if form == "label-studio" else \
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("form", sorted(EXPORTS))
def test_export_then_import_of_the_current_labels_leaves_the_corpus_byte_identical(capsys, annotations_copy,
                                                                                    tmp_path, form):
    before = files_of(annotations_copy)
    tasks_file = tmp_path / "tasks"
    code, out, _ = run(capsys, "annotations", "export", annotations_copy, "--format", form, "-o", tasks_file)
    assert code == 0
    labels = {json.loads(line)["id"]: json.loads(line)["labels"] for path in (annotations_copy / "units").glob("*.jsonl")
              for line in path.read_text(encoding="utf-8").splitlines()}
    write_export(tmp_path / "export", form, EXPORTS[form](read_tasks(tasks_file, form), labels))
    code, out, err = run(capsys, "annotations", "import-labels", tmp_path / "export", "--format", form,
                         "--dir", annotations_copy)
    assert code == 0 and "merged into 0 unit(s)" in out
    assert files_of(annotations_copy) == before


def test_label_studio_config_lists_every_theme_as_a_multiple_choice():
    config = label_studio_config()
    assert 'choice="multiple"' in config and config.count("<Choice value=") == 11


@pytest.mark.parametrize("change, message", [
    (lambda r: r["data"].update(unit_id="nope:0"), "unit id 'nope:0' is not in the annotations"),
    (lambda r: r["annotations"][0]["result"][0]["value"].update(choices=["space_policy"]), "unknown theme id"),
    (lambda r: r["data"].update(text=r["data"]["text"] + "改"), "differs from the unit's text"),
    (lambda r: r["annotations"].append({**r["annotations"][0], "result": [{
        "type": "choices", "value": {"choices": ["oversight"]}}]}), "two different label sets"),
])
def test_bad_label_imports_name_the_record_and_write_nothing(capsys, new_report, tmp_path, change, message):
    directory, tasks = new_report
    before = files_of(directory)
    records = label_studio_export(tasks, {t["data"]["unit_id"]: ["law_enforcement"] for t in tasks})
    change(records[2])
    write_export(tmp_path / "export.json", "label-studio", records)
    code, _, err = run(capsys, "annotations", "import-labels", tmp_path / "export.json", "--format",
                       "label-studio", "--dir", directory)
    assert code == 1 and "task 2" in err and message in err
    assert files_of(directory) == before


@pytest.fixture
def new_report(capsys, annotations_copy, tmp_path):
    """A new report imported into a copy of the annotations, exported as Label Studio tasks."""
    report = tmp_path / "new.txt"
    report.write_text(NEW_REPORT, encoding="utf-8")
    assert main(["annotations", "import", str(report), "--doc", "chengyang-2024", "--year", "2024",
                 "--level", "county", "--genre", "annual_report", "--dir", str(annotations_copy)]) == 0
    assert main(["annotations", "export", str(annotations_copy), "--format", "label-studio", "--doc",
                 "chengyang-2024", "--unlabelled", "-o", str(tmp_path / "tasks.json")]) == 0
    capsys.readouterr()
    return annotations_copy, json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))


def test_the_whole_loop_from_a_fresh_report_to_the_new_model_everywhere(capsys, new_report, tmp_path):
    directory, tasks = new_report
    code, out, _ = run(capsys, "annotations", "suggest", directory, "--n", "3", "-o", tmp_path / "next.txt")
    assert code == 0 and len((tmp_path / "next.txt").read_text().split()) == 3
    labels = {t["data"]["unit_id"]: (["dispute_resolution"] if "复议" in t["data"]["text"] else []) for t in tasks}
    write_export(tmp_path / "export.json", "label-studio", label_studio_export(tasks, labels))
    code, out, _ = run(capsys, "annotations", "import-labels", tmp_path / "export.json", "--format", "label-studio",
                       "--dir", directory)
    assert code == 0 and f"merged into {len(tasks)} unit(s)" in out
    unit_file = directory / "units" / "chengyang-2024.jsonl"
    assert all(json.loads(l)["annotator"] == "label-studio:wang@example.org" for l in unit_file.read_text().splitlines())
    code, _, _ = run(capsys, "annotations", "check", directory)
    assert code == 0
    model_dir = tmp_path / "mine"
    code, _, _ = run(capsys, "train", directory, "--out", model_dir, "--skip-evaluation", "--no-thresholds")
    assert code == 0
    env = {**os.environ, "LAWTHEMES_MODEL": str(model_dir), "PYTHONPATH": str(ROOT)}
    info = subprocess.run([sys.executable, "-m", "lawthemes.cli", "info", "--json"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)
    assert json.loads(info.stdout)["chosen_by"] == "LAWTHEMES_MODEL"
    api = subprocess.run([sys.executable, "-c", "import lawthemes; lawthemes.classify('x'); "
                          "print(lawthemes.api._get_default_model().location[0])"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert api.stdout.strip() == str(model_dir)


def test_agree_reports_f1_kappa_and_writes_the_disagreements(capsys, tmp_path):
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text('{"id": "u1", "labels": ["oversight"]}\n{"id": "u2", "labels": []}\n', encoding="utf-8")
    b.write_text('{"id": "u1", "labels": ["oversight"]}\n{"id": "u2", "labels": ["rulemaking"]}\n', encoding="utf-8")
    code, out, _ = run(capsys, "annotations", "agree", a, b, "--disagreements", tmp_path / "d.jsonl")
    assert code == 0 and "kappa" in out and "1 disagree" in out
    assert json.loads((tmp_path / "d.jsonl").read_text())["id"] == "u2"


def test_predictions_are_attached_only_on_request_and_marked(capsys, new_report, tmp_path):
    directory, tasks = new_report
    assert all("predictions" not in task for task in tasks)
    run(capsys, "annotations", "export", directory, "--format", "doccano", "--doc", "chengyang-2024",
        "--with-predictions", "-o", tmp_path / "p.jsonl")
    records = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(r["label"] == [] and "not a label" in r["prediction"]["note"] for r in records)
