"""Plots the chapters share. Each draws on `ax` (or a new small figure) and returns the axes.

Nothing here calls `plt.show()` or saves a file: the notebook decides.

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> ax = plot_image_grid(np.zeros((4, 8, 8, 1)), labels=[0, 1, 2, 3])
    >>> ax.get_title()
    'labels: 0 1 2 3'
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from transferkit import experiments


def _axes(ax, figsize=(6, 3.5)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_image_grid(images, labels=None, columns: int = 10, ax=None):
    """Show images side by side in one grid, with their labels in the title.

    Args:
        images: array of shape (N, height, width) or (N, height, width, 1), values in [0, 1].
        labels: optional labels, listed in reading order in the title.
        columns: images per row.
        ax: the matplotlib axes to draw on; a new figure when None.

    Returns:
        The axes.

    Raises:
        ValueError: if `images` is not a stack of 2-D (or single-channel) images.
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(
            "`images` must have shape (N, height, width) or (N, height, width, 1) with N >= 1. "
            f"Received: shape {images.shape}."
        )
    count, height, width = images.shape
    columns = max(1, min(columns, count))
    rows = -(-count // columns)
    grid = np.ones(((height + 1) * rows + 1, (width + 1) * columns + 1))
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        top, left = 1 + row * (height + 1), 1 + column * (width + 1)
        grid[top:top + height, left:left + width] = 1 - image  # dark ink on white paper
    ax = _axes(ax, figsize=(0.6 * columns + 0.5, 0.6 * rows + 0.6))
    ax.imshow(grid, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    ax.set_axis_off()
    if labels is not None:
        ax.set_title("labels: " + " ".join(str(int(label)) for label in labels), fontsize=9)
    return ax


def plot_label_efficiency(results: list[dict], ax=None, chance: float | None = None):
    """Plot test accuracy against labels per class: mean over seeds, with a ±1 std band.

    Args:
        results: rows as returned by `experiments.compare_strategies`.
        ax: the matplotlib axes to draw on; a new figure when None.
        chance: accuracy of guessing (1 / number of classes), drawn as a dotted line if given.

    Returns:
        The axes.

    Raises:
        ValueError: if `results` is empty.
    """
    if not results:
        raise ValueError("`results` is empty. Pass the rows returned by compare_strategies().")
    summary = experiments.summarize(results)
    ax = _axes(ax)
    styles = ["-", "--", "-.", ":"]
    for index, strategy in enumerate(dict.fromkeys(row["strategy"] for row in summary)):
        rows = sorted((row for row in summary if row["strategy"] == strategy),
                      key=lambda row: row["labels_per_class"])
        budgets = np.array([row["labels_per_class"] for row in rows])
        mean = 100 * np.array([row["mean"] for row in rows])
        std = 100 * np.array([row["std"] for row in rows])
        line, = ax.plot(budgets, mean, marker="o", linestyle=styles[index % len(styles)], label=f"{strategy} (n={rows[0]['runs']} seeds)")
        ax.fill_between(budgets, mean - std, mean + std, color=line.get_color(), alpha=0.2)
    if chance is not None:
        ax.axhline(100 * chance, color="grey", linestyle=":", label="chance")
    ax.set_xscale("log")
    budgets = sorted({row["labels_per_class"] for row in summary})
    ax.set_xticks(budgets, [str(b) for b in budgets])
    ax.set_xlabel("labelled examples per class (log scale)")
    ax.set_ylabel("test accuracy (%)")
    ax.set_title("Label efficiency: mean ± std over seeds")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return ax
