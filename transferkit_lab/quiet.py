"""Import TensorFlow without its start-up log lines, whatever imports it first.

TensorFlow 2.18 and later print INFO lines from C++ when they are imported ("WARNING: All log
messages before absl::InitializeLog() is called are written to STDERR", "oneDNN custom operations
are on ..."). `TF_CPP_MIN_LOG_LEVEL` does not silence them: absl writes every message to stderr until
it is initialised (abseil/abseil-cpp#1718). In JupyterLab they land in a red box under the first
cell of every chapter, where they look like an error and mean nothing to a learner.

`install()` puts a finder on `sys.meta_path` that runs the first import of `tensorflow` (whether it
comes from `import keras`, `import transferkit` or `from tensorflow import keras`) with the
process's stderr file descriptor captured, then writes back every captured line except INFO log
lines and absl's preamble. Warnings, errors and Python output go through as before.

The course's kernels install it through the `transferkit_lab` IPython extension (`python -m
transferkit_lab` names it in the environment's `etc/ipython/ipython_kernel_config.json`), and
`import transferkit` installs it too, for kernels started elsewhere.

Example:
    >>> is_noise("I0000 00:00:1795889548.926922    4260 port.cc:153] oneDNN custom operations are on.")
    True
    >>> is_noise("W0000 00:00:1795889548.926922    4260 allocator.cc:1] Allocation exceeds 10% of memory.")
    False
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import os
import re
import sys
import tempfile

# absl's preamble, and the first line of a glog/absl record: level letter + MMDD + time + thread + file:line "] ".
_PREAMBLE = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"
_RECORD = re.compile(r"^([IWEF])\d{4} [\d:. ]+\d+ [\w./-]+:\d+\] ")
_PYTHON_WARNING = re.compile(r"^\S.*:\d+: \w*(Warning|Error)\b")
# INFO is for TensorFlow's developers; warnings and errors (levels 1 and 2) stay visible.
LOG_LEVEL = "1"


def is_noise(line: str) -> bool:
    """Return True for absl's preamble or the first line of an INFO log record.

    Example:
        >>> is_noise("E0000 00:00:1.5    42 x.cc:9] a real error")
        False
    """
    match = _RECORD.match(line)
    return line.rstrip("\n") == _PREAMBLE or bool(match and match.group(1) == "I")


def without_noise(text: str) -> str:
    """Drop the noise of `text`: the preamble, and INFO records with the lines that continue them.

    A record's message can span lines (the CPU-feature notice has two): every line up to the next
    record, a blank line or a Python warning belongs to it.

    Example:
        >>> print(without_noise("I0000 00:00:1.5  42 cpu_feature_guard.cc:210] Optimised for these CPUs.\\n"
        ...                     "To enable the following instructions: AVX2, rebuild TensorFlow.\\n"
        ...                     "/site-packages/x.py:3: UserWarning: a real warning\\n"), end="")
        /site-packages/x.py:3: UserWarning: a real warning
    """
    kept, dropping = [], False
    for line in text.splitlines(keepends=True):
        if _RECORD.match(line) or line.rstrip("\n") == _PREAMBLE:
            dropping = is_noise(line)
        elif not line.strip() or _PYTHON_WARNING.match(line):
            dropping = False
        if not dropping:
            kept.append(line)
    return "".join(kept)


@contextlib.contextmanager
def filtered_stderr(also_drop: tuple[str, ...] = ()):
    """Capture what C and C++ code write to file descriptor 2; write back all but the noise (and the lines
    that contain one of `also_drop`)."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            kept = without_noise(capture.read().decode("utf-8", "replace"))
            kept = "".join(line for line in kept.splitlines(keepends=True) if not any(text in line for text in also_drop))
            if kept:
                os.write(2, kept.encode("utf-8"))


class _QuietLoader(importlib.abc.Loader):
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        with filtered_stderr():
            self.loader.exec_module(module)

    def __getattr__(self, name):  # get_resource_reader, is_package, ...: as the real loader does
        return getattr(self.loader, name)


class _QuietTensorFlowFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname != "tensorflow":
            return None
        uninstall()  # once: find the real spec below without coming back here
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _QuietLoader(spec.loader)
        return spec


def install() -> None:
    """Make the next import of TensorFlow quiet (nothing to do if it is imported already)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", LOG_LEVEL)
    if "tensorflow" in sys.modules or any(isinstance(finder, _QuietTensorFlowFinder) for finder in sys.meta_path):
        return
    sys.meta_path.insert(0, _QuietTensorFlowFinder())


def uninstall() -> None:
    """Remove the finder that `install` added."""
    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _QuietTensorFlowFinder)]

