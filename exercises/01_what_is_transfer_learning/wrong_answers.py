"""Typical wrong answers, one per question: tests/test_exercises.py checks that each one fails.

All of them go into one notebook, which Otter grades as a whole after running it (as it grades a
student's submission), so a wrong answer must not redefine what an earlier question defines.
"""

WRONG_ANSWERS = {
    "q1": '''roles = {
    "recognising 459 kinds of printed glyphs": "target task",
    "recognising handwritten digits": "source task",
    "the network the lab trained": "pretrained model",
    "the convolution layers you keep": "specific layers",
    "the new softmax layer": "shared layers",
    "keeping the layers as they are and training only the new one": "transfer strategy",
}''',
    "q2": '''inputs = keras.Input(shape=(64,))
features = keras.layers.Dense(64, activation="relu", name="shared")(inputs)
outputs = keras.layers.Dense(10, name="specific")(features)      # 10 classes, no softmax
source_model = keras.Model(inputs, outputs)''',
    "q3": '''inputs = keras.Input(shape=(64,))
shared_layer = source_model.get_layer("shared")                  # reused, but left trainable
outputs = keras.layers.Dense(5, activation="softmax", name="specific")(shared_layer(inputs))
target_model = keras.Model(inputs, outputs)''',
    "q4": '''supported = {"A", "B"}''',
}
