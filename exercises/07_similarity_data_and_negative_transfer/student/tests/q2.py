OK_FORMAT = True

test = {   'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': ">>> expected = {r['strategy'].split(', from ')[1] for r in gains if r['strategy'].startswith('frozen') and r['labels_per_class'] == 10 and (r['max'] < "
                                               '0)}\n'
                                               '>>> assert negative == expected and len(negative) >= 1\n',
                                       'failure_message': "Worse on every seed means even the best seed's gain (the row's 'max') is below 0. Strip the strategy prefix to get the source name.",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
