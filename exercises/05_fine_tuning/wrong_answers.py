"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": 'tk.models.unfreeze_top_layers(base_model, num_layers=2, keep_batchnorm_frozen=False)',
    "q2": 'trains_without_recompile = True',
    "q3": 'wrecking_rate = 1e-3',
    "q4": "keep_unchanged = 'the head only'",
}

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q1": 'tk.models.unfreeze_top_layers(base_model, num_layers=1)   # not recompiled',
}
