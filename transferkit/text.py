"""Words of 22 languages: the course's text task, offline (chapter 12).

The source task is "which of 16 languages is this word?"; the target task is the same question
for 6 other languages the source model never saw. The words were drawn once from wordfreq's
frequency lists (`scripts/make_text_data.py`) and ship with the kit under CC BY-SA 4.0 (see
`transferkit/datasets/LICENSE-words.md` and docs/datasets.md).

A network reads a word as a sequence of character codes (`encode_words`): each character of the
source words' alphabet gets a number, 1 stands for a character it has never seen and 0 pads every
word to the same length.

Example:
    >>> import transferkit as tk
    >>> words, labels, class_names = tk.text.load_words("target")
    >>> len(words), class_names
    (1800, ['da', 'fi', 'hu', 'lv', 'ro', 'sk'])
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

import keras
import numpy as np

from transferkit._checks import whole_number
from transferkit.language import mark

DATA_FILE = Path(__file__).parent / "datasets" / "words.tsv.gz"
WEIGHTS_DIR = Path(__file__).parent / "weights"
MODEL_FILE = WEIGHTS_DIR / "text_source_model.keras"
INFO_FILE = WEIGHTS_DIR / "text_source_model.json"
SOURCE_LANGUAGES = ("ca", "cs", "de", "en", "es", "fil", "fr", "id", "it", "lt", "nl", "pl", "pt", "sl", "sv", "tr")
TARGET_LANGUAGES = ("da", "fi", "hu", "lv", "ro", "sk")
LANGUAGE_NAMES = {
    "ca": mark("Catalan"), "cs": mark("Czech"), "de": mark("German"), "en": mark("English"), "es": mark("Spanish"), "fil": mark("Filipino"),
    "fr": mark("French"), "id": mark("Indonesian"), "it": mark("Italian"), "lt": mark("Lithuanian"), "nl": mark("Dutch"), "pl": mark("Polish"),
    "pt": mark("Portuguese"), "sl": mark("Slovenian"), "sv": mark("Swedish"), "tr": mark("Turkish"), "da": mark("Danish"), "fi": mark("Finnish"),
    "hu": mark("Hungarian"), "lv": mark("Latvian"), "ro": mark("Romanian"), "sk": mark("Slovak"),
}
MAX_LENGTH = 14  # letters; the shipped words have 3-14
TASKS = ("source", "target")


@lru_cache(maxsize=1)
def _shipped() -> tuple:
    if not DATA_FILE.exists():
        raise FileNotFoundError(f"The words data is missing: {DATA_FILE}. Reinstall transferkit, or rebuild it "
                                "with `python scripts/make_text_data.py` (needs `pip install wordfreq`).")
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as lines:
        return tuple(tuple(line.rstrip("\n").split("\t")) for line in lines if line.strip())


def load_words(task: str = "target") -> tuple[list[str], np.ndarray, list[str]]:
    """Load the source or the target task's words and their languages (no download).

    Args:
        task: `"source"` (16 languages x 1,200 words) or `"target"` (6 other languages x 300 words).

    Returns:
        `(words, labels, class_names)`: the words, int64 labels, and the languages' ISO 639 codes
        (`LANGUAGE_NAMES` has their English names).

    Raises:
        ValueError: for an unknown task.

    Example:
        >>> words, labels, class_names = load_words("source")
        >>> len(class_names), words[0], class_names[labels[0]]
        (16, 'abans', 'ca')
    """
    if task not in TASKS:
        raise ValueError(f"Unknown task {task!r}. Expected one of {TASKS}.")
    class_names = list(SOURCE_LANGUAGES if task == "source" else TARGET_LANGUAGES)
    rows = [row for row in _shipped() if row[0] == task]
    return [row[2] for row in rows], np.array([class_names.index(row[1]) for row in rows], dtype="int64"), class_names


@lru_cache(maxsize=1)
def source_alphabet() -> str:
    """Return every character of the source task's words, sorted: the characters with their own code.

    Example:
        >>> "a" in source_alphabet(), "ő" in source_alphabet()
        (True, False)
    """
    words, _, _ = load_words("source")
    return "".join(sorted(set("".join(words))))


def encode_words(words, alphabet: str | None = None, length: int = MAX_LENGTH) -> np.ndarray:
    """Turn words into rows of character codes: 2, 3, ... for the alphabet, 1 unknown, 0 padding.

    Args:
        words: a list of strings.
        alphabet: the characters with their own code (default: `source_alphabet()`).
        length: codes per word; longer words are cut, shorter ones padded with 0.

    Returns:
        int32 array (len(words), length).

    Raises:
        ValueError: if `words` is a single string instead of a list.

    Example:
        >>> encode_words(["abz", "b?"], alphabet="ab", length=4).tolist()
        [[2, 3, 1, 0], [3, 1, 0, 0]]
    """
    if isinstance(words, str):
        raise ValueError(f"Expected a list of words. Received the string {words!r}; pass [{words!r}].")
    length = whole_number("length", length)
    alphabet = source_alphabet() if alphabet is None else alphabet
    codes = {character: index + 2 for index, character in enumerate(alphabet)}
    encoded = np.zeros((len(words), length), dtype="int32")
    for row, word in enumerate(words):
        values = [codes.get(character, 1) for character in str(word)[:length]]
        encoded[row, :len(values)] = values
    return encoded


def build_shared_layers(vocabulary_size: int | None = None, length: int = MAX_LENGTH) -> keras.Sequential:
    """Build f_shared for words: character embedding, two 1-D convolutions, max pooling -> 64 features.

    Args:
        vocabulary_size: number of character codes (default: the source alphabet's letters + 2).
        length: codes per word.

    Example:
        >>> build_shared_layers(vocabulary_size=40).output_shape
        (None, 64)
    """
    vocabulary_size = len(source_alphabet()) + 2 if vocabulary_size is None else vocabulary_size
    whole_number("vocabulary_size", vocabulary_size, minimum=3)
    return keras.Sequential([
        keras.Input((length,), dtype="int32", name="characters"),
        keras.layers.Embedding(vocabulary_size, 16, name="embedding"),
        keras.layers.Conv1D(64, 3, padding="same", activation="relu", name="conv1"),
        keras.layers.Conv1D(64, 3, padding="same", activation="relu", name="conv2"),
        keras.layers.GlobalMaxPooling1D(name="pool"),
        keras.layers.Dense(64, activation="relu", name="features"),
    ], name="shared")


def build_source_model(num_classes: int, vocabulary_size: int | None = None,
                       length: int = MAX_LENGTH) -> keras.Sequential:
    """Build the text model: f_shared and a softmax f_specific over `num_classes` languages.

    Chapter 12 also trains this architecture from random weights on the target task, as the
    from-scratch baseline.

    Example:
        >>> [layer.name for layer in build_source_model(16).layers]
        ['shared', 'specific']
    """
    whole_number("num_classes", num_classes, minimum=2)
    return keras.Sequential([
        keras.Input((length,), dtype="int32", name="characters"),
        build_shared_layers(vocabulary_size, length),
        keras.layers.Dense(num_classes, activation="softmax", name="specific"),
    ], name="text_source_model")


def source_info() -> dict:
    """Return the record of the shipped text source model (languages, alphabet, accuracy, training)."""
    return json.loads(INFO_FILE.read_text(encoding="utf-8"))


def load_source_model() -> keras.Model:
    """Load the shipped text source model (sha256-checked; architecture from code, weights from file).

    Example:
        >>> load_source_model().output_shape
        (None, 16)
    """
    from transferkit import pretrained

    info = source_info()
    model = build_source_model(len(info["class_names"]), vocabulary_size=len(info["alphabet"]) + 2)
    return pretrained.load_checked_weights(model, MODEL_FILE, info["sha256"],
                                           rebuild="python -m transferkit.pretrain --task text")


def load_shared_layers() -> keras.Model:
    """Load f_shared of the shipped text source model: character codes -> 64 features.

    Example:
        >>> load_shared_layers().output_shape
        (None, 64)
    """
    return load_source_model().get_layer("shared")
