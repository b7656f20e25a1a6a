from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Probabilities are positive and each row adds up to one: exponentiate the logits and divide each row by its own sum.")
def test_probabilities(p, np):
    rows_sum_to_one = np.allclose(np.sum(p, axis=1), 1.0, atol=1e-05)
    assert rows_sum_to_one

@test_case(points=None, hidden=False, 
    failure_message="Compare with model.predict(x): use the specific layer's own weights and bias on your h.")
def test_matches_keras(p, model, x, np, keras):
    same_as_the_model = np.allclose(p, keras.ops.convert_to_numpy(model(x)), atol=1e-05)
    assert same_as_the_model

