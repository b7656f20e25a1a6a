OK_FORMAT = True

test = {   'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> assert 10 < gain_1 < 40 and 0 < gain_30 < 10\n',
                                       'failure_message': 'Points, not fractions: multiply the accuracy difference by 100. Average over the seeds of each budget.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
