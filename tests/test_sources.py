import keras
import numpy as np
import pytest

import transferkit as tk


@pytest.mark.parametrize("name", list(tk.sources.SOURCE_TASKS))
def test_every_source_task_has_ten_balanced_classes_of_digit_sized_images(name):
    images, labels = tk.sources.make_source_task(name, num_per_class=3, seed=1)
    assert images.shape == (30, 28, 28, 1) and images.dtype == np.float32
    assert 0.0 <= images.min() and images.max() <= 1.0
    assert np.bincount(labels).tolist() == [3] * 10


def test_the_special_sources_are_what_they_claim():
    digits, labels = tk.sources.make_source_task("font digits", num_per_class=5, seed=0)
    inverted, inverted_labels = tk.sources.make_source_task("inverted font digits", num_per_class=5, seed=0)
    shuffled, shuffled_labels = tk.sources.make_source_task("font digits, shuffled labels", num_per_class=5, seed=0)
    np.testing.assert_allclose(inverted, 1.0 - digits)
    np.testing.assert_array_equal(inverted_labels, labels)
    np.testing.assert_array_equal(shuffled, digits)
    assert not np.array_equal(shuffled_labels, labels)
    assert sorted(shuffled_labels) == sorted(labels)


def test_unknown_source_tasks_are_named():
    with pytest.raises(ValueError, match="Expected one of"):
        tk.sources.make_source_task("klingon")


def test_every_shipped_source_model_loads_checked_and_is_the_small_cnn():
    info = tk.sources.source_models_info()["models"]
    assert sorted(info) == sorted(tk.sources.SOURCE_TASKS)
    model = tk.sources.load_source_model("latin letters")
    assert [type(layer).__name__ for layer in model.layers] == [
        type(layer).__name__ for layer in tk.models.build_small_cnn(10).layers]
    # the learnable sources were learned; the ones with nothing to learn were not
    assert info["latin letters"]["source_accuracy"] > 0.9
    assert info["noise"]["source_accuracy"] < 0.2


def test_a_damaged_source_model_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tk.sources, "WEIGHTS_DIR", tmp_path)
    monkeypatch.setattr(tk.sources, "source_models_info",
                        lambda: {"models": {"arrows": {"sha256": "0" * 64}}})
    with pytest.raises(FileNotFoundError, match="missing"):
        tk.sources.load_source_model("arrows")
    keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]).save(tmp_path / "arrows.keras")
    with pytest.raises(ValueError, match="checksum"):
        tk.sources.load_source_model("arrows")
