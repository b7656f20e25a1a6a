"""Assignment 02's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''h = np.clip(np.dot(x, W_shared) + b_shared, 0, None)''',
        '''z = np.matmul(x, W_shared) + b_shared
h = z * (z > 0)''',
    ],
    "q2": [
        '''scores = np.dot(h, W_specific) + b_specific
exps = np.exp(scores - scores.max(axis=-1, keepdims=True))
p = exps / np.sum(exps, axis=-1, keepdims=True)''',
        '''logits = np.matmul(h, W_specific) + b_specific
p = np.exp(logits)
p /= p.sum()''',
    ],
    "q3": [
        '''input_dim, hidden_units, num_classes = 64, 32, 10
shared_parameters = (input_dim + 1) * hidden_units
specific_parameters = (hidden_units + 1) * num_classes''',
        '''shared_parameters = 2080
specific_parameters = 330''',
    ],
    "q4": [
        '''import tensorflow as tf
model.get_layer(name="shared").trainable = False
model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.SparseCategoricalCrossentropy())
with tf.GradientTape() as tape:
    probabilities = model(x)
    loss = keras.losses.SparseCategoricalCrossentropy()(np.array([1]), probabilities)
gradients = tape.gradient(loss, model.trainable_variables)''',
        '''from tensorflow import GradientTape
for layer in model.layers:
    if layer.name == "shared":
        layer.trainable = False
model.compile("adam", "sparse_categorical_crossentropy")
with GradientTape() as tape:
    loss = -keras.ops.log(model(x, training=True)[0, 1])
gradients = tape.gradient(loss, model.trainable_weights)''',
    ],
}

EQUIVALENT = {
    'q2': {
        'drop axis=: `p = np.exp(logits) / np.exp(logits).sum(keepdims=True)`':
            "x holds one example, so the sum over all the logits is that one row's sum",
        'drop keepdims=: `p = np.exp(logits) / np.exp(logits).sum(axis=1)`':
            'x holds one example: dividing its (1, 3) row by a (1,) sum broadcasts as by a (1, 1) one',
        'True -> False: `p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=False)`':
            'x holds one example: dividing its (1, 3) row by a (1,) sum broadcasts as by a (1, 1) one',
    },
}

# Why a question has fewer than 5 mutants.
FEW_MUTANTS = {
    'q1': "one line whose only constant is ReLU's 0: removing it and changing the 0 are the edits there are; the check compares h with Keras' own shared layer, so any other formula fails as well (wrong_answers.py tries one)",
}
