from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="在构建之前冻结基础模型：只有新的分类头可以训练。")
def test_only_the_head_trains(model, tk):
    only_the_head_trains = tk.models.count_parameters(model)['trainable'] == model.layers[-1].count_params()
    assert only_the_head_trains

@test_case(points=None, hidden=False, 
    failure_message="在特征和分类头之间放一个 Dropout 层。")
def test_dropout(model, layers):
    has_dropout = any((isinstance(layer, layers.Dropout) for layer in model.layers))
    assert has_dropout

@test_case(points=None, hidden=False, 
    failure_message="新的分类头为每个数字类别给出一个概率：单元数与类别数相同，在 Dropout 之后使用 softmax。")
def test_new_head(model):
    one_output_per_class = model.output_shape == (None, 10)
    ends_in_softmax = model.layers[-1].get_config().get('activation') == 'softmax'
    assert one_output_per_class
    assert ends_in_softmax

