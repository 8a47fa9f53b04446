"""Model files: data only, atomic saves, clear errors for every kind of bad file."""

import json
import zipfile

import numpy as np
import pytest

from lawthemes import ModelLoadError, load_model
from lawthemes.serialization import FORMAT_VERSION


def saved(model, tmp_path, name="m.npz"):
    path = tmp_path / name
    model.save(path)
    return path


def rewrite(path, **changes):
    """Re-save a model file with some arrays or metadata changed."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    meta = json.loads(arrays["meta"].tobytes())
    meta.update(changes.pop("meta", {}))
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    arrays.update(changes)
    np.savez(path, **arrays)


def test_round_trip_gives_identical_predictions(small_model, corpus, tmp_path):
    loaded = load_model(saved(small_model, tmp_path))
    texts = [u.text for u in corpus.units[:200]]
    np.testing.assert_allclose(loaded.predict_proba(texts), small_model.predict_proba(texts), rtol=1e-6)
    assert loaded.params == small_model.get_params()


def test_a_model_directory_can_be_loaded(small_model, tmp_path):
    saved(small_model, tmp_path, "model.npz")
    assert list(load_model(tmp_path).classes_) == list(small_model.classes_)


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="no model file"):
        load_model(tmp_path / "absent.npz")


def test_truncated_file_raises_model_load_error(small_model, tmp_path):
    path = saved(small_model, tmp_path)
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(ModelLoadError, match="corrupt, truncated"):
        load_model(path)


def test_other_file_raises_model_load_error(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("this is not a model", encoding="utf-8")
    with pytest.raises(ModelLoadError, match="not a readable lawthemes model"):
        load_model(path)


def test_other_format_version_is_refused_with_advice(small_model, tmp_path):
    path = saved(small_model, tmp_path)
    rewrite(path, meta={"format_version": FORMAT_VERSION + 1})
    with pytest.raises(ModelLoadError, match="format version .*retrain"):
        load_model(path)


def test_other_theme_set_is_refused(small_model, tmp_path):
    path = saved(small_model, tmp_path)
    rewrite(path, classes=np.array(["leadership", "space_policy"] + list(small_model.classes_[2:])))
    with pytest.raises(ModelLoadError, match="another theme set.*space_policy"):
        load_model(path)


def test_inconsistent_weights_are_refused(small_model, tmp_path):
    path = saved(small_model, tmp_path)
    rewrite(path, coef=np.zeros((3, 3), dtype=np.float32))
    with pytest.raises(ModelLoadError, match="array 'coef' has shape \\(3, 3\\)"):
        load_model(path)


def one_line(error) -> str:
    message = str(error.value)
    assert "\n" not in message and "allow_pickle" not in message
    return message


@pytest.mark.parametrize("name, change, message", [
    ("coef", lambda a: np.where(np.arange(a.size).reshape(a.shape) == 7, np.nan, a).astype(a.dtype),
     "array 'coef' holds NaN or infinite values"),
    ("intercept", lambda a: np.full_like(a, np.inf), "array 'intercept' holds NaN or infinite"),
    ("idf_0", lambda a: np.where(np.arange(a.size) == 0, np.nan, a), "array 'idf_0' holds NaN"),
    ("thresholds", lambda a: a + 1.5, "array 'thresholds' holds values outside \\[0, 1\\]"),
    ("thresholds", lambda a: a[:-1], "array 'thresholds' has shape"),
    ("intercept", lambda a: np.concatenate([a, a]), "array 'intercept' has shape"),
    ("idf_0", lambda a: a[:-3], "array 'idf_0' has shape"),
    ("ngram_keys_0", lambda a: np.concatenate([a[:1], a[:-1]]), "array 'ngram_keys_0' holds repeated"),
    ("coef", lambda a: a.astype(str), "array 'coef' is not numeric"),
])
def test_files_that_lie_are_refused_naming_the_array(small_model, tmp_path, name, change, message):
    path = saved(small_model, tmp_path)
    with np.load(path, allow_pickle=False) as data:
        original = data[name]
    rewrite(path, **{name: change(original)})
    with pytest.raises(ModelLoadError, match=message) as caught:
        load_model(path)
    assert "retrain" in one_line(caught)


def test_an_npz_that_is_not_a_lawthemes_model_is_refused(tmp_path):
    path = tmp_path / "data.npz"
    np.savez(path, weights=np.ones(3))
    with pytest.raises(ModelLoadError, match="no lawthemes metadata") as caught:
        load_model(path)
    one_line(caught)


def test_a_missing_array_is_named(small_model, tmp_path):
    path = saved(small_model, tmp_path)
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files if name != "intercept"}
    np.savez(path, **arrays)
    with pytest.raises(ModelLoadError, match="lacks the array or setting 'intercept'") as caught:
        load_model(path)
    one_line(caught)


class Boom:
    def __reduce__(self):
        return (exec, ("import pathlib; pathlib.Path(__import__('os').environ['BOOM']).write_text('ran')",))


def test_loading_never_unpickles(small_model, tmp_path, monkeypatch):
    """A file carrying a pickled object (which would run code) is refused, and nothing runs."""
    marker = tmp_path / "executed"
    monkeypatch.setenv("BOOM", str(marker))
    path = saved(small_model, tmp_path)
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["classes"] = np.array([Boom()], dtype=object)
    np.savez(path, **arrays)  # stores the object array as a pickle
    with pytest.raises(ModelLoadError, match="holds Python objects") as caught:
        load_model(path)
    one_line(caught)
    assert not marker.exists()


def test_an_interrupted_save_leaves_the_old_model(small_model, tmp_path, monkeypatch):
    path = saved(small_model, tmp_path)
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez_compressed", fail)
    with pytest.raises(KeyboardInterrupt):
        small_model.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]  # no temporary file left behind


def test_model_files_are_zip_archives_of_plain_arrays(small_model, tmp_path):
    with zipfile.ZipFile(saved(small_model, tmp_path)) as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())


def test_a_loaded_model_keeps_its_card_when_saved_again(tmp_path):
    default = load_model()
    copy = load_model(saved(default, tmp_path))
    assert copy.card_ == default.card_ and copy.card_["training_data"]["sha256"]


def test_saved_files_get_the_usual_permissions(small_model, tmp_path):
    import os
    import stat

    umask = os.umask(0o022)
    try:
        mode = stat.S_IMODE(saved(small_model, tmp_path).stat().st_mode)
    finally:
        os.umask(umask)
    assert mode == 0o644
