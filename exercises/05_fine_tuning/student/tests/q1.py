from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="unfreeze_top_layers counts only layers that will train (BatchNormalization is skipped): how many does 'the top convolution' make? Keep BatchNormalization frozen.")
def test_top_convolution_only(model):
    names = [w.path for w in model.trainable_weights]
    top_convolution_trains = any(('block5_conv' in n for n in names))
    nothing_else_in_the_base = not any(('block4' in n or '_bn' in n for n in names))
    assert top_convolution_trains
    assert nothing_else_in_the_base

@test_case(points=None, hidden=False, 
    failure_message="Recompile after unfreezing, with Adam at the learning rate and with the loss the question gives.")
def test_recompiled(model, np, keras, tk):
    recompiled_with_the_low_rate = np.isclose(float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)), 0.0001)
    with_adam = isinstance(model.optimizer, keras.optimizers.Adam) and type(model.optimizer).__name__ == 'Adam'
    guess = np.full((2, 10), 0.3 / 9, 'float32')
    guess[[0, 1], [1, 3]] = 0.7
    with_the_same_loss = np.isclose(tk.checks.compiled_loss(model, np.array([1, 3]), guess) or 0, -np.log(0.7), atol=0.0001)
    assert recompiled_with_the_low_rate
    assert with_adam
    assert with_the_same_loss

