"""Assignment 10's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''from keras.layers import Dense
a = keras.Input(shape=(28, 28, 1))
b = keras.Input(shape=(28, 28, 1))
model = keras.Model(inputs=[a, b], outputs={
    "letters": Dense(26, activation="softmax")(shared(b)),
    "digits": Dense(10, activation="softmax")(shared(a)),
})''',
        '''inputs = [keras.Input((28, 28, 1)) for _ in range(2)]
features = [shared(i) for i in inputs]
model = keras.Model(inputs, dict(digits=layers.Dense(10, "softmax")(features[0]),
                                 letters=layers.Dense(26, "softmax")(features[1])))''',
    ],
    "q2": [
        '''loss_weights = {"digits": 1.0, "letters": 0.5}
losses = {"digits": 0.8, "letters": 0.4}
total_loss = sum(loss_weights[task] * losses[task] for task in losses)''',
        '''total_loss = 1.0''',
    ],
    "q3": [
        '''shared_count = shared.count_params()
heads = 129 * 10 + 129 * 26
separate_parameters = 2 * shared_count + heads
multitask_parameters = shared_count + heads''',
        '''features = shared.output_shape[-1]
heads = sum((features + 1) * classes for classes in (10, 26))
separate_parameters = (shared.count_params() + (features + 1) * 10) + (shared.count_params() + (features + 1) * 26)
multitask_parameters = shared.count_params() + heads''',
    ],
}

EQUIVALENT = {}
