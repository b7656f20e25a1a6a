OK_FORMAT = True

test = {   'name': 'q2',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> import os\n'
                                               '>>> assert os.path.exists(path)\n'
                                               '>>> assert reloaded is not small\n'
                                               ">>> probe = np.ones((2, 3), 'float32')\n"
                                               '>>> assert np.allclose(reloaded.predict(probe, verbose=0), small.predict(probe, verbose=0))\n',
                                       'failure_message': 'Call small.save(path), then keras.saving.load_model on the same path.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
