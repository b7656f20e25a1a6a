"""Assignment 09's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''from keras.layers import Rescaling
raw = keras.Input(shape=(28, 28, 1))
bytes_model = keras.Model(inputs=raw, outputs=base_model(Rescaling(scale=1 / 255.0)(raw), training=False))''',
        '''inputs = keras.Input((28, 28, 1))
x = keras.layers.Rescaling(1.0 / 255, offset=0.0)(inputs)
features = base_model(x, training=False)
bytes_model = keras.Model(inputs=inputs, outputs=features)''',
        '''inputs = keras.Input((28, 28, 1))
scaled = layers.Lambda(lambda t: t / 255.0)(inputs)
bytes_model = keras.Model(inputs, base_model(scaled, training=False))''',
    ],
    "q2": [
        '''from keras.layers import RandomRotation, RandomTranslation
augmentation = keras.Sequential([
    RandomTranslation(height_factor=0.1, width_factor=0.1, fill_mode="constant"),
    RandomRotation(factor=0.05, fill_mode="constant"),
])''',
        '''augmentation = keras.Sequential()
augmentation.add(layers.RandomRotation((-0.05, 0.05), fill_mode="constant", fill_value=0.0))
augmentation.add(layers.RandomTranslation((-0.1, 0.1), (-0.1, 0.1), fill_mode="constant"))''',
    ],
    "q3": [
        '''statement: str = "B"''',
        '''statements = ["A", "B", "C"]
statement = statements[1]''',
    ],
}

EQUIVALENT = {
    'q1': {
        'drop training=: `features = base_model(layers.Rescaling(1.0 / 255)(inputs))`':
            "Keras 3 passes the outer call's training flag to every layer of a functional model, over the training=False written in it (keras-team/keras#20285; chapter 05, trap 2), and a frozen base runs in inference mode either way: the model computes the same",
        'False -> True: `features = base_model(layers.Rescaling(1.0 / 255)(inputs), training=True)`':
            "Keras 3 passes the outer call's training flag to every layer of a functional model, over the training=False written in it (keras-team/keras#20285; chapter 05, trap 2), and a frozen base runs in inference mode either way: the model computes the same",
    },
}

# Why a question has fewer than 5 mutants.
FEW_MUTANTS = {
    'q3': "a one-letter choice: the notebook's other strings, None and removal are all the edits there are; the fingerprint check rejects every other letter",
}
