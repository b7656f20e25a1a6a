"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": 'def coral(source, target):\n    d = source.shape[1]\n    return ops.sum((ops.matmul(ops.transpose(source), source) - ops.matmul(ops.transpose(target), target)) ** 2) / (4 * d * d)',
    "q2": 'distance = 2 * (1 - 2 * 10)\nindistinguishable = 0.0',
    "q3": "labelled_domain = 'both'",
    "q4": "best_method = 'dann'\nbest_gain = 0.05",
}

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q2": 'distance = 2 * (1 - 2 * 0.10)\nindistinguishable = ...',
    "q4": "runs = tk.experiments.load_reference_results('domain_adaptation')\n"
          "means = {m: np.mean([r['accuracy'] for r in runs if r['strategy'] == m]) for m in {r['strategy'] for r in runs}}\n"
          "best_method = max(means, key=means.get)\nbest_gain = ...",
}
