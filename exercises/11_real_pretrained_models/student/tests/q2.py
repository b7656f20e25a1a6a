OK_FORMAT = True

test = {   'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': ">>> assert tk.models.count_parameters(model)['trainable'] == 1290\n",
                                       'failure_message': "Freeze the base before building: only the head's 128 x 10 + 10 parameters may train.",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> assert any((isinstance(layer, layers.Dropout) for layer in model.layers))\n',
                                       'failure_message': 'Put a Dropout layer between the features and the head.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
