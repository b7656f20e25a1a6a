"""Assignment 04's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''from keras.layers import Dense
base_model = tk.pretrained.load_shared_layers()
for layer in base_model.layers:
    layer.trainable = False
images = keras.Input(shape=(28, 28, 1))
features = base_model(images, training=False)
model = keras.Model(inputs=images, outputs=Dense(units=10, activation=keras.activations.softmax)(features))''',
        '''base_model = tk.pretrained.load_shared_layers()
inputs = keras.Input(shape=base_model.input_shape[1:])
x = base_model(inputs, training=False)
x = keras.layers.Dense(10, "softmax")(x)
model = keras.Model(inputs=inputs, outputs=x)
base_model.trainable = False''',
    ],
    "q2": [
        '''transfer = 'feature extraction: frozen f_shared + logistic regression'
scratch = 'from scratch: small CNN'
accuracy = {(r['strategy'], r['labels_per_class'], r['seed']): r['accuracy'] for r in reference}
seeds = sorted({r['seed'] for r in reference})
gain_1 = 100 * np.mean([accuracy[transfer, 1, s] - accuracy[scratch, 1, s] for s in seeds])
gain_30 = 100 * np.mean([accuracy[transfer, 30, s] - accuracy[scratch, 30, s] for s in seeds])''',
        '''gains = tk.experiments.gains_over_baseline(reference, baseline='from scratch: small CNN')
row = {g['labels_per_class']: g['gain'] for g in gains
       if g['strategy'] == 'feature extraction: frozen f_shared + logistic regression'}
gain_1, gain_30 = row[1] * 100, row[30] * 100''',
    ],
    "q3": [
        '''gains = tk.experiments.gains_over_baseline(reference, "from scratch: small CNN")
best_budget = max((g for g in gains if g["strategy"] == "feature extraction: frozen f_shared + logistic regression"),
                  key=lambda g: g["gain"])["labels_per_class"]''',
        '''def mean_of(strategy, budget):
    return np.mean([r["accuracy"] for r in reference if r["strategy"] == strategy and r["labels_per_class"] == budget])
best_budget, best_gain = None, -np.inf
for budget in [1, 3, 10, 30]:
    gain = mean_of("feature extraction: frozen f_shared + logistic regression", budget) - mean_of("from scratch: small CNN", budget)
    if gain > best_gain:
        best_budget, best_gain = budget, gain''',
    ],
}

EQUIVALENT = {
    'q1': {
        "drop training=: `outputs = keras.layers.Dense(10, activation='softmax')(base_model(inputs))`":
            "Keras 3 passes the outer call's training flag to every layer of a functional model, over the training=False written in it (keras-team/keras#20285; chapter 05, trap 2), and a frozen base runs in inference mode either way: the model computes the same",
        "False -> True: `outputs = keras.layers.Dense(10, activation='softmax')(base_model(inputs, training=True))`":
            "Keras 3 passes the outer call's training flag to every layer of a functional model, over the training=False written in it (keras-team/keras#20285; chapter 05, trap 2), and a frozen base runs in inference mode either way: the model computes the same",
    },
}

# Why a question has fewer than 5 mutants.
FEW_MUTANTS = {
    'q3': 'a one-value answer: removing it and changing its value are all the edits there are; the fingerprint check rejects every other value',
}
