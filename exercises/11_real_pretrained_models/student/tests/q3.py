OK_FORMAT = True

test = {   'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> names = [w.path for w in tuned_model.trainable_weights]\n'
                                               ">>> assert any(('block5_conv' in n for n in names)) and (not any(('_bn' in n for n in names)))\n",
                                       'failure_message': 'Unfreeze with tk.models.unfreeze_top_layers(tuned_base, num_layers=4): convolutions of the top blocks train, BatchNormalization does not.',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> assert tuned_model.optimizer is not None\n>>> assert np.isclose(float(keras.ops.convert_to_numpy(tuned_model.optimizer.learning_rate)), 1e-05)\n',
                                       'failure_message': 'Recompile after changing trainable, with a learning rate of 1e-5.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
