"""Assignment 03's right answers written differently from the solution, and its equivalent mutants (if any).

What each name means, and how they are used: scripts/mutants.py.
"""

RIGHT_ANSWERS = {
    "q1": [
        '''base_model, head = (source_model.get_layer(name) for name in ("shared", "specific"))''',
        '''by_name = {layer.name: layer for layer in source_model.layers}
base_model = by_name["shared"]
head = by_name["specific"]''',
    ],
    "q2": [
        '''import os, tempfile
path = os.path.join(tempfile.mkdtemp(), 'my_model.keras')
small = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation='softmax')])
small.save(filepath=path)
reloaded = keras.models.load_model(path)
probe = np.random.rand(4, 3).astype("float32")
print(np.allclose(small.predict(probe, verbose=0), reloaded.predict(probe, verbose=0)))''',
        '''import os, tempfile
from keras.saving import load_model, save_model
path = os.path.join(tempfile.mkdtemp(), 'my_model.keras')
small = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation='softmax')])
save_model(small, path)
reloaded = load_model(filepath=path)
ones = np.ones((2, 3), dtype="float32")
assert np.allclose(small(ones), reloaded(ones))''',
    ],
    "q3": [
        '''edge_block: int = 1''',
        '''blocks = [1, 2, 3, 4, 5]
edge_block = blocks[0]''',
    ],
    "q4": [
        '''digit_classes = 0
for name in tk.pretrained.source_info()["class_names"]:
    if name in [str(d) for d in range(10)]:
        digit_classes += 1''',
        '''digit_classes = len(set("0123456789") & set(tk.pretrained.source_info()["class_names"]))''',
    ],
}

EQUIVALENT = {}

# Why a question has fewer than 5 mutants.
FEW_MUTANTS = {
    'q2': "two calls with no constant, keyword or string of their own (the prompt gives the path): removing either is all a mutation can do; the check compares the reloaded model's predictions with the saved one's",
    'q3': 'a one-value answer: removing it and changing its value are all the edits there are; the fingerprint check rejects every other value',
}
