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
    failure_message="Take the loss of x with the label the question gives: the gradient of the specific layer's bias is p - onehot(label), negative only at the label's class.")
def test_gradients_of_the_label(gradients, np):
    bias_gradient = np.asarray(gradients[-1]).ravel()
    negative_only_at_the_label = bias_gradient.shape == (3,) and int(np.argmin(bias_gradient)) == 1 and (int(np.sum(bias_gradient < 0)) == 1)
    assert negative_only_at_the_label

