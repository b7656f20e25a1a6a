"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": "kiitos_codes = [4, 3, 3, 7, 5, 6, 0, 0]\nkoszi_codes = [4, 9, 6, 10, 3, 0, 0, 0]",
    "q2": "base_model = tk.text.load_shared_layers()\ninputs = keras.Input((tk.text.MAX_LENGTH,), dtype='int32')\n"
          "model = keras.Model(inputs, keras.layers.Dense(6, activation='softmax')(base_model(inputs, training=False)))",
    "q3": "num_frames = 2 * 22050 // 441\nmel_matrix_shape = (40, 257)",
    "q4": "budgets_where_transfer_wins = {1, 3, 10, 30, 100}",
    "q5": "true_statements = {'B', 'C', 'D'}",
}

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q1": "kiitos_codes = [5, 4, 4, 8, 6, 7]\nkoszi_codes = [5, 1, 7, 1, 4]",
    "q2": "base_model = tk.text.load_shared_layers()\nbase_model.trainable = False\n"
          "inputs = keras.Input((tk.text.MAX_LENGTH,), dtype='int32')\nmodel = keras.Model(inputs, base_model(inputs, training=False))",
    "q4": "budgets_where_transfer_wins = {1}",
    "q5": "true_statements = {'B'}",
}
