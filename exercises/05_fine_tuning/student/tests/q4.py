OK_FORMAT = True

test = {   'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': ">>> assert keep_unchanged == 'all of f_shared'\n",
                                       'failure_message': 'The glyph classifier is f_specific_glyph(f_shared(x)): fine-tuning changes the part both tasks share.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
