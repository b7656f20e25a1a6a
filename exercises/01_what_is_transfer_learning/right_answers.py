"""Assignment 01's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''roles = dict([
    ("recognising 459 kinds of printed glyphs", "source task"),
    ("recognising handwritten digits", "target task"),
    ("the network the lab trained", "pretrained model"),
    ("the convolution layers you keep", "shared layers"),
    ("the new softmax layer", "specific layers"),
    ("keeping the layers as they are and training only the new one", "transfer strategy"),
])''',
        '''roles = {}
roles["keeping the layers as they are and training only the new one"] = "transfer strategy"
roles["the new softmax layer"] = "specific layers"
roles["the convolution layers you keep"] = "shared layers"
roles["the network the lab trained"] = "pretrained model"
roles["recognising handwritten digits"] = "target task"
roles["recognising 459 kinds of printed glyphs"] = "source task"''',
    ],
    "q2": [
        '''from keras.layers import Dense
inputs = keras.Input((64,))
source_model = keras.Model(inputs, Dense(5, "softmax", name="specific")(Dense(64, "relu", name="shared")(inputs)))''',
        '''source_model = keras.Sequential([
    keras.Input(shape=(64,)),
    keras.layers.Dense(units=64, activation=keras.activations.relu, name="shared"),
    keras.layers.Dense(units=5, activation="softmax", name="specific"),
])''',
    ],
    "q3": [
        '''source_model.get_layer("shared").trainable = False
target_model = keras.Sequential([
    keras.Input((64,)),
    source_model.get_layer("shared"),
    keras.layers.Dense(5, activation="softmax", name="specific"),
])''',
        '''x = keras.Input(shape=(64,))
layer = source_model.get_layer(name="shared")
layer.trainable = False
target_model = keras.Model(inputs=x, outputs=keras.layers.Dense(units=5, activation="softmax", name="specific")(layer(x)))''',
    ],
    "q4": [
        '''supported = set("BD")''',
        '''supported = {"D", "B"}''',
    ],
}

EQUIVALENT = {}
