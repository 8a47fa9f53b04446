"""Many reports in one run, without losing work: every file is tried, each failure is reported on
its own, and the good files' results are kept.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("全年办理行政复议案件86件。", encoding="utf-8")
>>> _ = (folder / "b.pdf").write_bytes(b"%PDF-1.4 truncated")
>>> [(o.name.endswith("a.txt"), o.error is None) for o in analyze_files(expand_inputs([str(folder)]))]
[(True, True), (False, False)]
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .errors import LawthemesError

REPORT_SUFFIXES = (".txt", ".text", ".htm", ".html", ".shtml", ".docx", ".pdf")
"""What a directory given as input contributes: its files with these suffixes, recursively."""


@dataclass
class Outcome:
    """One input file: its analysis (``analyze_report`` output plus ``file``), or the error that
    stopped it; ``notes`` are things worth saying that did not stop it."""

    name: str
    report: dict | None = None
    error: str | None = None
    notes: list = field(default_factory=list)


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files as given (and ``-`` for standard input); a directory stands for its report files,
    recursively, in sorted order.  A path that does not exist is kept, to fail with its name."""
    names: list[str] = []
    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            names.extend(str(p) for p in sorted(path.rglob("*"))
                         if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                         and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            names.append(name)
    return names


def analyze_file(name: str, model=None, encoding: str | None = None, errors: str = "strict",
                 evidence: bool = False) -> Outcome:
    """Read and analyse one file; problems with it become the outcome's ``error``."""
    from .api import analyze_report
    from .readers import read_report

    try:
        report = read_report(name, encoding=encoding, errors=errors)
        analysis = {"file": name, **analyze_report(report, model=model, evidence=evidence),
                    "source_text": report.text}
    except (LawthemesError, OSError, ValueError) as error:  # ValueError covers UnicodeError
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        return Outcome(name, error=message if name in message else f"{name}: {message}")
    notes = []
    if report.replaced:
        notes.append(f"{name}: {report.replaced} undecodable byte(s) replaced with �")
    if not analysis["n_units"]:
        notes.append(f"{name}: no text to classify (empty, or only page furniture)")
    return Outcome(name, report=analysis, notes=notes)


def analyze_files(names: list[str], model_path=None, encoding: str | None = None,
                  errors: str = "strict", jobs: int = 1, evidence: bool = False) -> Iterator[Outcome]:
    """Outcomes of ``names`` in order; ``jobs`` > 1 spreads files over that many processes, each
    loading the model once."""
    from .api import load_model

    if jobs <= 1 or len(names) < 2:
        model = load_model(model_path)
        for name in names:
            yield analyze_file(name, model, encoding, errors, evidence)
        return
    from concurrent.futures import ProcessPoolExecutor

    local = [name for name in names if name == "-"]  # standard input belongs to this process
    with ProcessPoolExecutor(max_workers=jobs, initializer=_load_worker_model, initargs=(model_path,)) as pool:
        remote = pool.map(_analyze_in_worker, [name for name in names if name != "-"],
                          [encoding] * len(names), [errors] * len(names), [evidence] * len(names), chunksize=1)
        model = load_model(model_path) if local else None
        for name in names:
            yield analyze_file(name, model, encoding, errors, evidence) if name == "-" else next(remote)


_worker_model = None


def _load_worker_model(model_path) -> None:
    global _worker_model
    from .api import load_model

    _worker_model = load_model(model_path)


def _analyze_in_worker(name: str, encoding, errors, evidence) -> Outcome:
    return analyze_file(name, _worker_model, encoding, errors, evidence)


def available_cores() -> int:
    """Cores this process may use (for ``-j 0``: as many as there are)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
