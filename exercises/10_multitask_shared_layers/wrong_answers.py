"""Typical wrong answers, one per question: tests/test_exercises.py checks that each one fails.

All of them go into one notebook, which Otter grades as a whole after running it (as it grades a
student's submission), so a wrong answer must not redefine what an earlier question defines.
"""

WRONG_ANSWERS = {
    "q1": "digit_input, letter_input = keras.Input((28, 28, 1)), keras.Input((28, 28, 1))\nother, _ = tk.adapt.build_digit_networks(seed=1)\nmodel = keras.Model([digit_input, letter_input], {'digits': layers.Dense(10, activation='softmax')(shared(digit_input)),\n                    'letters': layers.Dense(26, activation='softmax')(other(letter_input))})",
    "q2": 'total_loss = (0.8 + 0.4) / 2',
    "q3": 'separate_parameters = 2 * shared.count_params()\nmultitask_parameters = shared.count_params()',
}
