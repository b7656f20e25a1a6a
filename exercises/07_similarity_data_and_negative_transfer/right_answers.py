"""Assignment 07's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''theta = np.array([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.1, 0.9]])
y = np.array([0, 0, 1, 1])
joint = np.stack([theta[y == label].sum(axis=0) for label in range(2)]) / len(y)
conditional = joint / joint.sum(axis=0)
score = np.log((theta * conditional[y]).sum(axis=1)).mean()''',
        '''theta = np.array([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.1, 0.9]])
y = np.array([0, 0, 1, 1])
one_hot = np.eye(2)[y]
joint = one_hot.T @ theta / theta.shape[0]
p_y_given_z = joint / np.sum(joint, axis=0, keepdims=True)
expected = [sum(p_y_given_z[label, z] * row[z] for z in range(2)) for row, label in zip(theta, y)]
score = float(np.mean(np.log(expected)))''',
    ],
    "q2": [
        '''negative = set()
for task in tk.sources.SOURCE_TASKS:
    for r in gains:
        if r["strategy"] == f"frozen + logistic regression, from {task}" and r["labels_per_class"] == 10 and r["max"] < 0:
            negative.add(task)''',
        '''prefix = "frozen + logistic regression, from "
scratch = {r["seed"]: r["accuracy"] for r in studies
           if r["strategy"] == "from scratch: small CNN" and r["labels_per_class"] == 10}
negative = {task for task in tk.sources.SOURCE_TASKS
            if all(r["accuracy"] < scratch[r["seed"]] for r in studies
                   if r["strategy"] == prefix + task and r["labels_per_class"] == 10)}''',
    ],
    "q3": [
        '''gain_grows_with_labels: bool = False''',
        '''gain_grows_with_labels = bool(0)''',
    ],
}

EQUIVALENT = {
    'q1': {
        '2 -> 3: `joint = np.zeros((3, 2))`':
            'a third label row stays zero and no example has that label, so P(y | z) of the two labels, and the score, are the same',
        'drop keepdims=: `conditional = joint / joint.sum(axis=0)`':
            'dividing a (2, 2) array by its (2,) column sums broadcasts exactly as by a (1, 2) array',
        'True -> False: `conditional = joint / joint.sum(axis=0, keepdims=False)`':
            'dividing a (2, 2) array by its (2,) column sums broadcasts exactly as by a (1, 2) array',
    },
    'q2': {
        "'frozen' -> 'frozen + logistic regression, from ': `worse_everywhere = {r['strategy'].removeprefix('frozen + logistic regression, from ') for r in gains if r['strategy'].startswith('frozen + logistic regression, from ') and r['labels_per_class'] == 10 and (r['max'] < 0)}`":
            "every frozen strategy's name starts with the longer prefix too, so the same rows are kept",
    },
}

# Why a question has fewer than 5 mutants.
FEW_MUTANTS = {
    'q3': 'a one-bool answer: removing it and flipping it are all the edits there are',
}
