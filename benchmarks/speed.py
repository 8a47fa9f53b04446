"""Speed and size benchmark, with the floors measured in the same run.

    python benchmarks/speed.py            # full run, writes benchmarks/speed.json
    python benchmarks/speed.py --tiny     # smoke test (used by the tests)

Every timing is the median of ``--runs`` runs (default 5).  Inputs: the annotated units, and a
long batch made by repeating them.  Floors: a bare scikit-learn ``TfidfVectorizer`` (character
1-3 grams) transforming the same texts, a plain Python pass over their characters, jieba
segmenting them, and a fresh ``python -c "import sklearn.linear_model"``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from lawthemes.annotations import default_annotations_dir, load_corpus  # noqa: E402
from lawthemes.api import default_model_path, load_model  # noqa: E402
from lawthemes.training import DEFAULT_PARAMS  # noqa: E402

COLD_START = "import lawthemes; lawthemes.classify('全年办理行政复议案件1244件')"
SKLEARN_IMPORT = "import sklearn.linear_model"


def median_seconds(function, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def fresh_process_seconds(code: str, runs: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return median_seconds(lambda: subprocess.run([sys.executable, "-c", code], check=True, env=env,
                                                 cwd="/"), runs)


def peak_memory_mb(code: str) -> float:
    """Peak resident memory of a fresh process running ``code``.

    Read from the child's own VmHWM: ``ru_maxrss`` would carry over this (large) process's peak
    through fork and exec.
    """
    probe = code + ("\nprint([line.split()[1] for line in open('/proc/self/status')"
                    " if line.startswith('VmHWM')][0])")
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    return int(out.stdout.split()[-1]) / 1024


def run(texts: list[str], batch_repeats: int, runs: int, latency_calls: int, train_corpus=None) -> dict:
    import jieba
    from sklearn.feature_extraction.text import TfidfVectorizer

    model = load_model()
    batch = texts * batch_repeats
    n_chars = sum(len(text) for text in batch)
    results = {"units_in_batch": len(batch), "chars_in_batch": n_chars, "runs": runs}

    seconds = median_seconds(lambda: model.classify_many(batch), runs)
    results["classify_many"] = {"seconds": seconds, "units_per_s": len(batch) / seconds,
                                "chars_per_s": n_chars / seconds}
    seconds = median_seconds(lambda: [result.labels for result in model.classify_many(batch)], runs)
    results["classify_many_labels_read"] = {"seconds": seconds, "units_per_s": len(batch) / seconds}
    seconds = median_seconds(lambda: model.classify_many(batch, n_jobs=2), runs)
    results["classify_many_n_jobs_2"] = {"seconds": seconds, "units_per_s": len(batch) / seconds}

    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2).fit(texts)
    seconds = median_seconds(lambda: vectorizer.transform(batch), runs)
    results["floor_tfidf_transform"] = {"seconds": seconds, "units_per_s": len(batch) / seconds}
    seconds = median_seconds(lambda: [None for text in batch for _ in text], runs)
    results["floor_character_pass"] = {"seconds": seconds, "units_per_s": len(batch) / seconds}
    jieba.lcut("预热")  # the dictionary load is measured separately below
    seconds = median_seconds(lambda: [jieba.lcut(text) for text in batch], runs)
    results["floor_jieba_segmentation"] = {"seconds": seconds, "units_per_s": len(batch) / seconds}

    results["classify_latency_ms"] = _latency(model, texts, latency_calls, runs)
    results["cold_start_s"] = fresh_process_seconds(COLD_START, runs)
    results["floor_sklearn_import_s"] = fresh_process_seconds(SKLEARN_IMPORT, runs)
    results["jieba_first_call_s"] = fresh_process_seconds("import jieba; jieba.lcut('行政复议')", runs) \
        - fresh_process_seconds("import jieba", runs)
    results["peak_memory_mb"] = {
        "cold_start": peak_memory_mb(COLD_START),
        "classify_many_batch": peak_memory_mb(
            "import lawthemes\nfrom lawthemes.annotations import load_corpus, default_annotations_dir\n"
            f"texts = load_corpus(default_annotations_dir()).texts[:{len(texts)}] * {batch_repeats}\n"
            "lawthemes.classify_many(texts)"),
    }
    results["report_10mb"] = _big_report(runs, megabytes=0.5 if len(texts) < 100 else 10)
    results["many_files"] = many_files(min(runs, 3), limit=6 if len(texts) < 100 else None)
    results["artifact_bytes"] = default_model_path().stat().st_size
    if train_corpus is not None:
        from lawthemes.model import ThemeClassifier

        results["training_s"] = median_seconds(
            lambda: ThemeClassifier(**DEFAULT_PARAMS).fit(train_corpus.texts, train_corpus.label_lists,
                                                          groups=train_corpus.groups), min(runs, 3))
    results["ratios"] = {
        "classify_many_vs_tfidf_throughput": results["classify_many"]["units_per_s"]
        / results["floor_tfidf_transform"]["units_per_s"],
        "classify_many_labels_read_vs_tfidf_throughput": results["classify_many_labels_read"]["units_per_s"]
        / results["floor_tfidf_transform"]["units_per_s"],
        "classify_many_vs_character_pass": results["classify_many"]["units_per_s"]
        / results["floor_character_pass"]["units_per_s"],
        "cold_start_vs_sklearn_import": results["cold_start_s"] / results["floor_sklearn_import_s"],
    }
    results["imports_sklearn_on_prediction"] = imports_sklearn_on_prediction()
    return results


def many_files(runs: int, limit: int | None = None) -> dict:
    """Reports per second through ``lawthemes summarize`` on every source text of the corpus (a
    few hundred files), with one and with two processes, and the peak memory of the run."""
    import shutil
    import tempfile

    sources = sorted((default_annotations_dir() / "sources").glob("*.txt"))[:limit]
    folder = Path(tempfile.mkdtemp())
    for path in sources:
        shutil.copy(path, folder)
    code = ("import resource, sys, time\nfrom lawthemes.cli import main\nstarted = time.perf_counter()\n"
            "main(['summarize', sys.argv[1], '--format', 'csv', '-o', sys.argv[2], '-j', sys.argv[3]])\n"
            "elapsed = time.perf_counter() - started\n"
            "own = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
            "children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\nprint(elapsed, own, children)")
    results = {"files": len(sources)}
    for jobs in (1, 2):
        measured = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", code, str(folder), str(folder / "out.csv"), str(jobs)],
                                 check=True, capture_output=True, text=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.split()
            measured.append((float(out[0]), int(out[1]) / 1024, int(out[2]) / 1024))
        seconds = statistics.median(m[0] for m in measured)
        results[f"jobs_{jobs}"] = {"seconds": seconds, "reports_per_s": len(sources) / seconds,
                                   "peak_memory_mb_main": statistics.median(m[1] for m in measured),
                                   "peak_memory_mb_per_worker": statistics.median(m[2] for m in measured)}
    shutil.rmtree(folder)
    return results


def imports_sklearn_on_prediction() -> list[str]:
    """Which of sklearn and scipy a fresh process imports to classify one unit (should be none)."""
    code = COLD_START + "\nimport sys; print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy'}))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd="/")
    return json.loads(out.stdout.strip().replace("'", '"'))


def _big_report(runs: int, megabytes: float) -> dict:
    """A long report (a real one repeated) through ``analyze_report`` in a fresh process."""
    code = ("import time, lawthemes\nfrom lawthemes.annotations import default_annotations_dir\n"
            "text = (default_annotations_dir() / 'sources' / 'huichang-2021.txt').read_text()\n"
            f"text = (text + '\\n') * int({megabytes} * 1e6 / len(text) + 1)\n"
            "started = time.perf_counter(); report = lawthemes.analyze_report(text)\n"
            "print(len(text), report['n_units'], time.perf_counter() - started)")
    measured = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code + "\nprint([line.split()[1] for line in "
                              "open('/proc/self/status') if line.startswith('VmHWM')][0])"],
                             check=True, capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.split()
        measured.append((int(out[0]), int(out[1]), float(out[2]), int(out[3]) / 1024))
    return {"chars": measured[0][0], "units": measured[0][1],
            "seconds": statistics.median(m[2] for m in measured),
            "peak_memory_mb": statistics.median(m[3] for m in measured)}


def _latency(model, texts, calls: int, runs: int) -> dict:
    p50s, p99s = [], []
    sample = (texts * (calls // max(len(texts), 1) + 1))[:calls]
    for _ in range(runs):
        timings = []
        for text in sample:
            started = time.perf_counter()
            model.classify(text)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p50s.append(timings[len(timings) // 2])
        p99s.append(timings[min(len(timings) - 1, int(len(timings) * 0.99))])
    return {"p50": statistics.median(p50s), "p99": statistics.median(p99s), "calls_per_run": len(sample)}


def machine() -> dict:
    import numpy
    import sklearn

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "numpy": numpy.__version__, "scikit-learn": sklearn.__version__,
            "platform": platform.platform()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=10, help="long batch = units repeated this often")
    parser.add_argument("--tiny", action="store_true", help="smoke test: 50 units, 2 runs")
    parser.add_argument("--out", default=str(HERE / "speed.json"))
    args = parser.parse_args(argv)
    corpus = load_corpus(default_annotations_dir())
    texts = corpus.texts
    if args.tiny:
        results = run(texts[:50], batch_repeats=2, runs=2, latency_calls=50)
    else:
        results = run(texts, batch_repeats=args.repeat, runs=args.runs, latency_calls=1000,
                      train_corpus=corpus)
    results["machine"] = machine()
    results["command"] = "python benchmarks/speed.py" + (" --tiny" if args.tiny else "")
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
