import keras
import numpy as np
import pytest

import transferkit as tk


def test_article_model_has_the_articles_layers_and_parameter_counts():
    model = tk.models.build_article_model(input_dim=64, num_classes=10)
    shared, specific = model.get_layer("shared"), model.get_layer("specific")
    assert shared.units == 64 and shared.get_config()["activation"] == "relu"
    assert specific.units == 10 and specific.get_config()["activation"] == "softmax"
    assert tk.models.count_parameters(shared)["total"] == 64 * 64 + 64
    assert tk.models.count_parameters(specific)["total"] == 64 * 10 + 10


def test_reusing_a_shared_layer_shares_its_weights_and_frozen_flag():
    source = tk.models.build_article_model(input_dim=4, num_classes=3, hidden_units=5)
    shared = source.get_layer("shared")
    shared.trainable = False
    target = tk.models.build_article_model(input_dim=4, num_classes=2, shared_layer=shared)
    assert target.get_layer("shared") is shared
    assert tk.models.count_parameters(target) == {"trainable": 12, "non_trainable": 25, "total": 37}


def test_freezing_keeps_shared_weights_fixed_during_fit():
    keras.utils.set_random_seed(0)
    model = tk.models.build_article_model(input_dim=4, num_classes=2, hidden_units=3)
    model.get_layer("shared").trainable = False
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    before = [w.copy() for w in model.get_weights()]
    model.fit(np.random.rand(16, 4), np.arange(16) % 2, epochs=2, verbose=0)
    after = model.get_weights()
    assert np.array_equal(before[0], after[0]) and np.array_equal(before[1], after[1])
    assert not np.array_equal(before[2], after[2])


def test_clone_layer_copies_weights_without_sharing_them():
    model = tk.models.build_article_model(input_dim=4, num_classes=2, hidden_units=3)
    original = model.get_layer("shared")
    copy = tk.models.clone_layer(original)
    assert copy is not original
    for a, b in zip(copy.get_weights(), original.get_weights()):
        assert np.array_equal(a, b)
    copy.set_weights([w + 1 for w in copy.get_weights()])
    assert not np.array_equal(copy.get_weights()[0], original.get_weights()[0])


def test_clone_layer_explains_an_unbuilt_layer():
    with pytest.raises(ValueError, match="not built"):
        tk.models.clone_layer(keras.layers.Dense(3))


@pytest.mark.parametrize("kwargs", [{"input_dim": 0}, {"input_dim": 4, "num_classes": 0},
                                    {"input_dim": 4, "hidden_units": 2.5}])
def test_article_model_rejects_bad_sizes(kwargs):
    with pytest.raises(ValueError, match="whole number of at least 1"):
        tk.models.build_article_model(**kwargs)


def test_describe_layers_says_which_layers_train():
    model = tk.models.build_article_model(input_dim=64, num_classes=10)
    model.get_layer("shared").trainable = False
    table = tk.models.describe_layers(model).splitlines()
    assert table[1].split() == ["shared", "no", "4160"]
    assert table[2].split() == ["specific", "yes", "650"]
    assert table[-1] == "total: 650 trainable, 4160 frozen"


def small_cnn():
    return keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(2, 3, name="block1_conv"),
        keras.layers.BatchNormalization(name="block1_bn"),
        keras.layers.Conv2D(2, 3, name="block2_conv"),
        keras.layers.GlobalAveragePooling2D(name="features"),
    ], name="shared")


def test_split_sequential_keeps_the_same_layers_and_output():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="a"), keras.layers.Dense(2, name="b")])
    shared, specific = tk.models.split_sequential(model, 1)
    x = np.random.rand(5, 4).astype("float32")
    assert np.allclose(specific(shared(x)), model(x))
    assert shared.layers[0] is model.layers[0]
    with pytest.raises(ValueError, match="between 1 and 1"):
        tk.models.split_sequential(model, 2)
    with pytest.raises(ValueError, match="must be a keras.Sequential"):
        tk.models.split_sequential(tk.models.build_article_model(4), 1)


def moving_mean_after_fit(base_model):
    model = tk.models.compose(base_model, keras.layers.Dense(3, activation="softmax"))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    bn = base_model.get_layer("block1_bn")
    before = bn.moving_mean.numpy().copy()
    model.fit(np.random.rand(4, 8, 8, 1).astype("float32"), np.array([0, 1, 2, 0]), epochs=1, verbose=0)
    return before, bn.moving_mean.numpy()


def test_batchnorm_statistics_stay_put_only_while_batchnorm_is_frozen():
    # The trap chapter 05 teaches: in Keras 3, fit's training=True overrides the training=False
    # that compose() passes (keras-team/keras#20285); a frozen BatchNormalization layer is safe.
    model = small_cnn()
    tk.models.unfreeze_top_layers(model)
    before, after = moving_mean_after_fit(model)
    assert np.array_equal(before, after)
    model = small_cnn()
    tk.models.unfreeze_top_layers(model, keep_batchnorm_frozen=False)
    before, after = moving_mean_after_fit(model)
    assert not np.array_equal(before, after)


def test_freeze_and_unfreeze_top_layers_keep_batchnorm_frozen():
    base_model = tk.models.freeze_layers(small_cnn())
    assert tk.models.count_parameters(base_model)["trainable"] == 0
    # Only layers that become trainable are counted: BatchNormalization stays frozen and is skipped.
    assert tk.models.unfreeze_top_layers(base_model, 1) == ["block2_conv"]
    assert tk.models.unfreeze_top_layers(base_model, 2) == ["block1_conv", "block2_conv"]
    flags = {layer.name: layer.trainable for layer in base_model.layers if layer.weights}
    assert flags == {"block1_conv": True, "block1_bn": False, "block2_conv": True}
    assert tk.models.unfreeze_top_layers(base_model, 2, keep_batchnorm_frozen=False) == ["block1_bn", "block2_conv"]
    tk.models.unfreeze_top_layers(base_model, None, keep_batchnorm_frozen=False)
    assert all(layer.trainable for layer in base_model.layers)
    tk.models.unfreeze_top_layers(base_model, 0)
    assert tk.models.count_parameters(base_model)["trainable"] == 0
    with pytest.raises(ValueError, match="0 or more"):
        tk.models.unfreeze_top_layers(base_model, -1)


def test_describe_layers_lists_the_layers_inside_a_nested_base_model():
    base_model = tk.models.freeze_layers(small_cnn())
    model = tk.models.compose(base_model, keras.layers.Dense(3, name="head"))
    rows = [line.split() for line in tk.models.describe_layers(model).splitlines()[1:-1]]
    assert [(row[0], row[1]) for row in rows] == [
        ("shared/block1_conv", "no"), ("shared/block1_bn", "no"), ("shared/block2_conv", "no"), ("head", "yes")]


def test_recalibrate_batchnorm_sets_trainable_statistics_to_the_data_and_leaves_frozen_ones():
    model = keras.Sequential([keras.Input((3,)), keras.layers.BatchNormalization(name="free"),
                              keras.layers.BatchNormalization(name="frozen")])
    model.get_layer("frozen").trainable = False
    images = np.random.default_rng(0).normal(5.0, 2.0, (600, 3)).astype("float32")
    tk.models.recalibrate_batchnorm(model, images, batch_size=100)
    free = model.get_layer("free")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(free.moving_mean), images.mean(axis=0), rtol=1e-4)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(free.moving_variance), images.var(axis=0), rtol=0.05)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(model.get_layer("frozen").moving_mean), 0.0)
    assert free.momentum == 0.99  # restored


def test_build_optimizer_saves_a_trace_and_changes_no_number():
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    y = np.arange(64) % 2

    def train(build_first):
        keras.utils.set_random_seed(0)
        model = tk.models.build_article_model(input_dim=4, num_classes=2)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        traces, train_step = [], model.train_step
        model.train_step = lambda data: traces.append(1) or train_step(data)
        if build_first:
            tk.models.build_optimizer(model)
        model.fit(x, y, batch_size=16, epochs=2, verbose=0)
        return model.get_weights(), len(traces)

    (plain, plain_traces), (built, built_traces) = train(False), train(True)
    assert plain_traces == 2 and built_traces == 1
    assert all(np.array_equal(a, b) for a, b in zip(plain, built))


def test_build_optimizer_explains_an_uncompiled_model():
    with pytest.raises(ValueError, match="compiled first"):
        tk.models.build_optimizer(tk.models.build_article_model(input_dim=4, num_classes=2))
