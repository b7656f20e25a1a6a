"""Typical wrong answers, one per question: tests/test_exercises.py checks that each one fails.

All of them go into one notebook, which Otter grades as a whole after running it (as it grades a
student's submission), so a wrong answer must not redefine what an earlier question defines.
"""

WRONG_ANSWERS = {
    "q1": 'tk.models.unfreeze_top_layers(base_model, num_layers=2, keep_batchnorm_frozen=False)',
    "q2": 'trains_without_recompile = True',
    "q3": 'wrecking_rate = 1e-3',
    "q4": "keep_unchanged = 'the head only'",
}
