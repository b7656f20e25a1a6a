"""Typical wrong answers, one per question: tests/test_exercises.py checks that each one fails.

All of them go into one notebook, which Otter grades as a whole after running it (as it grades a
student's submission), so a wrong answer must not redefine what an earlier question defines.
"""

WRONG_ANSWERS = {
    "q1": 'theta = np.array([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.1, 0.9]])\ny = np.array([0, 0, 1, 1])\nscore = np.mean(np.log(theta[np.arange(4), y]))   # uses theta as if source and target classes were the same',
    "q2": "negative = {r['strategy'].split(', from ')[1] for r in gains if r['labels_per_class'] == 10 and r['gain'] < 0.01}",
    "q3": 'gain_grows_with_labels = True',
}
