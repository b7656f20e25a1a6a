"""Typical wrong answers, one per question: tests/test_exercises.py checks that each one fails.

All of them go into one notebook, which Otter grades as a whole after running it (as it grades a
student's submission), so a wrong answer must not redefine what an earlier question defines.
"""

WRONG_ANSWERS = {
    "q1": 'def coral(source, target):\n    d = source.shape[1]\n    return ops.sum((ops.matmul(ops.transpose(source), source) - ops.matmul(ops.transpose(target), target)) ** 2) / (4 * d * d)',
    "q2": 'distance = 2 * (1 - 2 * 10)\nindistinguishable = 0.0',
    "q3": "labelled_domain = 'both'",
    "q4": "best_method = 'dann'\nbest_gain = 0.05",
}
