OK_FORMAT = True

test = {   'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> expected = base_model.predict(raw_bytes / 255, verbose=0)\n'
                                               '>>> assert np.allclose(bytes_model.predict(raw_bytes, verbose=0), expected, atol=0.0001)\n',
                                       'failure_message': 'The shipped model was trained on values in [0, 1]: put layers.Rescaling(1 / 255) in front of base_model.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
