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
    failure_message="用题目给出的标签计算 x 的损失：特定层偏置的梯度是 p - onehot(标签)，只在标签所属的类别上为负。")
def test_gradients_of_the_label(gradients, np):
    bias_gradient = np.asarray(gradients[-1]).ravel()
    negative_only_at_the_label = bias_gradient.shape == (3,) and int(np.argmin(bias_gradient)) == 1 and (int(np.sum(bias_gradient < 0)) == 1)
    assert negative_only_at_the_label

