"""Spoken words: the course's speech task, offline (chapter 12).

The source task is "which of 100 spoken English words is this?", said by 70 synthetic voices; the
target task is the ten spoken digits, said by 30 other voices the source model never heard. The
recordings were made once with the speech synthesiser espeak-ng (`scripts/make_speech_data.py`)
and ship as log-mel spectrograms (uint8, 49 frames x 40 mel bands per one-second clip), with a few
waveforms to listen to. See docs/datasets.md for what the data is and is not: synthetic speech is
much more regular than people's.

A spectrogram is computed with TensorFlow's own signal ops (`log_mel_spectrogram`): the short-time
Fourier transform cuts the waveform into overlapping 23 ms frames, the power of each frequency is
summed into 40 mel bands (spaced as the ear hears pitch), and the log compresses loudness.

Example:
    >>> import transferkit as tk
    >>> spectrograms, labels, class_names = tk.speech.load_spoken_words("target")
    >>> spectrograms.shape[1:], class_names[:3]
    ((49, 40, 1), ['zero', 'one', 'two'])
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import keras
import numpy as np

from transferkit._checks import whole_number

DATA_FILE = Path(__file__).parent / "datasets" / "spoken_words.npz"
WEIGHTS_DIR = Path(__file__).parent / "weights"
MODEL_FILE = WEIGHTS_DIR / "speech_source_model.keras"
INFO_FILE = WEIGHTS_DIR / "speech_source_model.json"
SAMPLE_RATE = 22050  # espeak-ng's rate
CLIP_SAMPLES = SAMPLE_RATE  # every clip is one second, the word centred in it
FRAME_LENGTH, FRAME_STEP = 512, 441  # 23 ms frames every 20 ms: 49 frames a second
NUM_FRAMES = 1 + (CLIP_SAMPLES - FRAME_LENGTH) // FRAME_STEP
NUM_MEL_BANDS = 40
LOWEST_HZ, HIGHEST_HZ = 60.0, 8000.0
# log(mel power) is stored as uint8: 0 stands for LOG_RANGE[0] (silence) and 255 for LOG_RANGE[1].
LOG_RANGE = (-10.0, 6.0)
TASKS = ("source", "target")


def log_mel_spectrogram(waveforms) -> np.ndarray:
    """Turn one-second waveforms into log-mel spectrograms, with TensorFlow's signal ops.

    Args:
        waveforms: float array of shape (N, 22050) or (22050,), values in [-1, 1], 22,050 Hz.

    Returns:
        float32 array (N, 49, 40): log of the power in each of 40 mel bands (60-8,000 Hz), per
        23 ms frame, one frame every 20 ms.

    Raises:
        ValueError: if the clips are not one second long.

    Example:
        >>> log_mel_spectrogram(np.zeros(22050)).shape
        (1, 49, 40)
    """
    import tensorflow as tf

    waveforms = np.asarray(waveforms, dtype="float32")
    if waveforms.ndim == 1:
        waveforms = waveforms[None]
    if waveforms.ndim != 2 or waveforms.shape[1] != CLIP_SAMPLES:
        raise ValueError(
            f"Expected one-second clips at {SAMPLE_RATE} Hz, shape (N, {CLIP_SAMPLES}). Received shape "
            f"{waveforms.shape}. Pad or cut each clip to {CLIP_SAMPLES} samples (see tk.speech.fit_to_clip).")
    stft = tf.signal.stft(waveforms, frame_length=FRAME_LENGTH, frame_step=FRAME_STEP, fft_length=FRAME_LENGTH)
    power = tf.abs(stft) ** 2  # (N, 49 frames, 257 frequencies)
    to_mel = tf.signal.linear_to_mel_weight_matrix(NUM_MEL_BANDS, FRAME_LENGTH // 2 + 1, SAMPLE_RATE,
                                                   LOWEST_HZ, HIGHEST_HZ)
    return tf.math.log(tf.tensordot(power, to_mel, axes=1) + 1e-6).numpy()


def quantize(spectrograms) -> np.ndarray:
    """Store log-mel values as uint8 (LOG_RANGE mapped to 0-255), as the shipped data is stored.

    Example:
        >>> quantize(np.array([-10.0, -2.0, 6.0])).tolist()
        [0, 128, 255]
    """
    low, high = LOG_RANGE
    scaled = (np.asarray(spectrograms, dtype="float32") - low) / (high - low) * 255
    return np.clip(np.round(scaled), 0, 255).astype("uint8")


def fit_to_clip(waveform, threshold: float = 0.02) -> np.ndarray:
    """Trim a recording's leading and trailing silence and centre it in a one-second clip.

    Args:
        waveform: 1-D float array at 22,050 Hz, values in [-1, 1].
        threshold: samples quieter than this fraction of the loudest one count as silence.

    Returns:
        float32 array of 22,050 samples (longer sounds keep their middle second).

    Example:
        >>> clip = fit_to_clip(np.r_[np.zeros(100), np.ones(50), np.zeros(100)])
        >>> clip.shape, int(clip.sum())
        ((22050,), 50)
    """
    waveform = np.asarray(waveform, dtype="float32")
    if waveform.ndim != 1 or not len(waveform):
        raise ValueError(f"Expected a 1-D waveform. Received shape {waveform.shape}.")
    loud = np.flatnonzero(np.abs(waveform) > threshold * max(float(np.abs(waveform).max()), 1e-9))
    sound = waveform[loud[0]:loud[-1] + 1] if len(loud) else waveform[:0]
    if len(sound) > CLIP_SAMPLES:
        start = (len(sound) - CLIP_SAMPLES) // 2
        sound = sound[start:start + CLIP_SAMPLES]
    clip = np.zeros(CLIP_SAMPLES, dtype="float32")
    start = (CLIP_SAMPLES - len(sound)) // 2
    clip[start:start + len(sound)] = sound
    return clip


@lru_cache(maxsize=1)
def _shipped() -> dict:
    if not DATA_FILE.exists():
        raise FileNotFoundError(f"The spoken-words data is missing: {DATA_FILE}. Reinstall transferkit, or "
                                "rebuild it with `python scripts/make_speech_data.py` (needs espeak-ng).")
    with np.load(DATA_FILE) as stored:
        return {name: stored[name] for name in stored.files}


def load_spoken_words(task: str = "target") -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Load the source or the target task's spectrograms (no download: they ship with the kit).

    Args:
        task: `"source"` (100 English words x 20 clips, 70 voices) or `"target"` (the ten digits x
            50 clips, 30 other voices).

    Returns:
        `(spectrograms, labels, class_names)`: float32 (N, 49, 40, 1) in [0, 1] (the stored uint8
        / 255), int64 labels, and the words.

    Raises:
        ValueError: for an unknown task.

    Example:
        >>> spectrograms, labels, class_names = load_spoken_words("source")
        >>> len(class_names), spectrograms.dtype.name
        (100, 'float32')
    """
    if task not in TASKS:
        raise ValueError(f"Unknown task {task!r}. Expected one of {TASKS}.")
    stored = _shipped()
    spectrograms = stored[f"{task}_spectrograms"].astype("float32")[..., None] / 255
    return spectrograms, stored[f"{task}_labels"].astype("int64"), stored[f"{task}_words"].tolist()


def load_voices(task: str = "target") -> list[dict]:
    """Return who said each clip of a task: espeak-ng accent, voice variant, pitch and speed.

    Example:
        >>> sorted(load_voices("target")[0])
        ['accent', 'pitch', 'speed', 'variant']
    """
    if task not in TASKS:
        raise ValueError(f"Unknown task {task!r}. Expected one of {TASKS}.")
    return json.loads(str(_shipped()[f"{task}_voices"]))


def load_example_clips() -> tuple[np.ndarray, list[str], list[tuple[str, int]]]:
    """Return a few one-second waveforms to listen to (float32, 22,050 Hz), their words, and where they are.

    The examples are the first clip of the first three words of each task; `where` gives each one's
    `(task, row)` in `load_spoken_words(task)`, so its shipped spectrogram can be recomputed from it.

    Example:
        >>> waveforms, words, where = load_example_clips()
        >>> waveforms.shape[1], words[3], where[3]
        (22050, 'zero', ('target', 0))
    """
    stored = _shipped()
    words = stored["example_words"].tolist()
    where = []
    for word in words:
        task = "source" if word in stored["source_words"].tolist() else "target"
        label = stored[f"{task}_words"].tolist().index(word)
        where.append((task, int(np.flatnonzero(stored[f"{task}_labels"] == label)[0])))
    return stored["example_waveforms"].astype("float32") / 32767, words, where


def build_shared_layers(num_frames: int = NUM_FRAMES, num_bands: int = NUM_MEL_BANDS) -> keras.Sequential:
    """Build f_shared for spectrograms: three convolutions and global max pooling, spectrograms -> 64 features.

    Example:
        >>> build_shared_layers().output_shape
        (None, 64)
    """
    return keras.Sequential([
        keras.Input((num_frames, num_bands, 1), name="spectrogram"),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1"),
        keras.layers.MaxPooling2D(name="pool1"),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu", name="conv2"),
        keras.layers.MaxPooling2D(name="pool2"),
        keras.layers.Conv2D(64, 3, padding="same", activation="relu", name="conv3"),
        keras.layers.GlobalMaxPooling2D(name="features"),
    ], name="shared")


def build_source_model(num_classes: int) -> keras.Sequential:
    """Build the speech model: f_shared and a softmax f_specific over `num_classes` words.

    Example:
        >>> [layer.name for layer in build_source_model(100).layers]
        ['shared', 'specific']
    """
    whole_number("num_classes", num_classes, minimum=2)
    return keras.Sequential([
        keras.Input((NUM_FRAMES, NUM_MEL_BANDS, 1), name="spectrogram"),
        build_shared_layers(),
        keras.layers.Dense(num_classes, activation="softmax", name="specific"),
    ], name="speech_source_model")


def source_info() -> dict:
    """Return the record of the shipped speech source model (words, accuracy, how it was trained)."""
    return json.loads(INFO_FILE.read_text(encoding="utf-8"))


def load_source_model() -> keras.Model:
    """Load the shipped speech source model (sha256-checked; architecture from code, weights from file).

    Example:
        >>> load_source_model().output_shape
        (None, 100)
    """
    from transferkit import pretrained

    info = source_info()
    return pretrained.load_checked_weights(build_source_model(len(info["class_names"])), MODEL_FILE, info["sha256"],
                                           rebuild="python -m transferkit.pretrain --task speech")


def load_shared_layers() -> keras.Model:
    """Load f_shared of the shipped speech source model: spectrograms -> 64 features.

    Example:
        >>> load_shared_layers().output_shape
        (None, 64)
    """
    return load_source_model().get_layer("shared")
