from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Keras has one random layer for each kind of change (keras.io lists them under image augmentation layers). A digit may turn and move a little, but must never be mirrored.")
def test_kinds(augmentation, tk):
    kinds = sorted((type(layer).__name__ for layer in augmentation.layers))
    a_rotation_and_a_shift_and_nothing_else = tk.checks.matches(kinds, '9e2bb6c383633dba')
    assert a_rotation_and_a_shift_and_nothing_else

@test_case(points=None, hidden=False, 
    failure_message="Random layers change images in training only; at prediction time they must return them unchanged.")
def test_training_only(augmentation, digits, np, keras):
    x = digits[:8]
    unchanged_at_prediction = np.allclose(keras.ops.convert_to_numpy(augmentation(x, training=False)), x)
    changed_in_training = not np.allclose(keras.ops.convert_to_numpy(augmentation(x, training=True)), x)
    assert unchanged_at_prediction
    assert changed_in_training

@test_case(points=None, hidden=False, 
    failure_message="Keep the changes small, as the question says (its largest factors), and fill the uncovered pixels with black (fill_mode): the default fill mirrors the digit's edge into the image.")
def test_small_and_filled_with_black(augmentation, np):
    configs = [layer.get_config() for layer in augmentation.layers]
    factors = {name: np.max(np.abs(config[name])) for config in configs for name in ('factor', 'height_factor', 'width_factor') if name in config}
    rotation_small = all((value <= 0.1 for name, value in factors.items() if name == 'factor'))
    shift_small = all((value <= 0.2 for name, value in factors.items() if name != 'factor'))
    filled_with_black = all((config.get('fill_mode') == 'constant' for config in configs))
    assert rotation_small
    assert shift_small
    assert filled_with_black

