"""Assignment 05's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''from keras.optimizers import Adam
tk.models.unfreeze_top_layers(base_model, 1)
model.compile(Adam(learning_rate=0.0001), "sparse_categorical_crossentropy")''',
        '''unfrozen = tk.models.unfreeze_top_layers(model=base_model, num_layers=1, keep_batchnorm_frozen=True)
print(unfrozen)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4),
              loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])''',
    ],
    "q2": [
        '''trains_without_recompile: bool = False''',
        '''trains_without_recompile = bool(0)''',
    ],
    "q3": [
        '''wrecking_rate = 1 / 100''',
        '''wrecking_rate = max(1e-2, 1e-3)''',
    ],
    "q4": [
        '''options = ['none', 'the head only', 'all of f_shared']
keep_unchanged = options[-1]''',
        '''keep_unchanged: str = "all of f_shared"''',
    ],
}

EQUIVALENT = {
    'q1': {
        'drop loss=: `model.compile(optimizer=keras.optimizers.Adam(0.0001))`':
            "Keras 3 keeps the loss of the previous compile (phase 1's) when compile is given none, so fit minimises the same loss",
        "'sparse_categorical_crossentropy' -> None: `model.compile(optimizer=keras.optimizers.Adam(0.0001), loss=None)`":
            "Keras 3 keeps the loss of the previous compile (phase 1's) when compile is given none, so fit minimises the same loss",
    },
}

# Why a question has fewer than 5 mutants.
FEW_MUTANTS = {
    'q2': 'a one-bool answer: removing it and flipping it are all the edits there are',
    'q3': 'a one-value answer: removing it and changing its value are all the edits there are; the fingerprint check rejects every other value',
    'q4': 'a choice among three options: the other strings of the notebook, None and removal are all the edits there are; the fingerprint check rejects each',
}
