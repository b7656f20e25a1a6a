"""The training job chapter 14's tests run on two workers, kill with SIGKILL and start again.

Chapter 11's offline recipe (the shipped f_shared, frozen, and a new Dense head without dropout) on 640
handwritten digits, global batch 64 (10 steps an epoch), Adam, for a few epochs. The data is shuffled once, so
that every epoch sees the same order: a process started again cannot know the random state the killed one had
reached, so an order drawn anew each epoch (`fit(shuffle=True)`) would differ after a restart.

- Without `TF_CONFIG`: one process, `model.fit` with `keras.callbacks.BackupAndRestore` (a backup at the end of
  every epoch; a restarted job resumes at the epoch it was in, from its first batch).
- With `TF_CONFIG` (one per worker, `tk.distribute.tf_configs`): `tf.distribute.MultiWorkerMirroredStrategy`
  and a custom training loop, because Keras 3's `fit` fails under that strategy (keras-team/keras#20585:
  "Attempt to convert a value (PerReplica...) to a Tensor"). Each worker reads its half of every global batch;
  the loss is averaged over the *global* batch (`tf.nn.compute_average_loss`); a `tf.train.CheckpointManager`
  keeps the last epoch's backup: the chief's in `--backup-dir`, the others' in a folder of their own.

Run it: `python -m transferkit.training_job --backup-dir backup --output weights.npz`. It prints one line a
batch (`epoch E batch B`) and, with `--pause-at E:B`, stops after that batch and waits to be killed.

Example:
    >>> parse_arguments(["--backup-dir", "b", "--output", "w.npz", "--pause-at", "2:5"]).pause_at
    (2, 5)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

GLOBAL_BATCH_SIZE = 64
NUM_EXAMPLES = 640
MISTAKES = ("none", "per-replica-batch", "unscaled-loss")


def _pause_at(text: str) -> tuple[int, int]:
    try:
        epoch, batch = (int(part) for part in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected EPOCH:BATCH, e.g. 2:5 (received {text!r})") from None
    if epoch < 0 or batch < 0:
        raise argparse.ArgumentTypeError(f"expected EPOCH:BATCH counted from 0, e.g. 2:5 (received {text!r})")
    return epoch, batch


def _epochs(text: str) -> int:
    try:
        epochs = int(text)
    except ValueError:
        epochs = 0
    if epochs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of epochs of at least 1, e.g. 4 (received {text!r})")
    return epochs


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The job's command line."""
    parser = argparse.ArgumentParser(
        prog="python -m transferkit.training_job", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Train chapter 11's offline recipe (the shipped f_shared, frozen, and a new Dense head) on 640 "
                    "handwritten digits, with a backup at the end of every epoch: started again with the same "
                    "--backup-dir, it resumes there. With a TF_CONFIG (one per worker) it trains on several machines "
                    "with MultiWorkerMirroredStrategy and a custom training loop.",
        epilog="Examples:\n  python -m transferkit.training_job --backup-dir backup --output weights.npz\n"
               "  TF_CONFIG='{\"cluster\": {\"worker\": [\"host1:12345\", \"host2:12345\"]}, "
               "\"task\": {\"type\": \"worker\", \"index\": 0}}' python -m transferkit.training_job "
               "--backup-dir /shared/backup --output weights.npz\n\n"
               "Chapter 14 explains it; tests/test_distribute.py runs it on two workers and kills it mid-epoch.")
    parser.add_argument("--backup-dir", type=Path, required=True,
                        help="where the per-epoch backup goes (with several machines: a folder all of them see)")
    parser.add_argument("--output", type=Path, required=True,
                        help="the trained weights (.npz); a worker other than 0 writes <name>.worker-<i>.npz")
    parser.add_argument("--epochs", type=_epochs, default=4, help="epochs to train in all (default 4, 10 steps each)")
    parser.add_argument("--pause-at", type=_pause_at,
                        help="EPOCH:BATCH, both counted from 0: stop after that batch and wait to be killed (for tests)")
    parser.add_argument("--pause-worker", type=int, default=0, help="which worker pauses (with TF_CONFIG)")
    parser.add_argument("--loop", action="store_true", help="the custom training loop even on one process")
    parser.add_argument("--fit", action="store_true",
                        help="model.fit even with a TF_CONFIG (Keras 3 fails there: keras-team/keras#20585)")
    parser.add_argument("--mistake", choices=MISTAKES, default="none",
                        help="a control: the per-replica batch used as the global one, or the loss averaged per replica")
    return parser.parse_args(argv)


def load_data():
    """640 handwritten digits in one fixed shuffled order, the same in every process and every epoch."""
    import numpy as np

    import transferkit as tk

    images, labels = tk.data.load_handwritten_digits("mnist5k")
    order = np.random.default_rng(0).permutation(len(images))[:NUM_EXAMPLES]
    return images[order], labels[order]


def build_model():
    """Chapter 11's offline recipe: the shipped f_shared, frozen, and a new Dense head (no dropout)."""
    import keras

    import transferkit as tk

    keras.utils.set_random_seed(0)
    base_model = tk.pretrained.load_shared_layers()
    base_model.trainable = False
    inputs = keras.Input((28, 28, 1))
    outputs = keras.layers.Dense(10, activation="softmax", name="specific")(base_model(inputs, training=False))
    return keras.Model(inputs, outputs)


def say(text: str) -> None:
    print(text, flush=True)


def pause(epoch: int, batch: int) -> None:
    """Stop after this batch and wait for the SIGKILL the test sends (at most 10 minutes)."""
    say(f"PAUSED epoch {epoch} batch {batch}")
    time.sleep(600)
    raise SystemExit("nobody killed the paused job within 10 minutes")


def run_fit(arguments: argparse.Namespace, x, y) -> list:
    """One process: `fit` with `BackupAndRestore`, one backup per epoch."""
    import keras

    class Progress(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch
            say(f"begin epoch {epoch}")

        def on_train_batch_end(self, batch, logs=None):
            say(f"epoch {self.epoch} batch {batch}")
            if arguments.pause_at == (self.epoch, batch):
                pause(self.epoch, batch)

        def on_epoch_end(self, epoch, logs=None):
            say(f"end epoch {epoch}")

    import tensorflow as tf

    # With a TF_CONFIG (--fit): what the loop replaces, kept to show that Keras 3's fit still fails there.
    strategy = tf.distribute.MultiWorkerMirroredStrategy() if "TF_CONFIG" in os.environ else tf.distribute.get_strategy()
    with strategy.scope():
        model = build_model()
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    batch_size = GLOBAL_BATCH_SIZE // 2 if arguments.mistake == "per-replica-batch" else GLOBAL_BATCH_SIZE
    backup = keras.callbacks.BackupAndRestore(str(arguments.backup_dir), save_freq="epoch")
    model.fit(x, y, batch_size=batch_size, epochs=arguments.epochs, shuffle=False, verbose=0,
              callbacks=[backup, Progress()])
    return model.get_weights()


def run_loop(arguments: argparse.Namespace, x, y) -> list:
    """`MultiWorkerMirroredStrategy` (with a `TF_CONFIG`) or one device, a custom loop, a checkpoint per epoch."""
    import keras
    import tensorflow as tf

    if "TF_CONFIG" in os.environ:
        strategy = tf.distribute.MultiWorkerMirroredStrategy()
        task = json.loads(os.environ["TF_CONFIG"])["task"]
        chief = task["index"] == 0
    else:
        strategy, task, chief = tf.distribute.get_strategy(), {"index": 0}, True
    per_replica = GLOBAL_BATCH_SIZE // strategy.num_replicas_in_sync
    if arguments.mistake == "per-replica-batch":  # a global batch of 32, split again across the replicas
        per_replica //= strategy.num_replicas_in_sync

    def dataset_fn(context):  # each worker reads every num_workers-th example: its part of each global batch
        dataset = tf.data.Dataset.from_tensor_slices((x, y))
        return dataset.shard(context.num_input_pipelines, context.input_pipeline_id).batch(per_replica)

    with strategy.scope():
        model = build_model()
        optimizer = keras.optimizers.Adam(1e-3)
        loss_fn = keras.losses.SparseCategoricalCrossentropy(reduction=None)
        epoch_done = tf.Variable(0, dtype=tf.int64)  # how many epochs the backup holds
        checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer, epoch=epoch_done)
    # The chief's backup is the one that counts; the others write theirs apart (writing is collective).
    backup_dir = arguments.backup_dir if chief else arguments.backup_dir / f"worker-{task['index']}"
    manager = tf.train.CheckpointManager(checkpoint, str(backup_dir), max_to_keep=1)
    latest = tf.train.latest_checkpoint(str(arguments.backup_dir))
    if latest:
        checkpoint.restore(latest).expect_partial()  # a finished job's backup: nothing left to train
        say(f"restored {Path(latest).name}: {int(epoch_done.numpy())} epochs done")
    dataset = strategy.distribute_datasets_from_function(dataset_fn)

    @tf.function
    def train_step(inputs, labels):
        def step(inputs, labels):
            with tf.GradientTape() as tape:
                per_example_loss = loss_fn(labels, model(inputs, training=True))
                if arguments.mistake == "unscaled-loss":
                    loss = tf.reduce_mean(per_example_loss)  # the mean of this replica's part: summed, it is too big
                else:
                    loss = tf.nn.compute_average_loss(per_example_loss, global_batch_size=GLOBAL_BATCH_SIZE)
            gradients = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(gradients, model.trainable_variables))  # all-reduces the gradients
            return loss

        return strategy.reduce("SUM", strategy.run(step, args=(inputs, labels)), axis=None)

    for epoch in range(int(epoch_done.numpy()), arguments.epochs):
        say(f"begin epoch {epoch}")
        for batch, (inputs, labels) in enumerate(dataset):
            train_step(inputs, labels)
            say(f"epoch {epoch} batch {batch}")
            if arguments.pause_at == (epoch, batch) and task["index"] == arguments.pause_worker:
                pause(epoch, batch)
        epoch_done.assign(epoch + 1)
        manager.save()
        say(f"end epoch {epoch}")
    return model.get_weights()


def output_path(output: Path) -> Path:
    """Where this process writes its weights: `output` for one process and the chief, `<name>.worker-<i>.npz`
    for the other workers (each worker ends with its own copy of the weights).

    Example:
        >>> import os
        >>> os.environ.pop("TF_CONFIG", None) and None
        >>> output_path(Path("weights.npz")).name
        'weights.npz'
    """
    index = json.loads(os.environ["TF_CONFIG"])["task"]["index"] if "TF_CONFIG" in os.environ else 0
    return output if index == 0 else output.with_name(f"{output.stem}.worker-{index}{output.suffix}")


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.pause_at and arguments.pause_at[0] >= arguments.epochs:
        raise SystemExit(f"--pause-at {arguments.pause_at[0]}:{arguments.pause_at[1]} names an epoch the job never "
                         f"reaches: it trains epochs 0 to {arguments.epochs - 1}. Pass an earlier epoch.")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np

    x, y = load_data()
    if ("TF_CONFIG" in os.environ and not arguments.fit) or arguments.loop:
        weights = run_loop(arguments, x, y)
    else:
        weights = run_fit(arguments, x, y)
    output = output_path(arguments.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    np.savez(output, *[np.asarray(w) for w in weights])
    say(f"saved {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
