"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": "global_batch_size = 32   # the per-replica batch, read by fit as the global one",
    "q2": "base_model = tk.pretrained.load_shared_layers()\nbase_model.trainable = False\ninputs = keras.Input((28, 28, 1))\n"
          "model = keras.Model(inputs, layers.Dense(10, activation='softmax')(base_model(inputs, training=False)))\n"
          "model.compile(optimizer=keras.optimizers.Adam(1e-3), loss='sparse_categorical_crossentropy')   # outside the scope",
    "q3": "loss_fn = keras.losses.SparseCategoricalCrossentropy(reduction=None)\n\n\n"
          "def compute_loss(labels, probabilities):\n    return tf.reduce_mean(loss_fn(labels, probabilities))   # this replica's mean",
    "q4": "import tempfile\n\nbackup_dir = tempfile.mkdtemp(prefix='backup-')\n"
          "backup = keras.callbacks.ModelCheckpoint(backup_dir + '/model.keras')   # saves, but never restores",
    "q5": 'tf_config = {"cluster": {"worker": ["10.0.0.1:2222", "10.0.0.2:2222"]}, "task": {"type": "worker", "index": 2}}',
}

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q2": "with strategy.scope():\n    base_model = tk.pretrained.load_shared_layers()\n    base_model.trainable = False\n"
          "    inputs = keras.Input((28, 28, 1))\n"
          "    model = keras.Model(inputs, layers.Dense(10, activation='softmax')(base_model(inputs, training=False)))\n"
          "model.compile(optimizer=keras.optimizers.Adam(1e-3), loss='sparse_categorical_crossentropy')   # compiled outside the scope",
    "q5": 'tf_config = {"cluster": {"worker": ["10.0.0.1:2222", "10.0.0.2:2222"]}}   # no task',
}
