"""The one argument check several modules share (private: not part of the course's API)."""

from __future__ import annotations

import numbers


def whole_number(name: str, value, minimum: int = 1, hint: str = "") -> int:
    """Return `value` as an int, or raise a ValueError that says what was received and expected.

    Example:
        >>> whole_number("num_classes", 3.0)
        3
        >>> whole_number("num_classes", 0, hint="Pass the number of classes.")
        Traceback (most recent call last):
        ...
        ValueError: `num_classes` must be a whole number of at least 1. Received: num_classes=0. Pass the number of classes.
    """
    if (isinstance(value, bool) or not isinstance(value, numbers.Real) or int(value) != value
            or value < minimum):
        message = f"`{name}` must be a whole number of at least {minimum}. Received: {name}={value!r}."
        raise ValueError(f"{message} {hint}" if hint else message)
    return int(value)
