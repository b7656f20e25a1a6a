"""Assignment 08's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''def coral(source, target):
    d = source.shape[1]
    def cov(x):
        n = x.shape[0]
        x = x - ops.mean(x, axis=0)
        return ops.matmul(ops.transpose(x), x) / (n - 1)
    return ops.sum(ops.square(cov(source) - cov(target))) / (4 * d ** 2)''',
        '''def coral(source, target):
    from keras import ops as K
    cs = source - K.mean(source, 0, keepdims=True)
    ct = target - K.mean(target, 0, keepdims=True)
    cov_s = K.einsum("ni,nj->ij", cs, cs) / (source.shape[0] - 1)
    cov_t = K.einsum("ni,nj->ij", ct, ct) / (target.shape[0] - 1)
    d = source.shape[-1]
    return K.norm(cov_s - cov_t, ord="fro") ** 2 / (4 * d * d)''',
    ],
    "q2": [
        '''error = 0.1
distance = 2 * (1 - 2 * error)
indistinguishable = 1 / 2''',
        '''distance, indistinguishable = 1.6, 0.5''',
    ],
    "q3": [
        '''labelled_domain: str = "source"''',
        '''domains = ("source", "target", "both")
labelled_domain = domains[0]''',
    ],
    "q4": [
        '''from collections import defaultdict
accuracies = defaultdict(list)
for run in tk.experiments.load_reference_results("domain_adaptation"):
    accuracies[run["strategy"]].append(run["accuracy"])
means = {method: np.mean(values) for method, values in accuracies.items()}
best_method = max(means, key=lambda method: means[method])
best_gain = (means[best_method] - means["source only"]) * 100''',
        '''import pandas as pd
frame = pd.DataFrame(tk.experiments.load_reference_results("domain_adaptation"))
means = frame.groupby("strategy")["accuracy"].mean()
best_method = means.idxmax()
best_gain = 100 * (means.max() - means["source only"])''',
    ],
}

EQUIVALENT = {
    'q1': {
        'drop keepdims=: `centred = x - ops.mean(x, axis=0)`':
            'subtracting a (d,) mean from an (n, d) batch broadcasts exactly as a (1, d) mean does',
        'True -> False: `centred = x - ops.mean(x, axis=0, keepdims=False)`':
            'subtracting a (d,) mean from an (n, d) batch broadcasts exactly as a (1, d) mean does',
    },
}
