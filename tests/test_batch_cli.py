"""Batches that never lose work: directories, broken files, summaries, CSV for spreadsheets."""

import csv
import io
import json

import pytest

from lawthemes.cli import main

from conftest import ANNOTATIONS

REPORTS = ["ledu-2022", "huichang-2021", "qinzhou-2023"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    for index, doc in enumerate(REPORTS):
        target = folder / ("sub" if index == 2 else "") / f"{doc}.txt"
        target.write_bytes((ANNOTATIONS / "sources" / f"{doc}.txt").read_bytes())
    (folder / "notes.odt").write_bytes(b"not a report suffix")
    return folder


def test_a_directory_is_read_recursively_and_a_broken_file_keeps_the_others(capsys, folder, tmp_path):
    broken = folder / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    out_file = tmp_path / "units.jsonl"
    code, _, err = run(capsys, "classify", folder, "--format", "jsonl", "-o", out_file)
    assert code == 1
    assert err.count("broken.pdf") == 1 and "1 of 4 files failed" in err
    files = {json.loads(line)["file"] for line in out_file.read_text(encoding="utf-8").splitlines()}
    assert {name.rsplit("/", 1)[-1] for name in files} == {f"{doc}.txt" for doc in REPORTS}


def test_csv_has_a_bom_for_excel_and_reads_back(capsys, folder, tmp_path):
    out_file = tmp_path / "units.csv"
    code, _, _ = run(capsys, "classify", folder, "--format", "csv", "-o", out_file)
    data = out_file.read_bytes()
    assert code == 0 and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {row["file"].rsplit("/", 1)[-1] for row in rows} == {f"{doc}.txt" for doc in REPORTS}
    assert all(row["text"] for row in rows)
    run(capsys, "classify", folder, "--format", "csv", "--no-bom", "-o", out_file)
    assert not out_file.read_bytes().startswith(b"\xef\xbb\xbf")


def test_summarize_writes_one_row_per_report_that_adds_up(capsys, folder, tmp_path):
    out_file = tmp_path / "summary.csv"
    code, _, _ = run(capsys, "summarize", folder, "--format", "csv", "-o", out_file)
    rows = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8-sig"))))
    assert code == 0 and len(rows) == len(REPORTS)
    for row in rows:
        assert int(row["units"]) > 0 and int(row["characters"]) > 0
        assert 0 <= float(row["no_theme_char_share"]) <= 1
        assert int(row["no_theme_units"]) + max(int(row[f"{t}_units"]) for t in ("leadership", "oversight")) \
            <= int(row["units"])
    code, out, _ = run(capsys, "summarize", folder)
    assert "(no theme)" in out and "counts once for each of them" in out


@pytest.mark.parametrize("form", ["table", "json", "jsonl", "csv"])
def test_summary_works_with_every_format(capsys, folder, form):
    code, out, _ = run(capsys, "classify", folder / "ledu-2022.txt", "--format", form, "--summary")
    assert code == 0
    if form == "json":
        assert json.loads(out)[0]["summary"]["units"] > 0
    elif form == "jsonl":
        assert any("summary" in json.loads(line) for line in out.splitlines())
    elif form == "csv":
        assert "no_theme_units" in out.splitlines()[0]
    else:
        assert "(no theme)" in out


def test_parallel_jobs_give_the_same_results(capsys, folder):
    _, one, _ = run(capsys, "classify", folder, "--format", "json")
    _, two, _ = run(capsys, "classify", folder, "--format", "json", "-j", "2")
    assert json.loads(one) == json.loads(two)


def test_output_is_atomic_when_interrupted(capsys, folder, tmp_path, monkeypatch):
    import lawthemes.batch as batch

    def interrupted(*args, **kwargs):
        yield batch.analyze_file(str(folder / "ledu-2022.txt"))
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "analyze_files", interrupted)
    out_file = tmp_path / "out.json"
    code, _, err = run(capsys, "classify", folder, "--format", "json", "-o", out_file)
    assert code == 130 and err.strip() == "lawthemes: interrupted" and not out_file.exists()


def test_an_interactive_stdin_gets_a_hint(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    code, out, err = run(capsys, "classify")
    assert code == 0 and "Ctrl-D" in err


def test_source_text_is_included_on_request(capsys, folder):
    code, out, _ = run(capsys, "classify", folder / "ledu-2022.txt", "--format", "jsonl", "--source-text")
    first = json.loads(out.splitlines()[0])
    units = [json.loads(line) for line in out.splitlines()[1:]]
    assert all(first["source_text"][u["start"]:u["end"]] == u["text"] for u in units)
