from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="概率都是正数，而且每一行加起来等于一：对 logits 取指数，再把每一行除以该行自己的和。")
def test_probabilities(p, np):
    rows_sum_to_one = np.allclose(np.sum(p, axis=1), 1.0, atol=1e-05)
    assert rows_sum_to_one

@test_case(points=None, hidden=False, 
    failure_message="与 model.predict(x) 比较：在你的 h 上使用特定层自己的权重和偏置。")
def test_matches_keras(p, model, x, np, keras):
    same_as_the_model = np.allclose(p, keras.ops.convert_to_numpy(model(x)), atol=1e-05)
    assert same_as_the_model

