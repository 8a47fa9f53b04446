"""Saving and loading models as data only: NumPy arrays plus JSON in one ``.npz`` file.

Nothing in a model file is executed on load: arrays are read with ``allow_pickle=False`` and the
estimator is rebuilt from its JSON parameters, so a model received from someone else is as safe to
open as a CSV file.  Saving writes a temporary file beside the target and renames it, so an
interrupted save never leaves half a model where the old one was.

>>> import tempfile, pathlib
>>> from lawthemes import load_model
>>> path = pathlib.Path(tempfile.mkdtemp()) / "copy.npz"
>>> load_model().save(path)
>>> load_model(path).classify("深入推进行政复议体制改革").labels
['dispute_resolution']
"""

from __future__ import annotations

import json
import os
import uuid
import zipfile
from pathlib import Path

import numpy as np

from .errors import ModelLoadError
from .features import tfidf_parts
from .taxonomy import THEMES, TAXONOMY_VERSION

FORMAT_NAME = "lawthemes-model"
FORMAT_VERSION = 1
MODEL_FILENAME = "model.npz"
CARD_FILENAME = "card.json"


def save_model(model, path, card: dict | None = None) -> None:
    """Write a fitted :class:`~lawthemes.model.ThemeClassifier` to ``path`` atomically."""
    parts = tfidf_parts(model.vectorizer_)
    meta = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "taxonomy_version": TAXONOMY_VERSION,
        "params": jsonable_params(model.get_params()),
        "card": card if card is not None else getattr(model, "card_", {}),
    }
    arrays = {
        "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
        "classes": np.array(model.classes_, dtype=str),
        "coef": np.asarray(model.coef_, dtype=np.float32),
        "intercept": np.asarray(model.intercept_, dtype=np.float32),
        "thresholds": np.asarray(model.thresholds_, dtype=np.float64),
    }
    for index, vectorizer in enumerate(parts):
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        arrays[f"vocabulary_{index}"] = np.array(terms, dtype=str)
        arrays[f"idf_{index}"] = np.asarray(vectorizer.idf_, dtype=np.float64)
    write_atomically(Path(path), lambda handle: np.savez_compressed(handle, **arrays))


def load_model_file(path):
    """Read a model written by :func:`save_model`; see :func:`lawthemes.load_model`."""
    path = resolve_model_path(path)
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as error:
        raise ModelLoadError(
            f"{path} is not a readable lawthemes model (corrupt, truncated or another kind of file: "
            f"{error}); retrain it with `lawthemes train` or copy it again") from None
    meta = _read_meta(path, arrays)
    return _rebuild(path, meta, arrays)


def resolve_model_path(path) -> Path:
    """A model directory means its ``model.npz``; a missing path raises ``FileNotFoundError``."""
    path = Path(path)
    if path.is_dir():
        path = path / MODEL_FILENAME
    if not path.is_file():
        raise FileNotFoundError(f"no model file at {path}")
    return path


def write_atomically(path: Path, write) -> None:
    """Call ``write(binary_handle)`` on a temporary file beside ``path``, then rename it over ``path``.

    The temporary file is created with the usual permissions (0666 less the umask, or those of
    the file it replaces), so a model saved this way is as readable as any other file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if path.exists():
            os.chmod(descriptor, path.stat().st_mode & 0o777)
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _read_meta(path: Path, arrays: dict) -> dict:
    if "meta" not in arrays:
        raise ModelLoadError(f"{path} has no lawthemes metadata; it is not a lawthemes model file")
    try:
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelLoadError(f"{path}: unreadable metadata ({error}); the file is corrupt") from None
    if meta.get("format") != FORMAT_NAME:
        raise ModelLoadError(f"{path} is not a lawthemes model file (format {meta.get('format')!r})")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelLoadError(
            f"{path} uses lawthemes model format version {meta.get('format_version')}, but this "
            f"lawthemes reads version {FORMAT_VERSION}; retrain it with `lawthemes train` or use the "
            "lawthemes version that wrote it")
    classes = [str(theme) for theme in arrays.get("classes", [])]
    unknown = [theme for theme in classes if theme not in THEMES]
    if meta.get("taxonomy_version") != TAXONOMY_VERSION or unknown or not classes:
        raise ModelLoadError(
            f"{path} was trained on another theme set (taxonomy {meta.get('taxonomy_version')!r}, "
            f"unknown themes {unknown}); this lawthemes knows taxonomy {TAXONOMY_VERSION} with "
            f"themes {list(THEMES)}; retrain it on annotations with these themes")
    return meta


def _rebuild(path: Path, meta: dict, arrays: dict):
    from .features import build_vectorizer
    from .model import ThemeClassifier, as_weights

    try:
        params = dict(meta["params"])
        params["ngram_range"] = tuple(params["ngram_range"])
        model = ThemeClassifier(**params)
        vectorizer = build_vectorizer(model.features, ngram_range=model.ngram_range,
                                      min_df=model.min_df, max_features=model.max_features)
        n_features = 0
        for index, part in enumerate(tfidf_parts(vectorizer)):
            terms = arrays[f"vocabulary_{index}"].tolist()
            part.vocabulary_ = {term: position for position, term in enumerate(terms)}
            part.idf_ = arrays[f"idf_{index}"]
            n_features += len(terms)
        model.vectorizer_ = vectorizer
        model.classes_ = arrays["classes"].astype(str)
        model.coef_ = as_weights(arrays["coef"])
        model.intercept_ = arrays["intercept"]
        model.thresholds_ = arrays["thresholds"]
        model.card_ = meta.get("card", {})
    except (KeyError, TypeError, ValueError) as error:
        raise ModelLoadError(f"{path} is incomplete or inconsistent ({error!r}); retrain it") from None
    n_classes = len(model.classes_)
    if (model.coef_.shape != (n_classes, n_features) or model.intercept_.shape != (n_classes,)
            or model.thresholds_.shape != (n_classes,)):
        raise ModelLoadError(f"{path} is inconsistent: weights {model.coef_.shape} do not match "
                             f"{n_classes} themes and {n_features} features; retrain it")
    return model


def jsonable_params(params: dict) -> dict:
    """Estimator parameters with tuples as lists, as JSON stores them."""
    return {key: list(value) if isinstance(value, tuple) else value for key, value in params.items()}
