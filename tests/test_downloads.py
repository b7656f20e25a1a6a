"""Downloads that recover: each fault served by a small HTTP server on 127.0.0.1, then a retry that works.

Every fault must leave nothing behind that the next call would trust, so that running the cell again
is always the fix and the learner never deletes a file by hand.
"""

import hashlib
import http.server
import io
import re
import socket
import tarfile
import threading
import time

import numpy as np
import pytest

from transferkit import downloads, pretrained


def npz_bytes():
    payload = io.BytesIO()
    np.savez(payload, x_train=np.full((3, 28, 28), 255, np.uint8), y_train=np.array([1, 2, 3], np.uint8))
    return payload.getvalue()


def photos_archive():
    payload = io.BytesIO()
    with tarfile.open(fileobj=payload, mode="w:gz") as archive:
        for name in ["flower_photos/daisy/0.jpg", "flower_photos/roses/0.jpg"]:
            content = b"x" * 5000
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return payload.getvalue()


@pytest.fixture
def server():
    """Serves `files`; `faults[path]` makes the next answers for that path go wrong, one fault each."""
    state = {"files": {}, "faults": {}, "hits": []}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            state["hits"].append(self.path)
            body = state["files"].get(self.path)
            fault = state["faults"].get(self.path, []).pop(0) if state["faults"].get(self.path) else None
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if fault == "truncated":  # says N bytes, sends half, closes
                self.wfile.write(body[: len(body) // 2])
                self.close_connection = True
            elif fault == "wrong bytes":
                self.wfile.write(bytes(reversed(body)))
            elif fault == "closed mid-way":
                self.wfile.write(body[:100])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
            else:
                self.wfile.write(body)

        def do_HEAD(self):  # the quick "does the host answer?" check before a download
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield state
    httpd.shutdown()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFERKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(downloads.MIRROR_ENV, raising=False)
    return tmp_path / "cache"


def serve(server, monkeypatch, name, filename, body, known_hash=None):
    server["files"]["/" + filename] = body
    file = downloads.OnlineFile(f"{server['url']}/{filename}",
                                known_hash or "sha256:" + hashlib.sha256(body).hexdigest(), filename)
    monkeypatch.setitem(downloads.ONLINE_DATASETS, name, (file,))
    return file


def no_chained_traceback(error):
    """One sentence, not "During handling of the above exception, another exception occurred"."""
    return error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)


def leftovers(cache):
    return sorted(path.name for path in cache.iterdir()) if cache.exists() else []


def test_download_verifies_caches_and_loads(server, cache, monkeypatch):
    serve(server, monkeypatch, "mnist", "mnist.npz", npz_bytes())
    images, labels = downloads.load_online_dataset("mnist")
    assert images.shape == (3, 28, 28, 1) and images.max() == 1.0 and labels.tolist() == [1, 2, 3]
    downloads.load_online_dataset("mnist")
    assert server["hits"].count("/mnist.npz") == 1  # the second load came from the cache


@pytest.mark.parametrize("fault", ["truncated", "wrong bytes", "closed mid-way"])
def test_a_broken_download_keeps_nothing_and_running_again_works(server, cache, monkeypatch, fault):
    serve(server, monkeypatch, "mnist", "mnist.npz", npz_bytes())
    server["faults"]["/mnist.npz"] = [fault] * 3  # pooch tries three times
    with pytest.raises((downloads.DownloadError, downloads.OfflineError)) as caught:
        downloads.load_online_dataset("mnist")
    message = str(caught.value)
    assert "mnist.npz" in message and "Run the cell again" in message and "\n" not in message
    assert no_chained_traceback(caught.value)
    assert leftovers(cache) == []
    images, _ = downloads.load_online_dataset("mnist")  # the same call again, nothing deleted by hand
    assert images.shape == (3, 28, 28, 1)


def test_a_damaged_cached_file_is_downloaded_again(server, cache, monkeypatch):
    serve(server, monkeypatch, "mnist", "mnist.npz", npz_bytes())
    cache.mkdir(parents=True)
    (cache / "mnist.npz").write_bytes(b"damaged")
    downloads.load_online_dataset("mnist")
    assert server["hits"].count("/mnist.npz") == 1


def test_an_interrupted_unpacking_is_not_taken_for_a_complete_one(server, cache, monkeypatch):
    serve(server, monkeypatch, "tf_flowers", "flower_photos.tgz", photos_archive())
    real_extractall = tarfile.TarFile.extractall

    def interrupted(self, path, *args, **kwargs):
        (__import__("pathlib").Path(path) / "flower_photos" / "daisy").mkdir(parents=True)
        raise KeyboardInterrupt  # the learner pressed stop, or the kernel died, half-way

    monkeypatch.setattr(tarfile.TarFile, "extractall", interrupted)
    with pytest.raises(KeyboardInterrupt):
        downloads.load_online_dataset("tf_flowers")
    assert not (cache / "flower_photos").exists()
    monkeypatch.setattr(tarfile.TarFile, "extractall", real_extractall)
    folder = downloads.load_online_dataset("tf_flowers")
    assert sorted(path.name for path in folder.iterdir()) == ["daisy", "roses"]
    assert leftovers(cache) == ["flower_photos", "flower_photos.tgz"]


def test_a_damaged_archive_is_deleted_with_one_sentence(server, cache, monkeypatch):
    body = photos_archive()[:-200]  # the publisher's hash fits these bytes, but the archive is cut short
    serve(server, monkeypatch, "tf_flowers", "flower_photos.tgz", body)
    with pytest.raises(downloads.DownloadError, match="could not be unpacked .*Run the cell again"):
        downloads.load_online_dataset("tf_flowers")
    assert leftovers(cache) == []


def test_tf_flowers_is_pinned_to_the_published_checksum():
    (file,) = downloads.ONLINE_DATASETS["tf_flowers"]
    assert file.known_hash == "sha256:4c54ace7911aaffe13a365c34f650e71dd5bf1be0a58b464e5a7183e3e595d9c"


def test_imagenet_weights_failing_the_published_md5_are_not_kept(server, cache, monkeypatch):
    server["files"]["/weights.h5"] = b"not the weights"
    monkeypatch.setattr(pretrained, "IMAGENET_WEIGHTS", downloads.OnlineFile(
        f"{server['url']}/weights.h5", "md5:" + pretrained.IMAGENET_WEIGHTS_MD5, "weights.h5"))
    with pytest.raises(downloads.DownloadError, match="md5"):
        pretrained.load_imagenet_backbone(image_size=64)
    assert leftovers(cache) == []  # nothing recorded that a retry would be checked against


def test_no_network_gives_one_clear_sentence_with_the_offline_alternative(cache, monkeypatch):
    file = downloads.OnlineFile("http://127.0.0.1:9/mnist.npz", "0" * 64, "mnist.npz")  # port 9: nothing listens
    monkeypatch.setitem(downloads.ONLINE_DATASETS, "mnist", (file,))
    with pytest.raises(downloads.OfflineError) as caught:
        downloads.load_online_dataset("mnist")
    message = str(caught.value)
    assert "Could not download mnist.npz" in message and "load_handwritten_digits('mnist5k')" in message
    assert no_chained_traceback(caught.value)


@pytest.fixture
def hanging_host():
    """A socket on 127.0.0.1 that accepts connections and never answers (a network that hangs)."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                pass

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_hanging_network_falls_back_within_a_few_seconds(hanging_host, cache, monkeypatch):
    """Chapter 11 offline: the mirror setting points every download at a host that never answers."""
    monkeypatch.setenv(downloads.MIRROR_ENV, hanging_host)
    start = time.monotonic()
    task = pretrained.load_photo_task()
    seconds = time.monotonic() - start
    assert not task.online and task.message.startswith("Offline")
    assert "no answer within 3 s" in task.message
    assert seconds < downloads.PROBE_SECONDS + 5, f"fell back after {seconds:.1f} s"


def test_unknown_dataset_lists_the_choices():
    with pytest.raises(ValueError, match="Expected one of \\['cifar10'"):
        downloads.load_online_dataset("imagenet")


def test_a_teachers_mirror_is_filled_with_checked_files_and_serves_the_class(server, cache, monkeypatch, tmp_path):
    file = serve(server, monkeypatch, "mnist", "mnist.npz", npz_bytes())
    monkeypatch.setattr(downloads, "online_files", lambda: [file])
    mirror = tmp_path / "mirror"
    assert downloads.fill_mirror(mirror) == [mirror / "mnist.npz"]
    assert (mirror / "mnist.npz").read_bytes() == npz_bytes()
    # the class: its own empty cache, the original host gone, the mirror served where TRANSFERKIT_MIRROR says
    monkeypatch.setenv("TRANSFERKIT_CACHE", str(tmp_path / "learner-cache"))
    server["files"].clear()
    server["files"]["/files/mnist.npz"] = (mirror / "mnist.npz").read_bytes()
    monkeypatch.setenv(downloads.MIRROR_ENV, f"{server['url']}/files/")
    images, _ = downloads.load_online_dataset("mnist")
    assert images.shape == (3, 28, 28, 1) and server["hits"][-1] == "/files/mnist.npz"


def test_every_online_file_has_a_hash_and_a_name_of_its_own():
    files = downloads.online_files()
    assert len({file.filename for file in files}) == len(files) >= 6
    assert all(re.fullmatch(r"(sha256|md5):[0-9a-f]{32,64}", file.known_hash) for file in files)
