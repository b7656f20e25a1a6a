OK_FORMAT = True

test = {   'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> assert gain_grows_with_labels is False\n',
                                       'failure_message': "Look at chapter 07's gain curve (and chapter 04's): where is the gap between the curves widest?",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
