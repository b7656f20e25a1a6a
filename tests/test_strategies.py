import keras
import numpy as np
import pytest

import transferkit as tk


def tiny_task():
    """Two classes that pixels and pooled features both separate: horizontal vs vertical stripes."""
    rng = np.random.default_rng(0)
    labels = np.arange(40) % 2
    stripes = (np.arange(8) % 2).astype("float32")
    images = rng.uniform(0, 0.3, (40, 8, 8)).astype("float32")
    images[labels == 0] += 0.7 * stripes[:, None]
    images[labels == 1] += 0.7 * stripes[None, :]
    return images[..., None], labels


def copying_loader(source):
    """A `load_base` for the strategies that returns a fresh copy of `source` each call, and the copies made."""
    copies = []

    def load_base():
        copy = keras.models.clone_model(source)
        copy.set_weights(source.get_weights())
        copies.append(copy)
        return copy
    return load_base, copies


def tiny_base():
    return keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, name="block1_conv"),
                             keras.layers.BatchNormalization(name="block1_bn"),
                             keras.layers.Conv2D(4, 3, name="block2_conv"),
                             keras.layers.GlobalAveragePooling2D(name="features")], name="shared")


@pytest.mark.parametrize("make", [
    lambda base: tk.strategies.make_pixel_logistic_regression(),
    lambda base: tk.strategies.make_feature_logistic_regression(base),
    lambda base: tk.strategies.make_feature_extraction(base, 2, steps=50),
])
def test_fast_strategies_learn_an_easy_task(make):
    keras.utils.set_random_seed(0)
    images, labels = tiny_task()
    flatten = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten()])  # features = pixels
    model = make(flatten)(images[:10], labels[:10])
    assert tk.experiments.accuracy(model, images[10:], labels[10:]) >= 0.7


def test_feature_extraction_leaves_the_base_untouched():
    base_model = tiny_base()
    before = [w.copy() for w in base_model.get_weights()]
    images, labels = tiny_task()
    tk.strategies.make_feature_extraction(base_model, 2, steps=5)(images[:6], labels[:6])
    assert all(np.array_equal(a, b) for a, b in zip(before, base_model.get_weights()))


def test_feature_cache_computes_each_array_once(monkeypatch):
    calls = []
    base_model = tiny_base()

    def counting_graph(model, batch_size):  # stands in for the traced graph, counting the images it sees
        assert model is base_model
        return lambda batch: calls.append(len(batch)) or keras.ops.convert_to_numpy(model(batch, training=False))

    monkeypatch.setattr(tk.experiments, "graph_inference", counting_graph)
    cache = tk.strategies.FeatureCache(base_model)
    images = tiny_task()[0]
    first = cache(images)
    assert np.array_equal(first, cache(images.copy())) and calls == [40]
    assert np.array_equal(cache(images[5:9]), first[5:9]) and calls == [40]  # a subset: nothing new


def test_feature_cache_tells_apart_images_that_differ_in_one_bit(monkeypatch):
    calls = []
    base_model = tiny_base()
    monkeypatch.setattr(tk.experiments, "graph_inference", lambda model, batch_size: lambda batch: calls.append(
        len(batch)) or keras.ops.convert_to_numpy(model(batch, training=False)))
    images = tiny_task()[0][:3]
    variants = np.repeat(images[:1], 3, axis=0)
    variants[1, 0, 0, 0] = -variants[1, 0, 0, 0] if variants[1, 0, 0, 0] else -0.0  # the sign bit of one pixel
    variants[2, 5, 5, 0] = np.nextafter(variants[2, 5, 5, 0], np.float32(2))          # the last bit of another
    cache = tk.strategies.FeatureCache(base_model)
    cache(images)
    cache(variants)
    assert calls == [3, 2], "the two changed images are new; the unchanged one was seen"
    assert len({key for key in tk.strategies._fingerprints(np.concatenate([images, variants]))}) == 5


def test_strategies_on_one_base_share_its_features_until_its_weights_change(monkeypatch):
    calls = []
    base_model = tiny_base()

    def counting_graph(model, batch_size):
        return lambda batch: calls.append(len(batch)) or keras.ops.convert_to_numpy(model(batch, training=False))

    monkeypatch.setattr(tk.experiments, "graph_inference", counting_graph)
    images, labels = tiny_task()
    logistic = tk.strategies.make_feature_logistic_regression(base_model)
    dense = tk.strategies.make_feature_extraction(base_model, num_classes=2, steps=3)
    assert tk.strategies.FeatureCache.shared(base_model) is tk.strategies.FeatureCache.shared(base_model)
    assert tk.strategies.FeatureCache.shared(tiny_base()) is not tk.strategies.FeatureCache.shared(base_model)
    logistic(images, labels)
    dense(images, labels)
    assert calls == [40], "the second strategy should reuse the first one's features"
    base_model.get_layer("block1_conv").kernel.assign(base_model.get_layer("block1_conv").kernel * 2)
    changed = tk.strategies.FeatureCache.shared(base_model)(images)
    assert calls == [40, 40], "features of a changed base must be computed again"
    np.testing.assert_allclose(changed, keras.ops.convert_to_numpy(base_model(images, training=False)), rtol=1e-5, atol=1e-6)


def test_feature_cache_gives_the_base_models_features():
    base_model = tiny_base()
    images = tiny_task()[0]
    expected = keras.ops.convert_to_numpy(base_model(images, training=False))
    np.testing.assert_allclose(tk.strategies.FeatureCache(base_model, batch_size=16)(images), expected,
                               rtol=1e-5, atol=1e-6)


def test_fine_tuning_unfreezes_only_top_layers_and_uses_fresh_copies():
    source = tiny_base()
    load_base, copies = copying_loader(source)

    images, labels = tiny_task()
    train = tk.strategies.make_fine_tuning(load_base, 2, top_layers=1, head_steps=5, tune_steps=5)
    train(images[:6], labels[:6])
    train(images[:6], labels[:6])
    assert len(copies) == 2 and copies[0] is not copies[1]
    flags = {layer.name: layer.trainable for layer in copies[0].layers if layer.weights}
    assert flags == {"block1_conv": False, "block1_bn": False, "block2_conv": True}
    assert not np.array_equal(copies[0].get_layer("block2_conv").get_weights()[0],
                              source.get_layer("block2_conv").get_weights()[0])
    assert np.array_equal(copies[0].get_layer("block1_conv").get_weights()[0],
                          source.get_layer("block1_conv").get_weights()[0])


def test_lora_fine_tuning_trains_only_the_low_rank_factors_and_the_head():
    source = tiny_base()
    load_base, copies = copying_loader(source)

    images, labels = tiny_task()
    model = tk.strategies.make_lora_fine_tuning(load_base, 2, rank=2, head_steps=5, tune_steps=5)(images[:6], labels[:6])
    trained = copies[-1]
    names = sorted(weight.path.split("/", 1)[1] for weight in model.trainable_weights)
    assert names == ["block1_conv/lora_kernel_a", "block1_conv/lora_kernel_b", "block2_conv/lora_kernel_a",
                     "block2_conv/lora_kernel_b", "specific/bias", "specific/kernel"]
    for layer in ("block1_conv", "block2_conv"):  # the pretrained kernels did not move; the update did
        assert np.array_equal(trained.get_layer(layer)._kernel.numpy(), source.get_layer(layer).kernel.numpy())
        assert np.abs(trained.get_layer(layer).lora_kernel_b.numpy()).sum() > 0
    with pytest.raises(ValueError, match="rank"):
        tk.strategies.make_lora_fine_tuning(load_base, 2, rank=0)


def test_share_first_blocks_rejects_too_many_blocks():
    with pytest.raises(ValueError, match="between 0 and 2"):
        tk.strategies.make_share_first_blocks(tiny_base(), 3, num_classes=2)


def test_fine_tune_all_starts_from_the_source_weights_except_the_head():
    source = tk.models.build_small_cnn(4, image_size=12)
    images, labels = np.random.default_rng(0).random((8, 12, 12, 1)).astype("float32"), np.arange(8) % 3
    model = tk.strategies.make_fine_tune_all(source, 3, steps=0 + 1, learning_rate=1e-9)(images, labels)
    np.testing.assert_allclose(model.layers[0].get_weights()[0], source.layers[0].get_weights()[0], atol=1e-6)
    assert model.output_shape == (None, 3)


def test_from_scratch_puts_preprocessing_layers_inside_the_model():
    photos = np.random.default_rng(0).uniform(0, 255, (6, 12, 12, 3)).astype("float32")
    rescaled = tk.strategies.make_from_scratch(2, steps=5, preprocessing=keras.layers.Rescaling(1 / 255))
    model = rescaled(photos, np.arange(6) % 2)
    assert isinstance(model.layers[0], keras.layers.Rescaling) and model.input_shape == (None, 12, 12, 3)


def test_a_run_with_augmentation_is_the_same_whatever_ran_before_it():
    """A random layer shared by all runs would carry its random state (and a seed picked when it was built) over."""
    import random

    images, labels = tiny_task()
    tiny_network = lambda num_classes: keras.Sequential([  # noqa: E731
        keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(num_classes, activation="softmax")])
    train = tk.strategies.make_from_scratch(2, steps=3, preprocessing=tk.data.build_augmentation(),
                                            build_model=tiny_network)

    def one_run():
        tk.experiments.set_random_seed(1)
        return [weight.copy() for weight in train(images, labels).get_weights()]

    first = one_run()
    for seed in (0, 2):  # other runs of the same strategy in between, and Python's generator moved on
        tk.experiments.set_random_seed(seed)
        train(images, labels)
    random.random()
    assert all(np.array_equal(a, b) for a, b in zip(first, one_run()))
    rescale = keras.layers.Rescaling(1 / 255)
    assert tk.strategies.fresh_random_layers(rescale) is rescale  # nothing random: used as it is


def test_multitask_trains_both_heads_and_returns_the_target_classifier():
    rng = np.random.default_rng(0)
    auxiliary = rng.random((20, 28, 28, 1)).astype("float32")
    train = tk.strategies.make_multitask(auxiliary, np.arange(20) % 4, num_classes=3, steps=2)
    model = train(rng.random((6, 28, 28, 1)).astype("float32"), np.arange(6) % 3)
    assert model.output_shape == (None, 3)


def test_feature_extraction_runs_share_one_compiled_head_but_not_their_weights_or_optimizer_state():
    images, labels = tiny_task()
    train = tk.strategies.make_feature_extraction(tiny_base(), num_classes=2, steps=20)
    keras.utils.set_random_seed(0)
    first = train(images, labels)
    first_outputs = first(images)
    keras.utils.set_random_seed(1)
    train(images[:10], labels[:10])  # another run in between moves the shared model's weights and Adam's state
    np.testing.assert_allclose(first(images), first_outputs, rtol=1e-6)  # the first run kept its own weights
    keras.utils.set_random_seed(0)
    again = train(images, labels)
    np.testing.assert_allclose(again(images), first_outputs, rtol=1e-6)  # same seed, same result


def fresh_fit(build, x, y, steps, learning_rate, seed):
    """What fit_steps stands for: compile this very model with Adam and fit it."""
    keras.utils.set_random_seed(seed)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy")
    x_many, y_many = tk.data.repeat_examples(x, y, steps * 32)
    model.fit(x_many, y_many, batch_size=32, epochs=1, verbose=0)
    return model


@pytest.mark.parametrize("frozen", [False, True])
def test_fit_steps_gives_the_weights_of_compiling_and_fitting_each_model(frozen):
    """Runs of one network share a compiled copy; every run still ends with its own model's weights."""
    images, labels = tiny_task()
    x = images.reshape(len(images), -1)

    def build():
        model = tk.models.build_article_model(input_dim=64, num_classes=2)
        model.get_layer("shared").trainable = not frozen
        return model

    tk.strategies._COMPILED.clear()
    for seed in (3, 4, 3):
        keras.utils.set_random_seed(seed)
        model = tk.strategies.fit_steps(build(), x, labels, steps=7, learning_rate=0.01)
        expected = fresh_fit(build, x, labels, 7, 0.01, seed)
        for weight, reference in zip(model.get_weights(), expected.get_weights()):
            np.testing.assert_allclose(weight, reference, rtol=1e-6, atol=1e-7)
    assert len(tk.strategies._COMPILED) == 1, "the three runs should have shared one compiled copy"
    model = build()
    initial = model.get_layer("shared").get_weights()[0]
    trained = tk.strategies.fit_steps(model, x, labels, 7, 0.01).get_layer("shared").get_weights()[0]
    assert frozen == np.array_equal(initial, trained)  # a frozen layer keeps its initial weights in the copy too


def test_what_a_run_builds_after_fit_steps_does_not_depend_on_an_earlier_compiled_copy():
    """The run that compiles the copy and the runs that reuse it leave Python's generator (Keras' seeds) alike."""
    images, labels = tiny_task()
    x = images.reshape(len(images), -1)
    tk.strategies._COMPILED.clear()

    def run():
        keras.utils.set_random_seed(5)
        tk.strategies.fit_steps(tk.models.build_article_model(input_dim=64, num_classes=2), x, labels, 3, 0.01)
        return keras.layers.Dense(2).add_weight(shape=(3, 2), initializer="he_uniform").numpy()  # e.g. a LoRA factor

    first = run()  # compiles the copy
    assert len(tk.strategies._COMPILED) == 1
    np.testing.assert_array_equal(first, run())  # reuses it


def test_fit_steps_keeps_different_networks_apart():
    """Same shapes, another activation (or learning rate): not the same compiled copy, not the same result."""
    images, labels = tiny_task()
    x = images.reshape(len(images), -1)
    tk.strategies._COMPILED.clear()

    def build(activation):
        return keras.Sequential([keras.Input((64,)), keras.layers.Dense(8, activation=activation),
                                 keras.layers.Dense(2, activation="softmax")])

    for activation, learning_rate in (("relu", 0.01), ("tanh", 0.01), ("relu", 0.02)):
        keras.utils.set_random_seed(0)
        model = tk.strategies.fit_steps(build(activation), x, labels, steps=5, learning_rate=learning_rate)
        expected = fresh_fit(lambda: build(activation), x, labels, 5, learning_rate, 0)
        np.testing.assert_allclose(model(x[:4]), expected(x[:4]), rtol=1e-5, atol=1e-6)
    assert len(tk.strategies._COMPILED) == 3
    with pytest.raises(ValueError, match="steps"):
        tk.strategies.fit_steps(build("relu"), x, labels, steps=0, learning_rate=0.01)


def test_fit_steps_checks_the_compiled_copy_computes_what_the_model_computes(monkeypatch):
    """If two networks ever got the same key, the copy's outputs would differ: the model is then fitted itself."""
    images, labels = tiny_task()
    x = images.reshape(len(images), -1)
    tk.strategies._COMPILED.clear()
    monkeypatch.setattr(tk.strategies, "_architecture", lambda model, learning_rate: "one key for all")
    for activation in ("relu", "tanh"):
        def build():
            return keras.Sequential([keras.Input((64,)), keras.layers.Dense(8, activation=activation),
                                     keras.layers.Dense(2, activation="softmax")])
        keras.utils.set_random_seed(0)
        model = tk.strategies.fit_steps(build(), x, labels, steps=5, learning_rate=0.01)
        np.testing.assert_allclose(model(x[:4]), fresh_fit(build, x, labels, 5, 0.01, 0)(x[:4]), rtol=1e-5, atol=1e-6)
