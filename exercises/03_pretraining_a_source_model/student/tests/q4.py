OK_FORMAT = True

test = {   'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [{'code': '>>> assert digit_classes == 10\n', 'failure_message': 'Count the class names that are digits (str.isdigit).', 'hidden': False, 'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
