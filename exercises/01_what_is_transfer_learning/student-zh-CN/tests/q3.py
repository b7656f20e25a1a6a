from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False, 
    failure_message="复用层对象本身（从 source_model 中取出），而不是一个同名的新 Dense 层。")
def test_same_layer_object(target_model, source_model):
    reuses_the_layer_object = target_model.get_layer('shared') is source_model.get_layer('shared')
    assert reuses_the_layer_object

@test_case(points=None, hidden=False, 
    failure_message="在构建 target_model 之前冻结共享层，这样只有新层的权重会训练。")
def test_only_the_new_layer_trains(target_model, np):
    trainable = sum((int(np.prod(w.shape)) for w in target_model.trainable_weights))
    only_the_new_layer_trains = trainable == target_model.get_layer('specific').count_params()
    assert only_the_new_layer_trains

@test_case(points=None, hidden=False, 
    failure_message="新的特定层为新任务的每个类别给出一个概率：单元数与任务的类别数相同，并使用 softmax。")
def test_new_specific_layer(target_model, source_model):
    a_new_layer = target_model.get_layer('specific') is not source_model.get_layer('specific')
    assert a_new_layer
    one_output_per_class = target_model.output_shape == (None, 5)
    ends_in_softmax = target_model.get_layer('specific').get_config()['activation'] == 'softmax'
    assert one_output_per_class
    assert ends_in_softmax

