import matplotlib.pyplot as plt
import numpy as np
import pytest

import transferkit as tk


def rows():
    return [{"strategy": s, "labels_per_class": b, "seed": seed, "accuracy": 0.5 + 0.01 * b + 0.02 * seed,
             "seconds": 0.0} for s in ("from scratch", "transfer") for b in (1, 3, 10) for seed in (0, 1)]


def test_label_efficiency_draws_a_line_and_band_per_strategy_on_the_given_axes():
    figure, ax = plt.subplots()
    returned = tk.plots.plot_label_efficiency(rows(), ax=ax, chance=0.1)
    assert returned is ax
    assert len(ax.collections) == 2  # one spread band per strategy
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["from scratch (n=2 seeds)", "transfer (n=2 seeds)", "chance"]
    assert ax.get_xlabel() and ax.get_ylabel() == "test accuracy (%)"
    mean_line = ax.get_lines()[0]
    assert np.allclose(mean_line.get_ydata(), [100 * (0.51 + 0.01), 100 * (0.53 + 0.01), 100 * (0.6 + 0.01)])
    plt.close(figure)


def test_plots_make_their_own_axes_and_reject_empty_input():
    ax = tk.plots.plot_label_efficiency(rows())
    assert ax.figure is not None
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="results` is empty"):
        tk.plots.plot_label_efficiency([])


def test_image_grid_places_every_image():
    images = np.zeros((5, 8, 8, 1))
    images[3] = 1.0
    ax = tk.plots.plot_image_grid(images, labels=[0, 1, 2, 3, 4], columns=3)
    grid = ax.get_images()[0].get_array()
    assert grid.shape == (2 * 9 + 1, 3 * 9 + 1)
    # Shown as stored, not inverted: image 0 (all 0) is black, image 3 (all 1) white, grey between them.
    assert grid[1:9, 1:9].max() == 0.0 and grid[10:18, 1:9].min() == 1.0 and grid[0, 0] == 0.5
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="Received: shape"):
        tk.plots.plot_image_grid(np.zeros((8, 8)))


def test_strategy_bars_draw_one_bar_per_strategy_and_budget():
    ax = tk.plots.plot_strategy_bars(rows())
    assert len(ax.patches) == 2 * 3
    heights = sorted(round(p.get_height(), 6) for p in ax.patches)
    assert heights[0] == pytest.approx(100 * 0.52)  # budget 1: mean of 0.51 and 0.53
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "3", "10"]
    plt.close(ax.figure)


@pytest.mark.parametrize("method", ["pca", "lda", "tsne"])
def test_feature_projection_colours_each_class(method):
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(3), 10)
    features = rng.normal(size=(30, 5)) + labels[:, None] * 3
    ax = tk.plots.plot_feature_projection(features, labels, method=method, class_names=["a", "b", "c"])
    assert len(ax.collections) == 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "c"]
    plt.close(ax.figure)


def test_feature_projection_explains_bad_input():
    with pytest.raises(ValueError, match="Expected 'pca', 'lda' or 'tsne'"):
        tk.plots.plot_feature_projection(np.zeros((4, 2)), np.arange(4), method="umap")
    with pytest.raises(ValueError, match="same length"):
        tk.plots.plot_feature_projection(np.zeros((4, 2)), np.arange(3))


def test_lda_can_be_fitted_on_other_points_than_it_shows():
    rng = np.random.default_rng(0)
    features, labels = rng.normal(size=(40, 6)), np.arange(40) % 3
    ax = tk.plots.plot_feature_projection(features, labels, method="lda", held_out=0.25)
    assert sum(len(collection.get_offsets()) for collection in ax.collections) == 10
    assert "held-out" in ax.get_title()
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="held_out"):
        tk.plots.plot_feature_projection(features, labels, method="lda", held_out=1.0)


def test_filters_are_drawn_each_on_its_own_scale_with_their_responses_under_them():
    kernels = np.zeros((3, 3, 1, 2))
    kernels[:, :, 0, 0] = [[-1, 0, 1]] * 3        # a vertical-edge detector
    kernels[:, :, 0, 1] = 0.01                     # a faint filter: still drawn at full strength
    image = np.zeros((6, 6))
    image[:, 3:] = 1.0                             # a vertical edge between columns 2 and 3
    ax = tk.plots.plot_filters(kernels, image=image, columns=2)
    grid = np.ma.filled(ax.get_images()[0].get_array(), np.nan)
    assert grid.shape == (2 * 7 + 1, 2 * 7 + 1)   # one row of filters, one of responses, grey between
    faint = grid[1:7, 8:14]
    assert np.nanmax(faint) == pytest.approx(1.0)  # scaled to its own largest weight
    response = grid[8:14, 1:7]
    assert np.nanmax(np.abs(response)) == pytest.approx(1.0)
    assert response[:, 2:4].min() > 0.5 and np.allclose(response[1:-1, 0], 0)  # lights up at the edge only
    assert np.isnan(grid[0, 0]) and "own scale" in ax.get_title()
    plt.close(ax.figure)
    ax = tk.plots.plot_filters(kernels[:, :, 0, :])  # without an image: the filters alone
    assert ax.get_images()[0].get_array().shape == (3 + 2, 2 * 4 + 1)
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="Received: shape"):
        tk.plots.plot_filters(np.zeros((3, 3, 2, 4)))
