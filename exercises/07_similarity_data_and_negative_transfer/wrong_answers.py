"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": 'theta = np.array([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.1, 0.9]])\ny = np.array([0, 0, 1, 1])\nscore = np.mean(np.log(theta[np.arange(4), y]))   # uses theta as if source and target classes were the same',
    "q2": "negative = {r['strategy'].split(', from ')[1] for r in gains if r['labels_per_class'] == 10 and r['gain'] < 0.01}",
    "q3": 'gain_grows_with_labels = True',
}

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q2": 'negative = set()',
}
