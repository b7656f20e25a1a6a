from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="对 tuned_base 使用 tk.models.unfreeze_top_layers：它只计算将要训练的层，并让 BatchNormalization 保持冻结。")
def test_top_two_convolutions(tuned_model):
    names = [w.path for w in tuned_model.trainable_weights]
    top_two_convolutions_train = any(('block5_conv' in n for n in names)) and any(('block4_conv' in n for n in names))
    batchnorm_and_lower_blocks_frozen = not any(('_bn' in n or 'block3' in n for n in names))
    assert top_two_convolutions_train
    assert batchnorm_and_lower_blocks_frozen

@test_case(points=None, hidden=False, 
    failure_message="改变 trainable 之后要重新编译，使用题目给出的学习率和损失。")
def test_recompiled(tuned_model, np, keras, tk):
    recompiled = tuned_model.optimizer is not None
    with_the_low_rate = recompiled and np.isclose(float(keras.ops.convert_to_numpy(tuned_model.optimizer.learning_rate)), 1e-05)
    uniform_guess = np.full((2, 10), 0.1, 'float32')
    with_the_loss = np.isclose(tk.checks.compiled_loss(tuned_model, np.array([1, 3]), uniform_guess) or 0, np.log(10), atol=0.0001)
    assert recompiled
    assert with_the_low_rate
    assert with_the_loss

