import numpy as np
import pytest

import transferkit as tk


def constant_model(class_id, num_classes=2):
    return lambda x: np.eye(num_classes)[np.full(len(x), class_id)]


def test_compare_strategies_gives_every_strategy_the_same_split():
    seen = {}

    def remember(name):
        def train(x_train, y_train):
            seen.setdefault(name, []).append(x_train[:, 0].tolist())
            return constant_model(0)
        return train

    images = np.arange(40, dtype="float32").reshape(40, 1)
    labels = np.arange(40) % 2
    results = tk.experiments.compare_strategies({"a": remember("a"), "b": remember("b")},
                                                images, labels, labels_per_class=[1, 3], seeds=[0, 1])
    assert seen["a"] == seen["b"] and len(seen["a"]) == 4
    assert {(r["strategy"], r["labels_per_class"], r["seed"]) for r in results} == {
        (s, b, seed) for s in "ab" for b in (1, 3) for seed in (0, 1)}
    assert all(r["accuracy"] == 0.5 for r in results)


def test_accuracy_is_measured_on_the_held_out_examples():
    images = np.zeros((12, 1), "float32")
    labels = np.array([0] * 8 + [1] * 4)
    results = tk.experiments.compare_strategies({"zero": lambda x, y: constant_model(0)},
                                                images, labels, labels_per_class=[2], seeds=[0])
    assert results[0]["accuracy"] == pytest.approx(6 / 8)


def test_summarize_and_gains_report_mean_spread_and_pairing():
    rows = [{"strategy": s, "labels_per_class": 1, "seed": seed, "accuracy": a, "seconds": 0.0}
            for s, seed, a in [("scratch", 0, 0.5), ("transfer", 0, 0.4),
                               ("scratch", 1, 0.7), ("transfer", 1, 0.8)]]
    summary = {r["strategy"]: r for r in tk.experiments.summarize(rows)}
    # ± is the sample standard deviation (ddof=1), the course's convention: sqrt(0.02 / 1) for 0.5 and 0.7.
    assert summary["scratch"]["mean"] == pytest.approx(0.6) and summary["scratch"]["std"] == pytest.approx(0.141421)
    [gain] = tk.experiments.gains_over_baseline(rows, "scratch")
    assert gain["gain"] == pytest.approx(0.0) and gain["min"] == pytest.approx(-0.1)
    assert tk.experiments.format_gains(rows, "scratch").splitlines()[-1].endswith("+0.0 ± 14.1 mixed")


def test_format_gains_says_worse_only_when_every_seed_agrees():
    rows = [{"strategy": s, "labels_per_class": 3, "seed": seed, "accuracy": a, "seconds": 0.0}
            for s, seed, a in [("scratch", 0, 0.9), ("frozen", 0, 0.8),
                               ("scratch", 1, 0.9), ("frozen", 1, 0.85)]]
    [row] = [line for line in tk.experiments.format_gains(rows, "scratch").splitlines() if line.startswith("frozen")]
    assert row.endswith("-7.5 ± 3.5 worse")


def test_bad_inputs_are_explained():
    with pytest.raises(ValueError, match="strategies` is empty"):
        tk.experiments.compare_strategies({}, np.zeros((4, 1)), np.arange(4) % 2)
    with pytest.raises(ValueError, match="seeds` is empty"):
        tk.experiments.compare_strategies({"a": None}, np.zeros((4, 1)), np.arange(4) % 2, seeds=[])
    with pytest.raises(ValueError, match="Received: baseline='scratch'"):
        tk.experiments.gains_over_baseline(
            [{"strategy": "a", "labels_per_class": 1, "seed": 0, "accuracy": 1.0}], "scratch")


def test_accuracy_of_a_keras_model():
    import keras

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, kernel_initializer="identity",
                                                                     use_bias=False)])
    x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], "float32")
    assert tk.experiments.accuracy(model, x, np.array([0, 1, 1])) == pytest.approx(2 / 3)


@pytest.mark.parametrize("count", [3, 200])  # one batch (an eager call) and several (the traced graph)
def test_predictions_never_augment_the_test_images(count):
    import keras

    # Called directly, Keras 3's random image layers augment: tk's predictions must pass training=False.
    model = keras.Sequential([keras.Input((8, 8, 1)), tk.data.build_augmentation(seed=0), keras.layers.Flatten()])
    x = np.random.default_rng(0).random((count, 8, 8, 1)).astype("float32")
    assert not np.allclose(keras.ops.convert_to_numpy(model(x)), x.reshape(count, -1))
    assert np.array_equal(tk.experiments.predict_batched(model, x), x.reshape(count, -1))


def test_cached_comparisons_are_reused_only_for_identical_calls(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFERKIT_CACHE", str(tmp_path))
    calls = []

    def train(x_train, y_train):
        calls.append(len(x_train))
        return constant_model(0)

    images, labels = np.zeros((12, 1), "float32"), np.arange(12) % 2
    first = tk.experiments.compare_strategies({"a": train}, images, labels, [1], [0], cache_key="t")
    again = tk.experiments.compare_strategies({"a": train}, images, labels, [1], [0], cache_key="t")
    assert first == again and calls == [2]
    tk.experiments.compare_strategies({"a": train}, images, labels, [1], [0, 1], cache_key="t")
    assert calls == [2, 2, 2]  # other seeds: computed afresh


def test_reference_results_include_the_studies():
    for name in ["source_similarity", "data_quantity", "shared_blocks", "domain_adaptation", "augmentation", "multitask"]:
        rows = tk.experiments.load_reference_results(name)
        assert rows and {"strategy", "seed", "accuracy"} <= set(rows[0])


def test_check_reproduced_flags_runs_that_moved_and_refuses_runs_never_stored():
    run = lambda accuracy, seed=0: {"strategy": "from scratch", "labels_per_class": 10, "seed": seed,  # noqa: E731
                                    "accuracy": accuracy}
    stored = [run(0.80), run(0.90, seed=1)]
    differing, text = tk.experiments.check_reproduced(stored, [run(0.8015), run(0.90, seed=1)])
    assert differing == [] and "DIFFERS" not in text  # 0.15 points: within the default 0.2
    differing, text = tk.experiments.check_reproduced(stored, [run(0.85)])
    assert [(row["seed"], row["stored"], row["difference"]) for row in differing] == [(0, 0.80, 0.05)]
    assert "80.00%   85.00%      +5.00  DIFFERS" in text
    with pytest.raises(ValueError, match="No stored run of 'from scratch' at 10 labels a class, seed 2"):
        tk.experiments.check_reproduced(stored, [run(0.8, seed=2)])


def test_on_another_machine_a_run_may_move_within_the_seeds_spread_and_no_further():
    run = lambda accuracy, seed=0: {"strategy": "from scratch", "labels_per_class": 10, "seed": seed,  # noqa: E731
                                    "accuracy": accuracy}
    stored = [run(0.80), run(0.82, seed=1), run(0.84, seed=2)]  # sample std: 2 points
    assert tk.experiments.check_reproduced(stored, [run(0.81)])[0]  # 1 point: too far on the same machine
    differing, text = tk.experiments.check_reproduced(stored, [run(0.81)], within_spread=True)
    assert differing == [] and "allowed" in text and "+1.00     2.00" in text
    differing, text = tk.experiments.check_reproduced(stored, [run(0.825)], within_spread=True)
    assert [row["difference"] for row in differing] == [0.025] and "DIFFERS" in text
    single = [run(0.80)]  # one seed: no spread to go by, so 0.2 points as on the same machine
    assert tk.experiments.check_reproduced(single, [run(0.81)], within_spread=True)[0]


def test_summary_table_fits_jupyterlab_width_and_keeps_every_cell():
    names = ["from scratch: small CNN", "transfer: frozen f_shared + logistic regression", "fine-tune all blocks"]
    budgets = [1, 3, 10, 30, 100, 300]
    rows = [{"strategy": name, "labels_per_class": budget, "seed": seed, "accuracy": 0.5 + 0.01 * seed,
             "seconds": 0.1} for name in names for budget in budgets for seed in range(3)]
    table = tk.experiments.format_summary(rows)
    assert max(len(line) for line in table.splitlines()) <= 100
    assert table.count("51.0 ± 1.0") == len(names) * len(budgets)
    assert "n=3 seeds" in table.splitlines()[0]


def test_graph_inference_matches_eager_calls_and_traces_once():
    import keras

    traces = []

    class Doubling(keras.layers.Layer):
        def call(self, x):
            traces.append(1)  # runs only while TensorFlow traces
            return 2 * x

    model = keras.Sequential([keras.Input((3,)), Doubling(), keras.layers.Dense(2)])
    x = np.random.default_rng(0).normal(size=(23, 3)).astype("float32")
    expected = keras.ops.convert_to_numpy(model(x))
    traces.clear()
    predict = tk.experiments.graph_inference(model, batch_size=8)
    outputs = np.concatenate([predict(x[i:i + 8]) for i in range(0, 23, 8)])  # 8, 8 and a short 7
    np.testing.assert_allclose(outputs, expected, rtol=1e-5, atol=1e-6)
    assert outputs.shape == (23, 2) and len(traces) == 1
    np.testing.assert_allclose(tk.experiments.predict_batched(model, x, batch_size=8), outputs, rtol=1e-6)


def test_graph_inference_traced_anew_per_call_logs_no_retracing_warning(caplog):
    import keras

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    x = np.ones((20, 3), "float32")
    with caplog.at_level("WARNING", logger="tensorflow"):
        for _ in range(12):
            tk.experiments.accuracy(model, x, np.zeros(20), batch_size=8)
    assert not [record for record in caplog.records if "retracing" in record.getMessage()]


def test_set_random_seed_reproduces_what_keras_set_random_seed_does():
    """The course's seeding skips TensorFlow's cache reset; weights, dropout and shuffles are the same.

    (Unseeded `keras.random.*` calls are left out: Keras 3.12 keeps its global seed generator across
    `keras.utils.set_random_seed`, Keras 3.15 resets it, and the course's seeding does what Keras does.)
    """
    import keras

    x = np.random.default_rng(0).normal(size=(64, 6)).astype("float32")
    y = np.arange(64) % 3

    def run(seed_function):
        seed_function(5)
        model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                                  keras.layers.Dropout(0.5), keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x, y, batch_size=8, epochs=2, verbose=0)  # shuffled, with dropout
        drawn = keras.initializers.GlorotUniform()((2, 2))  # a fresh initial weight after training
        return np.concatenate([w.ravel() for w in model.get_weights()] + [np.asarray(drawn).ravel()])

    reference = run(keras.utils.set_random_seed)
    np.testing.assert_array_equal(run(tk.experiments.set_random_seed), reference)
    np.testing.assert_array_equal(run(tk.experiments.set_random_seed), reference)
    assert not np.array_equal(run(lambda seed: tk.experiments.set_random_seed(seed + 1)), reference)
