OK_FORMAT = True

test = {   'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> rng = np.random.default_rng(1)\n'
                                               '>>> a, b = (rng.normal(size=(50, 4)) + 3, rng.normal(size=(50, 6)))\n'
                                               '>>> assert np.isclose(cka(a, b), tk.similarity.linear_cka(a, b), atol=1e-06)\n'
                                               '>>> assert np.isclose(cka(a, 2 * a), 1.0)\n',
                                       'failure_message': 'Centre each column first (subtract the column means); np.linalg.norm of a matrix is the Frobenius norm.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
