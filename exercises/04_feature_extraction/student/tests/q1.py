from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Set base_model.trainable = False before you build the model: then only the new Dense layer trains.")
def test_only_the_head_trains(model, tk):
    only_the_head_trains = tk.models.count_parameters(model)['trainable'] == model.layers[-1].count_params()
    assert only_the_head_trains

@test_case(points=None, hidden=False, 
    failure_message="The model maps 28 x 28 x 1 images to 10 probabilities.")
def test_output(model):
    ten_probabilities_per_image = model.output_shape == (None, 10)
    assert ten_probabilities_per_image

