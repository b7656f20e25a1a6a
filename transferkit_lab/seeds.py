"""Keep the kernel from drawing on Python's global random numbers behind the learner's back.

`keras.utils.set_random_seed(0)` seeds Python's `random` module, and Keras draws the seed of every
initializer without one from it. IPython 8.22+ builds its banner with a random "Tip:" line
(`random.choice`), and a kernel builds its banner whenever a client asks for kernel info, which
JupyterLab does when it connects or reconnects, for instance just after "Restart Kernel and Run All
Cells". When that request lands after the seed cell, every later weight is different, and the
chapter prints other numbers than on the previous run (seen in the browser test: 94.2% instead of
95.1% in chapter 01). Without the tip, the banner draws nothing.

Example:
    >>> class Shell:
    ...     enable_tip = True
    >>> shell = Shell()
    >>> no_random_tip(shell)
    >>> shell.enable_tip
    False
"""

from __future__ import annotations


def no_random_tip(shell=None) -> None:
    """Switch off IPython's random banner tip in `shell` (default: the running IPython, if any)."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return
        shell = get_ipython()
    if shell is not None and hasattr(shell, "enable_tip"):  # IPython before 8.22 has no tip
        shell.enable_tip = False
