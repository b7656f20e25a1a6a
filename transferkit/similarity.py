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
