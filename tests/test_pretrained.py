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
    with pytest.raises(ValueError, match="checksum does not match"):
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


def test_build_source_model_rejects_a_single_class():
    with pytest.raises(ValueError, match="at least 2"):
        tk.pretrained.build_source_model(num_classes=1)
