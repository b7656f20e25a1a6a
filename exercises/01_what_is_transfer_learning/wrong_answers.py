"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
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

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q1": '''roles = {
    "recognising 459 kinds of printed glyphs": "source task",
    "recognising handwritten digits": "target task",
    "the network the lab trained": "pretrained model",
    "the convolution layers you keep": ...,
    "the new softmax layer": ...,
    "keeping the layers as they are and training only the new one": ...,
}''',
    "q4": '''supported = {"B"}''',
}
