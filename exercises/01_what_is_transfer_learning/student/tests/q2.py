from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False, 
    failure_message="Give the two Dense layers the names the question asks for (the name= argument), f_shared first.")
def test_layer_names(source_model):
    named_shared_then_specific = [layer.name for layer in source_model.layers if layer.weights] == ['shared', 'specific']
    assert named_shared_then_specific

@test_case(points=None, hidden=False, 
    failure_message="Check the sizes: 64 inputs into 64 units for f_shared, then one output unit per class for f_specific.")
def test_layer_sizes(source_model):
    shared_sizes = [tuple(w.shape) for w in source_model.get_layer('shared').weights] == [(64, 64), (64,)]
    specific_sizes = [tuple(w.shape) for w in source_model.get_layer('specific').weights] == [(64, 5), (5,)]
    assert shared_sizes
    assert specific_sizes

@test_case(points=None, hidden=False, 
    failure_message="Give each Dense layer the activation the question names (the activation= argument): ReLU in f_shared, softmax in f_specific.")
def test_activations(source_model):
    shared_uses_relu = source_model.get_layer('shared').get_config()['activation'] == 'relu'
    specific_ends_in_softmax = source_model.get_layer('specific').get_config()['activation'] == 'softmax'
    assert shared_uses_relu
    assert specific_ends_in_softmax

