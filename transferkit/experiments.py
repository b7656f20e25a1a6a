"""Run transfer strategies against a from-scratch baseline over label budgets and seeds.

A strategy is a function the notebook writes: it receives a few labelled examples and returns a
trained Keras model. `compare_strategies` does the bookkeeping: the few-shot split, the seed,
the accuracy on the held-out examples and the seconds, one tidy row per run. `summarize` turns
the rows into mean and standard deviation per strategy and budget.

Example:
    >>> import numpy as np
    >>> def majority_vote(x_train, y_train):  # a "model" that always predicts class 0
    ...     return lambda x: np.eye(2)[np.zeros(len(x), dtype=int)]
    >>> images = np.zeros((20, 2), "float32"); labels = np.arange(20) % 2
    >>> results = compare_strategies({"majority": majority_vote}, images, labels,
    ...                              labels_per_class=[1, 3], seeds=[0, 1])
    >>> [(row["labels_per_class"], row["mean"]) for row in summarize(results)]
    [(1, 0.5), (3, 0.5)]
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Callable

import keras
import numpy as np

from transferkit import data
from transferkit.language import display_width, pad, strategy_name
from transferkit.language import gettext as _
from transferkit.language import pgettext as _p

LABEL_BUDGETS = (1, 3, 10, 30)
SEEDS = (0, 1, 2, 3, 4)
REFERENCE_FILE = Path(__file__).parent / "reference" / "results.json"
STUDIES_FILE = REFERENCE_FILE.parent / "studies.json"


# Images per inference call. A conv network's activations for a batch stay in the kernel's memory
# after the call (TensorFlow and glibc keep the freed buffers): 256 images through the source model
# left 291 MB resident, 64 images 76 MB, at about the same speed.
INFERENCE_BATCH = 64

# The largest difference in accuracy `check_reproduced` accepts (0.2 points): on the machine that stored
# them, runs repeat exactly or within a few hundredths of a point; another CPU may round differently
# (`within_spread`).
REPRODUCTION_TOLERANCE = 0.002


def load_reference_results(name: str = "label_efficiency") -> list[dict]:
    """Load runs precomputed by the scripts in `scripts/`, for comparisons too slow for a chapter.

    Chapters use them where rerunning would take longer than a minute, and say so.

    Args:
        name: from `scripts/make_results.py` (docs/results.md): `"label_efficiency"` (MNIST-5k,
            five strategies, five seeds) or `"negative_transfer_inverted"` (the same on inverted
            digits); from `scripts/make_studies.py` (docs/studies.md): `"source_similarity"`,
            `"data_quantity"` or `"shared_blocks"`.

    Returns:
        Rows as returned by `compare_strategies`.

    Raises:
        ValueError: for an unknown name.

    Example:
        >>> rows = load_reference_results()
        >>> sorted({row["labels_per_class"] for row in rows})
        [1, 3, 10, 30]
    """
    import json

    published = {}
    for path in (path for path in (REFERENCE_FILE, STUDIES_FILE) if path.exists()):
        published.update((key, value) for key, value in json.loads(path.read_text(encoding="utf-8")).items()
                         if isinstance(value, list) and value and isinstance(value[0], dict))
    if name not in published:
        raise ValueError(f"Unknown reference results. Received: name={name!r}. Expected one of {sorted(published)}.")
    return published[name]


def load_source_scores() -> dict[str, dict]:
    """Load what `scripts/make_studies.py` measured about each of the ten source tasks of chapter 07.

    Returns:
        For each source task: `description`, `source_accuracy`, `pixel_mmd` (to handwritten digits) and
        `leep_10_labels` (LEEP from 10 labelled digits a class).

    Example:
        >>> scores = load_source_scores()
        >>> scores["noise"]["source_accuracy"] < 0.2 < scores["font digits"]["source_accuracy"]
        True
    """
    import json

    return json.loads(STUDIES_FILE.read_text(encoding="utf-8"))["sources"]


def accuracy(model, x: np.ndarray, y: np.ndarray, batch_size: int = INFERENCE_BATCH) -> float:
    """Return the fraction of `x` that `model` labels as `y` (argmax of its outputs).

    Runs the model in batches through `predict_batched` (one traced graph for a Keras model),
    faster than `model.evaluate` or `model.predict`, which also set up a `tf.data` pipeline.

    Args:
        model: a Keras model, or any callable from a batch of inputs to class scores.
        x: inputs.
        y: integer labels, shape (N,).
        batch_size: inputs per call.

    Returns:
        The accuracy as a float in [0, 1].

    Example:
        >>> accuracy(lambda x: np.eye(3)[[0, 1, 1]], np.zeros((3, 1)), np.array([0, 1, 2]))
        0.6666666666666666
    """
    predictions = np.argmax(predict_batched(model, x, batch_size), axis=-1)
    return float(np.mean(predictions == np.asarray(y)))


def predict_batched(model, x: np.ndarray, batch_size: int = INFERENCE_BATCH) -> np.ndarray:
    """Call `model` on `x` in batches (inference mode) and return the outputs as one NumPy array.

    A Keras model runs with `training=False`, so random layers (augmentation) leave the images
    unchanged, as in `predict`; given more than one batch, it runs as one traced TensorFlow graph
    (`graph_inference`): about twice as fast as calling it eagerly batch by batch.

    Example:
        >>> predict_batched(lambda batch: batch * 2, np.ones((3, 2)), batch_size=2).tolist()
        [[2.0, 2.0], [2.0, 2.0], [2.0, 2.0]]
    """
    if getattr(model, "whole_array", False):  # it batches where it needs to itself: one call
        return np.asarray(model(x))
    if isinstance(model, keras.Layer):  # training=False: random layers (augmentation) must not change test images
        call = graph_inference(model, batch_size) if len(x) > batch_size else lambda batch: model(batch, training=False)
    else:
        call = model
    return np.concatenate([keras.ops.convert_to_numpy(call(x[i:i + batch_size]))
                           for i in range(0, len(x), batch_size)])


def whole_array(predict: Callable) -> Callable:
    """Mark a prediction function that takes a whole array at once, so `accuracy` calls it once.

    For functions that batch internally where memory matters (a `FeatureCache` runs the network in
    batches) and whose head is cheap (scikit-learn or a Dense layer on features): thousands of small
    calls would spend their time in input validation, not in computing.

    Example:
        >>> calls = []
        >>> predict = whole_array(lambda x: calls.append(len(x)) or np.eye(2)[np.zeros(len(x), int)])
        >>> accuracy(predict, np.zeros((200, 3)), np.zeros(200)), calls
        (1.0, [200])
    """
    predict.whole_array = True
    return predict


def graph_inference(model: keras.Layer, batch_size: int = INFERENCE_BATCH) -> Callable:
    """Wrap `model(batch, training=False)` in one `tf.function` for batches of up to `batch_size`.

    Eager calls pay Python's price for every layer of every batch; the graph is traced once (a short
    last batch is padded to the full size, so it does not trace a second time) and then runs as one
    TensorFlow call per batch. Build a new one after changing the model's layers (e.g. `enable_lora`).

    Example:
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="ones")])
        >>> graph_inference(model, batch_size=4)(np.ones((3, 2), "float32")).tolist()
        [[2.0], [2.0], [2.0]]
    """
    import tensorflow as tf

    logger = tf.get_logger()
    if not any(isinstance(existing, _OwnRetracingFilter) for existing in logger.filters):
        logger.addFilter(_OwnRetracingFilter())
    function = tf.function(lambda batch: model(batch, training=False))

    def call(batch):
        batch = np.asarray(batch, dtype="float32")
        missing = batch_size - len(batch)
        if missing > 0:
            batch = np.concatenate([batch, np.zeros((missing, *batch.shape[1:]), batch.dtype)])
        return keras.tree.map_structure(lambda output: output.numpy()[:batch_size - max(missing, 0)],
                                        function(batch))
    return call


class _OwnRetracingFilter(logging.Filter):
    """Drop TensorFlow's "triggered tf.function retracing" warning for `graph_inference`'s functions only.

    Each call traces a new function on purpose (the model may have changed since the last one), so
    the warning, meant for a function traced again and again by mistake, would be log noise.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "graph_inference.<locals>" not in record.getMessage()


def set_random_seed(seed: int) -> None:
    """`keras.utils.set_random_seed(seed)`, without emptying TensorFlow's cache of prepared kernels.

    `tf.random.set_seed`, which Keras calls, also empties that cache, so that an *eager stateful*
    random op (`tf.random.uniform(..., seed=1)` run outside a `tf.function`) starts its sequence
    again. The cache also holds the instantiated training step of every compiled model, and a model
    that trains again after the reset pays to instantiate it again (about 60 ms on 2 cores). Keras
    draws its random numbers (initial weights, dropout, augmentation) from its own seed generators
    with stateless ops and `fit` shuffles in a new `tf.data` pipeline each time: none of them has
    state in that cache, so every run gets the same numbers either way (tests/test_experiments.py
    compares them). Python's, NumPy's, TensorFlow's and Keras' seeds are all set, as Keras does.

    Example:
        >>> set_random_seed(0); first = keras.initializers.GlorotUniform()((3, 2))
        >>> set_random_seed(0); bool(keras.ops.all(first == keras.initializers.GlorotUniform()((3, 2))))
        True
    """
    try:
        from tensorflow.python import pywrap_tfe
        clear_caches = pywrap_tfe.TFE_ContextClearCaches
    except (ImportError, AttributeError):  # another TensorFlow layout: the plain, slower call
        keras.utils.set_random_seed(seed)
        return
    pywrap_tfe.TFE_ContextClearCaches = lambda handle: None
    try:
        keras.utils.set_random_seed(seed)
    finally:
        pywrap_tfe.TFE_ContextClearCaches = clear_caches


def compare_strategies(strategies: dict[str, Callable], images: np.ndarray, labels: np.ndarray,
                       labels_per_class=LABEL_BUDGETS, seeds=SEEDS,
                       transform: Callable | None = None, cache_key: str | None = None) -> list[dict]:
    """Train every strategy at every label budget with every seed, and measure test accuracy.

    For each `(labels_per_class, seed)` the same few-shot split is given to every strategy, so
    they are compared on identical data. `set_random_seed(seed)` (Keras' seeds) is called before
    each training run, so the whole comparison is reproducible.

    Args:
        strategies: `{name: train_function}`; `train_function(x_train, y_train)` returns a
            trained model (anything callable on a batch of inputs that returns class scores).
        images: all examples of the target task, shape (N, ...).
        labels: their integer labels, shape (N,).
        labels_per_class: the label budgets to try.
        seeds: the seeds to repeat each run with (use several: single runs mislead).
        transform: optional function applied to the inputs of both splits, e.g. flattening.
        cache_key: when given, results are saved in the cache folder (see
            `tk.downloads.cache_dir`) under this key, the strategy names, budgets, seeds and a
            checksum of the data, and loaded from there on the next identical call. Change the
            key when you change what a strategy does: the code itself is not part of the key.

    Returns:
        A list of dicts with the keys `strategy`, `labels_per_class`, `seed`, `accuracy` and
        `seconds`, one per training run.

    Raises:
        ValueError: if `strategies` or `seeds` is empty.
    """
    if not strategies:
        raise ValueError("`strategies` is empty. Pass a dict such as {'from scratch': train_fn}.")
    if len(list(seeds)) == 0:
        raise ValueError("`seeds` is empty. Pass several seeds, e.g. seeds=[0, 1, 2, 3, 4].")
    if cache_key is not None:
        import hashlib
        import json

        from transferkit.downloads import cache_dir

        fingerprint = hashlib.sha1(json.dumps([sorted(strategies), list(map(int, labels_per_class)),
                                                list(map(int, seeds))]).encode())
        fingerprint.update(np.ascontiguousarray(images).tobytes())
        fingerprint.update(np.ascontiguousarray(labels).tobytes())
        path = cache_dir() / "results" / f"{cache_key}-{fingerprint.hexdigest()[:16]}.json"
        if path.exists():
            return json.loads(path.read_text())
        results = compare_strategies(strategies, images, labels, labels_per_class, seeds, transform)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results))
        return results
    transform = transform or (lambda x: x)
    results = []
    for budget in labels_per_class:
        for seed in seeds:
            (x_train, y_train), (x_test, y_test) = data.few_shot_split(images, labels, budget, seed)
            x_train, x_test = transform(x_train), transform(x_test)
            for name, train in strategies.items():
                set_random_seed(seed)
                start = time.perf_counter()
                model = train(x_train, y_train)
                results.append({
                    "strategy": name, "labels_per_class": int(budget), "seed": int(seed),
                    "accuracy": accuracy(model, x_test, y_test),
                    "seconds": time.perf_counter() - start,
                })
    return results


def sample_std(values) -> float:
    """The sample standard deviation (ddof=1) the course reports as ±; 0.0 for a single value.

    With a handful of seeds the population formula (ddof=0) understates the spread: for 3 seeds by 18%.

    Example:
        >>> sample_std([0.5, 0.7]), sample_std([0.5])
        (0.141421, 0.0)
    """
    values = np.asarray(values, dtype=float)
    return round(float(values.std(ddof=1)), 6) if len(values) > 1 else 0.0


def budget_text(labels_per_class) -> str:
    """'1 label per class', '30 labels per class'; 'no target labels' for 0 (domain adaptation).

    Example:
        >>> budget_text(1), budget_text(30), budget_text(0)
        ('1 label per class', '30 labels per class', 'no target labels')
    """
    if labels_per_class == 0:
        return _("no target labels")
    if labels_per_class == 1:
        return _("1 label per class")
    return _("{count} labels per class").format(count=labels_per_class)


def summarize(results: list[dict]) -> list[dict]:
    """Aggregate runs into mean and standard deviation of accuracy per strategy and budget.

    Args:
        results: rows as returned by `compare_strategies`.

    Returns:
        One dict per (strategy, labels_per_class) with `mean`, `std` (the sample standard deviation over
        seeds, ddof=1), `runs` (n, the number of seeds) and `seconds` (mean per run), in first-seen order.

    Example:
        >>> summarize([{"strategy": "a", "labels_per_class": 1, "seed": s, "accuracy": a,
        ...             "seconds": 1.0} for s, a in [(0, 0.5), (1, 0.7)]])
        [{'strategy': 'a', 'labels_per_class': 1, 'mean': 0.6, 'std': 0.141421, 'runs': 2, 'seconds': 1.0}]
    """
    groups: dict[tuple, list[dict]] = {}
    for row in results:
        groups.setdefault((row["strategy"], row["labels_per_class"]), []).append(row)
    summary = []
    for (strategy, budget), rows in groups.items():
        accuracies = np.array([row["accuracy"] for row in rows])
        summary.append({
            "strategy": strategy, "labels_per_class": budget,
            "mean": round(float(accuracies.mean()), 6), "std": sample_std(accuracies),
            "runs": len(rows), "seconds": round(float(np.mean([row["seconds"] for row in rows])), 6),
        })
    return summary


def format_summary(results: list[dict], width: int = 100) -> str:
    """Return a table of accuracy (mean ± sample std over the seeds, in %): strategies as rows.

    Columns are label budgets. A table wider than `width` characters is printed in blocks of
    budgets, so that it never wraps in JupyterLab's output area at its default width (about 110
    monospace characters beside the file browser on a 1366-pixel screen).

    Args:
        results: rows as returned by `compare_strategies`.
        width: the widest line to print.

    Returns:
        The table as a string; n (the number of seeds) is said once when every cell has the same n,
        else after each strategy's name, or in each cell if a strategy's n varies with the budget.

    Example:
        >>> rows = [{"strategy": s, "labels_per_class": 1, "seed": seed, "accuracy": a, "seconds": 0.1}
        ...         for s, seed, a in [("scratch", 0, .5), ("scratch", 1, .6), ("transfer", 0, .7), ("transfer", 1, .7)]]
        >>> print(format_summary(rows))
        accuracy in %, mean ± sample std over n=2 seeds
        labels per class             1
        scratch             55.0 ± 7.1
        transfer            70.0 ± 0.0
    """
    summary = summarize(results)
    strategies = list(dict.fromkeys(row["strategy"] for row in summary))
    budgets = list(dict.fromkeys(row["labels_per_class"] for row in summary))
    cell = {(row["strategy"], row["labels_per_class"]): row for row in summary}
    same_n = len({row["runs"] for row in summary}) == 1
    runs_of = {name: {row["runs"] for row in summary if row["strategy"] == name} for name in strategies}
    n_per_strategy = not same_n and all(len(runs) == 1 for runs in runs_of.values())
    shown = {name: f"{strategy_name(name)} (n={min(runs_of[name])})" if n_per_strategy else strategy_name(name)
             for name in strategies}

    def text(row):
        value = f"{100 * row['mean']:.1f} ± {100 * row['std']:.1f}"
        return value if same_n or n_per_strategy else f"{value} (n={row['runs']})"

    texts = {key: text(row) for key, row in cell.items()}
    header = (_("accuracy in %, mean ± sample std over n={runs} seeds").format(runs=summary[0]["runs"]) if same_n
              else _("accuracy in %, mean ± sample std over n seeds"))
    return _table(header, strategies, budgets, texts, width, shown)


def _table(header: str, names: list[str], budgets: list, texts: dict, width: int, shown: dict | None = None) -> str:
    """Lay out `texts[(name, budget)]` with names as rows and budgets as columns, in blocks of budgets
    no wider than `width` characters (a missing cell prints as "-")."""
    shown = shown or {name: strategy_name(name) for name in names}
    texts = {key: _verdict_words(value) for key, value in texts.items()}
    column = max(display_width(value) for value in texts.values()) + 2
    label = _("labels per class")
    name_width = max(display_width(label), *(display_width(name) for name in shown.values())) + 2
    per_block = max(1, (width - name_width) // column)
    lines = [header]
    for start in range(0, len(budgets), per_block):
        block = budgets[start:start + per_block]
        if start:
            lines.append("")
        lines.append(pad(label, name_width) + "".join(pad(str(budget), column, ">") for budget in block))
        for name in names:
            lines.append(pad(shown[name], name_width) + "".join(pad(texts.get((name, budget), "-"), column, ">")
                                                                 for budget in block))
    return "\n".join(lines)


def _verdict_words(text: str) -> str:
    """A cell's verdict ("+3.0 ± 1.0 better") in the current language; the number is unchanged."""
    number, _space, verdict = text.rpartition(" ")
    words = {"better": _p("verdict", "better"), "worse": _p("verdict", "worse"), "mixed": _p("verdict", "mixed")}
    return f"{number} {words[verdict]}" if verdict in words else text


def gains_over_baseline(results: list[dict], baseline: str) -> list[dict]:
    """Measure each strategy's gain over the baseline, paired by seed (same split, same budget).

    Pairing matters: two strategies run on the same few-shot split, so their difference on that
    split is a fairer measure than the difference of two noisy means.

    Args:
        results: rows as returned by `compare_strategies`.
        baseline: the strategy to compare with, usually `"from scratch"`.

    Returns:
        One dict per (strategy, labels_per_class) other than the baseline, with `gain` (mean of
        the paired differences in accuracy), their sample `std` (ddof=1), `min` and `max`, and `runs`.

    Raises:
        ValueError: if `baseline` is not one of the strategies in `results`.

    Example:
        >>> rows = [{"strategy": s, "labels_per_class": 1, "seed": seed, "accuracy": a, "seconds": 0}
        ...         for s, seed, a in [("scratch", 0, .5), ("transfer", 0, .7),
        ...                            ("scratch", 1, .6), ("transfer", 1, .7)]]
        >>> gains_over_baseline(rows, baseline="scratch")
        [{'strategy': 'transfer', 'labels_per_class': 1, 'gain': 0.15, 'std': 0.070711, 'min': 0.1, 'max': 0.2, 'runs': 2}]
    """
    strategies = list(dict.fromkeys(row["strategy"] for row in results))
    if baseline not in strategies:
        raise ValueError(
            f"The baseline is not among the strategies. Received: baseline={baseline!r}; the "
            f"results hold {strategies}. Pass one of those names."
        )
    base = {(row["labels_per_class"], row["seed"]): row["accuracy"]
            for row in results if row["strategy"] == baseline}
    groups: dict[tuple, list[float]] = {}
    for row in results:
        key = (row["labels_per_class"], row["seed"])
        if row["strategy"] != baseline and key in base:
            groups.setdefault((row["strategy"], row["labels_per_class"]), []).append(
                row["accuracy"] - base[key])
    return [{"strategy": strategy, "labels_per_class": budget,
             "gain": round(float(np.mean(diffs)), 6), "std": sample_std(diffs),
             "min": round(float(np.min(diffs)), 6), "max": round(float(np.max(diffs)), 6),
             "runs": len(diffs)}
            for (strategy, budget), diffs in groups.items()]


def format_gains(results: list[dict], baseline: str, width: int = 100) -> str:
    """Return a table of gains over the baseline in accuracy points, each with a verdict.

    A gain counts as "better" or "worse" only when the paired differences agree in sign on
    every seed; otherwise the verdict is "mixed": the seeds disagree, so no claim is made. Like
    `format_summary`, the table is printed in blocks of budgets no wider than `width`.

    Example:
        >>> rows = [{"strategy": s, "labels_per_class": 1, "seed": seed, "accuracy": a, "seconds": 0}
        ...         for s, seed, a in [("scratch", 0, .5), ("transfer", 0, .7),
        ...                            ("scratch", 1, .6), ("transfer", 1, .7)]]
        >>> print(format_gains(rows, baseline="scratch"))
        gain over scratch in points, mean ± sample std over n=2 paired seeds
        (better/worse: on every seed; mixed: the seeds disagree)
        labels per class                     1
        transfer            +15.0 ± 7.1 better
    """
    gains = gains_over_baseline(results, baseline)
    names = list(dict.fromkeys(row["strategy"] for row in gains))
    budgets = list(dict.fromkeys(row["labels_per_class"] for row in gains))
    texts = {}
    for row in gains:
        verdict = "better" if row["min"] > 0 else "worse" if row["max"] < 0 else "mixed"
        texts[(row["strategy"], row["labels_per_class"])] = f"{100 * row['gain']:+.1f} ± {100 * row['std']:.1f} {verdict}"
    runs = {row["runs"] for row in gains}
    header = _("gain over {baseline} in points, mean ± sample std over n={runs} paired seeds").format(
        baseline=strategy_name(baseline), runs=min(runs) if len(runs) == 1 else f"{min(runs)}-{max(runs)}")
    return _table(header + "\n" + _("(better/worse: on every seed; mixed: the seeds disagree)"), names, budgets, texts, width)


def check_reproduced(stored: list[dict], fresh: list[dict], tolerance: float = REPRODUCTION_TOLERANCE,
                     within_spread: bool = False) -> tuple[list[dict], str]:
    """Compare runs made now with the stored runs of the same strategy, label budget and seed.

    Precomputed results are only honest while the code still computes them: a change to a strategy
    or to the evaluation (the course once graded augmentation on augmented test digits) must show up
    as a difference here, not in a chapter's prose months later.

    Args:
        stored: the shipped runs (`load_reference_results`).
        fresh: the same runs made with today's code (`compare_strategies` on a few seeds and budgets).
        tolerance: the largest accepted difference in accuracy (`REPRODUCTION_TOLERANCE`, 0.2 points).
        within_spread: the runs were stored on another processor or with other library versions
            (`tk.environment.numeric_environment`), which round differently: accept a difference up to
            the stored runs' spread over seeds (sample std of that strategy and budget), if larger.

    Returns:
        The runs that differ by more than they may, and a table of every run compared.

    Raises:
        ValueError: if a fresh run has no stored run of the same strategy, budget and seed.

    Example:
        >>> old = [{"strategy": "a", "labels_per_class": 1, "seed": 0, "accuracy": 0.5}]
        >>> now = [{"strategy": "a", "labels_per_class": 1, "seed": 0, "accuracy": 0.6}]
        >>> differing, text = check_reproduced(old, now)
        >>> [row["difference"] for row in differing]
        [0.1]
    """
    index = {(row["strategy"], row["labels_per_class"], row["seed"]): row["accuracy"] for row in stored}
    seeds_of = {}
    for row in stored:
        seeds_of.setdefault((row["strategy"], row["labels_per_class"]), []).append(row["accuracy"])
    width = max((len(row["strategy"]) for row in fresh), default=8)
    lines = [f"{'strategy':{width}}  labels  seed   stored      now  difference" + ("  allowed" if within_spread else "")]
    differing = []
    for row in fresh:
        key = (row["strategy"], row["labels_per_class"], row["seed"])
        if key not in index:
            raise ValueError(f"No stored run of {row['strategy']!r} at {row['labels_per_class']} labels a class, "
                             f"seed {row['seed']}. Compare only runs the stored results have, e.g. seed 0 of a "
                             "budget they list.")
        accuracies = seeds_of[key[:2]]
        allowed = max(tolerance, float(np.std(accuracies, ddof=1))) if within_spread and len(accuracies) > 1 else tolerance
        difference = round(row["accuracy"] - index[key], 6)
        if abs(difference) > allowed:
            differing.append(dict(row, stored=index[key], difference=difference))
        lines.append(f"{row['strategy']:{width}}  {row['labels_per_class']:>6}  {row['seed']:>4}  "
                     f"{100 * index[key]:6.2f}%  {100 * row['accuracy']:6.2f}%  {100 * difference:+9.2f}"
                     + (f"  {100 * allowed:7.2f}" if within_spread else "")
                     + ("  DIFFERS" if abs(difference) > allowed else ""))
    return differing, "\n".join(lines)
