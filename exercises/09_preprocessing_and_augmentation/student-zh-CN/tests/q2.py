from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Keras 为每一种变化都提供了一个随机层（keras.io 把它们列在图像增强层之下）。数字可以稍微转动和移动，但绝不能被镜像。")
def test_kinds(augmentation, tk):
    kinds = sorted((type(layer).__name__ for layer in augmentation.layers))
    a_rotation_and_a_shift_and_nothing_else = tk.checks.matches(kinds, '9e2bb6c383633dba')
    assert a_rotation_and_a_shift_and_nothing_else

@test_case(points=None, hidden=False, 
    failure_message="随机层只在训练时改变图像；在预测时它们必须原样返回图像。")
def test_training_only(augmentation, digits, np, keras):
    x = digits[:8]
    unchanged_at_prediction = np.allclose(keras.ops.convert_to_numpy(augmentation(x, training=False)), x)
    changed_in_training = not np.allclose(keras.ops.convert_to_numpy(augmentation(x, training=True)), x)
    assert unchanged_at_prediction
    assert changed_in_training

@test_case(points=None, hidden=False, 
    failure_message="按题目的要求让变化保持很小（看题目给出的最大因子），并用黑色填充空出的像素（fill_mode）：默认的填充方式会把数字的边缘镜像到图像里。")
def test_small_and_filled_with_black(augmentation, np):
    configs = [layer.get_config() for layer in augmentation.layers]
    factors = {name: np.max(np.abs(config[name])) for config in configs for name in ('factor', 'height_factor', 'width_factor') if name in config}
    rotation_small = all((value <= 0.1 for name, value in factors.items() if name == 'factor'))
    shift_small = all((value <= 0.2 for name, value in factors.items() if name != 'factor'))
    filled_with_black = all((config.get('fill_mode') == 'constant' for config in configs))
    assert rotation_small
    assert shift_small
    assert filled_with_black

