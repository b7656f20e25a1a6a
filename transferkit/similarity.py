"""How similar are two sets of features? Measures for comparing source and target, layer by layer.

The article suggests comparing the feature spaces of the source and the target task to choose the
shared layers. Two standard measures, both for feature matrices with one row per example:

- `mmd`: maximum mean discrepancy with a Gaussian kernel, a distance between two *distributions*
  (e.g. glyph features vs digit features); 0 when they match.
- `linear_cka`: centred kernel alignment (Kornblith et al., 2019), how similar two
  *representations of the same examples* are (e.g. one layer in two models); 1 when they match
  up to rotation and scale.

Example:
    >>> import numpy as np
    >>> x = np.random.default_rng(0).normal(size=(100, 5))
    >>> round(linear_cka(x, 2 * x), 6), mmd(x, x) < 1e-6
    (1.0, True)
"""

from __future__ import annotations

import numpy as np


def _check_matrix(name: str, x) -> np.ndarray:
    x = np.asarray(x, dtype="float64")
    if x.ndim != 2 or len(x) < 2:
        raise ValueError(f"`{name}` must be a 2-D array with one row per example (at least 2 rows). "
                         f"Received: shape {x.shape}. Flatten images with x.reshape(len(x), -1).")
    return x


def linear_cka(x, y) -> float:
    """Linear CKA between two representations of the same examples, in [0, 1].

    Args:
        x: features of N examples, shape (N, D1).
        y: features of the same N examples, shape (N, D2).

    Returns:
        The similarity: 1 for representations equal up to rotation and isotropic scaling.

    Raises:
        ValueError: if the inputs are not 2-D or have different numbers of rows.
    """
    x, y = _check_matrix("x", x), _check_matrix("y", y)
    if len(x) != len(y):
        raise ValueError(f"`x` and `y` must describe the same examples. Received: {len(x)} and {len(y)} rows.")
    x, y = x - x.mean(axis=0), y - y.mean(axis=0)
    cross = np.linalg.norm(y.T @ x) ** 2
    return float(cross / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y)))


def mmd(x, y, bandwidth: float | None = None) -> float:
    """Squared maximum mean discrepancy between two samples, with a Gaussian kernel.

    Args:
        x: features of one sample, shape (N, D).
        y: features of another sample, shape (M, D).
        bandwidth: kernel width; the median distance between all points when None.

    Returns:
        The (biased) squared MMD: 0 when the two samples come from the same distribution.

    Raises:
        ValueError: if the inputs are not 2-D or differ in their number of features.
    """
    x, y = _check_matrix("x", x), _check_matrix("y", y)
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"`x` and `y` must have the same number of features. Received: {x.shape[1]} and {y.shape[1]}.")
    both = np.concatenate([x, y])
    squared = np.sum(both**2, axis=1)
    distances = np.maximum(squared[:, None] + squared[None, :] - 2 * both @ both.T, 0)
    if bandwidth is None:
        bandwidth = float(np.sqrt(np.median(distances[distances > 0]))) if np.any(distances > 0) else 1.0
    kernel = np.exp(-distances / (2 * bandwidth**2))
    n = len(x)
    return float(kernel[:n, :n].mean() + kernel[n:, n:].mean() - 2 * kernel[:n, n:].mean())


def leep(source_probabilities, target_labels) -> float:
    """LEEP: how well a source model's outputs predict the target labels (Nguyen et al., 2020).

    A *transferability score*, computed before any training on the target: run the source model
    (its f_specific included) on the labelled target examples, learn from these few examples how
    each source class maps to the target classes, and measure how well that predicts the labels:
    the mean log-likelihood of the "expected empirical predictor". Closer to 0 is better; it is
    never above 0, and a source whose outputs say nothing about the target scores
    log(1 / number of classes) at best.

    Args:
        source_probabilities: the source model's output on N target examples, shape (N, Z), rows
            summing to 1 (softmax outputs).
        target_labels: the N target labels, integers.

    Returns:
        The LEEP score, a float <= 0.

    Raises:
        ValueError: if the shapes do not match or the rows are not probabilities.

    Example:
        >>> import numpy as np
        >>> labels = np.array([0, 0, 1, 1])
        >>> informative = np.eye(2)[labels]              # the source classes *are* the target classes
        >>> useless = np.full((4, 2), 0.5)               # the same output for every image
        >>> round(leep(informative, labels), 3), round(leep(useless, labels), 3)
        (0.0, -0.693)
    """
    theta = _check_matrix("source_probabilities", source_probabilities)
    labels = np.asarray(target_labels)
    if labels.shape != (len(theta),) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"`target_labels` must be {len(theta)} integer labels, one per row of "
                         f"`source_probabilities`. Received: shape {labels.shape}, dtype {labels.dtype}.")
    if np.any(theta < 0) or not np.allclose(theta.sum(axis=1), 1, atol=1e-3):
        raise ValueError("`source_probabilities` must hold probabilities (rows >= 0 summing to 1). "
                         "Pass the source model's softmax output, not its logits or features.")
    classes, index = np.unique(labels, return_inverse=True)
    joint = np.zeros((len(classes), theta.shape[1]))           # P(y, z), y target and z source class
    np.add.at(joint, index, theta / len(theta))
    conditional = joint / np.maximum(joint.sum(axis=0, keepdims=True), 1e-12)   # P(y | z)
    return float(np.mean(np.log(np.sum(theta * conditional[index], axis=1) + 1e-12)))


def proxy_a_distance(source_features, target_features, seed: int = 0) -> float:
    """Proxy A-distance (Ben-David et al., 2007): how well a linear classifier tells the two domains apart.

    A logistic regression learns to say "source or target" from the features; with its held-out
    error `err` (5-fold cross-validation, equal numbers of rows from each side), the proxy
    A-distance is `2 * (1 - 2 * err)`: 0 when the domains cannot be told apart (err = 0.5),
    2 when they are perfectly separable. Domain adaptation tries to make it small while keeping
    the classes apart.

    Args:
        source_features: (N, D) features of source examples.
        target_features: (M, D) features of target examples.
        seed: seed of the subsampling and the folds.

    Returns:
        The distance, between 0 and 2 (it can dip slightly below 0 by chance).

    Raises:
        ValueError: for inputs that are not 2-D or differ in their number of features.

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> near = proxy_a_distance(rng.normal(size=(200, 3)), rng.normal(size=(200, 3)))
        >>> far = proxy_a_distance(rng.normal(size=(200, 3)), rng.normal(loc=5.0, size=(200, 3)))
        >>> near < 0.5, far > 1.9
        (True, True)
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x, y = _check_matrix("source_features", source_features), _check_matrix("target_features", target_features)
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"The two feature sets must have the same number of features. Received: {x.shape[1]} "
                         f"and {y.shape[1]}.")
    rng = np.random.default_rng(seed)
    size = min(len(x), len(y))
    both = np.concatenate([x[rng.permutation(len(x))[:size]], y[rng.permutation(len(y))[:size]]])
    domain = np.repeat([0, 1], size)
    classifier = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    error = 1.0 - cross_val_score(classifier, both, domain, cv=5).mean()
    return float(2.0 * (1.0 - 2.0 * error))
