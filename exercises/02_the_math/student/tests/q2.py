OK_FORMAT = True

test = {   'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> assert np.allclose(np.sum(p, axis=1), 1.0, atol=1e-05)\n',
                                       'failure_message': 'Probabilities are positive and each row sums to 1: exponentiate the logits and divide by their sum.',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> assert np.allclose(p, model.predict(x, verbose=0), atol=1e-05)\n',
                                       'failure_message': "Compare with model.predict(x): use the specific layer's own weights, W_specific and b_specific.",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
