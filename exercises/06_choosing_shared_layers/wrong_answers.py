"""Typical wrong answers, one per question: tests/test_exercises.py checks that each one fails.

All of them go into one notebook, which Otter grades as a whole after running it (as it grades a
student's submission), so a wrong answer must not redefine what an earlier question defines.
"""

WRONG_ANSWERS = {
    "q1": "cut_at = 'specific'",
    "q2": 'def cka(x, y):\n    return np.linalg.norm(y.T @ x) ** 2 / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y))',
    "q3": "conclusion = 'A'",
}
