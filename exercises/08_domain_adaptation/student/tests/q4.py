OK_FORMAT = True

test = {   'name': 'q4',
    'points': 1,
    'suites': [   {   'cases': [   {   'code': ">>> runs = tk.experiments.load_reference_results('domain_adaptation')\n"
                                               ">>> m = {k: np.mean([r['accuracy'] for r in runs if r['strategy'] == k]) for k in {r['strategy'] for r in runs}}\n"
                                               '>>> assert best_method == max(m, key=m.get)\n'
                                               ">>> assert np.isclose(best_gain, 100 * (m[best_method] - m['source only']), atol=0.01)\n",
                                       'failure_message': 'Average the accuracy over the seeds of each method; the gain is in points (x 100).',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
