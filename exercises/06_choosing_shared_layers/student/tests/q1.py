OK_FORMAT = True

test = {   'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': ">>> assert cut_at == 'block5'\n",
                                       'failure_message': "Share the layer whose features serve the target best; the source's specific layer is not a candidate if it is worse.",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
