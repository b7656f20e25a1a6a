from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="在构建模型之前冻结 base_model（第 4 章演示了做法）：这样只有新的 Dense 层会训练。")
def test_only_the_head_trains(model, tk):
    only_the_head_trains = tk.models.count_parameters(model)['trainable'] == model.layers[-1].count_params()
    assert only_the_head_trains

@test_case(points=None, hidden=False, 
    failure_message="模型把 28 x 28 x 1 的图像映射为 10 个概率（softmax）。")
def test_output(model):
    takes_the_digit_images = model.input_shape == (None, 28, 28, 1)
    ten_outputs_per_image = model.output_shape == (None, 10)
    ends_in_softmax = model.layers[-1].get_config().get('activation') == 'softmax'
    assert takes_the_digit_images
    assert ten_outputs_per_image
    assert ends_in_softmax

