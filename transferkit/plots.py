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

import functools
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib.text
import numpy as np
from matplotlib import font_manager

from transferkit import experiments
from transferkit.language import gettext as _
from transferkit.language import is_chinese, strategy_name

# On the Chinese track, text is drawn in DejaVu Sans (matplotlib's own) with the Chinese characters
# taken from the Noto Sans CJK SC subset transferkit ships (scripts/make_font.py): no machine needs a
# CJK font of its own.
CHINESE_FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoSansCJKsc-transferkit.otf"
CHINESE_FONT_FAMILIES = ["DejaVu Sans", "Noto Sans CJK SC"]


@functools.lru_cache(maxsize=None)
def _add_chinese_font() -> None:
    font_manager.fontManager.addfont(str(CHINESE_FONT_FILE))


def match_font_to_language() -> None:
    """On the Chinese track, make the shipped font matplotlib's fallback for every text drawn in this kernel.

    tk.plots' own texts get it anyway; this reaches what a notebook draws itself (`ax.set_title(tk.translate(...))`
    on its own axes): DejaVu Sans first, the Chinese characters from the subset. transferkit calls it when it is
    imported and when `tk.language.set_language` changes the language; in English matplotlib's default returns.

    Example:
        >>> from transferkit import language
        >>> language.set_language("zh-CN"); matplotlib.rcParams["font.family"]
        ['DejaVu Sans', 'Noto Sans CJK SC']
        >>> language.set_language("en"); matplotlib.rcParams["font.family"]
        ['sans-serif']
        >>> language.set_language(None)
    """
    if is_chinese():
        _add_chinese_font()
        matplotlib.rcParams["font.family"] = CHINESE_FONT_FAMILIES
    elif list(matplotlib.rcParams["font.family"]) == CHINESE_FONT_FAMILIES:
        matplotlib.rcParams["font.family"] = matplotlib.rcParamsDefault["font.family"]


def _axes(ax, figsize=(6, 3.5)):
    if ax is None:
        _figure, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _in_language(ax):
    """On the Chinese track, give every text of `ax` (title, axis labels, legend) a font with Chinese
    characters; the axes are returned as they are otherwise."""
    if is_chinese():
        _add_chinese_font()
        for text in ax.findobj(matplotlib.text.Text):
            text.set_fontfamily(CHINESE_FONT_FAMILIES)
    return ax


def _summary(results: list[dict]) -> list[dict]:
    if not results:
        raise ValueError("`results` is empty. Pass the rows returned by compare_strategies().")
    return experiments.summarize(results)


def plot_image_grid(images, labels=None, columns: int = 10, ax=None):
    """Show images side by side in one grid, as stored (0 is black, 1 white), with their labels in the title.

    The course's images are white ink on black, and the grid shows them so: an inverted image (black
    ink on white, like the "inverted digits" source task of chapter 07) looks inverted. Grey lines
    separate the images.

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
    grid = np.full(((height + 1) * rows + 1, (width + 1) * columns + 1), 0.5)  # grey between the images
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        top, left = 1 + row * (height + 1), 1 + column * (width + 1)
        grid[top:top + height, left:left + width] = image  # as stored: no inversion
    ax = _axes(ax, figsize=(0.6 * columns + 0.5, 0.6 * rows + 0.6))
    ax.imshow(grid, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    ax.set_axis_off()
    if labels is not None:
        ax.set_title(_("labels: {labels}").format(labels=" ".join(str(int(label)) for label in labels)), fontsize=9)
    return _in_language(ax)


def _correlate_same(image, kernel):
    """What a Conv2D layer with `padding="same"` computes for one filter: cross-correlation, zero-padded."""
    kh, kw = kernel.shape
    padded = np.pad(image, ((kh // 2, kh - 1 - kh // 2), (kw // 2, kw - 1 - kw // 2)))
    height, width = image.shape
    return sum(kernel[i, j] * padded[i:i + height, j:j + width] for i in range(kh) for j in range(kw))


def plot_filters(kernels, image=None, columns: int = 8, ax=None):
    """Show convolution filters, each on its own colour scale, and optionally what each one does to an image.

    First-layer filters are tiny (3x3) and their weights differ in size from filter to filter, so on one
    common colour scale most of them look pale. Here each filter is scaled to its own largest weight (red:
    positive, blue: negative, white: 0). With `image`, each filter's response to it (what `Conv2D` with
    `padding="same"` computes before BatchNormalization and ReLU, also on its own scale) is drawn under the
    filter: an edge detector lights one side of a stroke red and the other blue.

    Args:
        kernels: the layer's kernel, shape (height, width, 1, filters) as `Conv2D.get_weights()[0]` returns
            it for one input channel, or (height, width, filters).
        image: optional image of shape (H, W) or (H, W, 1) to apply the filters to.
        columns: filters per row.
        ax: the matplotlib axes to draw on; a new figure when None.

    Returns:
        The axes.

    Raises:
        ValueError: if `kernels` has more than one input channel or the wrong number of dimensions.

    Example:
        >>> import numpy as np
        >>> ax = plot_filters(np.ones((3, 3, 1, 4)), image=np.zeros((8, 8)), columns=2)
        >>> ax.get_images()[0].get_array().shape
        (37, 19)
    """
    kernels = np.asarray(kernels, dtype=float)
    if kernels.ndim == 4 and kernels.shape[2] == 1:
        kernels = kernels[:, :, 0, :]
    if kernels.ndim != 3:
        raise ValueError(
            "`kernels` must have shape (height, width, 1, filters) or (height, width, filters). "
            f"Received: shape {kernels.shape}. For a layer with several input channels, pass one: kernels[:, :, [c], :]."
        )
    filters = np.moveaxis(kernels, -1, 0)
    kh, kw = filters.shape[1:]
    if image is None:
        tiles = [[f / max(np.abs(f).max(), 1e-12)] for f in filters]
        tile_h, tile_w = kh, kw
    else:
        image = np.asarray(image, dtype=float)
        image = image[..., 0] if image.ndim == 3 else image
        tile_h, tile_w = image.shape
        scale = max(1, min(tile_h // kh, tile_w // kw))
        tiles = []
        for f in filters:
            big = np.full((tile_h, tile_w), np.nan)  # the filter, enlarged, in the middle of an image-sized tile
            top, left = (tile_h - kh * scale) // 2, (tile_w - kw * scale) // 2
            big[top:top + kh * scale, left:left + kw * scale] = np.kron(f, np.ones((scale, scale)))
            response = _correlate_same(image, f)
            tiles.append([big / max(np.abs(f).max(), 1e-12), response / max(np.abs(response).max(), 1e-12)])
    count, per = len(tiles), len(tiles[0])
    columns = max(1, min(columns, count))
    rows = -(-count // columns) * per
    grid = np.full(((tile_h + 1) * rows + 1, (tile_w + 1) * columns + 1), np.nan)  # NaN: the grey between tiles
    for index, stack in enumerate(tiles):
        row, column = divmod(index, columns)
        for k, tile in enumerate(stack):
            top, left = 1 + (row * per + k) * (tile_h + 1), 1 + column * (tile_w + 1)
            grid[top:top + tile_h, left:left + tile_w] = tile
    ax = _axes(ax, figsize=(0.85 * columns + 0.4, 0.85 * rows + 0.5) if image is not None else (0.6 * columns + 0.4, 0.6 * rows + 0.5))
    colours = plt.get_cmap("RdBu_r").with_extremes(bad="0.75")
    ax.imshow(np.ma.masked_invalid(grid), cmap=colours, vmin=-1, vmax=1, interpolation="nearest")
    ax.set_axis_off()
    ax.set_title(_("{count} filters, each on its own scale (red: positive, blue: negative)").format(count=count)
                 + (_("; under each, its response to the image") if image is not None else ""), fontsize=9)
    return _in_language(ax)


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
    summary = _summary(results)
    ax = _axes(ax)
    styles = ["-", "--", "-.", ":"]
    for index, strategy in enumerate(dict.fromkeys(row["strategy"] for row in summary)):
        rows = sorted((row for row in summary if row["strategy"] == strategy),
                      key=lambda row: row["labels_per_class"])
        budgets = np.array([row["labels_per_class"] for row in rows])
        mean = 100 * np.array([row["mean"] for row in rows])
        std = 100 * np.array([row["std"] for row in rows])
        line, = ax.plot(budgets, mean, marker="o", linestyle=styles[index % len(styles)], label=_("{strategy} (n={runs} seeds)").format(strategy=strategy_name(strategy), runs=rows[0]["runs"]))
        ax.fill_between(budgets, mean - std, mean + std, color=line.get_color(), alpha=0.2)
    if chance is not None:
        ax.axhline(100 * chance, color="grey", linestyle=":", label=_("chance"))
    ax.set_xscale("log")
    budgets = sorted({row["labels_per_class"] for row in summary})
    ax.set_xticks(budgets, [str(b) for b in budgets])
    ax.set_xlabel(_("labelled examples per class (log scale)"))
    ax.set_ylabel(_("test accuracy (%)"))
    ax.set_title(_("Label efficiency: mean ± std over seeds"))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return _in_language(ax)


def plot_strategy_bars(results: list[dict], ax=None):
    """Compare strategies as grouped bars: mean accuracy per label budget, ±1 std error bars.

    Args:
        results: rows as returned by `experiments.compare_strategies`.
        ax: the matplotlib axes to draw on; a new figure when None.

    Returns:
        The axes.

    Raises:
        ValueError: if `results` is empty.
    """
    summary = _summary(results)
    strategies = list(dict.fromkeys(row["strategy"] for row in summary))
    budgets = sorted({row["labels_per_class"] for row in summary})
    cell = {(row["strategy"], row["labels_per_class"]): row for row in summary}
    ax = _axes(ax, figsize=(7, 3.5))
    width = 0.8 / len(strategies)
    for index, strategy in enumerate(strategies):
        rows = [cell.get((strategy, budget)) for budget in budgets]
        positions = np.arange(len(budgets)) + (index - (len(strategies) - 1) / 2) * width
        means = [100 * row["mean"] if row else np.nan for row in rows]
        stds = [100 * row["std"] if row else 0 for row in rows]
        ax.bar(positions, means, width, yerr=stds, capsize=3, label=strategy_name(strategy))
    ax.set_xticks(np.arange(len(budgets)), [str(budget) for budget in budgets])
    ax.set_xlabel(_("labelled examples per class"))
    ax.set_ylabel(_("test accuracy (%)"))
    ax.set_title(_("Strategies compared: mean ± std over seeds"))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    return _in_language(ax)


def plot_feature_projection(features, labels, method: str = "pca", class_names=None, ax=None,
                            seed: int = 0, held_out: float = 0.0):
    """Project feature vectors to 2-D (PCA, LDA or t-SNE from scikit-learn), coloured by class.

    LDA uses the labels to find its directions, so points it was fitted on look better separated than
    new ones would: with `held_out=0.5` it is fitted on half the points (drawn with `seed`) and only
    the other half is shown, as a fair picture.

    Args:
        features: array of shape (N, D), e.g. the output of f_shared.
        labels: int array of shape (N,).
        method: `"pca"` (linear, unsupervised), `"lda"` (linear, uses the labels to separate
            classes) or `"tsne"` (non-linear, keeps neighbours together; slower).
        class_names: names shown in the legend; the label numbers when None.
        ax: the matplotlib axes to draw on; a new figure when None.
        seed: seed of t-SNE and of the held-out split.
        held_out: for LDA, the fraction of points not used to fit the projection and shown (0 fits
            on and shows all points).

    Returns:
        The axes.

    Raises:
        ValueError: for an unknown method, mismatched lengths, or `held_out` outside [0, 1).

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> ax = plot_feature_projection(rng.normal(size=(60, 5)), np.arange(60) % 3, method="lda", held_out=0.5)
        >>> len(ax.collections[0].get_offsets()) + len(ax.collections[1].get_offsets()) + len(ax.collections[2].get_offsets())
        30
    """
    features = np.asarray(features).reshape(len(features), -1)
    labels = np.asarray(labels)
    if len(features) != len(labels):
        raise ValueError(f"`features` and `labels` must have the same length. Received: {len(features)} "
                         f"and {len(labels)}.")
    if not 0 <= held_out < 1:
        raise ValueError(f"`held_out` must be in [0, 1). Received: held_out={held_out}. Pass 0.5 to fit LDA on "
                         "half the points and show the other half.")
    if method == "pca":
        from sklearn.decomposition import PCA
        points = PCA(n_components=2, random_state=seed).fit_transform(features)
    elif method == "lda":
        from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
        shown = np.ones(len(labels), bool)
        if held_out:
            shown = np.random.default_rng(seed).permutation(len(labels)) < round(held_out * len(labels))
        lda = LinearDiscriminantAnalysis(n_components=2).fit(features[~shown] if held_out else features,
                                                             labels[~shown] if held_out else labels)
        points, labels = lda.transform(features[shown]), labels[shown]
    elif method == "tsne":
        from sklearn.manifold import TSNE
        points = TSNE(n_components=2, random_state=seed, init="pca",
                      perplexity=min(30, max(2, len(features) // 4))).fit_transform(features)
    else:
        raise ValueError(f"Unknown projection. Received: method={method!r}. Expected 'pca', 'lda' or 'tsne'.")
    ax = _axes(ax, figsize=(4.5, 4))
    classes = np.unique(labels)
    colours = plt.get_cmap("tab10" if len(classes) <= 10 else "tab20")
    for index, class_id in enumerate(classes):
        mask = labels == class_id
        name = class_names[class_id] if class_names is not None else str(class_id)
        ax.scatter(points[mask, 0], points[mask, 1], s=6, alpha=0.6, color=colours(index % colours.N),
                   label=name)
    ax.set_title(_("Features projected with {method}").format(method=method.upper() if method != "tsne" else "t-SNE")
                 + (_(" (held-out points)") if method == "lda" and held_out else ""))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.legend(fontsize=7, markerscale=2, ncol=2 if len(classes) > 5 else 1, loc="best")
    return _in_language(ax)
