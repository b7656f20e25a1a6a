from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="base_model was trained on images stored as values in [0, 1]: put a Keras layer that maps raw bytes to that range in front of it.")
def test_rescaled_inside(bytes_model, base_model, raw_bytes, digits, np):
    takes_28_by_28_by_1_bytes = bytes_model.input_shape == (None, 28, 28, 1)
    assert takes_28_by_28_by_1_bytes
    same_features_as_the_stored_images = np.allclose(bytes_model.predict(raw_bytes, verbose=0), base_model.predict(digits[:32], verbose=0), atol=0.02)
    assert same_features_as_the_stored_images

