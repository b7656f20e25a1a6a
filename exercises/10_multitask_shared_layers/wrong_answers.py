"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": "digit_input, letter_input = keras.Input((28, 28, 1)), keras.Input((28, 28, 1))\nother, _ = tk.adapt.build_digit_networks(seed=1)\nmodel = keras.Model([digit_input, letter_input], {'digits': layers.Dense(10, activation='softmax')(shared(digit_input)),\n                    'letters': layers.Dense(26, activation='softmax')(other(letter_input))})",
    "q2": 'total_loss = (0.8 + 0.4) / 2',
    "q3": 'separate_parameters = 2 * shared.count_params()\nmultitask_parameters = shared.count_params()',
}

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q1": "digit_input, letter_input = keras.Input((28, 28, 1)), keras.Input((28, 28, 1))\n"
          "model = keras.Model([digit_input, letter_input], {'digits': layers.Dense(10, activation='softmax')(shared(digit_input))})",
    "q3": 'separate_parameters = 2 * shared.count_params() + (128 * 10 + 10) + (128 * 26 + 26)\nmultitask_parameters = ...',
}
