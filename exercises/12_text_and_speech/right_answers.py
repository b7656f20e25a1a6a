"""Assignment 12's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''kiitos_codes = [5, 4, 4, 8, 6, 7] + [0] * 2
koszi_codes = [5, 1, 7, 1, 4] + [0] * 3''',
        '''alphabet = "aeikost"
def to_codes(word, length=8):
    codes = [alphabet.index(c) + 2 if c in alphabet else 1 for c in word]
    return codes + [0] * (length - len(codes))
kiitos_codes = to_codes("kiitos")
koszi_codes = to_codes("köszi")''',
    ],
    "q2": [
        '''from keras.layers import Dense
base_model = tk.text.load_shared_layers()
base_model.trainable = False
codes = keras.Input(shape=(tk.text.MAX_LENGTH,), dtype="int32")
model = keras.Model(inputs=codes, outputs=Dense(units=6, activation="softmax")(base_model(codes, training=False)))''',
        '''base_model = tk.text.load_shared_layers()
inputs = keras.Input((tk.text.MAX_LENGTH,), dtype="int32")
features = base_model(inputs, training=False)
model = keras.Model(inputs, keras.layers.Dense(6, "softmax")(features))
base_model.trainable = False''',
    ],
    "q3": [
        '''sample_rate = 22050
samples = 2 * sample_rate
num_frames = (samples - 512) // 441 + 1
mel_matrix_shape = (257, 40)''',
        '''import tensorflow as tf
num_frames = tf.signal.stft(tf.zeros(2 * 22050), frame_length=512, frame_step=441).shape[0]
mel_matrix_shape = tuple(tf.signal.linear_to_mel_weight_matrix(40, 257, 22050, 60.0, 8000.0).shape)''',
        '''num_frames = 99
mel_matrix_shape = 257, 40''',
    ],
    "q4": [
        '''from collections import defaultdict
accuracies = defaultdict(list)
for r in text_study:
    accuracies[r["strategy"], r["labels_per_class"]].append(r["accuracy"])
budgets_where_transfer_wins = set()
for budget in sorted({budget for _, budget in accuracies}):
    if np.mean(accuracies["fine-tuning (head, then all layers at 1e-4)", budget]) > np.mean(accuracies["from scratch (source architecture)", budget]):
        budgets_where_transfer_wins.add(budget)''',
        '''def mean_accuracy(strategy, budget):
    return np.mean([r["accuracy"] for r in text_study if r["strategy"] == strategy and r["labels_per_class"] == budget])
budgets_where_transfer_wins = {b for b in {r["labels_per_class"] for r in text_study}
                               if mean_accuracy("fine-tuning (head, then all layers at 1e-4)", b)
                               > mean_accuracy("from scratch (source architecture)", b)}''',
    ],
    "q5": [
        '''true_statements = set("BC")''',
        '''true_statements = {"C", "B"}''',
    ],
}

EQUIVALENT = {
    'q2': {
        "drop training=: `outputs = keras.layers.Dense(6, activation='softmax')(base_model(inputs))`":
            "Keras 3 passes the outer call's training flag to every layer of a functional model, over the training=False written in it (keras-team/keras#20285; chapter 05, trap 2), and a frozen base runs in inference mode either way: the model computes the same",
        "False -> True: `outputs = keras.layers.Dense(6, activation='softmax')(base_model(inputs, training=True))`":
            "Keras 3 passes the outer call's training flag to every layer of a functional model, over the training=False written in it (keras-team/keras#20285; chapter 05, trap 2), and a frozen base runs in inference mode either way: the model computes the same",
    },
    'q3': {
        '441 -> 442: `num_frames = 1 + (2 * 22050 - 512) // 442`':
            'integer division: the 43,588 samples after the first frame hold 98 steps (98.8) of 441 and still 98 of 442, so 99 frames either way',
        '512 -> 513: `num_frames = 1 + (2 * 22050 - 513) // 441`':
            'integer division: 43,587 samples still hold 98 whole steps of 441, so 99 frames either way',
        '22050 -> 22051: `num_frames = 1 + (2 * 22051 - 512) // 441`':
            'integer division: 43,590 samples still hold 98 whole steps of 441, so 99 frames either way',
    },
}
