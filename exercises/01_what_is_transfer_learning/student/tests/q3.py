OK_FORMAT = True

test = {   'name': 'q3',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> assert target_model.get_layer('shared') is source_model.get_layer('shared')\n",
                                       'failure_message': 'Reuse the layer object itself (source_model.get_layer("shared")), not a new Dense layer with the same name.',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> assert sum((int(np.prod(w.shape)) for w in target_model.trainable_weights)) == 64 * 5 + 5\n',
                                       'failure_message': "Freeze the shared layer (trainable = False) so only the new specific layer's 64 x 5 + 5 parameters train.",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
