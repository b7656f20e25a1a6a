"""Domain adaptation as Keras components: an MMD loss, a CORAL loss and a gradient-reversal layer.

The article's "Adaptation" strategy: the source and target tasks share their labels, but the
inputs come from shifted domains (printed glyph digits vs handwritten digits), and the target's
labels are unknown. Adaptation trains f_shared on the labelled source *and* the unlabelled target
so that the two domains' features look alike, then the source-trained f_specific works on both:

    loss = cross-entropy(f_specific(f_shared(x_source)), y_source) + weight * distance(F_source, F_target)

with F = f_shared(x). The distance is `mmd_loss` (maximum mean discrepancy, Long et al. 2015),
`coral_loss` (difference of covariances, Sun and Saenko 2016), or, adversarially, a domain
classifier trained through a `GradientReversal` layer (DANN, Ganin et al. 2016). `AlignmentLoss`
adds the first two to any functional model, so plain `compile` and `fit` train it.

Example:
    >>> import numpy as np
    >>> x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    >>> float(coral_loss(x, x)) == 0.0, float(mmd_loss(x, x + 3.0)) > 0.5
    (True, True)
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

from transferkit import models

BANDWIDTHS = (0.5, 1.0, 2.0, 4.0, 8.0)


def _check_pair(source_features, target_features):
    source, target = ops.convert_to_tensor(source_features), ops.convert_to_tensor(target_features)
    if len(source.shape) != 2 or len(target.shape) != 2 or source.shape[-1] != target.shape[-1]:
        raise ValueError("`source_features` and `target_features` must be 2-D, (batch, features), with the "
                         f"same number of features. Received: shapes {tuple(source.shape)} and "
                         f"{tuple(target.shape)}. Flatten or pool the features first.")
    return ops.cast(source, "float32"), ops.cast(target, "float32")


def mmd_loss(source_features, target_features, bandwidths=BANDWIDTHS):
    """Squared maximum mean discrepancy between two batches, with a sum of Gaussian kernels.

    $\\mathrm{MMD}^2 = \\overline{k(s, s')} + \\overline{k(t, t')} - 2\\,\\overline{k(s, t)}$: zero when
    the two batches come from the same distribution. Distances are divided by the feature
    dimension, so one set of bandwidths suits layers of any width; several bandwidths together
    see differences at several scales (the multi-kernel MMD of Long et al., 2015).

    Args:
        source_features: (batch, features) tensor from the source domain.
        target_features: (batch, features) tensor from the target domain.
        bandwidths: widths of the Gaussian kernels.

    Returns:
        A scalar tensor (differentiable, for use as a loss).

    Raises:
        ValueError: if the shapes do not match.

    Example:
        >>> import numpy as np
        >>> same = np.zeros((4, 2), "float32")
        >>> float(mmd_loss(same, same))
        0.0
    """
    source, target = _check_pair(source_features, target_features)
    both = ops.concatenate([source, target], axis=0)
    squared = ops.sum(both**2, axis=1)
    distances = ops.maximum(squared[:, None] + squared[None, :] - 2 * ops.matmul(both, ops.transpose(both)), 0.0)
    distances = distances / float(source.shape[-1])
    kernel = sum(ops.exp(-distances / (2.0 * float(width) ** 2)) for width in bandwidths)
    n = ops.shape(source)[0]
    return (ops.mean(kernel[:n, :n]) + ops.mean(kernel[n:, n:]) - 2 * ops.mean(kernel[:n, n:]))


def coral_loss(source_features, target_features):
    """CORAL: squared Frobenius distance between the two batches' feature covariances, / (4 d^2).

    Aligning second-order statistics (Sun and Saenko, "Deep CORAL", 2016): cheap, with no
    kernel to choose.

    Args:
        source_features: (batch, features) tensor from the source domain.
        target_features: (batch, features) tensor from the target domain.

    Returns:
        A scalar tensor.

    Raises:
        ValueError: if the shapes do not match.

    Example:
        >>> import numpy as np
        >>> source = np.array([[1.0, 0.0], [-1.0, 0.0]], "float32")
        >>> target = np.array([[0.0, 1.0], [0.0, -1.0]], "float32")
        >>> float(coral_loss(source, target))
        0.5
    """
    source, target = _check_pair(source_features, target_features)

    def covariance(x):
        centred = x - ops.mean(x, axis=0, keepdims=True)
        return ops.matmul(ops.transpose(centred), centred) / ops.cast(ops.maximum(ops.shape(x)[0] - 1, 1), "float32")

    dimension = float(source.shape[-1])
    return ops.sum((covariance(source) - covariance(target)) ** 2) / (4.0 * dimension**2)


@keras.saving.register_keras_serializable(package="transferkit")
class GradientReversal(keras.layers.Layer):
    """The identity on the way forward; multiplies the gradient by -`strength` on the way back.

    Put between f_shared and a domain classifier (DANN): the classifier learns to tell source
    from target features, while f_shared, receiving the reversed gradient, learns to make them
    indistinguishable.

    Args:
        strength: the factor lambda of the reversed gradient (0 turns the adversary off).

    Example:
        >>> import numpy as np, tensorflow as tf
        >>> x = tf.Variable([1.0, 2.0])
        >>> with tf.GradientTape() as tape:
        ...     y = tf.reduce_sum(GradientReversal(strength=0.5)(x) * 3.0)
        >>> tape.gradient(y, x).numpy().tolist()
        [-1.5, -1.5]
    """

    def __init__(self, strength: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(strength, (int, float)) or strength < 0:
            raise ValueError(f"`strength` must be a number >= 0. Received: strength={strength!r}.")
        self.strength = float(strength)

    def call(self, inputs):
        strength = self.strength

        @ops.custom_gradient
        def reverse(x):
            def grad(*args, upstream=None):
                if upstream is None:
                    (upstream,) = args
                return -strength * upstream
            return ops.copy(x), grad

        return reverse(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "strength": self.strength}


@keras.saving.register_keras_serializable(package="transferkit")
class AlignmentLoss(keras.layers.Layer):
    """Add `weight * distance(source_features, target_features)` to the model's loss; pass the
    source features through unchanged.

    Args:
        kind: `"mmd"` or `"coral"`.
        weight: the loss weight (how much alignment counts against classification).

    Example:
        >>> import numpy as np
        >>> layer = AlignmentLoss("coral", weight=2.0)
        >>> source = np.array([[1.0, 0.0], [-1.0, 0.0]], "float32")
        >>> _ = layer([source, source[:, ::-1]])
        >>> [round(float(loss), 3) for loss in layer.losses]
        [1.0]
    """

    def __init__(self, kind: str = "mmd", weight: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        if kind not in ("mmd", "coral"):
            raise ValueError(f"`kind` must be 'mmd' or 'coral'. Received: kind={kind!r}. "
                             "For the adversarial method use `GradientReversal` and a domain classifier.")
        if not isinstance(weight, (int, float)) or weight < 0:
            raise ValueError(f"`weight` must be a number >= 0. Received: weight={weight!r}.")
        self.kind, self.weight = kind, float(weight)

    def call(self, inputs):
        source, target = inputs
        distance = mmd_loss(source, target) if self.kind == "mmd" else coral_loss(source, target)
        self.add_loss(self.weight * distance)
        return source

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {**super().get_config(), "kind": self.kind, "weight": self.weight}


METHODS = ("source only", "mmd", "coral", "dann")


def build_digit_networks(seed: int | None = 0, num_classes: int = 10):
    """Build a fresh (f_shared, f_specific) pair for adaptation: small CNN features, softmax head.

    f_shared: two convolution and pooling stages, then Dense(128, relu), images -> 128 features;
    f_specific: Dense(num_classes, softmax). With a `seed`, `keras.utils.set_random_seed(seed)`
    is called first; with None, the current random state is used.

    Example:
        >>> shared, specific = build_digit_networks()
        >>> shared.output_shape
        (None, 128)
    """
    if seed is not None:
        keras.utils.set_random_seed(seed)
    layers = keras.layers
    shared = keras.Sequential([
        keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(), layers.Flatten(),
        layers.Dense(128, activation="relu"),
    ], name="shared")
    return shared, layers.Dense(num_classes, activation="softmax", name="specific")


def fit_adapted(method: str, source_images, source_labels, target_images, weight: float = 1.0,
                epochs: int = 4, seed: int = 0) -> keras.Model:
    """Train f_shared and f_specific on labelled source images, adapting to unlabelled target images.

    Each training step sees a batch of 64 source images (with labels) and 64 target images
    (without). `"source only"` ignores the target; `"mmd"` and `"coral"` add `weight` times the
    distance between the two batches' features; `"dann"` adds a domain classifier behind a
    `GradientReversal(weight)` layer.

    Args:
        method: one of `METHODS`.
        source_images, source_labels: the labelled source domain.
        target_images: the unlabelled target domain (sampled with replacement to the source's size).
        weight: the alignment weight, or the reversal strength for DANN.
        epochs: passes over the source images.
        seed: seed of the initial weights and of the target sampling.

    Returns:
        The classifier `keras.Sequential([f_shared, f_specific])` (layers `shared` and `specific`).

    Raises:
        ValueError: for an unknown method.

    Example:
        >>> import numpy as np
        >>> images = np.zeros((8, 28, 28, 1), "float32")
        >>> model = fit_adapted("coral", images, np.arange(8) % 2, images, epochs=1)
        >>> model.output_shape
        (None, 10)
    """
    if method not in METHODS:
        raise ValueError(f"Unknown adaptation method. Received: method={method!r}. Expected one of {METHODS}.")
    shared, specific = build_digit_networks(seed)
    source_input, target_input = keras.Input((28, 28, 1)), keras.Input((28, 28, 1))
    source_features, target_features = shared(source_input), shared(target_input)
    if method in ("mmd", "coral"):
        source_features = AlignmentLoss(method, weight)([source_features, target_features])
    outputs = {"label": keras.layers.Identity(name="label")(specific(source_features))}
    losses = {"label": "sparse_categorical_crossentropy"}
    targets = {"label": np.asarray(source_labels)}
    if method == "dann":
        domain = keras.Sequential([keras.layers.Dense(64, activation="relu"),
                                   keras.layers.Dense(1, activation="sigmoid")], name="domain")
        reverse = GradientReversal(weight)
        outputs["source_domain"] = keras.layers.Identity(name="source_domain")(domain(reverse(source_features)))
        outputs["target_domain"] = keras.layers.Identity(name="target_domain")(domain(reverse(target_features)))
        losses.update(source_domain="binary_crossentropy", target_domain="binary_crossentropy")
        targets.update(source_domain=np.zeros(len(source_labels)), target_domain=np.ones(len(source_labels)))
    model = keras.Model([source_input, target_input], outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=losses)
    models.build_optimizer(model)
    sampled = np.asarray(target_images)[np.random.default_rng(seed).integers(0, len(target_images), len(source_labels))]
    model.fit([np.asarray(source_images), sampled], targets, batch_size=64, epochs=epochs, verbose=0)
    return keras.Sequential([shared, specific], name="classifier")
