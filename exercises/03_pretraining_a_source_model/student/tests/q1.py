OK_FORMAT = True

test = {   'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': ">>> assert base_model.output_shape == (None, 128)\n>>> assert head.units == len(tk.pretrained.source_info()['class_names'])\n",
                                       'failure_message': 'Use source_model.get_layer with the layer names printed above.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
