from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False, 
    failure_message="Reuse the layer object itself (get it from source_model), not a new Dense layer with the same name.")
def test_same_layer_object(target_model, source_model):
    reuses_the_layer_object = target_model.get_layer('shared') is source_model.get_layer('shared')
    assert reuses_the_layer_object

@test_case(points=None, hidden=False, 
    failure_message="Freeze the shared layer before you build target_model, so that only the new layer's weights train.")
def test_only_the_new_layer_trains(target_model, np):
    trainable = sum((int(np.prod(w.shape)) for w in target_model.trainable_weights))
    only_the_new_layer_trains = trainable == target_model.get_layer('specific').count_params()
    assert only_the_new_layer_trains

@test_case(points=None, hidden=False, 
    failure_message="The new specific layer gives one probability per class of the new task: as many units as the task has classes, and a softmax.")
def test_new_specific_layer(target_model, source_model):
    a_new_layer = target_model.get_layer('specific') is not source_model.get_layer('specific')
    assert a_new_layer
    one_output_per_class = target_model.output_shape == (None, 5)
    ends_in_softmax = target_model.get_layer('specific').get_config()['activation'] == 'softmax'
    assert one_output_per_class
    assert ends_in_softmax

