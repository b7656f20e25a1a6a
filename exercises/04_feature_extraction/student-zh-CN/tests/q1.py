from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="在构建模型之前设置 base_model.trainable = False：这样只有新的 Dense 层会训练。")
def test_only_the_head_trains(model, tk):
    only_the_head_trains = tk.models.count_parameters(model)['trainable'] == model.layers[-1].count_params()
    assert only_the_head_trains

@test_case(points=None, hidden=False, 
    failure_message="模型把 28 x 28 x 1 的图像映射为 10 个概率。")
def test_output(model):
    ten_probabilities_per_image = model.output_shape == (None, 10)
    assert ten_probabilities_per_image

