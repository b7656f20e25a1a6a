from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Call the one `shared` model on both inputs (do not copy it); its parameters are then counted once.")
def test_one_shared(model, shared, tk, keras):
    heads = sum((layer.count_params() for layer in model.layers if isinstance(layer, keras.layers.Dense)))
    shared_inside = any((layer is shared for layer in model.layers))
    shared_counted_once = tk.models.count_parameters(model)['trainable'] == shared.count_params() + heads
    assert shared_inside
    assert shared_counted_once

@test_case(points=None, hidden=False, 
    failure_message="The outputs are a dict with the keys the question names, one softmax head per task.")
def test_outputs(model, np):
    out = model([np.zeros((2, 28, 28, 1)), np.zeros((2, 28, 28, 1))])
    a_dict_of_the_two_tasks = isinstance(out, dict) and set(out) == {'digits', 'letters'}
    assert a_dict_of_the_two_tasks
    one_probability_per_letter = tuple(out['letters'].shape) == (2, 26) and tuple(out['digits'].shape) == (2, 10)
    assert one_probability_per_letter

