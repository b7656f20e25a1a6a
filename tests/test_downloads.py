"""The download, checksum and cache path, against a small file served on 127.0.0.1."""

import hashlib
import http.server
import io
import threading

import numpy as np
import pytest

from transferkit import downloads


@pytest.fixture
def server(tmp_path):
    payload = io.BytesIO()
    np.savez(payload, x_train=np.full((3, 28, 28), 255, np.uint8), y_train=np.array([1, 2, 3], np.uint8))
    files = {"/mnist.npz": payload.getvalue()}
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = files.get(self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{httpd.server_address[1]}", "files": files, "hits": hits}
    httpd.shutdown()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFERKIT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def point_mnist_at(server, monkeypatch, sha256):
    file = downloads.OnlineFile(server["url"] + "/mnist.npz", sha256, "mnist.npz")
    monkeypatch.setitem(downloads.ONLINE_DATASETS, "mnist", (file,))


def test_download_verifies_caches_and_loads(server, cache, monkeypatch):
    point_mnist_at(server, monkeypatch, hashlib.sha256(server["files"]["/mnist.npz"]).hexdigest())
    images, labels = downloads.load_online_dataset("mnist")
    assert images.shape == (3, 28, 28, 1) and images.max() == 1.0 and labels.tolist() == [1, 2, 3]
    assert (cache / "mnist.npz").exists()
    downloads.load_online_dataset("mnist")
    assert server["hits"] == ["/mnist.npz"]  # the second load came from the cache


def test_a_wrong_checksum_is_refused_and_nothing_is_cached(server, cache, monkeypatch):
    point_mnist_at(server, monkeypatch, "0" * 64)
    with pytest.raises(ValueError, match="not the expected file.*expected 0000"):
        downloads.load_online_dataset("mnist")
    assert not any(cache.iterdir())


def test_a_damaged_cached_file_is_downloaded_again(server, cache, monkeypatch):
    point_mnist_at(server, monkeypatch, hashlib.sha256(server["files"]["/mnist.npz"]).hexdigest())
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "mnist.npz").write_bytes(b"damaged")
    downloads.load_online_dataset("mnist")
    assert server["hits"] == ["/mnist.npz"]


def test_unpinned_files_are_pinned_on_first_download(server, cache, monkeypatch):
    file = downloads.OnlineFile(server["url"] + "/mnist.npz", None, "unpinned.npz")
    path = downloads.download(file)
    record = path.with_name("unpinned.npz.sha256").read_text().strip()
    assert record == hashlib.sha256(server["files"]["/mnist.npz"]).hexdigest()
    path.write_bytes(b"tampered")
    server["files"]["/mnist.npz"] = b"changed upstream"
    with pytest.raises(ValueError, match="not the expected file"):
        downloads.download(file)


def test_no_network_gives_one_clear_sentence_with_the_offline_alternative(cache, monkeypatch):
    file = downloads.OnlineFile("http://127.0.0.1:9/mnist.npz", "0" * 64, "mnist.npz")  # port 9: nothing listens
    monkeypatch.setitem(downloads.ONLINE_DATASETS, "mnist", (file,))
    with pytest.raises(downloads.OfflineError) as caught:
        downloads.load_online_dataset("mnist", timeout=2)
    message = str(caught.value)
    assert "Could not download mnist.npz" in message and "load_handwritten_digits('mnist5k')" in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_unknown_dataset_lists_the_choices():
    with pytest.raises(ValueError, match="Expected one of \\['cifar10'"):
        downloads.load_online_dataset("imagenet")
