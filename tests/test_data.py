import numpy as np
import pytest

import transferkit as tk


def test_handwritten_digits_are_images_in_unit_range():
    images, labels = tk.data.load_handwritten_digits()
    assert images.shape == (1797, 8, 8, 1) and images.dtype == np.float32
    assert images.min() == 0.0 and images.max() == 1.0
    assert labels.dtype == np.int64 and set(labels.tolist()) == set(range(10))


def test_unknown_dataset_names_the_choices():
    with pytest.raises(ValueError, match="Received: dataset='mnist'.*digits8x8"):
        tk.data.load_handwritten_digits("mnist")


def test_few_shot_split_keeps_every_class_and_leaves_the_rest_for_testing():
    labels = np.repeat(np.arange(3), 5)
    images = np.arange(15, dtype="float32").reshape(15, 1)
    (x_train, y_train), (x_test, y_test) = tk.data.few_shot_split(images, labels, 2, seed=1)
    assert y_train.tolist() == [0, 0, 1, 1, 2, 2]
    assert len(x_test) == 9 and sorted(np.bincount(y_test).tolist()) == [3, 3, 3]
    assert not set(x_train[:, 0].tolist()) & set(x_test[:, 0].tolist())
    # images stay paired with their labels
    assert np.all(images[(x_train[:, 0]).astype(int), 0] == x_train[:, 0])
    assert np.all(labels[x_train[:, 0].astype(int)] == y_train)


def test_few_shot_split_is_reproducible_and_depends_on_the_seed():
    images, labels = tk.data.load_handwritten_digits()
    first = tk.data.few_shot_split(images, labels, 3, seed=0)[0][0]
    again = tk.data.few_shot_split(images, labels, 3, seed=0)[0][0]
    other = tk.data.few_shot_split(images, labels, 3, seed=1)[0][0]
    assert np.array_equal(first, again) and not np.array_equal(first, other)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_few_shot_split_rejects_bad_budgets(bad):
    with pytest.raises(ValueError, match="labels_per_class"):
        tk.data.few_shot_split(np.zeros((10, 1)), np.arange(10) % 2, bad)


def test_few_shot_split_refuses_to_leave_a_class_without_test_examples():
    with pytest.raises(ValueError, match="Class 1 has only 2 examples.*Pass at most 1"):
        tk.data.few_shot_split(np.zeros((5, 1)), np.array([0, 0, 0, 1, 1]), 2)


def test_mismatched_lengths_and_one_hot_labels_are_explained():
    with pytest.raises(ValueError, match="same length.*3 images and 2 labels"):
        tk.data.few_shot_split(np.zeros((3, 1)), np.array([0, 1]), 1)
    with pytest.raises(ValueError, match="argmax"):
        tk.data.few_shot_split(np.zeros((3, 1)), np.eye(3), 1)


def test_select_classes_renumbers_in_the_given_order():
    images = np.arange(6).reshape(6, 1)
    labels = np.array([0, 1, 2, 0, 1, 2])
    kept_images, kept_labels = tk.data.select_classes(images, labels, [2, 0])
    assert kept_images[:, 0].tolist() == [0, 2, 3, 5]
    assert kept_labels.tolist() == [1, 0, 1, 0]


def test_select_classes_rejects_missing_and_repeated_classes():
    with pytest.raises(ValueError, match=r"Classes \[7\] do not occur"):
        tk.data.select_classes(np.zeros((2, 1)), np.array([0, 1]), [0, 7])
    with pytest.raises(ValueError, match="without repeats"):
        tk.data.select_classes(np.zeros((2, 1)), np.array([0, 1]), [0, 0])


def test_repeat_examples_cycles_through_every_example():
    x_many, y_many = tk.data.repeat_examples(np.arange(4).reshape(4, 1), np.arange(4), 10)
    assert y_many.tolist() == [0, 1, 2, 3, 0, 1, 2, 3, 0, 1]
    assert np.array_equal(x_many[:, 0], y_many)


@pytest.mark.parametrize("num_examples", [0, 1.5])
def test_repeat_examples_rejects_bad_sizes(num_examples):
    with pytest.raises(ValueError, match="num_examples"):
        tk.data.repeat_examples(np.zeros((2, 1)), np.zeros(2), num_examples)
    with pytest.raises(ValueError, match="non-empty"):
        tk.data.repeat_examples(np.zeros((0, 1)), np.zeros(0), 3)


def test_build_augmentation_changes_images_in_training_only_and_checks_its_arguments():
    import keras

    images = np.zeros((4, 28, 28, 1), "float32")
    images[:, 10:18, 12:16] = 1.0
    augmentation = tk.data.build_augmentation(seed=0)
    changed = keras.ops.convert_to_numpy(augmentation(images, training=True))
    assert not np.allclose(changed, images)
    assert changed[:, 0, 0].max() == 0.0  # the background stays black: no reflected ink
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(augmentation(images, training=False)), images)
    with pytest.raises(ValueError, match="fraction"):
        tk.data.build_augmentation(rotation=2)


def test_load_photos_explains_an_empty_folder(tmp_path):
    with pytest.raises(ValueError, match="one sub-folder"):
        tk.data.load_photos(tmp_path)
