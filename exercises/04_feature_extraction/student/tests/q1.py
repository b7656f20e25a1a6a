OK_FORMAT = True

test = {   'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': ">>> assert tk.models.count_parameters(model)['trainable'] == 128 * 10 + 10\n",
                                       'failure_message': 'Set base_model.trainable = False before you build the model: then only 128 x 10 + 10 parameters train.',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> assert model.output_shape == (None, 10)\n',
                                       'failure_message': 'The model maps 28 x 28 x 1 images to 10 probabilities.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
