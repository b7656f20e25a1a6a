OK_FORMAT = True

test = {   'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> assert len(gradients) == 2\n>>> assert [tuple(g.shape) for g in gradients] == [(5, 3), (3,)]\n',
                                       'failure_message': 'Freeze the shared layer first (trainable = False): then only W_specific and b_specific have gradients.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
