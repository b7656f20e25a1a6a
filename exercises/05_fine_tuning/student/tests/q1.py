OK_FORMAT = True

test = {   'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> names = [w.path for w in model.trainable_weights]\n'
                                               ">>> assert any(('block5_conv' in n for n in names))\n"
                                               ">>> assert not any(('block4' in n or '_bn' in n for n in names))\n",
                                       'failure_message': "Unfreeze 2 layers: the top BatchNormalization layer counts but stays frozen, so only block5's convolution trains besides the head.",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> assert np.isclose(float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)), 0.0001)\n',
                                       'failure_message': 'Recompile with a low learning rate: keras.optimizers.Adam(1e-4).',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
