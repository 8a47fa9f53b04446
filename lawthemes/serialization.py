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
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
"""Version 1 stored every vocabulary as strings; version 2 stores character n-gram vocabularies as
the int64 keys the NumPy featuriser looks up (strings only for word features)."""
MODEL_FILENAME = "model.npz"
CARD_FILENAME = "card.json"


def save_model(model, path, card: dict | None = None) -> None:
    """Write a :class:`~lawthemes.predictor.ThemeModel` to ``path`` atomically."""
    meta = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "taxonomy_version": TAXONOMY_VERSION,
        "params": jsonable_params(model.params),
        "card": card if card is not None else model.card_,
    }
    arrays = {
        "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
        "classes": np.array(model.classes_, dtype=str),
        "coef": np.asarray(model.coef_, dtype=np.float32),
        "intercept": np.asarray(model.intercept_, dtype=np.float32),
        "thresholds": np.asarray(model.thresholds_, dtype=np.float64),
        **_featurizer_arrays(model.featurizer),
    }
    write_atomically(Path(path), lambda handle: np.savez_compressed(handle, **arrays))


def _featurizer_arrays(featurizer) -> dict:
    if hasattr(featurizer, "keys"):  # a CharNgramFeaturizer
        return {"ngram_keys_0": featurizer.keys, "idf_0": featurizer.idf.astype(np.float64)}
    arrays = {}
    for index, vectorizer in enumerate(tfidf_parts(featurizer.vectorizer)):
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        arrays[f"vocabulary_{index}"] = np.array(terms, dtype=str)
        arrays[f"idf_{index}"] = np.asarray(vectorizer.idf_, dtype=np.float64)
    return arrays


def load_model_file(path):
    """Read a model written by :func:`save_model`; see :func:`lawthemes.load_model`."""
    path = resolve_model_path(path)
    if not zipfile.is_zipfile(path):
        raise ModelLoadError(f"{path} is not a readable lawthemes model (not an .npz archive: corrupt, "
                             "truncated or another kind of file); retrain it with `lawthemes train` "
                             "or copy it again")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except ValueError as error:
        if "allow_pickle" in str(error):  # never pass on numpy's advice to allow pickles
            raise ModelLoadError(f"{path} holds Python objects, which lawthemes never loads (they "
                                 "could run code): it is not a lawthemes model file") from None
        raise _unreadable(path, error) from None
    except (zipfile.BadZipFile, OSError, EOFError, KeyError) as error:
        raise _unreadable(path, error) from None
    meta = _read_meta(path, arrays)
    return _rebuild(path, meta, arrays)


def _unreadable(path: Path, error: Exception) -> ModelLoadError:
    return ModelLoadError(f"{path} is not a readable lawthemes model (corrupt, truncated or another "
                          f"kind of file: {type(error).__name__}); retrain it with `lawthemes train` "
                          "or copy it again")


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
    if meta.get("format_version") not in READABLE_VERSIONS:
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
    from .predictor import ThemeModel

    try:
        for name in ("coef", "intercept", "thresholds"):
            _check_finite(path, name, arrays[name])
        params = dict(meta["params"])
        params["ngram_range"] = tuple(params["ngram_range"])
        classes = arrays["classes"].astype(str)
        featurizer = _featurizer(path, params, arrays)
        check_model_arrays(path, arrays, featurizer, len(classes))
        model = ThemeModel(featurizer, arrays["coef"], arrays["intercept"], arrays["thresholds"],
                           classes, params, card=meta.get("card", {}))
    except KeyError as error:
        raise ModelLoadError(f"{path} lacks the array or setting {error}; the file is incomplete: "
                             "retrain it with `lawthemes train` or copy it again") from None
    except (TypeError, ValueError) as error:
        raise ModelLoadError(f"{path} is inconsistent ({error}); retrain it") from None
    return model


def _featurizer(path: Path, params: dict, arrays: dict):
    """The NumPy featuriser for character n-gram models, else scikit-learn's vectoriser."""
    from .numpy_featurizer import MAX_N, CharNgramFeaturizer

    char = params.get("features") == "char"
    _check_finite(path, "idf_0", arrays["idf_0"])
    if char and "ngram_keys_0" in arrays:
        return CharNgramFeaturizer(arrays["ngram_keys_0"], arrays["idf_0"], params["ngram_range"])
    if char and params["ngram_range"][1] <= MAX_N:  # a version-1 file: strings
        return CharNgramFeaturizer.from_terms(arrays["vocabulary_0"].tolist(), arrays["idf_0"],
                                              ngram_range=params["ngram_range"])
    return _sklearn_featurizer(path, params, arrays)


def _sklearn_featurizer(path: Path, params: dict, arrays: dict):
    from .features import SklearnFeaturizer, build_vectorizer

    vectorizer = build_vectorizer(params["features"], ngram_range=params["ngram_range"],
                                  min_df=params["min_df"], max_features=params["max_features"])
    for index, part in enumerate(tfidf_parts(vectorizer)):
        terms = arrays[f"vocabulary_{index}"].tolist()
        _check_finite(path, f"idf_{index}", arrays[f"idf_{index}"])
        part.vocabulary_ = {term: position for position, term in enumerate(terms)}
        part.idf_ = arrays[f"idf_{index}"]
    return SklearnFeaturizer(vectorizer)


def check_model_arrays(path: Path, arrays: dict, featurizer, n_classes: int) -> None:
    """Refuse weights that are not finite, thresholds outside [0, 1] and arrays whose lengths do
    not agree, naming the array: a model that loads predicts what its card says."""
    n_features = featurizer.n_features
    keys = getattr(featurizer, "keys", None)
    expected = {"coef": (n_classes, n_features), "intercept": (n_classes,), "thresholds": (n_classes,)}
    if keys is not None:
        expected["idf_0"] = keys.shape
    for name, shape in expected.items():
        if arrays[name].shape != shape:
            raise ModelLoadError(f"{path}: array '{name}' has shape {arrays[name].shape}, but {n_classes} "
                                 f"themes and {n_features} features need {shape}; the file is damaged "
                                 "or was edited: retrain it or copy it again")
    thresholds = arrays["thresholds"]
    if ((thresholds < 0) | (thresholds > 1)).any():
        raise ModelLoadError(f"{path}: array 'thresholds' holds values outside [0, 1] "
                             f"({thresholds.min():g} to {thresholds.max():g}); the file is damaged or "
                             "was edited: retrain it or copy it again")
    if keys is not None and (len(np.unique(keys)) != len(keys) or (keys <= 0).any()):
        raise ModelLoadError(f"{path}: array 'ngram_keys_0' holds repeated or invalid n-gram keys; "
                             "the file is damaged or was edited: retrain it or copy it again")


def _check_finite(path: Path, name: str, values) -> None:
    values = np.asarray(values)
    if not np.issubdtype(values.dtype, np.number):
        raise ModelLoadError(f"{path}: array '{name}' is not numeric ({values.dtype}); the file is "
                             "damaged or was edited: retrain it or copy it again")
    if not np.isfinite(values).all():
        raise ModelLoadError(f"{path}: array '{name}' holds NaN or infinite values; the file is "
                             "damaged or was edited: retrain it or copy it again")


def jsonable_params(params: dict) -> dict:
    """Estimator parameters with tuples as lists (and without ``themes``, which the file stores
    as ``classes``), as JSON stores them."""
    return {key: list(value) if isinstance(value, tuple) else value for key, value in params.items()}
