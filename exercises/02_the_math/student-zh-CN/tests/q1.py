from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="h 的每一行对应一个样本（这里只有一个），每一列对应一个隐藏单元。")
def test_shape(h, np):
    one_row_per_example_one_column_per_unit = np.shape(h) == (1, 5)
    assert one_row_per_example_one_column_per_unit

@test_case(points=None, hidden=False, 
    failure_message="照着公式做：x 与共享层权重的乘积，加上偏置，再做 ReLU（NumPy 有一个逐元素取最大值的函数）。")
def test_matches_keras(h, model, x, np, keras):
    same_as_the_shared_layer = np.allclose(h, keras.ops.convert_to_numpy(model.get_layer('shared')(x)), atol=1e-05)
    assert same_as_the_shared_layer

