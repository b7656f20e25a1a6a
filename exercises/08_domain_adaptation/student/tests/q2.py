OK_FORMAT = True

test = {   'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> assert np.isclose(distance, 1.6) and indistinguishable == 0.5\n',
                                       'failure_message': 'epsilon is the error as a fraction (0.10). A classifier that cannot tell the domains apart guesses: what is its error?',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
