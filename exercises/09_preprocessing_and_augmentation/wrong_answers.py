"""Typical wrong answers, one per question: tests/test_exercises.py checks that each one fails.

All of them go into one notebook, which Otter grades as a whole after running it (as it grades a
student's submission), so a wrong answer must not redefine what an earlier question defines.
"""

WRONG_ANSWERS = {
    "q1": 'inputs = keras.Input((28, 28, 1))\nbytes_model = keras.Model(inputs, base_model(inputs, training=False))',
    "q2": "augmentation = keras.Sequential([layers.RandomFlip('horizontal'), layers.RandomRotation(0.05)])",
    "q3": "statement = 'A'",
}
