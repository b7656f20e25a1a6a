from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False, 
    failure_message="Create the model inside `with strategy.scope():`, so that every replica holds a copy of its weights.")
def test_mirrored(model, tf):
    weights_are_mirrored = all((isinstance(w.value, tf.distribute.DistributedValues) for w in model.weights))
    assert weights_are_mirrored

@test_case(points=None, hidden=False, 
    failure_message="Freeze the base before training: only the new head may train. The model takes the 28x28x1 digits and gives one probability per digit class.")
def test_only_the_head_trains(model, tk):
    only_the_head_trains = tk.models.count_parameters(model)['trainable'] == model.layers[-1].count_params()
    one_output_per_class = model.output_shape == (None, 10) and model.layers[-1].get_config().get('activation') == 'softmax'
    takes_the_digits = model.input_shape == (None, 28, 28, 1)
    assert only_the_head_trains
    assert one_output_per_class
    assert takes_the_digits

@test_case(points=None, hidden=False, 
    failure_message="Compile inside the scope too, with the optimizer, learning rate and loss the question gives: fit cannot train a model whose optimizer was made outside it.")
def test_compiled_in_the_scope(model, strategy, np, keras, tf, tk):
    compiled = model.optimizer is not None
    with_adam = type(model.optimizer) is keras.optimizers.Adam
    with_the_rate = compiled and np.isclose(float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)), 0.001)
    guess = np.full((2, 10), 0.05, 'float32')
    guess[:, 1] = 0.55
    expected = np.mean([-np.log(0.55), -np.log(0.05)])
    with_the_loss = np.isclose(tk.checks.compiled_loss(model, np.array([1, 3]), guess) or 0, expected, atol=0.0001)
    optimizer_in_the_scope = True
    built_in_the_scope = all((isinstance(w.value, tf.distribute.DistributedValues) for w in model.weights))
    if compiled and built_in_the_scope:
        try:
            with strategy.scope():
                model.optimizer.build(model.trainable_variables)
        except (RuntimeError, ValueError):
            optimizer_in_the_scope = False
    assert compiled
    assert with_adam
    assert with_the_rate
    assert with_the_loss
    assert optimizer_in_the_scope

