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
    """Fine-tune chapter 11's recipe under `strategy`; return images per second and seconds to the target accuracy."""
    import keras
    import numpy as np

    import transferkit as tk

    replicas = strategy.num_replicas_in_sync
    (x_train, y_train), (x_test, y_test) = tk.data.few_shot_split(task.images, task.labels, labels_per_class=50, seed=0)
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
    epoch_seconds, reached, started = [], None, time.perf_counter()
    for _epoch in range(epochs):
        begin = time.perf_counter()
        model.fit(x_train, y_train, batch_size=PER_REPLICA_BATCH * replicas, epochs=1, verbose=0)
        epoch_seconds.append(time.perf_counter() - begin)
        accuracy = model.evaluate(x_test, y_test, batch_size=256, verbose=0)[1]
        if reached is None and accuracy >= TARGET_ACCURACY:
            reached = time.perf_counter() - started
    steady = epoch_seconds[1:] or epoch_seconds
    return {"replicas": replicas, "images_per_second": len(x_train) / float(np.median(steady)),
            "seconds_to_target": reached, "accuracy": float(accuracy)}


def section(rows: list[dict], task_message: str) -> str:
    """The "Past one CPU" section of docs/benchmarks.md for measured (and unmeasured) rows."""
    cpu = next(row for row in rows if row["name"] == "CPU")
    lines = [BEGIN, "## Past one CPU: chapter 11's fine-tuning on each device", "",
             f"Written by `python3 course.py bench --devices` (scripts/device_bench.py), "
             f"{datetime.date.today().isoformat()}, on {os.cpu_count()} CPU cores "
             f"({platform.processor() or platform.machine()}). {task_message}", "",
             f"Global batch {PER_REPLICA_BATCH} per replica, Adam at {LEARNING_RATE:g} times the replicas, the top 2 "
             f"layers of the backbone fine-tuned, 50 labelled images a class, up to {MAX_EPOCHS} epochs. *Images/s*: the "
             "median epoch after the first (which traces the model); *to accuracy*: seconds from the start of training "
             f"until the test accuracy first reached {TARGET_ACCURACY:.0%}.", "",
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
    lines += ["", "*x CPU* for time to accuracy is the CPU's time divided by the row's (above 1: faster). Two replicas "
              "on a CPU's two cores are not faster than one (chapter 14 checks what they compute, not their speed): "
              "rows of accelerators are measured only where there are some.", END]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import transferkit as tk

    sys.path.insert(0, str(ROOT / "scripts"))
    import class_bench  # noqa: E402  (where docs/benchmarks.md's sections are stored)

    accelerators = tk.distribute.find_accelerators()
    print(accelerators.describe() if (accelerators.gpus or accelerators.tpus)
          else "No GPU or TPU found: measuring the CPU row only.")
    task = tk.pretrained.load_photo_task()
    image_size = task.images.shape[1]
    load_base_model = ((lambda: tk.pretrained.load_imagenet_backbone(image_size)) if task.online
                       else tk.pretrained.load_shared_layers)
    rows = plan_rows(accelerators)
    for row in rows:
        if row["make"] is not None:
            row.update(measure(row["make"](), task, load_base_model))
            print(f"{row['name']}: {row['images_per_second']:.0f} images/s")
    text = section(rows, task.message)
    class_bench.store_section(text, begin=BEGIN, end=END)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
