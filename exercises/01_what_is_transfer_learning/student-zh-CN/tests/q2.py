from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False, 
    failure_message="按题目的要求给两个 Dense 层命名（name= 参数），f_shared 在前。")
def test_layer_names(source_model):
    named_shared_then_specific = [layer.name for layer in source_model.layers if layer.weights] == ['shared', 'specific']
    assert named_shared_then_specific

@test_case(points=None, hidden=False, 
    failure_message="检查大小：f_shared 是 64 个输入进入 64 个单元，f_specific 则每个类别一个输出单元。")
def test_layer_sizes(source_model):
    shared_sizes = [tuple(w.shape) for w in source_model.get_layer('shared').weights] == [(64, 64), (64,)]
    specific_sizes = [tuple(w.shape) for w in source_model.get_layer('specific').weights] == [(64, 5), (5,)]
    assert shared_sizes
    assert specific_sizes

@test_case(points=None, hidden=False, 
    failure_message="按题目给出的激活函数设置每个 Dense 层（activation= 参数）：f_shared 用 ReLU，f_specific 用 softmax。")
def test_activations(source_model):
    shared_uses_relu = source_model.get_layer('shared').get_config()['activation'] == 'relu'
    specific_ends_in_softmax = source_model.get_layer('specific').get_config()['activation'] == 'softmax'
    assert shared_uses_relu
    assert specific_ends_in_softmax

