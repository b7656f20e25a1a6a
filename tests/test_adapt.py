import keras
import numpy as np
import pytest
import tensorflow as tf

import transferkit as tk


def test_coral_loss_matches_the_formula_and_is_zero_for_equal_covariances():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(50, 4)), rng.normal(scale=3.0, size=(50, 4))
    expected = np.sum((np.cov(a, rowvar=False) - np.cov(b, rowvar=False)) ** 2) / (4 * 4**2)
    assert float(tk.adapt.coral_loss(a, b)) == pytest.approx(expected, rel=1e-4)
    assert float(tk.adapt.coral_loss(a, a + 5.0)) == pytest.approx(0.0, abs=1e-6)  # a shift is not a covariance change


def test_mmd_loss_grows_with_the_shift_between_domains():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 8)).astype("float32")
    same = float(tk.adapt.mmd_loss(x, rng.normal(size=(64, 8))))
    shifted = float(tk.adapt.mmd_loss(x, rng.normal(loc=2.0, size=(64, 8))))
    assert shifted > 3 * same


def test_losses_explain_mismatched_shapes():
    with pytest.raises(ValueError, match="same number of features"):
        tk.adapt.coral_loss(np.zeros((4, 3)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="Flatten or pool"):
        tk.adapt.mmd_loss(np.zeros((4, 3, 3)), np.zeros((4, 3, 3)))


def test_gradient_reversal_is_identity_forward_and_flips_the_gradient_backward():
    x = tf.Variable([[1.0, -2.0]])
    layer = tk.adapt.GradientReversal(strength=2.0)
    with tf.GradientTape() as tape:
        y = layer(x)
        loss = tf.reduce_sum(y * tf.constant([[3.0, 4.0]]))
    np.testing.assert_allclose(y.numpy(), x.numpy())
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), [[-6.0, -8.0]])
    with pytest.raises(ValueError, match="strength"):
        tk.adapt.GradientReversal(strength=-1)


def test_alignment_loss_adds_the_weighted_distance_to_the_model_loss():
    source, target = keras.Input((2,)), keras.Input((2,))
    out = tk.adapt.AlignmentLoss("coral", weight=3.0)([source, target])
    model = keras.Model([source, target], out)
    a = np.array([[1.0, 0.0], [-1.0, 0.0]], "float32")
    model([a, a[:, ::-1]])
    assert [round(float(loss), 4) for loss in model.losses] == [1.5]
    with pytest.raises(ValueError, match="'mmd' or 'coral'"):
        tk.adapt.AlignmentLoss("dann")


@pytest.mark.parametrize("method", tk.adapt.METHODS)
def test_fit_adapted_trains_every_method_and_returns_the_classifier(method):
    rng = np.random.default_rng(0)
    images = rng.random((16, 28, 28, 1)).astype("float32")
    model = tk.adapt.fit_adapted(method, images, np.arange(16) % 10, images[::-1], weight=0.5, epochs=1)
    assert [layer.name for layer in model.layers] == ["shared", "specific"]
    assert model.predict(images, verbose=0).shape == (16, 10)


def test_fit_adapted_rejects_unknown_methods():
    with pytest.raises(ValueError, match="Expected one of"):
        tk.adapt.fit_adapted("magic", np.zeros((2, 28, 28, 1)), np.zeros(2, int), np.zeros((2, 28, 28, 1)))
