"""Shared fixtures: the repository's annotations and small, fast models trained on them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lawthemes.annotations import load_corpus
from lawthemes.model import ThemeClassifier

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "annotations"
LOCAL_DOCS = ["weifang-2020", "ledu-2022", "qinzhou-2023", "huzhou-2023", "huichang-2021"]


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(ANNOTATIONS)


@pytest.fixture(scope="session")
def small_model(corpus):
    """A model trained on the five local reports without threshold tuning: quick, real data."""
    units = [u for u in corpus.units if u.doc in LOCAL_DOCS]
    return ThemeClassifier(tune_thresholds=False).fit([u.text for u in units], [u.labels for u in units])


@pytest.fixture
def annotations_copy(tmp_path):
    """A writable copy of the annotations with three documents, for tests that break files."""
    target = tmp_path / "annotations"
    keep = ["weifang-2020", "ledu-2022", "huzhou-2023"]
    (target / "units").mkdir(parents=True)
    (target / "sources").mkdir()
    lines = (ANNOTATIONS / "documents.csv").read_text(encoding="utf-8").splitlines()
    rows = [lines[0]] + [line for line in lines[1:] if line.split(",")[0] in keep]
    (target / "documents.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for doc in keep:
        shutil.copy(ANNOTATIONS / "units" / f"{doc}.jsonl", target / "units")
        shutil.copy(ANNOTATIONS / "sources" / f"{doc}.txt", target / "sources")
    return target
