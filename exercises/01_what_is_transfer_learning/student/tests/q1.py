OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> words = {'source task', 'target task', 'shared layers', 'specific layers', 'pretrained model', 'transfer strategy'}\n"
                                               '>>> assert set(roles.values()) == words\n',
                                       'failure_message': 'Use each of the six words exactly once, spelled as listed (e.g. "source task").',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': ">>> assert roles['recognising 459 kinds of printed glyphs'] == 'source task'\n"
                                               ">>> assert roles['the convolution layers you keep'] == 'shared layers'\n"
                                               ">>> assert roles['the new softmax layer'] == 'specific layers'\n",
                                       'failure_message': 'The task you start from is the source task; the one you care about now is the target task. Layers you keep are shared; new ones are '
                                                          'specific.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
