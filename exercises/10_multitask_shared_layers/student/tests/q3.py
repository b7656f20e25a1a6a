OK_FORMAT = True

test = {   'name': 'q3',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': '>>> heads = 128 * 36 + 36\n'
                                               '>>> assert separate_parameters == 2 * shared.count_params() + heads\n'
                                               '>>> assert multitask_parameters == shared.count_params() + heads\n',
                                       'failure_message': 'A Dense head has 128 x classes weights plus one bias per class; the multi-task model has one f_shared, separate models two.',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
