"""Typical wrong answers, one per question: tests/test_exercises.py checks that each one fails.

All of them go into one notebook, which Otter grades as a whole after running it (as it grades a
student's submission), so a wrong answer must not redefine what an earlier question defines.
"""

WRONG_ANSWERS = {
    "q1": 'h = x @ W_shared + b_shared   # forgot the ReLU',
    "q2": 'p = h @ W_specific + b_specific    # logits, not probabilities',
    "q3": 'shared_parameters = 64 * 32\nspecific_parameters = 32 * 10   # forgot the biases',
    "q4": 'import tensorflow as tf\nwith tf.GradientTape() as tape:\n    loss = keras.losses.sparse_categorical_crossentropy(np.array([1]), model(x))\ngradients = tape.gradient(loss, model.trainable_weights)   # not frozen: 4 gradients',
}
