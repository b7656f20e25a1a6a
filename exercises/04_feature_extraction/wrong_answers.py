"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": "base_model = tk.pretrained.load_shared_layers()\ninputs = keras.Input((28, 28, 1))\noutputs = keras.layers.Dense(10, activation='softmax')(base_model(inputs))\nmodel = keras.Model(inputs, outputs)",
    "q2": "gain_1 = np.mean([r['accuracy'] for r in reference if r['labels_per_class'] == 1]) - 0.5\ngain_30 = 0.02",
    "q3": 'best_budget = 30',
}

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q2": "transfer, scratch = 'feature extraction: frozen f_shared + logistic regression', 'from scratch: small CNN'\n"
          "gain_1 = 100 * (np.mean([r['accuracy'] for r in reference if r['strategy'] == transfer and r['labels_per_class'] == 1])\n"
          "                - np.mean([r['accuracy'] for r in reference if r['strategy'] == scratch and r['labels_per_class'] == 1]))\n"
          "gain_30 = ...",
}
