"""Source tasks of graded similarity to handwritten digits, and small models pretrained on them.

Chapter 07 asks when transfer helps, vanishes or hurts. To answer it, it needs several source
tasks that differ in one thing only: how close they are to the target (real handwritten digits).
Every source task here has 10 classes and the same number of images, and every source model is
the from-scratch baseline's own architecture (`tk.models.build_small_cnn`) trained the same way,
so a difference in transfer comes from the source task, not from the model or the budget.

The ten source models ship inside the package (`transferkit/weights/sources/`, 4.5 MB in all,
checked by sha256); `scripts/make_studies.py` retrains them and measures them.

Example:
    >>> images, labels = make_source_task("latin letters", num_per_class=2)
    >>> images.shape, sorted(set(labels.tolist()))[:3]
    ((20, 28, 28, 1), [0, 1, 2])
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import keras
import numpy as np

from transferkit import glyphs, models
from transferkit._checks import whole_number
from transferkit.language import mark
from transferkit.pretrained import SOURCE_STYLE

WEIGHTS_DIR = Path(__file__).parent / "weights" / "sources"
INFO_FILE = WEIGHTS_DIR / "sources.json"

# name -> (what it is, how to make it). Roughly from most to least similar to handwritten digits;
# chapter 07 measures the order instead of trusting it.
SOURCE_TASKS = {
    "font digits": mark("the ten digits, printed in many fonts: the target's classes in another domain"),
    "latin letters": mark("ten capital letters (A C E F H K M R T X): other classes, the same kind of strokes"),
    "greek letters": mark("ten small Greek letters: other classes, curlier strokes"),
    "hebrew letters": mark("ten Hebrew letters: another script"),
    "math symbols": mark("ten mathematical symbols"),
    "arrows": mark("ten arrows"),
    "shapes": mark("ten filled and outlined geometric shapes: blocks of ink, hardly any strokes"),
    "inverted font digits": mark("the font digits in black ink on white: the right classes, the contrast flipped"),
    "font digits, shuffled labels": mark("the font digits with labels assigned at random: the right images, "
                                    "nothing to learn"),
    "noise": mark("random pixel noise in ten random classes: nothing digit-like and nothing to learn"),
}
_CHARACTERS = {
    "font digits": list("0123456789"),
    "latin letters": list("ACEFHKMRTX"),
    "greek letters": list("αβγδεζηθλξ"),
    "hebrew letters": list("אבגדהוזחטכ"),
    "math symbols": list("∀∂∃∅∇∈∏∑√∞"),
    "arrows": list("←↑→↓↔↕↖↗↘↙"),
    "shapes": list("■□▲△▶▷◆◇●○"),
}


def _check_name(name: str) -> str:
    if name not in SOURCE_TASKS:
        raise ValueError(f"Unknown source task. Received: name={name!r}. Expected one of {list(SOURCE_TASKS)}.")
    return name


def make_source_task(name: str, num_per_class: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Make the images and labels of one source task of `SOURCE_TASKS`.

    Args:
        name: a key of `SOURCE_TASKS`, e.g. `"latin letters"`.
        num_per_class: images in each of the 10 classes.
        seed: seed of the rendering (and of the shuffled labels or the noise).

    Returns:
        `(images, labels)`: float32 images (10 * num_per_class, 28, 28, 1) in [0, 1] and int64 labels 0-9.

    Raises:
        ValueError: for an unknown name or a size below 1.

    Example:
        >>> images, labels = make_source_task("noise", num_per_class=3)
        >>> images.shape, labels.shape
        ((30, 28, 28, 1), (30,))
    """
    _check_name(name)
    num_per_class = whole_number("num_per_class", num_per_class)
    rng = np.random.default_rng(seed)
    if name == "noise":
        images = rng.uniform(0, 1, size=(10 * num_per_class, 28, 28, 1)).astype("float32") ** 3
        return images, np.repeat(np.arange(10, dtype="int64"), num_per_class)
    characters = _CHARACTERS["font digits" if "font digits" in name else name]
    images, labels, _ = glyphs.make_glyphs(characters, num_per_class, style=SOURCE_STYLE, seed=seed)
    if name == "inverted font digits":
        images = 1.0 - images
    elif name == "font digits, shuffled labels":
        labels = rng.permutation(labels)
    return images, labels


def train_source_model(name: str, num_per_class: int = 600, epochs: int = 6, seed: int = 0) -> keras.Model:
    """Train the small CNN on one source task (what `scripts/make_studies.py` ships).

    Args:
        name: a key of `SOURCE_TASKS`.
        num_per_class: training images a class.
        epochs: passes over the training images (batch 64, Adam 1e-3).
        seed: seed of the data and of the initial weights.

    Returns:
        The trained `keras.Sequential` (10 glyph classes out).

    Example:
        >>> model = train_source_model("shapes", num_per_class=2, epochs=1)
        >>> model.output_shape
        (None, 10)
    """
    images, labels = make_source_task(name, num_per_class, seed)
    keras.utils.set_random_seed(seed)
    model = models.build_small_cnn(10)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    models.build_optimizer(model)
    model.fit(images, labels, batch_size=64, epochs=whole_number("epochs", epochs), verbose=0)
    return model


def file_name(name: str) -> str:
    """The file a source model is shipped in, e.g. `"latin-letters.keras"`.

    Example:
        >>> file_name("font digits, shuffled labels")
        'font-digits-shuffled-labels.keras'
    """
    _check_name(name)
    return name.replace(",", "").replace(" ", "-") + ".keras"


def source_models_info() -> dict:
    """What is recorded about the shipped source models: per model its sha256 and source accuracy.

    Example:
        >>> sorted(source_models_info()["models"]) == sorted(SOURCE_TASKS)
        True
    """
    return json.loads(INFO_FILE.read_text(encoding="utf-8"))


def load_source_model(name: str) -> keras.Model:
    """Load the shipped small CNN pretrained on the source task `name` (checksum checked, weights only).

    Args:
        name: a key of `SOURCE_TASKS`.

    Returns:
        A fresh `keras.Sequential` mapping (N, 28, 28, 1) images to probabilities over 10 source classes.
        Its layers up to `Flatten` are f_shared; the last Dense layer is f_specific.

    Raises:
        ValueError: for an unknown name or a file that fails its checksum.
        FileNotFoundError: if the file is missing.

    Example:
        >>> load_source_model("arrows").output_shape
        (None, 10)
    """
    path = WEIGHTS_DIR / file_name(name)
    if not path.exists():
        raise FileNotFoundError(f"The shipped source model {path.name} is missing. Reinstall transferkit, "
                                "or rebuild the source models with `python3 scripts/make_studies.py`.")
    expected = source_models_info()["models"][name]["sha256"]
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != expected:
        raise ValueError(f"The source model {path.name} fails its checksum. Received sha256 {actual[:12]}..., "
                         f"expected {expected[:12]}.... Reinstall transferkit or rerun scripts/make_studies.py.")
    model = models.build_small_cnn(10)  # the architecture in code, the weights from the file (as pretrained does)
    model.load_weights(path)
    return model
