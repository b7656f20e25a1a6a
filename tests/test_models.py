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
