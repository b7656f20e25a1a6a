"""Assignment 11's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''value_range = (0.0, 255.0)''',
        '''low, high = 0, 255
value_range = (low, high)''',
    ],
    "q2": [
        '''from keras.layers import Dense, Dropout
base_model.trainable = False
x_in = keras.Input(shape=(28, 28, 1))
x = base_model(x_in, training=False)
x = Dropout(rate=0.2)(x)
model = keras.Model(inputs=x_in, outputs=Dense(units=10, activation="softmax")(x))''',
        '''inputs = keras.Input((28, 28, 1))
features = base_model(inputs, training=False)
dropped = layers.Dropout(0.2)(features)
outputs = layers.Dense(10, activation=keras.activations.softmax)(dropped)
model = keras.Model(inputs, outputs)
base_model.trainable = False''',
    ],
    "q3": [
        '''tuned_base = tk.pretrained.load_shared_layers()
tuned_base.trainable = False
inputs = keras.Input((28, 28, 1))
tuned_model = keras.Model(inputs, layers.Dense(10, activation='softmax')(tuned_base(inputs, training=False)))
tk.models.unfreeze_top_layers(tuned_base, 2)
tuned_model.compile(keras.optimizers.Adam(learning_rate=0.00001), keras.losses.SparseCategoricalCrossentropy())''',
        '''from keras.optimizers import Adam
tuned_base = tk.pretrained.load_shared_layers()
tuned_base.trainable = False
inputs = keras.Input((28, 28, 1))
tuned_model = keras.Model(inputs, layers.Dense(10, activation='softmax')(tuned_base(inputs, training=False)))
print(tk.models.unfreeze_top_layers(model=tuned_base, num_layers=2))
tuned_model.compile(optimizer=Adam(1e-5), loss="sparse_categorical_crossentropy", metrics=["accuracy"])''',
    ],
}

EQUIVALENT = {
    'q2': {
        "drop training=: `outputs = layers.Dense(10, activation='softmax')(layers.Dropout(0.2)(base_model(inputs)))`":
            "Keras 3 passes the outer call's training flag to every layer of a functional model, over the training=False written in it (keras-team/keras#20285; chapter 05, trap 2), and a frozen base runs in inference mode either way: the model computes the same",
        "False -> True: `outputs = layers.Dense(10, activation='softmax')(layers.Dropout(0.2)(base_model(inputs, training=True)))`":
            "Keras 3 passes the outer call's training flag to every layer of a functional model, over the training=False written in it (keras-team/keras#20285; chapter 05, trap 2), and a frozen base runs in inference mode either way: the model computes the same",
    },
}

# Why a question has fewer than 5 mutants.
FEW_MUTANTS = {
    'q1': 'a pair of numbers: each changed, and removal, are all the edits there are; the fingerprint check rejects every other pair',
}
