from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="先冻结共享层（trainable = False），再向 tape 要 model.trainable_weights 的梯度：应当只剩下 f_specific 的权重矩阵和偏置。")
def test_gradients(gradients, tk):
    only_the_specific_layer_has_gradients = tk.checks.matches([list(g.shape) for g in gradients], 'aefcca891f58a0e1')
    assert only_the_specific_layer_has_gradients

@test_case(points=None, hidden=False, 
    failure_message="冻结 model 自己的共享层，并用题目给出的标签计算 x 的概率的交叉熵：这样特定层偏置的梯度就是 p - onehot(标签)。")
def test_gradients_of_the_label(gradients, model, x, np, keras):
    shared_layer_frozen = not model.get_layer('shared').trainable
    assert shared_layer_frozen
    probabilities = keras.ops.convert_to_numpy(model(x))[0]
    bias_gradient = np.asarray(gradients[-1]).ravel()
    cross_entropy_of_the_label = bias_gradient.shape == (3,) and np.allclose(bias_gradient, probabilities - np.eye(3)[1], atol=1e-05)
    assert cross_entropy_of_the_label

