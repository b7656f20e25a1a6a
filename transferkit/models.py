"""The article's model structure made explicit: shared layers, specific layers, and freezing.

The article writes the model as `y = f_specific(f_shared(x)) + e`. In Keras, f_shared is the
layer (or stack of layers) reused between tasks and f_specific is the new head of each task.
The notebooks write the lesson out; these helpers are what later chapters reuse.

Example:
    >>> import transferkit as tk
    >>> model = tk.models.build_article_model(input_dim=64, num_classes=10)
    >>> [layer.name for layer in model.layers]
    ['input', 'shared', 'specific']
    >>> tk.models.count_parameters(model)
    {'trainable': 4810, 'non_trainable': 0, 'total': 4810}
"""

from __future__ import annotations

import keras
import numpy as np

from transferkit import experiments
from transferkit._checks import whole_number
from transferkit.language import display_width, pad
from transferkit.language import gettext as _


def build_article_model(input_dim: int, num_classes: int = 10, hidden_units: int = 64,
                        shared_layer: keras.layers.Layer | None = None) -> keras.Model:
    """Build the article's network: Input -> Dense(64, relu) shared -> Dense(softmax) specific.

    Chapter 01 writes this model out cell by cell; later chapters call this function.

    Args:
        input_dim: length of one input vector (64 for 8x8 images).
        num_classes: number of output classes of the specific layer.
        hidden_units: width of the shared layer.
        shared_layer: an existing (e.g. pretrained) layer to reuse as f_shared. When given,
            `hidden_units` is ignored and the very same layer object, with its weights and
            its `trainable` flag, becomes part of the new model.

    Returns:
        An uncompiled `keras.Model` with layers named `input`, `shared` and `specific`.

    Raises:
        ValueError: if `input_dim`, `num_classes` or `hidden_units` is below 1.

    Example:
        >>> source_model = build_article_model(input_dim=64, num_classes=5)
        >>> target_model = build_article_model(
        ...     input_dim=64, num_classes=5, shared_layer=source_model.get_layer("shared"))
        >>> target_model.get_layer("shared") is source_model.get_layer("shared")
        True
    """
    for name, value in (("input_dim", input_dim), ("num_classes", num_classes),
                        ("hidden_units", hidden_units)):
        whole_number(name, value)
    inputs = keras.Input(shape=(input_dim,), name="input")
    if shared_layer is None:
        shared_layer = keras.layers.Dense(hidden_units, activation="relu", name="shared")
    features = shared_layer(inputs)
    outputs = keras.layers.Dense(num_classes, activation="softmax", name="specific")(features)
    return keras.Model(inputs=inputs, outputs=outputs)


def build_optimizer(model: keras.Model) -> keras.Model:
    """Create the compiled optimizer's state (e.g. Adam's moments) now, so that `fit` traces once.

    With TensorFlow and no distribution strategy, Keras creates the optimizer's variables while it
    traces the training step, and TensorFlow then traces the step a second time (only a first trace
    may create variables). Creating them first saves that second trace: 0.1-0.2 s per new model on
    2 cores, which adds up over the dozens of runs of a comparison. The numbers do not change: the
    state starts at zero either way. Call it after `compile`; an unbuilt model is left alone.

    Args:
        model: a compiled Keras model.

    Returns:
        The same model.

    Raises:
        ValueError: if the model has not been compiled.

    Example:
        >>> model = build_article_model(input_dim=4, num_classes=2)
        >>> model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        >>> build_optimizer(model).optimizer.built
        True
    """
    if getattr(model, "optimizer", None) is None:
        raise ValueError(f"`model` must be compiled first (call `model.compile(...)`). Received: model={model.name!r} "
                         "without an optimizer.")
    if model.built and not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    return model


def clone_layer(layer: keras.layers.Layer) -> keras.layers.Layer:
    """Return a new layer with the same configuration and a copy of the weights of `layer`.

    Reusing a pretrained layer object in two models shares its weights: fine-tuning one model
    would change the other. A clone lets every experiment start from the same pretrained values.

    Args:
        layer: a built Keras layer (e.g. `source_model.get_layer("shared")`).

    Returns:
        An independent, built copy; its `trainable` flag is that of `layer`.

    Raises:
        ValueError: if `layer` has not been built yet (it has no weights to copy).

    Example:
        >>> source_model = build_article_model(input_dim=64, num_classes=5)
        >>> shared = clone_layer(source_model.get_layer("shared"))
        >>> shared is source_model.get_layer("shared"), shared.get_weights()[0].shape
        (False, (64, 64))
    """
    if not layer.built:
        raise ValueError(
            f"Layer {layer.name!r} is not built, so it has no weights to copy. Call the model "
            "that contains it on data (or `layer.build(input_shape)`) first."
        )
    copy = layer.__class__.from_config(layer.get_config())
    copy.build_from_config(layer.get_build_config())
    copy.set_weights(layer.get_weights())
    return copy


def build_small_cnn(num_classes: int = 10, image_size: int = 28, channels: int = 1) -> keras.Sequential:
    """Build the from-scratch baseline: the classic small Keras MNIST CNN, with dropout.

    Two convolution and pooling stages, then dropout and a softmax layer: about 35k parameters,
    no BatchNormalization (which needs many steps to settle its statistics, more than a
    few-shot run takes). It is the strongest from-scratch network we found for a handful of labels.

    Args:
        num_classes: number of output classes.
        image_size: side of the square input images.
        channels: 1 for grey images, 3 for colour photos.

    Returns:
        An untrained `keras.Sequential`.

    Example:
        >>> build_small_cnn().output_shape
        (None, 10)
    """
    return keras.Sequential([
        keras.Input((image_size, image_size, channels)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(num_classes, activation="softmax"),
    ], name="small_cnn")


def block_features(model: keras.Model, images, layer_names, batch_size: int = experiments.INFERENCE_BATCH) -> dict:
    """Return the globally average-pooled output of each named layer, for comparing layers.

    Runs the layers of a Sequential model one after the other (in inference mode) and keeps the
    outputs of `layer_names`, each pooled over its spatial positions to one vector per image.

    Args:
        model: a Sequential model, e.g. `tk.pretrained.load_shared_layers()`.
        images: inputs, shape (N, ...).
        layer_names: the layers to read, e.g. `["block1_relu", "block3_relu"]`.
        batch_size: images per call.

    Returns:
        `{layer_name: array of shape (N, channels)}`.

    Raises:
        ValueError: if a name is not a layer of `model`.

    Example:
        >>> import numpy as np
        >>> model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Conv2D(2, 3, name="conv")])
        >>> block_features(model, np.zeros((3, 4, 4, 1)), ["conv"])["conv"].shape
        (3, 2)
    """

    names = [layer.name for layer in model.layers]
    unknown = [name for name in layer_names if name not in names]
    if unknown:
        raise ValueError(f"Unknown layers {unknown}. Received: layer_names={list(layer_names)}. "
                         f"The model's layers are {names}.")
    parts = {name: [] for name in layer_names}
    for start in range(0, len(images), batch_size):
        x = keras.ops.convert_to_tensor(np.asarray(images[start:start + batch_size], "float32"))
        for layer in model.layers:
            x = layer(x, training=False)
            if layer.name in parts:
                pooled = keras.ops.mean(x, axis=tuple(range(1, len(x.shape) - 1))) if len(x.shape) > 2 else x
                parts[layer.name].append(keras.ops.convert_to_numpy(pooled))
    return {name: np.concatenate(chunks) for name, chunks in parts.items()}


def count_parameters(model: keras.Model) -> dict:
    """Count a model's trainable and non-trainable parameters (numbers, not weight tensors).

    Args:
        model: a built Keras model or layer.

    Returns:
        A dict with the keys `trainable`, `non_trainable` and `total`.

    Example:
        >>> layer = keras.layers.Dense(3)
        >>> layer.build((None, 4))
        >>> layer.trainable = False
        >>> count_parameters(layer)
        {'trainable': 0, 'non_trainable': 15, 'total': 15}
    """
    trainable = sum(int(keras.ops.size(w)) for w in model.trainable_weights)
    non_trainable = sum(int(keras.ops.size(w)) for w in model.non_trainable_weights)
    return {"trainable": trainable, "non_trainable": non_trainable, "total": trainable + non_trainable}


def split_sequential(model: keras.Sequential, num_shared_layers: int):
    """Split a Sequential model into f_shared (its first layers) and f_specific (the rest).

    The two parts reuse the very same layer objects, so they keep the weights of `model`.

    Args:
        model: a built `keras.Sequential`.
        num_shared_layers: how many of its first layers form f_shared.

    Returns:
        `(shared, specific)`, two `keras.Sequential` models; `specific(shared(x))` equals
        `model(x)`.

    Raises:
        ValueError: if `model` is not Sequential or `num_shared_layers` leaves a part empty.

    Example:
        >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
        >>> shared, specific = split_sequential(model, 1)
        >>> shared.output_shape, specific.output_shape
        ((None, 3), (None, 2))
    """
    if not isinstance(model, keras.Sequential):
        raise ValueError(f"`model` must be a keras.Sequential. Received: {type(model).__name__}. "
                         "For a functional model, build the parts with keras.Model(inputs, outputs).")
    layers = model.layers
    if not 1 <= num_shared_layers < len(layers):
        raise ValueError(f"`num_shared_layers` must be between 1 and {len(layers) - 1} for this model "
                         f"of {len(layers)} layers. Received: num_shared_layers={num_shared_layers}.")
    shared = keras.Sequential([keras.Input(model.input_shape[1:]), *layers[:num_shared_layers]],
                              name="shared")
    specific = keras.Sequential([keras.Input(shared.output_shape[1:]), *layers[num_shared_layers:]],
                                name="specific")
    return shared, specific


def compose(base_model: keras.Model, head_layers, training: bool | None = False) -> keras.Model:
    """Build `y = f_specific(f_shared(x))`: a base model followed by new head layers.

    As in the keras-io transfer-learning guide, the base model is called with `training=False`.
    Beware: in Keras 3, `fit` calls the whole model with `training=True`, which overrides that
    argument (keras-team/keras#20285). BatchNormalization layers stay in inference mode only
    while they are frozen (`trainable = False`), which is why `unfreeze_top_layers` keeps them
    frozen. Chapter 05 shows both.

    Args:
        base_model: f_shared, e.g. `tk.pretrained.load_shared_layers()`.
        head_layers: a layer or a list of layers forming f_specific.
        training: passed to the base model call; `None` lets Keras decide (not recommended).

    Returns:
        A `keras.Model` named `transfer_model`.

    Example:
        >>> base_model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
        >>> model = compose(base_model, keras.layers.Dense(2, activation="softmax"))
        >>> model.output_shape
        (None, 2)
    """
    if isinstance(head_layers, keras.layers.Layer):
        head_layers = [head_layers]
    inputs = keras.Input(base_model.input_shape[1:], name="image")
    outputs = base_model(inputs, training=training)
    for layer in head_layers:
        outputs = layer(outputs)
    return keras.Model(inputs, outputs, name="transfer_model")


def freeze_layers(model: keras.Model) -> keras.Model:
    """Freeze every layer of `model` in place (`trainable = False`) and return it.

    Recompile any model that contains it afterwards: `compile` fixes which weights train.

    Example:
        >>> model = build_article_model(input_dim=4, num_classes=2)
        >>> count_parameters(freeze_layers(model))["trainable"]
        0
    """
    model.trainable = False
    return model


def unfreeze_top_layers(model: keras.Model, num_layers: int | None = None,
                        keep_batchnorm_frozen: bool = True) -> list[str]:
    """Unfreeze the top `num_layers` weight layers that will train (all when None), in place.

    Only layers that actually become trainable are counted: with `keep_batchnorm_frozen` (the
    default) BatchNormalization layers stay frozen and are skipped, so `num_layers=2` on the
    course's source model unfreezes the convolutions of block4 and block5. Freezing the
    BatchNormalization layers matters: fine-tuning them on a few examples corrupts their
    statistics, the trap chapter 05 shows.

    Args:
        model: the (frozen) base model.
        num_layers: how many of the top trainable-to-be layers to unfreeze; None for all.
        keep_batchnorm_frozen: leave BatchNormalization layers frozen (and do not count them).

    Returns:
        The names of the layers now trainable, bottom to top, to print and check. Recompile before
        training again.

    Raises:
        ValueError: if `num_layers` is negative.

    Example:
        >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="a"),
        ...                           keras.layers.BatchNormalization(name="bn"), keras.layers.Dense(2, name="b")])
        >>> unfreeze_top_layers(freeze_layers(model), num_layers=2)
        ['a', 'b']
        >>> [layer.trainable for layer in model.layers]
        [True, False, True]
    """
    if num_layers is not None and (not isinstance(num_layers, int) or num_layers < 0):
        raise ValueError(f"`num_layers` must be a whole number, 0 or more, or None for all. Received: "
                         f"num_layers={num_layers!r}.")
    model.trainable = True  # a nested model only trains its layers if it is trainable itself
    layers = [layer for layer in _flat_layers(model) if layer.weights]
    candidates = [layer for layer in layers
                  if not (keep_batchnorm_frozen and isinstance(layer, keras.layers.BatchNormalization))]
    chosen = candidates if num_layers is None else candidates[len(candidates) - num_layers:] if num_layers else []
    for layer in layers:
        layer.trainable = layer in chosen
    return [layer.name for layer in chosen]


def recalibrate_batchnorm(model: keras.Model, images, batch_size: int = 256) -> keras.Model:
    """Recompute the moving statistics of the trainable BatchNormalization layers on `images`.

    During training a BatchNormalization layer keeps a running average of its inputs' mean and
    variance (momentum 0.99: roughly the last 100 steps) and uses it at test time. When the
    weights below it change fast, as in a short run from random weights, that average lags behind
    and the trained network fails at test time although it fits its training data (we measured a
    network at 97% training accuracy predicting one class for everything). Recomputing the
    statistics once after training, as PyTorch's `swa_utils.update_bn` does, removes the lag.
    Frozen BatchNormalization layers (`trainable = False`) keep their statistics.

    Args:
        model: a trained model.
        images: training inputs to compute the statistics on (the whole training set is best).
        batch_size: images per forward pass; the statistics are averaged over the batches.

    Returns:
        `model`, with the statistics updated in place.

    Example:
        >>> import numpy as np
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.BatchNormalization()])
        >>> _ = recalibrate_batchnorm(model, np.array([[1.0, 2.0], [3.0, 6.0]]))
        >>> keras.ops.convert_to_numpy(model.layers[0].moving_mean).tolist()
        [2.0, 4.0]
    """
    images = np.asarray(images, dtype="float32")
    if len(images) == 0:
        raise ValueError("`images` is empty. Pass the training inputs the model was trained on.")
    layers = [layer for layer in _flat_layers(model)
              if isinstance(layer, keras.layers.BatchNormalization) and layer.trainable]
    momenta = [layer.momentum for layer in layers]
    for number, start in enumerate(range(0, len(images), batch_size)):
        for layer in layers:
            layer.momentum = number / (number + 1)  # a running mean over the batches seen so far
        model(images[start:start + batch_size], training=True)
    for layer, momentum in zip(layers, momenta):
        layer.momentum = momentum
    return model


def _flat_layers(model) -> list:
    flat = []
    for layer in getattr(model, "layers", []):
        flat.extend(_flat_layers(layer) if isinstance(layer, keras.Model) else [layer])
    return flat


def describe_layers(model: keras.Model) -> str:
    """Return a table of a model's layers: which are trainable and how many parameters each has.

    Unlike `model.summary()`, it says per layer whether training will update it, which is what
    freezing changes.

    Args:
        model: a built Keras model.

    Returns:
        The table as a string, one row per layer that has weights, and a total row.

    Example:
        >>> model = build_article_model(input_dim=64, num_classes=10)
        >>> model.get_layer("shared").trainable = False
        >>> print(describe_layers(model))
        layer      trainable  parameters
        shared     no               4160
        specific   yes               650
        total: 650 trainable, 4160 frozen
    """
    rows = [(_("layer"), _("trainable"), _("parameters"))]

    def add(layers, prefix=""):
        for layer in layers:
            if not layer.weights:
                continue
            if isinstance(layer, keras.Model):  # a nested model: list its own layers
                add(layer.layers, prefix + layer.name + "/")
                continue
            size = count_parameters(layer)["total"]
            rows.append((prefix + layer.name, _("yes") if layer.trainable else _("no"), str(size)))

    add(model.layers)
    width = max(display_width(row[0]) for row in rows) + 3
    lines = [pad(name, width) + pad(flag, 9) + pad(size, 12, ">") for name, flag, size in rows]
    counts = count_parameters(model)
    lines.append(_("total: {trainable} trainable, {frozen} frozen").format(trainable=counts["trainable"],
                                                                          frozen=counts["non_trainable"]))
    return "\n".join(lines)
