OK_FORMAT = True

test = {   'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> assert (shared_parameters, specific_parameters) == (64 * 32 + 32, 32 * 10 + 10)\n',
                                       'failure_message': 'A Dense layer has one weight per (input, unit) pair plus one bias per unit.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
