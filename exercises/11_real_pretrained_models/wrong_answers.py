"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": 'value_range = (0, 1)',
    "q2": "inputs = keras.Input((28, 28, 1))\nmodel = keras.Model(inputs, layers.Dense(10, activation='softmax')(base_model(inputs, training=False)))",
    "q3": "tuned_base = tk.pretrained.load_shared_layers()\ntuned_base.trainable = False\ninputs = keras.Input((28, 28, 1))\ntuned_model = keras.Model(inputs, layers.Dense(10, activation='softmax')(tuned_base(inputs, training=False)))\ntk.models.unfreeze_top_layers(tuned_base, num_layers=4)   # forgot to recompile",
}

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q2": "base_model.trainable = False\ninputs = keras.Input((28, 28, 1))\n"
          "model = keras.Model(inputs, layers.Dense(10, activation='softmax')(base_model(inputs, training=False)))   # no dropout",
    "q3": "tuned_base = tk.pretrained.load_shared_layers()\ntuned_base.trainable = False\ninputs = keras.Input((28, 28, 1))\n"
          "tuned_model = keras.Model(inputs, layers.Dense(10, activation='softmax')(tuned_base(inputs, training=False)))\n"
          "tk.models.unfreeze_top_layers(tuned_base, num_layers=2)   # not recompiled",
}
