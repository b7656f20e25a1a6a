from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Freeze base_model before you build the model (chapter 04 shows how): then only the new Dense layer trains.")
def test_only_the_head_trains(model, tk):
    only_the_head_trains = tk.models.count_parameters(model)['trainable'] == model.layers[-1].count_params()
    assert only_the_head_trains

@test_case(points=None, hidden=False, 
    failure_message="The model takes the word's integer codes (the input the question shows) and its new head gives one probability per target language: as many units as languages, and a softmax.")
def test_six_languages(model, tk):
    takes_integer_codes = model.input_shape == (None, tk.text.MAX_LENGTH) and model.inputs[0].dtype == 'int32'
    assert takes_integer_codes
    six_outputs_per_word = model.output_shape == (None, 6)
    ends_in_softmax = model.layers[-1].get_config()['activation'] == 'softmax'
    assert six_outputs_per_word
    assert ends_in_softmax

