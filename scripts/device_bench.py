"""`python3 course.py bench --devices`: chapter 11's fine-tuning on every accelerator the machine has, and on the CPU.

Each row trains chapter 11's recipe (its backbone, the top 2 layers unfrozen, a new head; MobileNetV3Small and
tf_flowers online, the shipped glyph model and handwritten digits offline) under one `tf.distribute` strategy:
the CPU alone, one GPU, all the GPUs (`MirroredStrategy`), a TPU (`TPUStrategy`). The global batch is 64 per
replica, and the learning rate grows with it (linear scaling: chapter 14). Each row reports the images per
second of the epochs after the first (which includes tracing) and the seconds until the test accuracy first
reaches TARGET_ACCURACY, both also as ratios to the CPU row. Rows of devices the machine does not have say so.
The section "Past one CPU" of docs/benchmarks.md is rewritten.

Example:
    >>> from transferkit.distribute import Accelerators
    >>> [row["name"] for row in plan_rows(Accelerators(tpus=(), gpus=("/physical_device:GPU:0",), cpus=("/device:CPU:0",)))]
    ['CPU', '1 GPU', 'all GPUs', 'TPU']
"""

from __future__ import annotations

import datetime
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- begin:device-benchmark -->", "<!-- end:device-benchmark -->"
PER_REPLICA_BATCH = 64
LABELS_PER_CLASS = 200  # 2,000 digits offline, 1,000 photos online: several steps an epoch even for 8 TPU cores
LEARNING_RATE = 1e-3  # Adam's rate for one replica's batch of 64; times the replicas (linear scaling)
MAX_EPOCHS = 8
TARGET_ACCURACY = 0.8


def plan_rows(accelerators) -> list[dict]:
    """The benchmark's rows for these devices: name, how to make the strategy (None: not measured), and why not.

    The strategies are made only when a row runs, so that listing the rows touches no device."""
    import tensorflow as tf

    from transferkit import distribute

    gpus, tpus = accelerators.gpus, accelerators.tpus
    return [
        {"name": "CPU", "make": lambda: tf.distribute.OneDeviceStrategy("/cpu:0"), "why_not": ""},
        {"name": "1 GPU", "make": (lambda: tf.distribute.OneDeviceStrategy("/gpu:0")) if gpus else None,
         "why_not": "no GPU found"},
        {"name": "all GPUs", "make": (lambda: tf.distribute.MirroredStrategy()) if len(gpus) > 1 else None,
         "why_not": "fewer than 2 GPUs found" if gpus else "no GPU found"},
        {"name": "TPU", "make": (lambda: distribute.find_strategy(accelerators)) if tpus else None,
         "why_not": "no TPU found"},
    ]


def measure(strategy, task, load_base_model, epochs: int = MAX_EPOCHS) -> dict:
    """Fine-tune chapter 11's recipe under `strategy`; return images per second and seconds to the target accuracy.

    One `fit` over all epochs; a callback times each epoch's training and evaluates the test accuracy after it
    (evaluation time is not counted in either figure)."""
    import keras
    import numpy as np

    import transferkit as tk

    replicas = strategy.num_replicas_in_sync
    (x_train, y_train), (x_test, y_test) = tk.data.few_shot_split(task.images, task.labels,
                                                                  labels_per_class=LABELS_PER_CLASS, seed=0)
    with strategy.scope():
        keras.utils.set_random_seed(0)
        base_model = load_base_model()  # inside the scope: its weights are mirrored too
        base_model.trainable = False
        inputs = keras.Input(task.images.shape[1:])
        outputs = keras.layers.Dense(len(task.class_names), activation="softmax")(base_model(inputs, training=False))
        model = keras.Model(inputs, outputs)
        tk.models.unfreeze_top_layers(base_model, num_layers=2)
        model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE * replicas),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])

    class Timing(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seconds, self.accuracies = [], []

        def on_epoch_begin(self, epoch, logs=None):
            self.started = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self.started)
            self.accuracies.append(self.model.evaluate(x_test, y_test, batch_size=256, verbose=0)[1])

    timing = Timing()
    model.fit(x_train, y_train, batch_size=PER_REPLICA_BATCH * replicas, epochs=epochs, verbose=0, callbacks=[timing])
    reached = next((sum(timing.seconds[:index + 1]) for index, accuracy in enumerate(timing.accuracies)
                    if accuracy >= TARGET_ACCURACY), None)
    steady = timing.seconds[1:] or timing.seconds
    return {"replicas": replicas, "images_per_second": len(x_train) / float(np.median(steady)),
            "seconds_to_target": reached, "accuracy": float(timing.accuracies[-1]), "train_images": len(x_train)}


def section(rows: list[dict], task_message: str) -> str:
    """The "Past one CPU" section of docs/benchmarks.md for measured (and unmeasured) rows."""
    cpu = next(row for row in rows if row["name"] == "CPU")
    lines = [BEGIN, "## Past one CPU: chapter 11's fine-tuning on each device", "",
             f"Written by `python3 course.py bench --devices` (scripts/device_bench.py), "
             f"{datetime.date.today().isoformat()}, on {os.cpu_count()} CPU cores "
             f"({platform.processor() or platform.machine()}). {task_message}", "",
             f"{PER_REPLICA_BATCH} images per replica a step (the global batch: {PER_REPLICA_BATCH} times the replicas), "
             f"Adam at {LEARNING_RATE:g} times the replicas, the top 2 layers of the backbone fine-tuned, "
             f"{LABELS_PER_CLASS} labelled images a class ({cpu.get('train_images', '-')} in all), one `fit` of "
             f"{MAX_EPOCHS} epochs. *Images/s*: the median epoch after the first (which traces the model); "
             f"*to accuracy*: training seconds (evaluation left out) until the test accuracy first reached "
             f"{TARGET_ACCURACY:.0%}.", "",
             "| devices | replicas | images/s | x CPU | to accuracy (s) | x CPU | final accuracy |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        if "images_per_second" not in row:
            lines.append(f"| {row['name']} | - | not measured: {row['why_not']} | | | | |")
            continue
        speed = row["images_per_second"] / cpu["images_per_second"]
        if row["seconds_to_target"] is None:
            to_target, target_ratio = f"not reached in {MAX_EPOCHS} epochs", ""
        else:
            to_target = f"{row['seconds_to_target']:.1f}"
            target_ratio = (f"{cpu['seconds_to_target'] / row['seconds_to_target']:.2f}"
                            if cpu.get("seconds_to_target") else "")
        lines.append(f"| {row['name']} | {row['replicas']} | {row['images_per_second']:.0f} | {speed:.2f} | {to_target} | "
                     f"{target_ratio} | {row['accuracy']:.1%} |")
    lines += ["", "*x CPU*: the row's images per second over the CPU's, and the CPU's time to accuracy over the row's "
              "(above 1: faster). Rows of accelerators are measured only on a machine that has them.", END]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import transferkit as tk

    sys.path.insert(0, str(ROOT / "scripts"))
    import class_bench  # noqa: E402  (where docs/benchmarks.md's sections are stored)

    accelerators = tk.distribute.find_accelerators()
    print(accelerators.describe() if (accelerators.gpus or accelerators.tpus)
          else "No GPU or TPU found: measuring the CPU row only.")
    task = tk.pretrained.load_photo_task(num_per_class=LABELS_PER_CLASS + 40)
    image_size = task.images.shape[1]
    where = ("Online: MobileNetV3Small (ImageNet) and tf_flowers photos." if task.online else
             "Offline (no internet here): the shipped glyph model and handwritten digits, the offline fallback of "
             "chapter 11.")
    load_base_model = ((lambda: tk.pretrained.load_imagenet_backbone(image_size)) if task.online
                       else tk.pretrained.load_shared_layers)
    rows = plan_rows(accelerators)
    for row in rows:
        if row["make"] is not None:
            row.update(measure(row["make"](), task, load_base_model))
            print(f"{row['name']}: {row['images_per_second']:.0f} images/s")
    text = section(rows, where)
    class_bench.store_section(text, begin=BEGIN, end=END)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
