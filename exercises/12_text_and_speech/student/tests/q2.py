from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Set base_model.trainable = False before you build the model: then only the new Dense layer (64 x 6 weights + 6 biases) trains.")
def test_only_the_head_trains(model, tk):
    only_the_head_trains = tk.models.count_parameters(model)['trainable'] == 64 * 6 + 6
    assert only_the_head_trains

@test_case(points=None, hidden=False, 
    failure_message="The model maps 14 character codes to 6 probabilities, one per target language.")
def test_six_languages(model):
    six_probabilities_per_word = model.output_shape == (None, 6)
    assert six_probabilities_per_word

