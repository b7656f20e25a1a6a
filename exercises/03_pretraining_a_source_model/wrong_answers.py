"""Typical wrong answers, one per question: tests/test_exercises.py checks that each one fails.

All of them go into one notebook, which Otter grades as a whole after running it (as it grades a
student's submission), so a wrong answer must not redefine what an earlier question defines.
"""

WRONG_ANSWERS = {
    "q1": 'base_model = source_model\nhead = source_model.get_layer("shared")',
    "q2": "import os, tempfile\npath = os.path.join(tempfile.mkdtemp(), 'my_model.keras')\nsmall = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation='softmax')])\nreloaded = small",
    "q3": 'edge_block = 5',
    "q4": 'digit_classes = 0',
}
