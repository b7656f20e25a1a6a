"""Typical wrong answers, one per question: tests/test_exercises.py checks that each one fails.

All of them go into one notebook, which Otter grades as a whole after running it (as it grades a
student's submission), so a wrong answer must not redefine what an earlier question defines.
"""

WRONG_ANSWERS = {
    "q1": "base_model = tk.pretrained.load_shared_layers()\ninputs = keras.Input((28, 28, 1))\noutputs = keras.layers.Dense(10, activation='softmax')(base_model(inputs))\nmodel = keras.Model(inputs, outputs)",
    "q2": "gain_1 = np.mean([r['accuracy'] for r in reference if r['labels_per_class'] == 1]) - 0.5\ngain_30 = 0.02",
    "q3": 'best_budget = 30',
}
