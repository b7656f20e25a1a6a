from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="在构建模型之前设置 base_model.trainable = False：这样只有新的 Dense 层（64 x 6 个权重 + 6 个偏置）参与训练。")
def test_only_the_head_trains(model, tk):
    only_the_head_trains = tk.models.count_parameters(model)['trainable'] == 64 * 6 + 6
    assert only_the_head_trains

@test_case(points=None, hidden=False, 
    failure_message="模型把 14 个字符编码映射为 6 个概率，每种目标语言一个。")
def test_six_languages(model):
    six_probabilities_per_word = model.output_shape == (None, 6)
    assert six_probabilities_per_word

