"""Exercise checks that can say "wrong" without saying what is right.

An assignment's public tests ship next to the student notebook, one click away in the file browser,
and Otter prints the line of a failing test. So a public test must not contain the answer: it
compares a *fingerprint* of the learner's answer with the fingerprint of the solution. `digest`
turns a value into a short sha256 fingerprint that does not depend on how the value was written
(a set or a sorted list, a tuple or a list, `1e-2` or `0.01`, a numpy or a Python number). A master
notebook's public test holds the solution's fingerprint (`python3 -c "import transferkit as tk;
print(tk.checks.digest(...))"` makes one), and tests/test_exercises.py proves that every solution
passes its tests and that no check prints or contains a solution value.

Example:
    >>> digest({"D", "B"}) == digest(["B", "D"])
    True
    >>> digest(1e-2) == digest(0.01) != digest(0.1)
    True
"""

from __future__ import annotations

import hashlib
import json
import numbers

import numpy as np


def canonical(value, decimals: int = 6):
    """Return `value` as plain, ordered JSON data: sets sorted, tuples as lists, floats rounded.

    Args:
        value: a string, number, bool, None, or a list, tuple, set or dict of those (nested); a NumPy array or a
            TensorShape counts as the list it holds.
        decimals: floats are rounded to this many decimals, so that two ways of computing the same
            number agree.

    Raises:
        ValueError: for a value of another kind (a model, a function, ...).

    Example:
        >>> canonical({"b": (1, 2.0000001), "a": {3, 1}})
        {'a': [1, 3], 'b': [1, 2]}
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        rounded = round(float(value), decimals)
        return int(rounded) if rounded.is_integer() else rounded
    if isinstance(value, np.ndarray) or hasattr(value, "as_list"):  # an array, a TensorShape: as a list
        value = value.tolist() if isinstance(value, np.ndarray) else value.as_list()
    if isinstance(value, (set, frozenset)):
        items = [canonical(item, decimals) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, (list, tuple)):
        return [canonical(item, decimals) for item in value]
    if isinstance(value, dict):
        return {str(key): canonical(item, decimals) for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))}
    raise ValueError(f"Cannot fingerprint a {type(value).__name__}. Received: {value!r:.60}. Expected a string, "
                     "number, bool, None, or a list, tuple, set or dict of those.")


def digest(value, decimals: int = 6) -> str:
    """Return a 16-character fingerprint of `value` (sha256 of its canonical JSON).

    Example:
        >>> digest("shared layers")
        '09efd3c7d49bd1d7'
    """
    text = json.dumps(canonical(value, decimals), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def matches(value, fingerprint: str, decimals: int = 6) -> bool:
    """Return True if `value` has the fingerprint `fingerprint`; False (never an error) otherwise.

    A learner's answer that cannot be fingerprinted (still `...`, a model instead of a number) is
    simply not the answer.

    Example:
        >>> matches((0, 255), digest([0, 255])), matches(Ellipsis, digest(1))
        (True, False)
    """
    try:
        return digest(value, decimals) == fingerprint
    except ValueError:
        return False


def compiled_loss(model, y_true, y_pred) -> float | None:
    """Return the loss `model` is compiled with, computed on (`y_true`, `y_pred`); None if it has none.

    Lets a check ask which loss a learner compiled with, whether they passed its name or a loss object:
    `"sparse_categorical_crossentropy"` and `keras.losses.SparseCategoricalCrossentropy()` give the same
    number. A model that was never compiled, or whose loss does not apply to these labels, gives None.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="softmax")])
        >>> model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy())
        >>> round(compiled_loss(model, np.array([1]), np.full((1, 4), 0.25, "float32")), 4)  # log 4
        1.3863
        >>> compiled_loss(keras.Sequential([keras.Input((3,))]), np.array([1]), np.full((1, 4), 0.25))
    """
    try:
        return float(model.compute_loss(y=y_true, y_pred=y_pred))
    except Exception:  # noqa: BLE001 - no loss, or one that does not fit these labels: not the answer
        return None
