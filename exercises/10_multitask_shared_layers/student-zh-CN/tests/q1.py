from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="在两个输入上调用同一个 `shared` 模型（不要复制它）；这样它的参数只计算一次。")
def test_one_shared(model, shared, tk, keras):
    heads = sum((layer.count_params() for layer in model.layers if isinstance(layer, keras.layers.Dense)))
    shared_inside = any((layer is shared for layer in model.layers))
    shared_counted_once = tk.models.count_parameters(model)['trainable'] == shared.count_params() + heads
    assert shared_inside
    assert shared_counted_once

@test_case(points=None, hidden=False, 
    failure_message="两个 28x28x1 的图像输入；输出是一个字典，键就是题目给出的名字，每个任务一个 softmax 分类头。")
def test_outputs(model, np):
    out = model([np.zeros((2, 28, 28, 1)), np.zeros((2, 28, 28, 1))])
    a_dict_of_the_two_tasks = isinstance(out, dict) and set(out) == {'digits', 'letters'}
    assert a_dict_of_the_two_tasks
    one_output_per_class = tuple(out['letters'].shape) == (2, 26) and tuple(out['digits'].shape) == (2, 10)
    assert one_output_per_class
    probabilities_that_sum_to_one = all((np.allclose(np.sum(out[task], axis=1), 1, atol=1e-05) for task in out))
    assert probabilities_that_sum_to_one
    takes_two_image_inputs = [tuple(shape) for shape in model.input_shape] == [(None, 28, 28, 1)] * 2
    assert takes_two_image_inputs

