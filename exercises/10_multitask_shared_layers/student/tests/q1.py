OK_FORMAT = True

test = {   'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': ">>> assert tk.models.count_parameters(model)['trainable'] == shared.count_params() + (128 * 10 + 10) + (128 * 26 + 26)\n",
                                       'failure_message': "Call the one `shared` model on both inputs; f_shared's parameters are then counted once.",
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> out = model([np.zeros((2, 28, 28, 1)), np.zeros((2, 28, 28, 1))])\n'
                                               ">>> assert set(out) == {'digits', 'letters'}\n"
                                               ">>> assert tuple(out['letters'].shape) == (2, 26)\n",
                                       'failure_message': "The outputs are a dict with the keys 'digits' and 'letters'.",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
