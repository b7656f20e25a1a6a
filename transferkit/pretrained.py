"""The shipped pretrained source model: a small CNN trained on hundreds of glyph classes.

The course's running example transfers from a big, diverse, synthetic source task (glyphs of
many scripts, rendered by `tk.data.make_glyphs`) to a small, real target task (handwritten
digits). Training the source model takes minutes, too long for a chapter, so the trained
weights ship inside the package (`transferkit/weights/`), and `python -m transferkit.pretrain`
reproduces them from scratch.

Example:
    >>> import transferkit as tk
    >>> base_model = tk.pretrained.load_shared_layers()
    >>> base_model.output_shape
    (None, 128)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import keras

from transferkit import data, downloads
from transferkit._checks import whole_number
from transferkit.glyphs import GlyphStyle
from transferkit.language import gettext as _

WEIGHTS_DIR = Path(__file__).parent / "weights"
MODEL_FILE = WEIGHTS_DIR / "source_model.keras"
INFO_FILE = WEIGHTS_DIR / "source_model.json"
# The same recipe without the ten digit classes (449 glyph classes): how much of the transfer to
# handwritten digits comes from printed digits? (`python -m transferkit.pretrain --without-digits`)
WITHOUT_DIGITS_MODEL_FILE = WEIGHTS_DIR / "source_model_without_digits.keras"
WITHOUT_DIGITS_INFO_FILE = WEIGHTS_DIR / "source_model_without_digits.json"
IMAGE_SIZE = 28
# The source task's glyphs vary more than the defaults: thick and thin pens, slanted writing.
SOURCE_STYLE = GlyphStyle(size=(0.55, 0.85), stroke_width=(0.5, 3.0), rotation=12.0, slant=0.3, shift=0.08)


def _conv_block(filters: int, name: str) -> list:
    return [
        keras.layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv"),
        keras.layers.BatchNormalization(name=f"{name}_bn"),
        keras.layers.ReLU(name=f"{name}_relu"),
    ]


def build_shared_layers(image_size: int = IMAGE_SIZE) -> keras.Sequential:
    """Build f_shared: five convolution blocks and global average pooling, images -> 128 features.

    Args:
        image_size: side of the square, single-channel input images.

    Returns:
        An untrained `keras.Sequential` named `shared`.

    Example:
        >>> build_shared_layers().output_shape
        (None, 128)
    """
    layers = [keras.Input((image_size, image_size, 1), name="image")]
    layers += _conv_block(32, "block1") + _conv_block(32, "block2")
    layers += [keras.layers.MaxPooling2D(name="pool1")]
    layers += _conv_block(64, "block3") + _conv_block(64, "block4")
    layers += [keras.layers.MaxPooling2D(name="pool2")]
    layers += _conv_block(128, "block5")
    layers += [keras.layers.GlobalAveragePooling2D(name="features")]
    return keras.Sequential(layers, name="shared")


def build_source_model(num_classes: int, image_size: int = IMAGE_SIZE) -> keras.Sequential:
    """Build the source model: f_shared followed by a softmax f_specific for `num_classes` glyphs.

    Args:
        num_classes: number of source classes.
        image_size: side of the square, single-channel input images.

    Returns:
        An untrained `keras.Sequential` named `source_model` with the layers `shared` (a model)
        and `specific` (a `Dense` layer).

    Raises:
        ValueError: if `num_classes` is below 2.

    Example:
        >>> model = build_source_model(num_classes=10)
        >>> [layer.name for layer in model.layers]
        ['shared', 'specific']
    """
    whole_number("num_classes", num_classes, minimum=2)
    return keras.Sequential([
        keras.Input((image_size, image_size, 1), name="image"),
        build_shared_layers(image_size),
        keras.layers.Dense(num_classes, activation="softmax", name="specific"),
    ], name="source_model")


def source_files(without_digits: bool = False) -> tuple[Path, Path]:
    """Return the shipped source model's (weights file, record file); `without_digits` for the 449-class one.

    Example:
        >>> [path.name for path in source_files(without_digits=True)]
        ['source_model_without_digits.keras', 'source_model_without_digits.json']
    """
    if not isinstance(without_digits, bool):
        raise ValueError(f"without_digits must be True or False. Received: {without_digits!r}.")
    return (WITHOUT_DIGITS_MODEL_FILE, WITHOUT_DIGITS_INFO_FILE) if without_digits else (MODEL_FILE, INFO_FILE)


def source_info(without_digits: bool = False) -> dict:
    """Return what is recorded about the shipped source model: classes, accuracy, how it was trained.

    Args:
        without_digits: the record of the comparable source model trained without the digit classes.

    Example:
        >>> info = source_info()
        >>> info["image_size"], len(info["class_names"]) > 100
        (28, True)
        >>> len(info["class_names"]) - len(source_info(without_digits=True)["class_names"])
        10
    """
    return json.loads(source_files(without_digits)[1].read_text(encoding="utf-8"))


# Weights already checked and read, by file: a chapter that loads a fresh copy of f_shared for every run
# builds the architecture and copies these in, instead of checking and unzipping the file each time.
_LOADED_WEIGHTS: dict[tuple, list] = {}


def load_checked_weights(model: keras.Model, model_file: Path, sha256: str, rebuild: str) -> keras.Model:
    """Read a shipped weights file into `model` after checking it against its recorded sha256.

    Args:
        model: the architecture, built in code (no code stored in a file ever runs).
        model_file: the shipped `.keras` file.
        sha256: the checksum recorded when the file was written.
        rebuild: the command that rebuilds the file, named in the error messages.

    Returns:
        `model`, with the weights loaded.

    Raises:
        FileNotFoundError: if the file is missing.
        ValueError: if the file fails its checksum.

    Example:
        >>> model = build_source_model(len(source_info()["class_names"]))
        >>> load_checked_weights(model, MODEL_FILE, "0" * 64, rebuild="python -m transferkit.pretrain")
        Traceback (most recent call last):
        ...
        ValueError: The shipped weights source_model.keras fail their checksum. Received sha256 ...
    """
    if not model_file.exists():
        raise FileNotFoundError(
            f"The shipped weights are missing: {model_file}. Reinstall transferkit, or rebuild them with `{rebuild}`."
        )
    stat = model_file.stat()
    key = (str(model_file), sha256, stat.st_size, stat.st_mtime_ns)
    if key in _LOADED_WEIGHTS:  # checked and read before, and the file has not changed since
        model.set_weights(_LOADED_WEIGHTS[key])
        return model
    actual = hashlib.sha256(model_file.read_bytes()).hexdigest()
    if actual != sha256:
        raise ValueError(
            f"The shipped weights {model_file.name} fail their checksum. Received sha256 {actual[:12]}..., "
            f"expected {sha256[:12]}... (recorded next to them). The file is damaged or was replaced; "
            f"reinstall transferkit or rerun `{rebuild}`."
        )
    model.load_weights(model_file)
    _LOADED_WEIGHTS[key] = model.get_weights()
    return model



def load_source_model(without_digits: bool = False) -> keras.Model:
    """Load the full pretrained source model (f_shared and its glyph-classifying f_specific).

    The file is checked against its recorded sha256; the architecture is built by
    `build_source_model` and only the weights are read from the file, so no code stored in a file runs
    and every Keras 3 release the course supports reads it.

    Returns:
        A fresh `keras.Sequential` (a new copy on every call) mapping (N, 28, 28, 1) images in
        [0, 1], white ink on black, to probabilities over `source_info()["class_names"]`.

    Raises:
        FileNotFoundError: if the weights are missing.
        ValueError: if the weights fail their checksum.

    Example:
        >>> model = load_source_model()
        >>> model.output_shape[-1] == len(source_info()["class_names"])
        True
    """
    # The architecture is built in code and only the weights are read from the file: a whole-model file
    # saved by one Keras 3 release does not always load in an older one (Python 3.10 gets Keras 3.12),
    # while the weights do, and no code stored in a file is ever run.
    info = source_info(without_digits)
    return load_checked_weights(build_source_model(len(info["class_names"])), source_files(without_digits)[0],
                                info["sha256"], "python -m transferkit.pretrain" + (" --without-digits" if without_digits else ""))


def load_shared_layers(without_digits: bool = False) -> keras.Model:
    """Load f_shared of the pretrained source model: images -> 128 features.

    Args:
        without_digits: f_shared of the source model trained without the digit classes.

    Returns:
        A fresh, trainable `keras.Sequential` named `shared` mapping (N, 28, 28, 1) images to
        (N, 128) features. Freeze it with `base_model.trainable = False` and call it with
        `base_model(inputs, training=False)`, so its BatchNormalization layers stay in
        inference mode.

    Example:
        >>> import numpy as np
        >>> base_model = load_shared_layers()
        >>> base_model(np.zeros((2, 28, 28, 1)), training=False).shape
        TensorShape([2, 128])
    """
    return load_source_model(without_digits).get_layer("shared")


# A real ImageNet backbone for chapter 11, downloaded from Keras' own storage and checked against
# the md5 that Keras publishes for it (keras/src/applications/mobilenet_v3.py, WEIGHTS_HASHES).
IMAGENET_WEIGHTS_URL = ("https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v3/"
                        "weights_mobilenet_v3_small_224_1.0_float_no_top_v2.h5")
IMAGENET_WEIGHTS_MD5 = "d3e8ec802a04aa4fc771ee12a9a9b836"
IMAGENET_WEIGHTS = downloads.OnlineFile(IMAGENET_WEIGHTS_URL, f"md5:{IMAGENET_WEIGHTS_MD5}",
                                        "mobilenet_v3_small_imagenet_no_top.h5")


def load_imagenet_backbone(image_size: int = 160, timeout: float = 10.0) -> keras.Model:
    """Load MobileNetV3Small pretrained on ImageNet, without its classifier: photos -> 576 features.

    The weights (4 MB) are downloaded once into the kit's cache and checked against Keras'
    published md5; without a network the call fails fast with `tk.downloads.OfflineError`, whose
    one-sentence message names the offline alternative.

    Args:
        image_size: side of the square RGB input (at most 224; 160 keeps Binder within 2 GB).
        timeout: seconds to wait for the download server.

    Returns:
        A `keras.Model` mapping (N, image_size, image_size, 3) images with values in [0, 255]
        (its own preprocessing layer rescales them) to (N, 576) features.

    Raises:
        OfflineError: when the weights are not cached and the network is absent.
        DownloadError: for weights that fail their checksum (nothing is kept; running again retries).
        ValueError: for a bad image size.

    Example:
        >>> load_imagenet_backbone(image_size=8)
        Traceback (most recent call last):
        ...
        ValueError: `image_size` must be between 32 and 224. Received: image_size=8.
    """
    if not isinstance(image_size, int) or not 32 <= image_size <= 224:
        raise ValueError(f"`image_size` must be between 32 and 224. Received: image_size={image_size!r}.")
    path = downloads.download(IMAGENET_WEIGHTS, offline_hint=_("tk.pretrained.load_shared_layers() (the shipped glyph model)"),
                              timeout=timeout)
    model = keras.applications.MobileNetV3Small(input_shape=(image_size, image_size, 3), include_top=False,
                                                weights=None, pooling="avg")
    model.load_weights(path)
    return model


@dataclass
class PhotoTask:
    """What chapter 11 runs on: a pretrained base model and a labelled target task.

    Attributes:
        base_model: f_shared, images -> feature vectors.
        images, labels, class_names: the target task.
        online: True for the real ImageNet backbone and real photos, False for the offline fallback.
        message: one sentence saying which of the two this is, and why.
    """

    base_model: keras.Model
    images: object
    labels: object
    class_names: list
    online: bool
    message: str


def load_photo_task(image_size: int = 128, num_per_class: int = 60, seed: int = 0, timeout: float = 10.0) -> PhotoTask:
    """Load chapter 11's task: MobileNetV3Small (ImageNet) and tf_flowers photos, or the offline fallback.

    Online, the ImageNet weights and the photos are downloaded once (checksummed, cached) and
    `num_per_class` photos of each of the 5 flower classes are read. Without a network, the same
    recipe gets the shipped glyph model and the 5,000 handwritten digits that ship with the kit,
    and `message` says so in one sentence.

    Args:
        image_size: side of the square photos (online only; at most 160 keeps Binder within 2 GB).
        num_per_class: photos per class (online only).
        seed: seed of the photo choice.
        timeout: seconds to wait for each download server.

    Returns:
        A `PhotoTask`.

    Example (not run as a test: it would download when online)::

        task = load_photo_task()
        print(task.message)   # which of the two it is
        task.base_model.output_shape   # (None, 576) online, (None, 128) offline
    """
    try:
        base_model = load_imagenet_backbone(image_size, timeout=timeout)
        images, labels, class_names = data.load_photos(downloads.load_online_dataset("tf_flowers", timeout=timeout),
                                                       image_size, num_per_class, seed)
        return PhotoTask(base_model, images, labels, class_names, True,
                         _("Online: MobileNetV3Small pretrained on ImageNet, and {count} tf_flowers photos of {classes} "
                           "classes at {size}x{size} pixels.").format(count=len(images), classes=len(class_names),
                                                                      size=image_size))
    except (downloads.OfflineError, downloads.DownloadError) as error:
        images, labels = data.load_handwritten_digits("mnist5k")
        return PhotoTask(load_shared_layers(), images, labels, [str(digit) for digit in range(10)], False,
                         _("Offline: the ImageNet weights or the photos could not be had, so this runs the same recipe "
                           "on the shipped glyph model and 5,000 handwritten digits instead. (Why: {error})").format(error=error))
