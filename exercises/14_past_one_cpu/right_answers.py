"""Assignment 14's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''per_replica_batch_size = 32
global_batch_size = per_replica_batch_size * strategy.num_replicas_in_sync''',
        '''global_batch_size = strategy.num_replicas_in_sync * 32''',
    ],
    "q2": [
        '''with strategy.scope():
    base_model = tk.pretrained.load_shared_layers()
    inputs = keras.Input(shape=(28, 28, 1))
    features = base_model(inputs, training=False)
    model = keras.Model(inputs=inputs, outputs=keras.layers.Dense(units=10, activation="softmax")(features))
    base_model.trainable = False
    model.compile(keras.optimizers.Adam(learning_rate=0.001), keras.losses.SparseCategoricalCrossentropy())''',
        '''from keras.optimizers import Adam
with strategy.scope():
    base_model = tk.pretrained.load_shared_layers()
    base_model.trainable = False
    model = keras.Sequential([keras.Input((28, 28, 1)), base_model, layers.Dense(10, activation=keras.activations.softmax)])
    model.compile(optimizer=Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])''',
    ],
    "q3": [
        '''loss_fn = keras.losses.SparseCategoricalCrossentropy(reduction=None)


def compute_loss(labels, probabilities):
    return tf.reduce_sum(loss_fn(labels, probabilities)) / global_batch_size''',
        '''loss_fn = keras.losses.SparseCategoricalCrossentropy(reduction=None)


def compute_loss(labels, probabilities):
    per_example_loss = loss_fn(labels, probabilities)
    per_replica_mean = tf.reduce_mean(per_example_loss)
    share = tf.cast(tf.shape(per_example_loss)[0], "float32") / global_batch_size
    return per_replica_mean * share''',
    ],
    "q4": [
        '''import tempfile

backup_dir = tempfile.mkdtemp(prefix="backup-")
backup = keras.callbacks.BackupAndRestore(backup_dir=backup_dir, save_freq="epoch")''',
        '''import tempfile
from keras.callbacks import BackupAndRestore

backup_dir = tempfile.mkdtemp(prefix="backup-")
backup = BackupAndRestore(backup_dir, delete_checkpoint=True)''',
    ],
    "q5": [
        '''cluster = {"worker": ["10.0.0.1:2222", "10.0.0.2:2222"]}
tf_config = {"cluster": cluster, "task": {"type": "worker", "index": 1}}''',
        '''import json
tf_config = json.loads('{"task": {"index": 1, "type": "worker"}, "cluster": {"worker": ["10.0.0.1:2222", "10.0.0.2:2222"]}}')''',
    ],
}

EQUIVALENT = {
    'q3': {
        "drop global_batch_size=: `return tf.nn.compute_average_loss(per_example_loss)`":
            "inside strategy.run, compute_average_loss without a global_batch_size divides by this replica's examples times the replicas in sync: the global batch, when every replica gets a full part (the check runs it so)",
    },
    'q2': {
        "drop training=: `outputs = layers.Dense(10, activation='softmax')(base_model(inputs))`":
            "Keras 3 passes the outer call's training flag to every layer of a functional model, over the training=False written in it (keras-team/keras#20285; chapter 05, trap 2), and a frozen base runs in inference mode either way: the model computes the same",
        "False -> True: `outputs = layers.Dense(10, activation='softmax')(base_model(inputs, training=True))`":
            "Keras 3 passes the outer call's training flag to every layer of a functional model, over the training=False written in it (keras-team/keras#20285; chapter 05, trap 2), and a frozen base runs in inference mode either way: the model computes the same",
    },
}

# Why a question has fewer than 5 mutants.
FEW_MUTANTS = {
    "q1": "one product of two numbers: changing either, or removing the line, are all the edits there are",
    "q3": "one call on the given per-example losses: dropping global_batch_size= (equivalent inside strategy.run) or removing the line are all the edits there are",
    "q4": "one call with one argument: dropping it, another string, or removing the line are all the edits there are",
}
