from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Centre each feature (subtract its mean over the batch), covariance = X^T X / (n - 1), then sum the squared differences and divide by the factor the question gives.")
def test_coral(coral, source_features, target_features, tk):
    same_as_the_reference = abs(float(coral(source_features, target_features)) - float(tk.adapt.coral_loss(source_features, target_features))) <= 0.0001 * abs(float(tk.adapt.coral_loss(source_features, target_features)))
    assert same_as_the_reference

