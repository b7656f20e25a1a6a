"""Assignment 06's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''cut_at = max(probe.items(), key=lambda item: item[1])[0]''',
        '''cut_at = sorted(probe, key=lambda name: probe[name])[-1]''',
        '''cut_at = "block5"''',
    ],
    "q2": [
        '''def cka(x, y):
    xc = x - np.mean(x, axis=0, keepdims=True)
    yc = y - np.mean(y, axis=0, keepdims=True)
    numerator = np.sum(np.dot(yc.T, xc) ** 2)
    return numerator / (np.sqrt(np.sum(np.dot(xc.T, xc) ** 2)) * np.sqrt(np.sum(np.dot(yc.T, yc) ** 2)))''',
        '''def cka(x, y):
    def centre(m):
        return m - m.mean(0)
    x, y = centre(x), centre(y)
    cross = np.linalg.norm(np.matmul(y.T, x), ord="fro")
    return cross * cross / np.linalg.norm(np.matmul(x.T, x), "fro") / np.linalg.norm(np.matmul(y.T, y), "fro")''',
    ],
    "q3": [
        '''conclusion: str = "B"''',
        '''answers = ["A", "B", "C"]
conclusion = answers[1]''',
    ],
}

EQUIVALENT = {}

# Why a question has fewer than 5 mutants.
FEW_MUTANTS = {
    'q1': 'one call with no constant: dropping key= (the largest layer name instead of the best score) and removal are the edits there are; wrong_answers.py adds min()',
}
