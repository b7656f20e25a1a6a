OK_FORMAT = True

test = {   'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> assert tuple(value_range) == (0, 255)\n',
                                       'failure_message': 'Its first layer is a Rescaling layer: it expects pixels as stored in image files.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
