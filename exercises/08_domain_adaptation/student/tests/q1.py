OK_FORMAT = True

test = {   'name': 'q1',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> assert np.isclose(float(coral(source_features, target_features)), float(tk.adapt.coral_loss(source_features, target_features)), rtol=0.0001)\n',
                                       'failure_message': 'Centre each feature (subtract its mean over the batch), covariance = X^T X / (n - 1), then sum the squared differences / (4 d^2).',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
