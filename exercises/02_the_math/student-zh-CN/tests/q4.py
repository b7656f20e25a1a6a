from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="先冻结共享层（trainable = False），再向 tape 要 model.trainable_weights 的梯度：应当只剩下 f_specific 的权重矩阵和偏置。")
def test_gradients(gradients, tk):
    only_the_specific_layer_has_gradients = tk.checks.matches([list(g.shape) for g in gradients], 'aefcca891f58a0e1')
    assert only_the_specific_layer_has_gradients

