"""The transfer strategies the chapters compare, as train functions for `compare_strategies`.

Each `make_*` function returns `train(x_train, y_train) -> model`, where `model` maps a batch of
images to class probabilities. Chapters 04-07 write one strategy out in Keras where it is taught;
these are the reusable versions, used for repeated comparisons and for `docs/results.md`.

Strategies:
    - from scratch: a small CNN, or any network (`build_model`, e.g. chapter 12's text and speech
      models), randomly initialised (`make_from_scratch`); or logistic regression on raw pixels
      (`make_pixel_logistic_regression`).
    - feature extraction: frozen f_shared and a new softmax head trained with Keras
      (`make_feature_extraction`), or a logistic-regression head (`make_feature_logistic_regression`).
    - fine-tuning: train the head on the frozen base, then unfreeze the top layers and train on
      with a lower learning rate (`make_fine_tuning`).
    - parameter-efficient fine-tuning: a low-rank update of every convolution, the base frozen
      (`make_lora_fine_tuning`).
    - sharing the first k layers: copy the first k blocks, frozen or not, re-initialise the rest
      (`make_share_first_blocks`).

They all train with `fit_steps`: `compile` with Adam and `fit` for a fixed number of steps, with one
compiled copy per network shared by all its runs (chapter 01 uses it too).

Example:
    >>> import numpy as np
    >>> train = make_pixel_logistic_regression()
    >>> model = train(np.eye(4).reshape(4, 2, 2, 1), np.array([0, 1, 0, 1]))
    >>> model(np.eye(4).reshape(4, 2, 2, 1)).argmax(axis=1).tolist()
    [0, 1, 0, 1]
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import random
from collections.abc import Callable

import keras
import numpy as np

from transferkit import adapt, data, experiments, models, pretrained
from transferkit._checks import whole_number

BATCH_SIZE = 32


def _compile(model, learning_rate: float, steps_per_execution: int = 1):
    # steps_per_execution > 1: Keras runs that many steps in one call of the traced step (a
    # `tf.while_loop`), the same updates in the same order with less Python between them. It pays
    # where one model trains many times (_ReusedModel): its loop is traced once, not once per run.
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  steps_per_execution=steps_per_execution)
    return models.build_optimizer(model)


def _train(model, x_train, y_train, steps: int, batch_size: int = BATCH_SIZE):
    x_many, y_many = data.repeat_examples(x_train, y_train, steps * batch_size)
    model.fit(x_many, y_many, batch_size=batch_size, epochs=1, verbose=0)
    return model


def _fit(model, x_train, y_train, steps: int, learning_rate: float, batch_size: int = BATCH_SIZE):
    return _train(_compile(model, learning_rate), x_train, y_train, steps, batch_size)


def _has_random_layers(model) -> bool:
    return any(layer._seed_generators for layer in model._flatten_layers())


def fresh_random_layers(layer: keras.Layer) -> keras.Layer:
    """A new copy of `layer` if it draws random numbers and holds no weights; otherwise `layer` itself.

    A Keras random layer (`RandomRotation`, `Dropout`, ...) built with `seed=None` picks its seed from
    Python's `random` when it is *created*, and moves its random state on with every batch it
    changes. Shared by several training runs, each run's augmentation would depend on the runs before
    it and on what ran before the layer was built: a run could not be repeated alone. A copy made
    inside the run, after `set_random_seed(seed)`, draws from that seed (a layer built with a fixed
    `seed` gets that seed again), so every run is the same whatever ran before it.

    Example:
        >>> augmentation = keras.Sequential([keras.layers.RandomRotation(0.1)])
        >>> fresh_random_layers(augmentation) is augmentation
        False
        >>> rescale = keras.layers.Rescaling(1 / 255)
        >>> fresh_random_layers(rescale) is rescale
        True
    """
    if not _has_random_layers(layer) or layer.weights:
        return layer
    return keras.layers.deserialize(keras.layers.serialize(layer))


class _ReusedModel:
    """Train many freshly initialised copies of one architecture in a single compiled model.

    `train(model, ...)` copies `model`'s initial weights and a fresh Adam (step 0, moments 0) into a
    model compiled once, trains it and copies the result back into `model`: the same numbers as
    compiling and fitting `model` itself, but Keras traces the training step once for all runs
    instead of once per run. For models without random layers (dropout, augmentation), whose random
    state would otherwise carry over from run to run.
    """

    def __init__(self, learning_rate: float):
        self.learning_rate, self.model, self.fresh_optimizer = learning_rate, None, None

    def load(self, model: keras.Model) -> keras.Model:
        """Copy `model`'s weights and a fresh optimizer into the compiled copy, built on first use."""
        if self.model is None:
            # Building the copy's layers draws a seed from Python's `random` for every initializer
            # (Keras does that when an initializer is created). Put the generator back: otherwise
            # whatever the run builds next (a LoRA factor, another head) would start from other
            # weights in the run that compiles the copy than in the runs that reuse it.
            random_state = random.getstate()
            copy = keras.models.clone_model(model)
            random.setstate(random_state)
            for copied, weight in zip(copy.weights, model.weights):  # e.g. a LoRA layer's frozen bias
                copied.trainable = weight.trainable
            self.model = _compile(copy, self.learning_rate, steps_per_execution=1000)
            self.fresh_optimizer = [variable.numpy() for variable in self.model.optimizer.variables]
        self.model.set_weights(model.get_weights())
        for variable, value in zip(self.model.optimizer.variables, self.fresh_optimizer):
            variable.assign(value)
        return self.model


_COMPILED: dict = {}  # architecture -> _ReusedModel, the few most recently used (see fit_steps)
_COMPILED_KEEP = 4


def _architecture(model: keras.Model, learning_rate: float) -> str:
    """A key equal for two models that `clone_model` would make the same (names aside)."""
    parts = [repr(learning_rate)]
    for layer in model._flatten_layers(include_self=False):
        config = {} if isinstance(layer, keras.Model) else {
            key: value for key, value in layer.get_config().items() if key != "name"}
        parts.append(repr((type(layer).__name__, layer.trainable, sorted(config.items()),
                           [(tuple(weight.shape), weight.trainable) for weight in layer.weights])))
    return "\n".join(parts)


def fit_steps(model: keras.Model, x_train, y_train, steps: int, learning_rate: float,
              batch_size: int = BATCH_SIZE) -> keras.Model:
    """Compile `model` with Adam and train it for `steps` steps of `batch_size` examples; return it, trained.

    What `model.compile(optimizer=keras.optimizers.Adam(learning_rate),
    loss="sparse_categorical_crossentropy")` followed by `model.fit` on the examples repeated to
    `steps * batch_size` (`tk.data.repeat_examples`) does, with the same numbers. The difference is the
    waiting: Keras prepares (traces) a model's training step the first time it trains, about 0.1 s
    for a small network, often more than the training itself. Here every run of the same network
    (same layers, same frozen ones, same learning rate) trains in one compiled copy: its weights
    and a fresh optimizer are loaded, it trains, and the trained weights are copied back into
    `model`. A network with random layers (dropout, augmentation) is compiled and fitted itself.

    Args:
        model: a Keras model with freshly initialised (or pretrained) weights.
        x_train: inputs.
        y_train: integer labels.
        steps: training steps.
        learning_rate: Adam's learning rate.
        batch_size: examples a step (32 unless given).

    Returns:
        `model`, trained.

    Example:
        >>> import numpy as np
        >>> model = models.build_article_model(input_dim=4, num_classes=2)
        >>> model = fit_steps(model, np.eye(4), np.array([0, 1, 0, 1]), steps=50, learning_rate=0.05)
        >>> model.predict(np.eye(4), verbose=0).argmax(axis=1).tolist()
        [0, 1, 0, 1]
    """
    whole_number("steps", steps, minimum=1)
    batch_size = whole_number("batch_size", batch_size, minimum=1)
    if _has_random_layers(model):
        return _fit(model, x_train, y_train, steps, learning_rate, batch_size)
    # The batch size is part of the key: a compiled copy fed batches of another size would trace its step again.
    key = _architecture(model, learning_rate) + f"\nbatch {batch_size}"
    new_copy = key not in _COMPILED
    compiled_copy = _COMPILED.pop(key, None) or _ReusedModel(learning_rate)
    sample = np.asarray(x_train[:2])
    if not np.array_equal(keras.ops.convert_to_numpy(compiled_copy.load(model)(sample, training=False)),
                          keras.ops.convert_to_numpy(model(sample, training=False))):
        return _fit(model, x_train, y_train, steps, learning_rate, batch_size)  # not the same network after all
    _COMPILED[key] = compiled_copy  # most recently used last
    while len(_COMPILED) > _COMPILED_KEEP:
        del _COMPILED[next(iter(_COMPILED))]
    with _expected_tracing(new_copy):
        model.set_weights(_train(compiled_copy.model, x_train, y_train, steps, batch_size).get_weights())
    return model


class _TrainingStepTracedOnPurpose(logging.Filter):
    """Drop TensorFlow's "triggered tf.function retracing" warning about Keras' training step.

    TensorFlow counts the traces of every Keras model's training step together: the fifth new model trained within
    a few dozen calls makes it warn, in the learner's output, as if one function were traced again by mistake. A
    new compiled copy of `fit_steps` traces its step once, on purpose (chapter 14 compares four learning rates and
    batch sizes after training three models)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("triggered tf.function retracing" in message and "multi_step_on_iterator" in message)


@contextlib.contextmanager
def _expected_tracing(expected: bool):
    """While a new compiled copy trains for the first time, its trace is not reported as retracing."""
    if not expected:
        yield
        return
    logger, quiet = logging.getLogger("tensorflow"), _TrainingStepTracedOnPurpose()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


class FeatureCache:
    """Compute f_shared's features of each image once and reuse them.

    Feature extraction over many seeds and budgets evaluates the same images again and again,
    in different few-shot splits; with the base frozen their features never change. Images are
    recognised by a 128-bit fingerprint of their pixels (`_fingerprints`), so any subset of images
    seen before costs no new computation; new ones go through the base as one traced graph
    (`tk.experiments.graph_inference`), built on first use.
    If the base's weights change (it was fine-tuned in between), the stored features are dropped.
    `FeatureCache.shared(base_model)` gives every strategy on the same base one cache, so a chapter
    computes each image's features once, however many strategies and comparisons use them in a row.

    Example:
        >>> base_model = keras.Sequential([keras.Input((2, 2, 1)), keras.layers.Flatten()])
        >>> features = FeatureCache(base_model)
        >>> images = np.arange(12, dtype="float32").reshape(3, 2, 2, 1)
        >>> features(images[::-1])[0].tolist(), features(images[:1]).shape
        ([8.0, 9.0, 10.0, 11.0], (1, 4))
    """

    _latest: "FeatureCache | None" = None  # the shared cache of the base model used last

    def __init__(self, base_model: keras.Model, batch_size: int = experiments.INFERENCE_BATCH):
        self.base_model, self.batch_size, self._graph, self._weights = base_model, batch_size, None, None
        self._forget()

    def _forget(self) -> None:
        # The features computed so far, one row per image; `_position` finds an image's row by its fingerprint.
        self._position, self._features = {}, None

    @classmethod
    def shared(cls, base_model: keras.Model) -> "FeatureCache":
        """The cache of `base_model`'s features that strategies on the same base share.

        Only the most recent base keeps its shared cache: a chapter that loops over many bases (chapter
        07's ten sources) holds one base's features at a time, not all of them.
        """
        if FeatureCache._latest is None or FeatureCache._latest.base_model is not base_model:
            FeatureCache._latest = cls(base_model)
        return FeatureCache._latest

    def _check_weights(self) -> None:
        digest = hashlib.sha1()
        for weight in self.base_model.weights:
            digest.update(np.ascontiguousarray(weight.numpy()).tobytes())
        if digest.digest() != self._weights:
            self._forget()
            self._weights = digest.digest()

    def __call__(self, images: np.ndarray) -> np.ndarray:
        self._check_weights()
        images = np.ascontiguousarray(images, dtype="float32")
        if len(images) == 0:
            return np.zeros((0, 1), "float32")
        keys = _fingerprints(images)
        positions = np.array([self._position.get(key, -1) for key in keys])
        missing = np.flatnonzero(positions < 0)
        if len(missing):
            if self._graph is None:  # traced once, on first use
                self._graph = experiments.graph_inference(self.base_model, self.batch_size)
            first = 0 if self._features is None else len(self._features)
            for start in range(0, len(missing), self.batch_size):
                values = self._graph(images[missing[start:start + self.batch_size]])
                if start == 0:  # the store, grown once for this call (no second copy of the new features)
                    grown = np.empty((first + len(missing), *values.shape[1:]), values.dtype)
                    if first:
                        grown[:first] = self._features
                    self._features = grown
                self._features[first + start:first + start + len(values)] = values
            positions[missing] = np.arange(first, first + len(missing))
            for row in missing:
                self._position.setdefault(keys[row], positions[row])
        return self._features[positions]


def _fingerprints(images: np.ndarray, chunk: int = 1024) -> list[tuple[int, int]]:
    """A 128-bit fingerprint of each image's pixels: two independent 64-bit hashes of its bytes.

    Python's own hash of the bytes (SipHash, with a key drawn at random when Python starts) and a
    random linear combination of the pixels' 32-bit patterns modulo 2**64 (odd multipliers, so two
    images that differ in one pixel never share it). Equal images get equal fingerprints; two
    different images share one with a chance of about 2**-64 at most, far too small to happen in
    a course. Computed in chunks, so memory stays small.
    """
    flat = images.reshape(len(images), -1)
    multipliers = np.random.default_rng(0).integers(0, 2**62, size=flat.shape[1], dtype=np.uint64) * 2 + 1
    linear = np.concatenate([flat[start:start + chunk].view(np.uint32).astype(np.uint64) @ multipliers
                             for start in range(0, len(flat), chunk)])
    return [(hash(row.tobytes()), value) for row, value in zip(flat, linear.tolist())]


def _logistic_regression(features, labels, c: float, normalize: bool):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import Normalizer, StandardScaler

    # For features, L2-normalising each vector first (a common few-shot trick) makes one C work
    # across budgets; for raw pixels it would throw away the ink's intensity, so it is skipped.
    steps = [Normalizer()] if normalize else []
    return make_pipeline(*steps, StandardScaler(), LogisticRegression(C=c, max_iter=2000)).fit(
        features, labels)


def make_pixel_logistic_regression(c: float = 1.0):
    """From scratch without a network: logistic regression on the raw pixels."""
    def train(x_train, y_train):
        classifier = _logistic_regression(x_train.reshape(len(x_train), -1), y_train, c, normalize=False)
        return experiments.whole_array(lambda x: classifier.predict_proba(np.asarray(x).reshape(len(x), -1)))
    return train


def make_from_scratch(num_classes: int, steps: int = 150, learning_rate: float = 3e-3,
                      preprocessing: keras.Layer | None = None, build_model: Callable | None = None):
    """From scratch: a small CNN (`tk.models.build_small_cnn`) with random weights.

    Not the source model's own architecture: with BatchNormalization, that network trained from
    random weights on a handful of images predicts one class at test time (its moving statistics
    lag behind the fast-changing weights). `make_share_first_blocks(..., num_blocks=0)` trains it
    with the statistics recomputed; `scripts/make_studies.py` compares the two baselines.

    Args:
        num_classes: classes of the target task.
        steps: training steps.
        learning_rate: Adam's learning rate.
        batch_size: examples a step (32 unless given).
        preprocessing: optional Keras layers put in front of the network, inside the model:
            `Rescaling(1 / 255)` for photos in [0, 255], or augmentation (`tk.data.build_augmentation()`),
            so each step sees randomly changed copies of the labelled images. Layers that draw random
            numbers (and hold no weights) are copied for each run (`fresh_random_layers`), so a run's
            augmentation follows its seed, whatever ran before it.
        build_model: `build_model(num_classes) -> keras.Model`, the network to train instead of the
            small CNN: chapter 12 trains its source models' own architecture from random weights
            (`tk.text.build_source_model`, `tk.speech.build_source_model`). Runs of a network
            without random layers train in one compiled model (one trace for all runs, the same numbers).
    """
    def train(x_train, y_train):
        if build_model is not None:
            model = build_model(num_classes)
        else:
            model = models.build_small_cnn(num_classes, image_size=x_train.shape[1], channels=x_train.shape[-1])
        if preprocessing is not None:  # Keras' random layers change images in training only
            model = keras.Sequential([keras.Input(x_train.shape[1:]), fresh_random_layers(preprocessing), model])
        return fit_steps(model, x_train, y_train, steps, learning_rate)
    return train


def make_feature_extraction(base_model: keras.Model, num_classes: int, steps: int = 150,
                            learning_rate: float = 1e-2):
    """Feature extraction in Keras: frozen f_shared, a new Dense softmax head.

    The head is trained on features computed once (the frozen base gives the same features on
    every step), which is mathematically the same as training the composed model and much faster.
    Every run starts from its own freshly initialised head and a fresh Adam, but trains them in one
    compiled model, so Keras traces the training step once for all runs instead of once per run.
    """
    features = FeatureCache.shared(base_model)

    def train(x_train, y_train):
        head = keras.Sequential([keras.Input((base_model.output_shape[-1],)),  # this run's random initial weights
                                 keras.layers.Dense(num_classes, activation="softmax", name="specific")])
        fit_steps(head, features(x_train), y_train, steps, learning_rate)
        return experiments.whole_array(lambda x: keras.ops.convert_to_numpy(head(features(x))))
    return train


def make_feature_logistic_regression(base_model: keras.Model, c: float = 1.0):
    """Feature extraction with a logistic-regression head (scikit-learn) on frozen features."""
    features = FeatureCache.shared(base_model)

    def train(x_train, y_train):
        classifier = _logistic_regression(features(x_train), y_train, c, normalize=True)
        return experiments.whole_array(lambda x: classifier.predict_proba(features(x)))
    return train


def make_fine_tuning(load_base, num_classes: int, top_layers: int | None = 2, head_steps: int = 150,
                     tune_steps: int = 100, learning_rate: float = 1e-4):
    """Fine-tuning, the two-phase recipe: train the head on the frozen base, then unfreeze the top
    `top_layers` layers that train (BatchNorm kept frozen and not counted; 2 = the convolutions of
    block4 and block5 of the source model) and train on at a low learning rate.

    Args:
        load_base: a function returning a fresh copy of f_shared (e.g. `tk.pretrained.load_shared_layers`),
            so that runs do not change each other.
    """
    def train(x_train, y_train):
        base_model = models.freeze_layers(load_base())
        head = keras.layers.Dense(num_classes, activation="softmax", name="specific")
        model = models.compose(base_model, head)
        fit_steps(model, x_train, y_train, head_steps, 1e-2)
        models.unfreeze_top_layers(base_model, top_layers)
        return fit_steps(model, x_train, y_train, tune_steps, learning_rate)  # compiled anew for the unfrozen layers
    return train


def make_lora_fine_tuning(load_base, num_classes: int, rank: int = 4, head_steps: int = 150,
                          tune_steps: int = 100, learning_rate: float = 1e-3):
    """Parameter-efficient fine-tuning: a low-rank update (LoRA) of every convolution, base frozen.

    The head is trained first on frozen features (computed once), then every `Conv2D` of f_shared
    gets Keras' `enable_lora(rank)`: its kernel stays frozen and a trainable low-rank update
    `W + A·B` is added (Hu et al., 2021). BatchNormalization stays frozen, in inference mode. Only
    the LoRA factors and the head train: a few thousand numbers instead of the whole f_shared.

    Args:
        load_base: a function returning a fresh copy of f_shared (e.g. `tk.pretrained.load_shared_layers`).
        num_classes: classes of the target task.
        rank: rank of each low-rank update.
        head_steps: steps of 32 examples for the head on frozen features (learning rate 1e-2).
        tune_steps: steps of 32 examples for the LoRA factors and the head.
        learning_rate: Adam's learning rate while tuning.
    """
    whole_number("rank", rank, minimum=1)
    features = FeatureCache(load_base())

    def train(x_train, y_train):
        head = keras.layers.Dense(num_classes, activation="softmax", name="specific")
        fit_steps(keras.Sequential([keras.Input((features.base_model.output_shape[-1],)), head]),
                  features(x_train), y_train, head_steps, 1e-2)
        base_model = load_base()
        for layer in base_model.layers:
            layer.trainable = False
            if isinstance(layer, keras.layers.Conv2D):
                layer.trainable = True
                layer.enable_lora(rank)  # freezes the kernel, adds the trainable factors
                if layer.use_bias:
                    layer.bias.trainable = False
        return fit_steps(models.compose(base_model, head), x_train, y_train, tune_steps, learning_rate)
    return train


def make_share_first_blocks(source_shared: keras.Model, num_blocks: int, num_classes: int,
                            frozen: bool = True, steps: int = 150, learning_rate: float = 3e-3):
    """Share the first `num_blocks` convolution blocks of f_shared; re-initialise the rest.

    In the spirit of Yosinski et al. (2014): k = 0 is training from scratch, k = all blocks is
    feature extraction (frozen) or fine-tuning (not frozen) of the whole f_shared.
    """
    block_names = sorted({layer.name.split("_")[0] for layer in source_shared.layers
                          if layer.name.startswith("block")})
    if not 0 <= num_blocks <= len(block_names):
        raise ValueError(f"`num_blocks` must be between 0 and {len(block_names)}. Received: num_blocks={num_blocks}.")
    shared_names = set(block_names[:num_blocks])

    def train(x_train, y_train):
        model = pretrained.build_source_model(num_classes, image_size=x_train.shape[1])
        fresh_shared = model.get_layer("shared")
        for layer, source_layer in zip(fresh_shared.layers, source_shared.layers):
            if layer.name.split("_")[0] in shared_names:
                layer.set_weights(source_layer.get_weights())
                layer.trainable = not frozen
        fit_steps(model, x_train, y_train, steps, learning_rate)
        # The re-initialised blocks' BatchNormalization statistics lag behind a short run: recompute them.
        return models.recalibrate_batchnorm(model, x_train)
    return train


def make_fine_tune_all(source_model: keras.Model, num_classes: int, steps: int = 150,
                       learning_rate: float = 3e-3):
    """Start from a pretrained small CNN instead of random weights, and train everything.

    The recipe is exactly `make_from_scratch`'s (same network, steps and learning rate); only the
    starting weights differ: every layer but the last comes from `source_model`, the last (the
    source's f_specific) is new. So the difference to `make_from_scratch` is what the source task gave.

    Args:
        source_model: a trained `tk.models.build_small_cnn` model (e.g. `tk.sources.load_source_model`).
        num_classes: classes of the target task.
        steps: training steps.
        learning_rate: Adam's learning rate.
        batch_size: examples a step (32 unless given).
    """
    source_weights = [layer.get_weights() for layer in source_model.layers[:-1]]

    def train(x_train, y_train):
        model = models.build_small_cnn(num_classes, image_size=x_train.shape[1])
        for layer, weights in zip(model.layers[:-1], source_weights):
            layer.set_weights(weights)
        return fit_steps(model, x_train, y_train, steps, learning_rate)
    return train


def make_multitask(auxiliary_images, auxiliary_labels, num_classes: int, steps: int = 300,
                   learning_rate: float = 1e-3, auxiliary_weight: float = 1.0):
    """Multi-task learning: one f_shared, two f_specific heads, trained together.

    Every step takes a batch of the (few) target examples and a batch of the auxiliary task's
    examples, and minimises `loss_target + auxiliary_weight * loss_auxiliary`. Only the target
    head is returned. f_shared is `tk.adapt.build_digit_networks`' small CNN (128 features).

    Args:
        auxiliary_images, auxiliary_labels: the second task (e.g. `tk.sources.make_source_task`).
        num_classes: classes of the target task.
        steps: training steps of 32 target and 32 auxiliary examples.
        learning_rate: Adam's learning rate.
        auxiliary_weight: how much the auxiliary loss counts (0 trains the target alone).
    """
    auxiliary_labels = np.asarray(auxiliary_labels)
    auxiliary_classes = int(auxiliary_labels.max()) + 1

    def train(x_train, y_train):
        shared, target_head = adapt.build_digit_networks(seed=None, num_classes=num_classes)
        auxiliary_head = keras.layers.Dense(auxiliary_classes, activation="softmax", name="auxiliary")
        target_input, auxiliary_input = keras.Input(x_train.shape[1:]), keras.Input(x_train.shape[1:])
        model = keras.Model([target_input, auxiliary_input],
                            {"target": target_head(shared(target_input)),
                             "auxiliary": auxiliary_head(shared(auxiliary_input))})
        model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                      loss={"target": "sparse_categorical_crossentropy", "auxiliary": "sparse_categorical_crossentropy"},
                      loss_weights={"target": 1.0, "auxiliary": auxiliary_weight})
        models.build_optimizer(model)
        x_many, y_many = data.repeat_examples(x_train, y_train, steps * BATCH_SIZE)
        index = np.random.default_rng(len(x_train)).integers(0, len(auxiliary_labels), len(x_many))
        model.fit([x_many, np.asarray(auxiliary_images)[index]], {"target": y_many, "auxiliary": auxiliary_labels[index]},
                  batch_size=BATCH_SIZE, epochs=1, verbose=0)
        return keras.Sequential([shared, target_head])
    return train
