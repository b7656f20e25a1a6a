"""Reproduce the shipped source model: `python -m transferkit.pretrain`.

Renders the glyph source task (every character of every script that enough fonts draw), trains
`tk.pretrained.build_source_model` on it, measures accuracy on freshly rendered glyphs it never
saw, and writes `source_model.keras` and `source_model.json` (class names, accuracy, settings,
sha256) into the output folder. The defaults are the shipped model's settings and take about 15
minutes on 2 CPU cores; the result matches the shipped model up to floating-point differences
between machines (TensorFlow's CPU kernels are not bit-for-bit deterministic across builds).

`--task text` and `--task speech` rebuild chapter 12's source models instead (about 20 s each): a
character model of 16 languages' words (`tk.text`) and a spectrogram model of 100 spoken words
(`tk.speech`), trained on 90% of their shipped source data and checked on the other 10%.

Usage:
    python -m transferkit.pretrain                          # rebuild the shipped model in place
    python -m transferkit.pretrain --task text              # chapter 12's text source model
    python -m transferkit.pretrain --task speech            # chapter 12's speech source model
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

import numpy as np  # noqa: E402

from transferkit import glyphs, pretrained, speech, text  # noqa: E402

TASKS = ("glyphs", "text", "speech")


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
    files = tuple(output / path.name for path in pretrained.source_files(without_digits))
    record = _train_and_save(source_model, (x_train, y_train), (x_check, y_check), 2e-3, epochs, batch_size, verbose,
                             files, start, {
        "class_names": class_names,
        "image_size": pretrained.IMAGE_SIZE,
        "training_images": int(len(x_train)),
        "per_class": per_class, "seed": seed,
        "reproduce": f"python -m transferkit.pretrain --epochs {epochs} --per-class {per_class} "
                     f"--batch-size {batch_size} --seed {seed}" + (" --without-digits" if without_digits else ""),
    })
    print(f"source accuracy on unseen glyphs: {record['source_accuracy']:.1%}; {record['seconds']:.0f} s; "
          f"wrote {files[0]}")
    return record


def _train_and_save(source_model, training, check, learning_rate: float, epochs: int, batch_size: int, verbose: int,
                    files: tuple[Path, Path], start: float, record: dict) -> dict:
    """Train with Adam on a cosine schedule, measure on `check`, save the model and its record (with sha256)."""
    (x_train, y_train), (x_check, y_check) = training, check
    steps = epochs * -(-len(x_train) // batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=steps, alpha=0.05)
    source_model.compile(optimizer=keras.optimizers.Adam(schedule),
                         loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    source_model.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, verbose=verbose,
                     validation_data=(x_check, y_check))
    _, accuracy = source_model.evaluate(x_check, y_check, verbose=0)
    model_file, info_file = files
    model_file.parent.mkdir(parents=True, exist_ok=True)
    source_model.save(model_file)
    record = {**record, "source_accuracy": round(float(accuracy), 4), "epochs": epochs, "batch_size": batch_size,
              "seconds": round(time.perf_counter() - start, 1), "keras_version": keras.__version__,
              "sha256": hashlib.sha256(model_file.read_bytes()).hexdigest()}
    info_file.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return record


SEQUENCE_EPOCHS = {"text": 20, "speech": 40}


def pretrain_sequence_model(task: str, output: Path, epochs: int | None = None, batch_size: int = 64, seed: int = 0,
                            verbose: int = 2) -> dict:
    """Train chapter 12's text or speech source model on its shipped source data; save it with its record.

    A random 10% of the source data (seed `seed`) is held out to measure the source accuracy.
    """
    if task not in SEQUENCE_EPOCHS:
        raise ValueError(f"Unknown task {task!r}. Expected 'text' or 'speech'.")
    epochs = SEQUENCE_EPOCHS[task] if epochs is None else epochs
    start = time.perf_counter()
    keras.utils.set_random_seed(seed)
    if task == "text":
        words, labels, class_names = text.load_words("source")
        alphabet = text.source_alphabet()
        inputs = text.encode_words(words, alphabet)
        source_model = text.build_source_model(len(class_names), vocabulary_size=len(alphabet) + 2)
        module, extra = text, {"alphabet": alphabet, "length": text.MAX_LENGTH}
    else:
        inputs, labels, class_names = speech.load_spoken_words("source")
        source_model = speech.build_source_model(len(class_names))
        module, extra = speech, {}
    order = np.random.default_rng(seed).permutation(len(labels))
    check, train = order[:len(order) // 10], order[len(order) // 10:]
    files = (output / module.MODEL_FILE.name, output / module.INFO_FILE.name)
    record = _train_and_save(source_model, (inputs[train], labels[train]), (inputs[check], labels[check]), 3e-3,
                             epochs, batch_size, verbose, files, start, {
        "task": task, "class_names": class_names, **extra,
        "training_examples": int(len(train)), "held_out_examples": int(len(check)), "seed": seed,
        "reproduce": f"python -m transferkit.pretrain --task {task} --epochs {epochs} --batch-size {batch_size} "
                     f"--seed {seed}",
    })
    print(f"{task} source accuracy on held-out examples: {record['source_accuracy']:.1%}; {record['seconds']:.0f} s; "
          f"wrote {files[0]}")
    return record


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", choices=TASKS, default="glyphs",
                        help="which source model: the glyph CNN (default), chapter 12's text or speech model")
    parser.add_argument("--epochs", type=int, default=None, help="default: 10 for glyphs, 20 for text, 40 for speech")
    parser.add_argument("--per-class", type=int, default=80, help="training glyphs per class")
    parser.add_argument("--batch-size", type=int, default=None, help="default: 128 for glyphs, 64 for text and speech")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--without-digits", action="store_true",
                        help="leave out the ten digit classes (the comparable source without digits)")
    parser.add_argument("--output", type=Path, default=pretrained.WEIGHTS_DIR,
                        help="folder for the model (.keras) and its record (.json)")
    args = parser.parse_args(argv)
    glyph_task = args.task == "glyphs"
    args.epochs = args.epochs if args.epochs is not None or not glyph_task else 10
    args.batch_size = args.batch_size if args.batch_size is not None else (128 if glyph_task else 64)
    for name in ("epochs", "per_class", "batch_size"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1. Received: {getattr(args, name)}.")
    if not glyph_task:
        if args.without_digits:
            parser.error("--without-digits applies to the glyph model only.")
        pretrain_sequence_model(args.task, args.output, args.epochs, args.batch_size, args.seed)
        return 0
    pretrain(args.output, args.epochs, args.per_class, args.batch_size, args.seed,
             without_digits=args.without_digits)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
