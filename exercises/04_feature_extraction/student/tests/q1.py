from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Freeze base_model before you build the model (chapter 04 shows how): then only the new Dense layer trains.")
def test_only_the_head_trains(model, tk):
    only_the_head_trains = tk.models.count_parameters(model)['trainable'] == model.layers[-1].count_params()
    assert only_the_head_trains

@test_case(points=None, hidden=False, 
    failure_message="The model maps 28 x 28 x 1 images to 10 probabilities (a softmax).")
def test_output(model):
    takes_the_digit_images = model.input_shape == (None, 28, 28, 1)
    ten_outputs_per_image = model.output_shape == (None, 10)
    ends_in_softmax = model.layers[-1].get_config().get('activation') == 'softmax'
    assert takes_the_digit_images
    assert ten_outputs_per_image
    assert ends_in_softmax

