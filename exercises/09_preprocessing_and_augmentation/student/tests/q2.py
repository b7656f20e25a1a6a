OK_FORMAT = True

test = {   'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> kinds = [type(layer).__name__ for layer in augmentation.layers]\n'
                                               ">>> assert 'RandomFlip' not in kinds and 'RandomRotation' in kinds and ('RandomTranslation' in kinds)\n",
                                       'failure_message': "Use layers.RandomRotation and layers.RandomTranslation with fill_mode='constant'; leave RandomFlip out.",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> x = digits[:8]\n'
                                               '>>> assert np.allclose(keras.ops.convert_to_numpy(augmentation(x, training=False)), x)\n'
                                               '>>> assert not np.allclose(keras.ops.convert_to_numpy(augmentation(x, training=True)), x)\n',
                                       'failure_message': 'Random layers change images in training only; at prediction time they must return them unchanged.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
