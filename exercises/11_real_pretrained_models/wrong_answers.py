"""Typical wrong answers, one per question: tests/test_exercises.py checks that each one fails.

All of them go into one notebook, which Otter grades as a whole after running it (as it grades a
student's submission), so a wrong answer must not redefine what an earlier question defines.
"""

WRONG_ANSWERS = {
    "q1": 'value_range = (0, 1)',
    "q2": "inputs = keras.Input((28, 28, 1))\nmodel = keras.Model(inputs, layers.Dense(10, activation='softmax')(base_model(inputs, training=False)))",
    "q3": "tuned_base = tk.pretrained.load_shared_layers()\ntuned_base.trainable = False\ninputs = keras.Input((28, 28, 1))\ntuned_model = keras.Model(inputs, layers.Dense(10, activation='softmax')(tuned_base(inputs, training=False)))\ntk.models.unfreeze_top_layers(tuned_base, num_layers=4)   # forgot to recompile",
}
