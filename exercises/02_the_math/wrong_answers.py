"""Typical wrong and incomplete answers: tests/test_exercises.py checks that the public checks reject each one.

The test runs the student notebook once with, for each question in turn: the wrong answer and its
`grader.check`, the incomplete answer (if any) and its check, then the solution and its check. Each
rejected check must print a hint and no solution value; the solution comes last, so that later
questions start from the right state.
"""

WRONG_ANSWERS = {
    "q1": 'h = x @ W_shared + b_shared   # forgot the ReLU',
    "q2": 'p = h @ W_specific + b_specific    # logits, not probabilities',
    "q3": 'shared_parameters = 64 * 32\nspecific_parameters = 32 * 10   # forgot the biases',
    "q4": 'import tensorflow as tf\nwith tf.GradientTape() as tape:\n    loss = keras.losses.sparse_categorical_crossentropy(np.array([1]), model(x))\ngradients = tape.gradient(loss, model.trainable_weights)   # not frozen: 4 gradients',
}

# Answers that are right as far as they go but leave something out: the public checks must catch them too.
INCOMPLETE_ANSWERS = {
    "q3": 'shared_parameters = 64 * 32 + 32\nspecific_parameters = ...',
}
