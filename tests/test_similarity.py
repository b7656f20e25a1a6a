import numpy as np
import pytest

import transferkit as tk


def test_linear_cka_is_one_for_rotated_and_scaled_copies_and_low_for_unrelated_features():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 6))
    rotation, _ = np.linalg.qr(rng.normal(size=(6, 6)))
    assert tk.similarity.linear_cka(x, 3 * x @ rotation) == pytest.approx(1.0)
    assert tk.similarity.linear_cka(x, rng.normal(size=(200, 6))) < 0.2


def test_mmd_is_zero_for_one_sample_and_grows_with_the_shift():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(150, 3))
    near, far = rng.normal(0.3, 1, (150, 3)), rng.normal(2.0, 1, (150, 3))
    assert tk.similarity.mmd(x, x) == pytest.approx(0.0, abs=1e-9)
    assert tk.similarity.mmd(x, near, bandwidth=1.0) < tk.similarity.mmd(x, far, bandwidth=1.0)


def test_bad_shapes_are_explained():
    with pytest.raises(ValueError, match="one row per example"):
        tk.similarity.mmd(np.zeros(5), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="same number of features"):
        tk.similarity.mmd(np.zeros((3, 2)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="same examples"):
        tk.similarity.linear_cka(np.zeros((3, 2)), np.zeros((4, 2)))


def test_block_features_pool_each_named_layer():
    import keras

    model = keras.Sequential([keras.Input((6, 6, 1)), keras.layers.Conv2D(2, 3, name="a"),
                              keras.layers.Conv2D(4, 3, name="b")])
    images = np.random.default_rng(0).random((5, 6, 6, 1)).astype("float32")
    features = tk.models.block_features(model, images, ["a", "b"], batch_size=2)
    assert features["a"].shape == (5, 2) and features["b"].shape == (5, 4)
    expected = keras.ops.convert_to_numpy(model(images)).mean(axis=(1, 2))
    assert np.allclose(features["b"], expected, atol=1e-5)
    with pytest.raises(ValueError, match="Unknown layers \\['c'\\]"):
        tk.models.block_features(model, images, ["c"])


def test_leep_rewards_informative_sources_and_explains_bad_input():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 5, 300)
    informative = np.full((300, 5), 0.02)
    informative[np.arange(300), (labels + 1) % 5] = 0.92      # source classes map one-to-one to targets
    useless = rng.dirichlet(np.ones(5), size=300)             # outputs unrelated to the labels
    assert tk.similarity.leep(informative, labels) > -0.2
    assert tk.similarity.leep(useless, labels) < np.log(1 / 5) + 0.1
    with pytest.raises(ValueError, match="probabilities"):
        tk.similarity.leep(np.ones((300, 5)), labels)
    with pytest.raises(ValueError, match="integer labels"):
        tk.similarity.leep(useless, labels[:10])


def test_proxy_a_distance_is_near_zero_for_one_domain_and_near_two_for_separable_domains():
    rng = np.random.default_rng(1)
    same = tk.similarity.proxy_a_distance(rng.normal(size=(300, 4)), rng.normal(size=(300, 4)))
    apart = tk.similarity.proxy_a_distance(rng.normal(size=(300, 4)), rng.normal(4.0, 1.0, (300, 4)))
    assert same < 0.4 and apart > 1.9
    with pytest.raises(ValueError, match="same number of features"):
        tk.similarity.proxy_a_distance(np.zeros((5, 2)), np.zeros((5, 3)))
