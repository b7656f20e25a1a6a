OK_FORMAT = True

test = {   'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> assert np.isclose(score, tk.similarity.leep(theta, y), atol=1e-06)\n',
                                       'failure_message': 'LEEP is a mean log-likelihood, so it is negative here; divide the joint by its column sums (over y) to get P(y | z).',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
