"""Reproduce the shipped source model: `python -m transferkit.pretrain`.

Renders the glyph source task (every character of every script that enough fonts draw), trains
`tk.pretrained.build_source_model` on it, measures accuracy on freshly rendered glyphs it never
saw, and writes `source_model.keras` and `source_model.json` (class names, accuracy, settings,
sha256) into the output folder. The defaults are the shipped model's settings and take about 15
minutes on 2 CPU cores; the result matches the shipped model up to floating-point differences
between machines (TensorFlow's CPU kernels are not bit-for-bit deterministic across builds).

Usage:
    python -m transferkit.pretrain                          # rebuild the shipped model in place
    python -m transferkit.pretrain --without-digits         # the same recipe without the classes 0-9
    python -m transferkit.pretrain --epochs 2 --per-class 20 --output /tmp/quick
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

from transferkit import glyphs, pretrained  # noqa: E402


def pretrain(output: Path, epochs: int = 10, per_class: int = 80, batch_size: int = 128,
             seed: int = 0, verbose: int = 2, without_digits: bool = False) -> dict:
    """Train the source model on glyphs and save it with its record; return the record.

    With `without_digits`, the ten digit classes are left out (same recipe otherwise) and the files
    are named `source_model_without_digits.*`.
    """
    start = time.perf_counter()
    keras.utils.set_random_seed(seed)
    scripts = [name for name in glyphs.SCRIPTS if not (without_digits and name == "digits")]
    class_names = glyphs.glyph_characters(scripts)
    x_train, y_train, _ = glyphs.make_glyphs(class_names, num_per_class=per_class, style=pretrained.SOURCE_STYLE, seed=seed)
    x_check, y_check, _ = glyphs.make_glyphs(class_names, num_per_class=10, style=pretrained.SOURCE_STYLE, seed=seed + 1000)
    print(f"rendered {len(x_train)} training glyphs of {len(class_names)} classes "
          f"in {time.perf_counter() - start:.0f} s", flush=True)
    source_model = pretrained.build_source_model(num_classes=len(class_names))
    steps = epochs * -(-len(x_train) // batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(2e-3, decay_steps=steps, alpha=0.05)
    source_model.compile(optimizer=keras.optimizers.Adam(schedule),
                         loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    source_model.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, verbose=verbose,
                     validation_data=(x_check, y_check))
    _, accuracy = source_model.evaluate(x_check, y_check, verbose=0)
    output.mkdir(parents=True, exist_ok=True)
    model_file, info_file = (output / path.name for path in pretrained.source_files(without_digits))
    source_model.save(model_file)
    record = {
        "class_names": class_names,
        "image_size": pretrained.IMAGE_SIZE,
        "source_accuracy": round(float(accuracy), 4),
        "training_images": int(len(x_train)),
        "epochs": epochs, "per_class": per_class, "batch_size": batch_size, "seed": seed,
        "seconds": round(time.perf_counter() - start, 1),
        "keras_version": keras.__version__,
        "sha256": hashlib.sha256(model_file.read_bytes()).hexdigest(),
        "reproduce": f"python -m transferkit.pretrain --epochs {epochs} --per-class {per_class} "
                     f"--batch-size {batch_size} --seed {seed}" + (" --without-digits" if without_digits else ""),
    }
    info_file.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n",
                                                    encoding="utf-8")
    print(f"source accuracy on unseen glyphs: {accuracy:.1%}; {record['seconds']:.0f} s; wrote {model_file}")
    return record


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--per-class", type=int, default=80, help="training glyphs per class")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--without-digits", action="store_true",
                        help="leave out the ten digit classes (the comparable source without digits)")
    parser.add_argument("--output", type=Path, default=pretrained.WEIGHTS_DIR,
                        help="folder for source_model.keras and source_model.json")
    args = parser.parse_args(argv)
    for name in ("epochs", "per_class", "batch_size"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1. Received: {getattr(args, name)}.")
    pretrain(args.output, args.epochs, args.per_class, args.batch_size, args.seed,
             without_digits=args.without_digits)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
