from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="h has one row for the one example and one column per hidden unit.")
def test_shape(h, np):
    one_row_per_example_one_column_per_unit = np.shape(h) == (1, 5)
    assert one_row_per_example_one_column_per_unit

@test_case(points=None, hidden=False, 
    failure_message="Follow the formula: the product of x and the shared weights, plus the bias, then ReLU (NumPy has a function for an element-wise maximum).")
def test_matches_keras(h, model, x, np, keras):
    same_as_the_shared_layer = np.allclose(h, keras.ops.convert_to_numpy(model.get_layer('shared')(x)), atol=1e-05)
    assert same_as_the_shared_layer

