"""The public API works exactly as the README writes it, with the shipped default model."""

import json
import subprocess
import sys
import threading

import lawthemes
from lawthemes import THEMES, analyze_report, classify, classify_many, load_model, segment

from conftest import ANNOTATIONS, ROOT


def test_public_names():
    for name in ("THEMES", "classify", "classify_many", "segment", "analyze_report", "load_model",
                 "ModelLoadError", "AnnotationError"):
        assert hasattr(lawthemes, name)


def test_classify_tags_clear_units():
    assert classify("全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度").labels[0] == "law_enforcement"
    assert "dispute_resolution" in classify("全年办理行政复议案件1244件,行政应诉案件2268件").labels
    assert classify("全市地区生产总值增长6.3%,社会消费品零售总额增长4.1%。").labels == []


def test_result_scores_cover_every_theme_and_are_json_ready():
    result = classify("深化“放管服”改革,推进政务服务一网通办")
    assert list(result.scores) == list(THEMES)
    assert json.loads(json.dumps(result.to_dict())) == result.to_dict()


def test_classify_many_is_classify_for_each():
    texts = ["推进政务公开", "开展普法宣传", "防汛抗旱应急演练", ""]
    assert [r.to_dict() for r in classify_many(texts)] == [classify(t).to_dict() for t in texts]


def test_analyze_report_gives_units_and_coverage():
    text = (ANNOTATIONS / "sources" / "ledu-2022.txt").read_text(encoding="utf-8")
    report = analyze_report(text)
    assert report["n_units"] == len(segment(text)) == len(report["units"])
    assert set(report["coverage"]) == set(THEMES)
    first = report["units"][0]
    assert text[first["start"]:first["end"]] == first["text"]
    covered = report["coverage"]["law_enforcement"]
    assert covered["units"] == sum("law_enforcement" in u["labels"] for u in report["units"])
    assert 0 < covered["char_share"] <= 1
    json.dumps(report, ensure_ascii=False)


def test_analyze_report_of_empty_text():
    report = analyze_report("")
    assert report["n_units"] == 0 and report["coverage"]["oversight"] == {"units": 0, "char_share": 0.0}


def test_threads_get_the_same_results_as_sequential_calls(corpus):
    texts = [u.text for u in corpus.units[:120]]
    expected = [classify(t).to_dict() for t in texts]
    results = [None] * 8

    def work(slot):
        results[slot] = [classify(t).to_dict() for t in texts]

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results)


def test_default_model_loads_from_any_working_directory(tmp_path):
    code = "import lawthemes; print(lawthemes.classify('办理行政复议案件').labels)"
    output = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, check=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert "dispute_resolution" in output.stdout


def test_load_model_none_is_the_default_model():
    model = load_model()
    assert list(model.classes_) == list(THEMES)
    shipped_card = json.loads((ROOT / "models" / "default" / "card.json").read_text(encoding="utf-8"))
    assert model.card_ == shipped_card


def test_the_default_model_is_loaded_once_under_concurrent_first_calls(monkeypatch):
    import lawthemes.api as api

    loads = []
    real_load = api.load_model
    monkeypatch.setattr(api, "_default_model", None)
    monkeypatch.setattr(api, "load_model", lambda path=None: loads.append(1) or real_load(path))
    barrier = threading.Barrier(8)

    def first_call():
        barrier.wait()
        api.classify("行政复议")

    threads = [threading.Thread(target=first_call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loads) == 1
