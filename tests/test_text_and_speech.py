"""Chapter 12's offline text and speech tasks: shipped data, encoding, spectrograms, source models."""

import gzip
import hashlib
import json

import numpy as np
import pytest

import transferkit as tk
from transferkit import pretrain, speech, text


def test_words_are_balanced_unambiguous_and_the_target_languages_are_new():
    source_words, source_labels, source_languages = tk.text.load_words("source")
    words, labels, languages = tk.text.load_words("target")
    assert np.bincount(source_labels).tolist() == [1200] * 16 and np.bincount(labels).tolist() == [300] * 6
    assert not set(source_languages) & set(languages)
    assert len(set(source_words) | set(words)) == len(source_words) + len(words)  # every word has one answer
    assert all(word.isalpha() and 3 <= len(word) <= tk.text.MAX_LENGTH for word in source_words + words)
    with pytest.raises(ValueError, match="Expected one of"):
        tk.text.load_words("train")


def test_the_words_file_carries_its_share_alike_licence():
    notice = (text.DATA_FILE.parent / "LICENSE-words.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in notice and "wordfreq" in notice
    with gzip.open(text.DATA_FILE, "rt", encoding="utf-8") as lines:
        assert sum(1 for _ in lines) == 16 * 1200 + 6 * 300


def test_encode_words_codes_letters_unknowns_and_padding():
    assert tk.text.encode_words(["abz", "b?"], alphabet="ab", length=4).tolist() == [[2, 3, 1, 0], [3, 1, 0, 0]]
    assert tk.text.encode_words(["abcdef"], alphabet="ab", length=2).tolist() == [[2, 3]]
    codes = tk.text.encode_words(["kiitos", "ő"])
    assert codes.dtype == np.int32 and codes.shape == (2, tk.text.MAX_LENGTH) and codes[1, 0] == 1
    with pytest.raises(ValueError, match=r"pass \['hello'\]"):
        tk.text.encode_words("hello")


def test_spoken_words_shapes_voices_and_unseen_target_voices():
    source, source_labels, source_words = tk.speech.load_spoken_words("source")
    target, labels, digits = tk.speech.load_spoken_words("target")
    assert source.shape == (2000, 49, 40, 1) and target.shape == (500, 49, 40, 1)
    assert 0 <= target.min() and target.max() <= 1 and target.dtype == np.float32
    assert np.bincount(source_labels).tolist() == [20] * 100 and np.bincount(labels).tolist() == [50] * 10
    assert digits[0] == "zero" and not set(digits) & set(source_words)
    source_voices = {voice["variant"] for voice in tk.speech.load_voices("source")}
    target_voices = {voice["variant"] for voice in tk.speech.load_voices("target")}
    assert not source_voices & target_voices  # the target's voices were never heard by the source model
    with pytest.raises(ValueError, match="Expected one of"):
        tk.speech.load_voices("test")


def test_shipped_spectrograms_are_log_mel_spectrogram_of_the_shipped_waveforms():
    waveforms, words, where = tk.speech.load_example_clips()
    for waveform, word, (task, row) in zip(waveforms, words, where):
        shipped, labels, class_names = tk.speech.load_spoken_words(task)
        assert class_names[labels[row]] == word
        recomputed = tk.speech.quantize(tk.speech.log_mel_spectrogram(waveform))[0].astype(int)
        assert np.abs(recomputed - np.round(255 * shipped[row, :, :, 0])).max() <= 1  # int16 rounding of the wave


def test_spectrogram_and_clip_functions_reject_bad_input():
    with pytest.raises(ValueError, match=r"Received shape \(1, 100\)"):
        tk.speech.log_mel_spectrogram(np.zeros((1, 100)))
    with pytest.raises(ValueError, match="1-D waveform"):
        tk.speech.fit_to_clip(np.zeros((2, 5)))
    long = tk.speech.fit_to_clip(np.ones(30000))
    assert long.shape == (22050,) and long.min() == 1
    assert tk.speech.quantize(np.array([-99.0, 99.0])).tolist() == [0, 255]


@pytest.mark.parametrize("module", [text, speech])
def test_shipped_source_models_load_checked_and_beat_chance(module):
    info = module.source_info()
    assert info["sha256"] == hashlib.sha256(module.MODEL_FILE.read_bytes()).hexdigest()
    assert info["source_accuracy"] > 5 / len(info["class_names"])
    base_model = module.load_shared_layers()
    assert base_model.output_shape == (None, 64) and base_model.trainable


def test_a_damaged_text_model_is_refused(tmp_path, monkeypatch):
    damaged = tmp_path / "text_source_model.keras"
    damaged.write_bytes(text.MODEL_FILE.read_bytes()[:-4] + b"0000")
    monkeypatch.setattr(text, "MODEL_FILE", damaged)
    with pytest.raises(ValueError, match="--task text"):
        text.load_source_model()
    damaged.unlink()
    with pytest.raises(FileNotFoundError, match="--task text"):
        text.load_source_model()


@pytest.mark.parametrize("task", ["text", "speech"])
def test_pretrain_rebuilds_the_text_and_speech_models(tmp_path, task):
    record = pretrain.pretrain_sequence_model(task, tmp_path, epochs=1, verbose=0)
    saved = json.loads((tmp_path / f"{task}_source_model.json").read_text(encoding="utf-8"))
    assert saved == record and record["reproduce"].startswith(f"python -m transferkit.pretrain --task {task}")
    assert record["training_examples"] + record["held_out_examples"] == (19200 if task == "text" else 2000)
    with pytest.raises(ValueError, match="Expected 'text' or 'speech'"):
        pretrain.pretrain_sequence_model("video", tmp_path)


def test_from_scratch_with_a_reused_compiled_model_matches_a_fresh_fit():
    """make_from_scratch trains every run in one compiled model: the same weights as compiling each run's own."""
    import keras

    codes = tk.text.encode_words(tk.text.load_words("target")[0][::50])
    labels = np.arange(len(codes)) % 3
    train = tk.strategies.make_from_scratch(3, steps=5, build_model=tk.text.build_source_model)
    results = []
    for seed in (1, 2, 1):
        keras.utils.set_random_seed(seed)
        results.append(np.asarray(train(codes, labels)(codes)))
    keras.utils.set_random_seed(1)
    model = tk.strategies._fit(tk.text.build_source_model(3), codes, labels, 5, 3e-3)
    np.testing.assert_allclose(results[0], np.asarray(model(codes)), atol=1e-5)
    np.testing.assert_allclose(results[0], results[2], atol=1e-6)
    assert not np.allclose(results[0], results[1])
