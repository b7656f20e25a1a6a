OK_FORMAT = True

test = {   'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> assert np.shape(h) == (1, 5)\n',
                                       'failure_message': 'h must have shape (1, 5): one row for the one example, one column per hidden unit.',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': ">>> expected = keras.ops.convert_to_numpy(model.get_layer('shared')(x))\n>>> assert np.allclose(h, expected, atol=1e-05)\n",
                                       'failure_message': 'Multiply x by W_shared (x @ W_shared), add b_shared, then apply ReLU: np.maximum(0, ...).',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
