"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": "cut_at = 'specific'",
    "q2": 'def cka(x, y):\n    return np.linalg.norm(y.T @ x) ** 2 / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y))',
    "q3": "conclusion = 'A'",
}

# Every answer of these questions is all or nothing: nothing to leave half done.
INCOMPLETE_ANSWERS = {}
