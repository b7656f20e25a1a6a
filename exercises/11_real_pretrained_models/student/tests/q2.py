from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Freeze the base before building: only the new head may train.")
def test_only_the_head_trains(model, tk):
    only_the_head_trains = tk.models.count_parameters(model)['trainable'] == model.layers[-1].count_params()
    assert only_the_head_trains

@test_case(points=None, hidden=False, 
    failure_message="Put a Dropout layer between the features and the head.")
def test_dropout(model, layers):
    has_dropout = any((isinstance(layer, layers.Dropout) for layer in model.layers))
    assert has_dropout

@test_case(points=None, hidden=False, 
    failure_message="The new head gives one probability per digit class: as many units as classes, and a softmax, after the Dropout.")
def test_new_head(model):
    one_output_per_class = model.output_shape == (None, 10)
    ends_in_softmax = model.layers[-1].get_config().get('activation') == 'softmax'
    assert one_output_per_class
    assert ends_in_softmax

