OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> assert [layer.name for layer in source_model.layers if layer.weights] == ['shared', 'specific']\n",
                                       'failure_message': 'Name the two Dense layers "shared" and "specific" (the name= argument).',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': ">>> assert source_model.get_layer('shared').count_params() == 64 * 64 + 64\n"
                                               ">>> assert source_model.get_layer('specific').count_params() == 64 * 5 + 5\n"
                                               ">>> assert source_model.get_layer('specific').get_config()['activation'] == 'softmax'\n",
                                       'failure_message': 'f_shared has 64 x 64 weights + 64 biases; f_specific one output per class (5) and a softmax.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
