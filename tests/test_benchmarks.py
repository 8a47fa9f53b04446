"""Smoke test: each benchmark script runs on a tiny input and the report renders, so they cannot rot."""

import json
import subprocess
import sys

from conftest import ROOT


def run_script(name, *args):
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / name), *args], check=True, cwd=ROOT,
                   capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_benchmark_scripts_on_tiny_input(tmp_path):
    run_script("accuracy.py", "--tiny", "--out", str(tmp_path / "accuracy.json"))
    accuracy = json.loads((tmp_path / "accuracy.json").read_text(encoding="utf-8"))
    assert len(accuracy["variants"]) == 3 and accuracy["real_documents"]
    assert all(0 <= v["micro_f1"] <= 1 for v in accuracy["variants"].values())
    assert all(set(v["per_document"]) == set(accuracy["real_documents"]) for v in accuracy["variants"].values())

    run_script("speed.py", "--tiny", "--out", str(tmp_path / "speed.json"))
    speed = json.loads((tmp_path / "speed.json").read_text(encoding="utf-8"))
    assert speed["classify_many"]["units_per_s"] > 0 and speed["artifact_bytes"] > 0

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import report

    text = report.render(accuracy, speed)
    assert "| `classify_many` throughput |" in text and "shipped" in text
