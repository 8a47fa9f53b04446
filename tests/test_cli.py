"""The command line: formats, encodings and exit codes (0 ok, 1 a file or data problem, 2 usage)."""

import csv
import io
import json
import subprocess
import sys

import pytest

from lawthemes.cli import main

from conftest import ANNOTATIONS, ROOT

REPORT = ANNOTATIONS / "sources" / "ledu-2022.txt"


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_classify_table_with_summary(capsys):
    code, out, err = run(capsys, "classify", str(REPORT), "--summary")
    assert code == 0 and err == ""
    assert "law_enforcement" in out and "chars %" in out


def test_classify_json_matches_analyze_report(capsys):
    code, out, _ = run(capsys, "classify", str(REPORT), "--format", "json")
    [report] = json.loads(out)  # always a list, one report per file
    assert code == 0 and report["file"] == str(REPORT) and report["encoding"] == "utf-8"
    assert report["n_units"] == len(report["units"]) > 20


def test_classify_jsonl_and_csv(capsys):
    _, out, _ = run(capsys, "classify", str(REPORT), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert all({"start", "end", "labels", "scores", "text"} <= set(row) for row in rows)
    _, out, _ = run(capsys, "classify", str(REPORT), "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == len(rows) and "law_enforcement" in table[0]


def test_gbk_and_bom_files_are_read_and_reported_with_verbose(capsys, tmp_path):
    text = REPORT.read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    code, out, err = run(capsys, "classify", str(gbk), str(bom), "--format", "json", "--verbose")
    assert code == 0
    assert "gbk.txt: read as text, gb18030" in err and "bom.txt: read as text, utf-8 (with BOM)" in err
    first, second = json.loads(out)
    assert [u["labels"] for u in first["units"]] == [u["labels"] for u in second["units"]]


def test_undecodable_file_is_one_line_and_exit_1(capsys, tmp_path):
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x80\xff\xfe\x00" * 50)
    code, out, err = run(capsys, "classify", str(bad))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "binary.txt" in err and "binary file" in err


def test_missing_file_is_one_line_and_exit_1(capsys):
    code, _, err = run(capsys, "classify", "no-such-report.txt")
    assert code == 1 and err.strip() == "lawthemes: error: no-such-report.txt: no such file"


@pytest.mark.parametrize("argv", [["classify", "--format", "xml", str(REPORT)], ["frobnicate"],
                                  ["train", str(ANNOTATIONS)], ["evaluate", "--folds", "one", "x"],
                                  ["train", str(ANNOTATIONS), "--out", "m", "--C", "-1"]])
def test_usage_errors_exit_2_with_one_line(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1 and "--help" in err


def test_help_everywhere_has_an_example(capsys):
    for argv in (["--help"], ["classify", "--help"], ["train", "--help"], ["evaluate", "--help"],
                 ["annotations", "--help"], ["annotations", "check", "--help"], ["themes", "--help"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 0
        assert "example" in capsys.readouterr().out


def test_themes_lists_the_taxonomy(capsys):
    code, out, _ = run(capsys, "themes", "--format", "json")
    assert code == 0 and json.loads(out)[0]["id"] == "leadership"


def test_annotations_check_ok_and_broken(capsys, annotations_copy):
    code, out, _ = run(capsys, "annotations", "check", str(annotations_copy))
    assert code == 0 and out.startswith("ok:")
    path = annotations_copy / "units" / "ledu-2022.jsonl"
    path.write_text(path.read_text(encoding="utf-8") + "{broken\n", encoding="utf-8")
    code, _, err = run(capsys, "annotations", "check", str(annotations_copy))
    assert code == 1 and "ledu-2022.jsonl" in err and "invalid JSON" in err


def test_train_then_evaluate_a_saved_model(capsys, annotations_copy, tmp_path):
    out_dir = tmp_path / "model"
    code, out, err = run(capsys, "train", str(annotations_copy), "--out", str(out_dir), "--no-thresholds")
    assert code == 0 and (out_dir / "model.npz").is_file() and (out_dir / "card.json").is_file()
    assert "On real reports (leave one real report out" in out and "held-out document 3/3" in err
    code, out, err = run(capsys, "evaluate", str(annotations_copy), "--model", str(out_dir), "--json")
    scores = json.loads(out)
    assert code == 0 and scores["pooled"]["micro_f1"] > 0.5  # scored on its own training data
    assert set(scores["per_document"]) == {"weifang-2020", "ledu-2022", "huzhou-2023"}
    assert "3 of the 3 test documents were in this model's training data" in err


def mark_composed(directory, docs):
    table = directory / "documents.csv"
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    for row in rows:
        row["origin"] = "composed" if row["id"] in docs else "real"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    table.write_text(buffer.getvalue(), encoding="utf-8")


def test_evaluate_on_real_reports_holds_out_only_the_real_ones(capsys, annotations_copy):
    mark_composed(annotations_copy, {"weifang-2020", "huzhou-2023"})
    code, out, err = run(capsys, "evaluate", str(annotations_copy), "--no-thresholds", "--json")
    scores = json.loads(out)
    assert code == 0 and list(scores["per_document"]) == ["ledu-2022"]
    assert scores["pooled"]["n_units"] == scores["per_document"]["ledu-2022"]["n_units"]
    assert "held-out document 1/1: ledu-2022" in err
    code, _, err = run(capsys, "evaluate", str(annotations_copy), "--scheme", "composed")
    assert code == 2 and "--scheme composed has 2 documents: cannot make 5" in err
    code, out, _ = run(capsys, "evaluate", str(annotations_copy), "--scheme", "composed", "--folds", "2",
                       "--no-thresholds")
    assert code == 0 and "in-distribution" in out and "weifang-2020" in out and "ledu-2022" not in out


def without_theme(directory, theme):
    for path in (directory / "units").glob("*.jsonl"):
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for record in records:
            record["labels"] = [label for label in record["labels"] if label != theme]
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def test_train_refuses_empty_themes_and_evaluate_too_few_documents(capsys, annotations_copy, tmp_path):
    without_theme(annotations_copy, "legal_education")
    code, _, err = run(capsys, "train", str(annotations_copy), "--out", str(tmp_path / "m"))
    assert code == 1 and "no positive unit for theme(s) ['legal_education']" in err
    assert not (tmp_path / "m").exists()
    code, _, err = run(capsys, "evaluate", str(annotations_copy), "--scheme", "all", "--folds", "5",
                       "--drop-empty-themes")
    assert code == 2 and "--scheme all has 3 documents: cannot make 5" in err


def test_evaluate_writes_bad_cases(capsys, annotations_copy, tmp_path):
    bad = tmp_path / "bad.jsonl"
    code, out, _ = run(capsys, "evaluate", str(annotations_copy), "--folds", "3", "--no-thresholds",
                       "--bad-cases", str(bad))
    assert code == 0 and "micro-F1" in out
    rows = [json.loads(line) for line in bad.read_text(encoding="utf-8").splitlines()]
    assert rows and {"id", "gold", "predicted", "scores"} <= set(rows[0])


def test_console_script_reads_stdin():
    result = subprocess.run([sys.executable, "-m", "lawthemes.cli", "classify", "-", "--format", "jsonl"],
                            input="全年办理行政复议案件1244件。\n".encode("utf-8"), capture_output=True,
                            cwd=ROOT, check=True)
    assert "dispute_resolution" in result.stdout.decode("utf-8")


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_train_and_evaluate_name_the_bad_line_of_malformed_annotations(capsys, annotations_copy, tmp_path, command):
    path = annotations_copy / "units" / "huzhou-2023.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[6])
    record["labels"] = ["no_such_theme"]
    lines[6] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    extra = ["--out", str(tmp_path / "m")] if command == "train" else []
    code, _, err = run(capsys, command, str(annotations_copy), *extra)
    assert code == 1 and "huzhou-2023.jsonl:7" in err and "unknown theme id" in err
    assert not (tmp_path / "m").exists()


def test_missing_subcommand_prints_that_commands_help_and_exits_2(capsys):
    code, out, err = run(capsys, "annotations")
    assert code == 2 and "check" in err and "readme" in err


def test_check_prints_every_problem_one_per_line(capsys, annotations_copy):
    path = annotations_copy / "units" / "weifang-2020.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    for number in range(25):  # more problems than an exception message shows
        record = json.loads(lines[number])
        record["labels"] = ["bogus"]
        lines[number] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "annotations", "check", str(annotations_copy))
    assert code == 1 and err.count("unknown theme id") == 25 and err.count("\n") == 25


def test_output_directory_that_is_a_file_is_one_line_and_exit_1(capsys, annotations_copy, tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("not a directory", encoding="utf-8")
    code, _, err = run(capsys, "train", str(annotations_copy), "--out", str(blocker / "m"),
                       "--skip-evaluation", "--no-thresholds")
    assert code == 1 and err.count("\n") == 1


def test_skip_evaluation_trains_on_fewer_documents_than_folds(capsys, annotations_copy, tmp_path):
    code, out, _ = run(capsys, "train", str(annotations_copy), "--out", str(tmp_path / "m"),
                       "--skip-evaluation")
    assert code == 0 and (tmp_path / "m" / "model.npz").is_file()


def test_annotations_import_reads_gbk_and_reports_the_units(capsys, annotations_copy, tmp_path):
    report = tmp_path / "report.txt"
    report.write_bytes((REPORT.read_text(encoding="utf-8") + "\n附件：测试").encode("gb18030"))
    code, out, _ = run(capsys, "annotations", "import", str(report), "--doc", "gbk-2022",
                       "--title", "测试", "--dir", str(annotations_copy))
    assert code == 0 and "gb18030" in out and "units to label" in out
    code, _, err = run(capsys, "annotations", "check", str(annotations_copy))
    assert code == 1 and "not labelled yet" in err
