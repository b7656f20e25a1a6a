"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": 'inputs = keras.Input((28, 28, 1))\nbytes_model = keras.Model(inputs, base_model(inputs, training=False))',
    "q2": "augmentation = keras.Sequential([layers.RandomFlip('horizontal'), layers.RandomRotation(0.05)])",
    "q3": "statement = 'A'",
}

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q2": "augmentation = keras.Sequential([layers.RandomRotation(0.05, fill_mode='constant')])   # no shift",
}
