from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Freeze the shared layer first (trainable = False), then ask the tape for the gradients of model.trainable_weights: only f_specific's weight matrix and bias should remain.")
def test_gradients(gradients, tk):
    only_the_specific_layer_has_gradients = tk.checks.matches([list(g.shape) for g in gradients], 'aefcca891f58a0e1')
    assert only_the_specific_layer_has_gradients

@test_case(points=None, hidden=False, 
    failure_message="Freeze the shared layer of model itself, and take the cross-entropy of x's probabilities with the label the question gives: the gradient of the specific layer's bias is then p - onehot(label).")
def test_gradients_of_the_label(gradients, model, x, np, keras):
    shared_layer_frozen = not model.get_layer('shared').trainable
    assert shared_layer_frozen
    probabilities = keras.ops.convert_to_numpy(model(x))[0]
    bias_gradient = np.asarray(gradients[-1]).ravel()
    cross_entropy_of_the_label = bias_gradient.shape == (3,) and np.allclose(bias_gradient, probabilities - np.eye(3)[1], atol=1e-05)
    assert cross_entropy_of_the_label

