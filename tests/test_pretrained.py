import json

import numpy as np
import pytest

import transferkit as tk
from transferkit import pretrained


def test_shipped_source_model_maps_images_to_its_glyph_classes():
    info = tk.pretrained.source_info()
    model = tk.pretrained.load_source_model()
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, len(info["class_names"])) and len(info["class_names"]) >= 400
    assert info["source_accuracy"] > 0.5  # recorded by the pretraining run on unseen glyphs


def test_shipped_model_recognises_fresh_glyphs():
    info = tk.pretrained.source_info()
    digits = [info["class_names"].index(d) for d in "0123456789"]
    images, labels, _ = tk.data.make_glyphs("digits", num_per_class=5, seed=123)
    predictions = tk.pretrained.load_source_model()(images, training=False).numpy().argmax(axis=1)
    assert np.mean(predictions == np.array(digits)[labels]) > 0.6


def test_shared_layers_are_a_fresh_trainable_feature_extractor():
    first, second = tk.pretrained.load_shared_layers(), tk.pretrained.load_shared_layers()
    assert first is not second and first.trainable
    features = first(np.zeros((2, 28, 28, 1), "float32"), training=False)
    assert features.shape == (2, 128)
    assert any(layer.name.startswith("block") for layer in first.layers)


def test_a_damaged_weights_file_is_refused(tmp_path, monkeypatch):
    model_file = tmp_path / "source_model.keras"
    model_file.write_bytes(pretrained.MODEL_FILE.read_bytes()[:-10] + b"0123456789")
    info_file = tmp_path / "source_model.json"
    info_file.write_text(pretrained.INFO_FILE.read_text())
    monkeypatch.setattr(pretrained, "MODEL_FILE", model_file)
    monkeypatch.setattr(pretrained, "INFO_FILE", info_file)
    with pytest.raises(ValueError, match="fail their checksum"):
        pretrained.load_source_model()
    model_file.unlink()
    with pytest.raises(FileNotFoundError, match="python -m transferkit.pretrain"):
        pretrained.load_source_model()


def test_pretrain_script_reproduces_a_small_model(tmp_path):
    from transferkit import pretrain

    record = pretrain.pretrain(tmp_path, epochs=1, per_class=2, batch_size=64, verbose=0)
    saved = json.loads((tmp_path / "source_model.json").read_text())
    assert saved == record and saved["training_images"] == 2 * len(saved["class_names"])
    assert (tmp_path / "source_model.keras").exists()


def test_pretrain_without_digits_leaves_out_exactly_the_digit_classes(tmp_path):
    from transferkit import pretrain

    record = pretrain.pretrain(tmp_path, epochs=1, per_class=1, batch_size=64, verbose=0, without_digits=True)
    assert (tmp_path / "source_model_without_digits.keras").exists()
    assert record["reproduce"].endswith("--without-digits")
    full = tk.pretrained.source_info()["class_names"]
    assert record["class_names"] == [name for name in full if not name.isdigit()]


def test_the_shipped_source_without_digits_is_the_same_recipe_minus_ten_classes():
    full, without = tk.pretrained.source_info(), tk.pretrained.source_info(without_digits=True)
    assert without["class_names"] == [name for name in full["class_names"] if name not in "0123456789"]
    assert {key: full[key] for key in ("epochs", "per_class", "batch_size", "seed")} == \
        {key: without[key] for key in ("epochs", "per_class", "batch_size", "seed")}
    assert tk.pretrained.load_source_model(without_digits=True).output_shape == (None, 449)
    with pytest.raises(ValueError, match="True or False"):
        tk.pretrained.load_source_model(without_digits="yes")


def test_build_source_model_rejects_a_single_class():
    with pytest.raises(ValueError, match="at least 2"):
        tk.pretrained.build_source_model(num_classes=1)


def test_imagenet_backbone_offline_fails_fast_with_one_clear_message(monkeypatch, tmp_path):
    def no_network(file, offline_hint="", timeout=30.0):
        raise tk.downloads.OfflineError(f"Could not download {file.filename}. Offline, use {offline_hint} instead.")

    monkeypatch.setattr(tk.downloads, "download", no_network)
    with pytest.raises(tk.downloads.OfflineError, match="load_shared_layers"):
        pretrained.load_imagenet_backbone()
    task = pretrained.load_photo_task()
    assert not task.online and task.message.startswith("Offline")
    assert task.base_model.output_shape == (None, 128) and task.images.shape[1:] == (28, 28, 1)


def test_photo_task_online_branch_reads_the_photos_at_the_asked_size(monkeypatch, tmp_path):
    import keras
    from PIL import Image

    for name in ["daisy", "roses"]:
        (tmp_path / name).mkdir()
        for index in range(3):
            Image.new("RGB", (50, 40), (index * 80, 20, 200)).save(tmp_path / name / f"{index}.jpg")
    backbone = keras.applications.MobileNetV3Small(input_shape=(32, 32, 3), include_top=False, weights=None,
                                                   pooling="avg")
    monkeypatch.setattr(pretrained, "load_imagenet_backbone", lambda image_size, timeout: backbone)
    monkeypatch.setattr(tk.downloads, "load_online_dataset", lambda name, timeout: tmp_path)
    task = pretrained.load_photo_task(image_size=32, num_per_class=2)
    assert task.online and task.class_names == ["daisy", "roses"]
    assert task.images.shape == (4, 32, 32, 3) and task.images.max() <= 255
    assert task.base_model(task.images).shape == (4, 576)


def test_weights_read_once_are_reused_until_the_file_changes(tmp_path, monkeypatch):
    """A second load copies the checked weights from memory; a file changed since is checked again."""
    model_file = tmp_path / "source_model.keras"
    model_file.write_bytes(pretrained.MODEL_FILE.read_bytes())
    monkeypatch.setattr(pretrained, "MODEL_FILE", model_file)
    first, second = pretrained.load_source_model(), pretrained.load_source_model()
    assert first is not second
    for a, b in zip(first.get_weights(), second.get_weights()):
        np.testing.assert_array_equal(a, b)
    model_file.write_bytes(model_file.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ValueError, match="fail their checksum"):
        pretrained.load_source_model()
