"""Past one CPU: the plumbing around `tf.distribute` that chapter 14 and its tests share.

TensorFlow's engine for training on several devices and machines is `tf.distribute` (Keras 3's own
`keras.distribution` API supports JAX and PyTorch only). The lesson stays in the notebook
(`with strategy.scope():`, `compile`, `fit`); this module holds what every learner would otherwise copy:
splitting a laptop's CPU into logical devices to try `MirroredStrategy` on, finding the strategy for
whatever the machine has, comparing two runs' weights, and starting workers on localhost with a
`TF_CONFIG` each, with a timeout on every wait.

Example:
    >>> import numpy as np
    >>> relative_difference([np.ones(3)], [np.ones(3)])
    0.0
"""

from __future__ import annotations

import json
import os
import signal
import socket
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np

from transferkit._checks import whole_number
from transferkit_lab import quiet as _quiet
from transferkit.language import gettext as _


def split_cpu(num_devices: int = 2) -> list[str]:
    """Split the CPU into `num_devices` logical devices, so that `MirroredStrategy` runs that many replicas.

    Keras' own distribute tests do this (`tf.config.set_logical_device_configuration`). It must come before
    TensorFlow's first operation in the process: afterwards the devices are fixed for the kernel's life. Then
    the split is kept if it was made earlier (a chapter run twice in one kernel), and otherwise the one CPU
    device is returned: the code that follows still runs, with one replica.

    Args:
        num_devices: how many logical CPU devices to make (at least 1).

    Returns:
        The logical CPU devices' names, e.g. `['/device:CPU:0', '/device:CPU:1']`.

    Raises:
        ValueError: if `num_devices` is not a whole number of at least 1.

    Example:
        >>> devices = split_cpu(2)
        >>> len(devices) in (1, 2)
        True
    """
    num_devices = whole_number("num_devices", num_devices, minimum=1, hint="Pass how many logical CPU devices to make, e.g. 2.")
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    try:
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * num_devices)
    except RuntimeError:  # TensorFlow has initialised its devices: keep what there is
        pass
    devices = [device.name for device in tf.config.list_logical_devices("CPU")]
    if len(devices) > 1:
        # The first dataset a process feeds to several devices makes TensorFlow's C++ log a warning, once, under
        # the learner's first `fit` ("Input of GeneratorDatasetOp::Dataset will not be optimized ..."): about its
        # own per-device iterators, nothing a learner can change. Use it up here, where it is dropped.
        with _quiet.filtered_stderr(also_drop=("GeneratorDatasetOp::Dataset will not be optimized",)):
            for _batch in tf.distribute.MirroredStrategy(devices).experimental_distribute_dataset(
                    tf.data.Dataset.range(2).batch(2)):
                pass
    return devices


@dataclass(frozen=True)
class Accelerators:
    """What a machine has for training: TPU cores, GPUs and logical CPU devices (names)."""

    tpus: tuple[str, ...]
    gpus: tuple[str, ...]
    cpus: tuple[str, ...]

    def describe(self) -> str:
        """One line on the devices and the strategy `find_strategy` picks for them."""
        if self.tpus:
            return _("{count} TPU cores: TPUStrategy").format(count=len(self.tpus))
        if self.gpus:
            return _("{count} GPU(s): MirroredStrategy over all of them").format(count=len(self.gpus))
        if len(self.cpus) > 1:
            return _("no accelerator; {count} logical CPU devices: MirroredStrategy over them").format(count=len(self.cpus))
        return _("no accelerator; one CPU device: the default strategy")


def find_accelerators() -> Accelerators:
    """List the machine's TPUs, GPUs and logical CPU devices (TensorFlow's device lists).

    Example:
        >>> find_accelerators().cpus[0]
        '/device:CPU:0'
    """
    import tensorflow as tf

    return Accelerators(tuple(d.name for d in tf.config.list_physical_devices("TPU")),
                        tuple(d.name for d in tf.config.list_physical_devices("GPU")),
                        tuple(d.name for d in tf.config.list_logical_devices("CPU")))


def find_strategy(accelerators: Accelerators | None = None):
    """Return the `tf.distribute` strategy for whatever the machine has.

    A TPU (Colab's TPU runtime: the `tpu="local"` resolver), else all GPUs (`MirroredStrategy`), else the
    logical CPU devices if the CPU was split (`split_cpu`), else TensorFlow's default strategy (one device).
    Several machines need `tf.distribute.MultiWorkerMirroredStrategy` and a `TF_CONFIG` on each (chapter 14).

    Args:
        accelerators: the devices to pick for (`find_accelerators()` if None).

    Returns:
        A `tf.distribute.Strategy`; build and compile the model inside its `scope()`.

    Example:
        >>> strategy = find_strategy()
        >>> strategy.num_replicas_in_sync >= 1
        True
    """
    import tensorflow as tf

    accelerators = accelerators or find_accelerators()
    if accelerators.tpus:
        resolver = tf.distribute.cluster_resolver.TPUClusterResolver(tpu="local")
        tf.config.experimental_connect_to_cluster(resolver)
        tf.tpu.experimental.initialize_tpu_system(resolver)
        return tf.distribute.TPUStrategy(resolver)
    if accelerators.gpus:
        return tf.distribute.MirroredStrategy()
    if len(accelerators.cpus) > 1:
        return tf.distribute.MirroredStrategy(list(accelerators.cpus))
    return tf.distribute.get_strategy()


def relative_difference(weights, reference) -> float:
    """The largest relative difference between two lists of weight arrays: max ‖w - r‖ / ‖r‖ over the arrays.

    Args:
        weights: a model's weights (`model.get_weights()`) or any list of arrays.
        reference: the weights to compare with, in the same order and shapes.

    Returns:
        The largest relative difference (0.0 for identical weights).

    Raises:
        ValueError: if the lists differ in length or an array in shape.

    Example:
        >>> relative_difference([np.array([1.0, 2.0])], [np.array([1.0, 2.0 + 1e-6])]) < 1e-6
        True
    """
    weights, reference = [np.asarray(w, "float64") for w in weights], [np.asarray(r, "float64") for r in reference]
    if len(weights) != len(reference) or any(w.shape != r.shape for w, r in zip(weights, reference)):
        raise ValueError(
            "The two lists of weights do not describe the same model. Received shapes "
            f"{[w.shape for w in weights]} and {[r.shape for r in reference]}. Expected the same shapes in the same "
            "order: compare `get_weights()` of two models built by the same code.")
    return max((float(np.linalg.norm(w - r) / max(np.linalg.norm(r), 1e-30)) for w, r in zip(weights, reference)),
               default=0.0)


def free_ports(count: int) -> list[int]:
    """`count` distinct TCP ports on localhost that are free now."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("localhost", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def tf_configs(num_workers: int, ports: list[int] | None = None) -> list[dict]:
    """The `TF_CONFIG` of each worker of a cluster on localhost: the same cluster, each its own task index.

    On several machines the cluster lists each machine's `host:port` instead, and worker 0 is the chief
    (it writes the checkpoints that count).

    Example:
        >>> tf_configs(2, ports=[2222, 2223])[1]
        {'cluster': {'worker': ['localhost:2222', 'localhost:2223']}, 'task': {'type': 'worker', 'index': 1}}
    """
    num_workers = whole_number("num_workers", num_workers, minimum=1, hint="Pass how many worker processes to start, e.g. 2.")
    ports = ports or free_ports(num_workers)
    if len(ports) != num_workers:
        raise ValueError(f"Each worker needs a port of its own. Received: {len(ports)} ports for num_workers={num_workers}. "
                         "Pass one port per worker, or none to find free ones.")
    cluster = {"worker": [f"localhost:{port}" for port in ports]}
    return [{"cluster": cluster, "task": {"type": "worker", "index": index}} for index in range(num_workers)]


class LocalWorkers:
    """Worker processes on localhost, one `TF_CONFIG` each, always stopped on exit (a `with` block).

    A killed worker leaves the others blocked on their next collective operation (until TensorFlow's coordination
    service gives up on it, or for ever): every wait here has a timeout, and leaving the block kills whatever still
    runs. The workers see no GPU (`CUDA_VISIBLE_DEVICES=-1`): two processes on one machine would each claim the
    whole of its memory.

    Example:
        >>> import sys
        >>> with LocalWorkers([sys.executable, "-c", "print('hi')"], num_workers=2) as workers:
        ...     [code for code, _ in workers.wait(timeout=60)]
        [0, 0]
    """

    def __init__(self, command: list[str], num_workers: int = 2, log_dir: Path | None = None, env: dict | None = None):
        self.command, self.configs = list(command), tf_configs(num_workers)
        # Each worker writes to a file (a pipe that filled up would block it while another worker is waited for);
        # without a `log_dir`, to a temporary folder removed on exit.
        self._temporary = None if log_dir else Path(tempfile.mkdtemp(prefix="transferkit-workers-"))
        self.log_dir = Path(log_dir) if log_dir else self._temporary
        self.env = env or {}
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def __enter__(self) -> LocalWorkers:
        for index, config in enumerate(self.configs):
            env = {**os.environ, **self.env, "TF_CONFIG": json.dumps(config), "CUDA_VISIBLE_DEVICES": "-1"}
            self.log_dir.mkdir(parents=True, exist_ok=True)
            self.logs.append(self.log_dir / f"worker-{index}.log")
            with open(self.logs[-1], "w", encoding="utf-8") as output:
                self.processes.append(subprocess.Popen(self.command, env=env, stdout=output, stderr=subprocess.STDOUT,
                                                       text=True))
        return self

    def wait(self, timeout: float) -> list[tuple[int | None, str]]:
        """Wait up to `timeout` seconds in all for every worker; return each one's exit code (None if still
        running) and output."""
        deadline, results = time.monotonic() + timeout, []
        for index, process in enumerate(self.processes):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            results.append((process.returncode, self.logs[index].read_text(encoding="utf-8")))
        return results

    def kill(self, index: int) -> None:
        """Kill one worker with SIGKILL (what a machine that drops out looks like to the others)."""
        if self.processes[index].poll() is None:
            os.kill(self.processes[index].pid, signal.SIGKILL)
            self.processes[index].wait(timeout=30)

    def __exit__(self, *exc) -> None:
        for index in range(len(self.processes)):
            self.kill(index)
        if self._temporary:
            shutil.rmtree(self._temporary, ignore_errors=True)



class Interrupted(RuntimeError):
    """Raised by `InterruptAt`: the stand-in, inside one kernel, for a machine that drops out."""


class InterruptAt(keras.callbacks.Callback):
    """Stop `fit` after a given batch of a given epoch by raising `Interrupted`, as a dropped machine would.

    Chapter 14 uses it to show `keras.callbacks.BackupAndRestore` inside one kernel; the tests kill a real
    process with SIGKILL instead (tests/test_distribute.py).

    Example:
        >>> InterruptAt(epoch=2, batch=4).stop_after
        (2, 4)
    """

    def __init__(self, epoch: int, batch: int):
        super().__init__()
        self.stop_after = (whole_number("epoch", epoch, minimum=0), whole_number("batch", batch, minimum=0))
        self.epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if (self.epoch, batch) == self.stop_after:
            raise Interrupted(_("interrupted after batch {batch} of epoch {epoch}").format(batch=batch, epoch=self.epoch))


def time_input_pipeline(dataset, step_seconds: float, epochs: int = 2) -> list[float]:
    """How busy an accelerator would be, epoch by epoch, fed by `dataset`: its share of each epoch's time.

    The accelerator is simulated: each batch "trains" for `step_seconds` while the host's CPU is free (it
    sleeps), as a GPU computes while the CPU prepares the next batch. The share is the steps' time over the
    epoch's time: 1.0 means the input pipeline never kept the accelerator waiting.

    Args:
        dataset: a batched `tf.data.Dataset`.
        step_seconds: one training step's time on the (simulated) accelerator.
        epochs: how many passes over `dataset` to time.

    Returns:
        The share of each epoch the accelerator was busy, between 0 and 1.

    Example:
        >>> import tensorflow as tf
        >>> shares = time_input_pipeline(tf.data.Dataset.range(8).batch(4), step_seconds=0.01)
        >>> len(shares), all(0 < share <= 1 for share in shares)
        (2, True)
    """
    if not step_seconds > 0:
        raise ValueError(f"`step_seconds` must be positive. Received: step_seconds={step_seconds!r}. "
                         "Pass one training step's time on the accelerator, e.g. 0.01.")
    shares = []
    for _epoch in range(whole_number("epochs", epochs, minimum=1)):
        start, steps = time.perf_counter(), 0
        for _batch in dataset:
            time.sleep(step_seconds)
            steps += 1
        shares.append(min(1.0, steps * step_seconds / (time.perf_counter() - start)))
    return shares


def seconds_per_batch(dataset, epochs: int = 1) -> float:
    """How long `dataset` takes to prepare one batch on its own (the mean over `epochs` passes).

    Example:
        >>> import tensorflow as tf
        >>> seconds_per_batch(tf.data.Dataset.range(8).batch(4)) > 0
        True
    """
    start, batches = time.perf_counter(), 0
    for _epoch in range(whole_number("epochs", epochs, minimum=1)):
        for _batch in dataset:
            batches += 1
    return (time.perf_counter() - start) / max(batches, 1)
