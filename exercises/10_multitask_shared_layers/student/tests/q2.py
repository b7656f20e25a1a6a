OK_FORMAT = True

test = {   'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> assert np.isclose(total_loss, 1.0)\n',
                                       'failure_message': 'The total is the weighted sum over tasks: sum of w_k * L_k.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
