"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": 'base_model = source_model\nhead = source_model.get_layer("shared")',
    "q2": "import os, tempfile\npath = os.path.join(tempfile.mkdtemp(), 'my_model.keras')\nsmall = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation='softmax')])\nreloaded = small",
    "q3": 'edge_block = 5',
    "q4": 'digit_classes = 0',
}

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q1": 'base_model = source_model.get_layer("shared")\nhead = ...',
}
