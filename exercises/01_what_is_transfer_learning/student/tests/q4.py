OK_FORMAT = True

test = {   'name': 'q4',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> assert isinstance(supported, set) and supported <= {'A', 'B', 'C', 'D'}\n>>> assert 'A' not in supported and 'C' not in supported\n",
                                       'failure_message': 'Reread chapter 01\'s "What the numbers say", and remember why the course repeats every run over seeds.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
