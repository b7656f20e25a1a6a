from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="在构建模型之前冻结 base_model（第 4 章演示了做法）：这样只有新的 Dense 层会训练。")
def test_only_the_head_trains(model, tk):
    only_the_head_trains = tk.models.count_parameters(model)['trainable'] == model.layers[-1].count_params()
    assert only_the_head_trains

@test_case(points=None, hidden=False, 
    failure_message="模型接收单词的整数编码（即题目给出的输入），新的分类头为每种目标语言给出一个概率：单元数与语言数相同，并使用 softmax。")
def test_six_languages(model, tk):
    takes_integer_codes = model.input_shape == (None, tk.text.MAX_LENGTH) and model.inputs[0].dtype == 'int32'
    assert takes_integer_codes
    six_outputs_per_word = model.output_shape == (None, 6)
    ends_in_softmax = model.layers[-1].get_config()['activation'] == 'softmax'
    assert six_outputs_per_word
    assert ends_in_softmax

