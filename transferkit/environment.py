"""Check that a learner's environment can run the course, and report it for bug reports.

Example:
    >>> import transferkit as tk
    >>> "python" in tk.environment.versions()
    True
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import platform
import sys

from transferkit.language import gettext as _

# (import name, distribution name, lowest version, version it must stay below)
REQUIREMENTS = (
    ("tensorflow", "tensorflow", "2.16", "2.22"),
    ("keras", "keras", "3.3", "4"),
    ("numpy", "numpy", "1.26", "3"),
    ("matplotlib", "matplotlib", "3.8", "4"),
    ("sklearn", "scikit-learn", "1.4", "2"),
    ("mlxtend", "mlxtend", "0.23", "0.26"),
    ("PIL", "pillow", "10", "14"),
    ("fontTools", "fonttools", "4.40", "5"),
)


def _python_range() -> tuple[tuple[int, int], tuple[int, int]]:
    """The lowest and highest supported Python, from the installed package's Requires-Python (pyproject's
    `requires-python`, the versions TensorFlow ships wheels for); 3.10-3.13 if it cannot be read."""
    import re
    from importlib import metadata

    try:
        text = metadata.metadata("transferkit")["Requires-Python"] or ""
    except metadata.PackageNotFoundError:
        text = ""
    low, below = re.search(r">=\s*3\.(\d+)", text), re.search(r"<\s*3\.(\d+)", text)  # in either order
    return (3, int(low.group(1)) if low else 10), (3, int(below.group(1)) - 1 if below else 13)


PYTHON_RANGE = _python_range()


def _fix() -> str:
    return _("Run `python3 course.py lab` from the course folder: it installs what is missing into .venv.")


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit()) or "0"
        parts.append(int(digits))
    return tuple(parts)


def _installed_version(import_name: str) -> str | None:
    try:
        module = importlib.import_module(import_name)
    except ImportError:
        return None
    return getattr(module, "__version__", None) or "unknown"


def versions() -> dict[str, str]:
    """Return the versions that matter for the course, as `{name: version}`.

    Returns:
        Versions of Python, transferkit and every required package (`missing` when absent).

    Example:
        >>> found = versions()
        >>> "tensorflow" in found and found["python"].startswith("3.")
        True
    """
    from transferkit import __version__

    found = {"python": platform.python_version(), "transferkit": __version__}
    for import_name, distribution, _lowest, _below in REQUIREMENTS:
        found[distribution] = _installed_version(import_name) or "missing"
    return found


def problems() -> list[str]:
    """List what stops this environment from running the course, each with how to fix it.

    Returns:
        One sentence per problem; an empty list when everything is in order.

    Example:
        >>> isinstance(problems(), list)
        True
    """
    found = []
    low, high = PYTHON_RANGE
    if not low <= sys.version_info[:2] <= high:
        found.append(_("Python {version} is not supported; expected Python {expected}. Start JupyterLab from a "
                       "supported Python (see README).").format(version=platform.python_version(),
                                                                expected=f"{low[0]}.{low[1]}-{high[0]}.{high[1]}"))
    for import_name, distribution, lowest, below in REQUIREMENTS:
        version = _installed_version(import_name)
        if version is None:
            found.append(_("{package} is not installed; expected {lowest} <= version < {below}.").format(
                package=distribution, lowest=lowest, below=below) + " " + _fix())
        elif version != "unknown" and not (
                _version_tuple(lowest) <= _version_tuple(version) < _version_tuple(below)):
            found.append(_("{package} {version} is installed; expected {lowest} <= version < {below}.").format(
                package=distribution, version=version, lowest=lowest, below=below) + " " + _fix())
    if _installed_version("keras") and not found:
        import keras

        if keras.backend.backend() != "tensorflow":
            found.append(_("Keras uses the {backend} backend; the course expects 'tensorflow'. Set the environment "
                           "variable KERAS_BACKEND=tensorflow and restart the kernel.").format(
                               backend=repr(keras.backend.backend())))
    return found


def hardware() -> dict[str, str]:
    """Describe the machine: operating system, processor, cores, memory and GPUs.

    Example:
        >>> "cpu_cores" in hardware()
        True
    """
    info = {
        "os": f"{platform.system()} {platform.release()}",
        "machine": platform.machine(),
        "cpu_cores": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                         else os.cpu_count()),
    }
    try:
        pages, page_size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        info["memory_gb"] = f"{pages * page_size / 1e9:.1f}"
    except (ValueError, OSError, AttributeError):
        info["memory_gb"] = "unknown"
    if _installed_version("tensorflow"):
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
        info["gpus"] = ", ".join(gpu.name for gpu in gpus) or _("none (the course runs on the CPU)")
    return info


# The CPU features that change which kernels TensorFlow (oneDNN, Eigen) and NumPy run, and so how a sum rounds.
VECTOR_FEATURES = ("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16", "avx_vnni",
                   "amx_tile", "asimd", "sve")


def numeric_environment() -> dict[str, str]:
    """What decides how a training run rounds its floats: the processor and the numeric libraries.

    Precomputed runs store it (`python3 course.py results` and `studies`). Their `--check` expects the
    same environment to repeat a run within 0.2 points, and another one within the seeds' spread: a
    different processor or library release runs other kernels, which round differently, and a long run
    from scratch amplifies a last-bit difference into a different model.

    Example:
        >>> sorted(numeric_environment())
        ['cpu', 'keras', 'numpy', 'tensorflow', 'vector_features']
    """
    fields = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:  # the first processor's lines are every processor's
                key, _colon, value = line.partition(":")
                fields.setdefault(key.strip(), value.strip())
    except OSError:  # not Linux: the processor's name is what Python knows
        pass
    flags = set((fields.get("flags") or fields.get("Features") or "").split())
    return {"cpu": fields.get("model name") or platform.processor() or platform.machine(),
            "vector_features": " ".join(feature for feature in VECTOR_FEATURES if feature in flags),
            **{name: _installed_version(name) or "not installed" for name in ("tensorflow", "keras", "numpy")}}


def report() -> str:
    """Return the text a learner pastes into a bug report: versions and hardware.

    Example:
        >>> report().splitlines()[0]
        'transferkit environment report'
    """
    lines = [_("transferkit environment report")]
    shown = {"missing": _("missing"), "unknown": _("unknown")}  # the values, in the learner's language
    lines += [f"  {name:<14}{shown.get(value, value)}" for name, value in versions().items()]
    lines += [f"  {name:<14}{shown.get(value, value) if isinstance(value, str) else value}"
              for name, value in hardware().items()]
    issues = problems()
    lines.append(f"  {'problems':<14}" + (_("none") if not issues else _("{count} (see below)").format(count=len(issues))))
    lines += [f"  - {issue}" for issue in issues]
    return "\n".join(lines)


def summary() -> str:
    """Return what chapter 00 tells a learner: all set, or each problem with how to fix it.

    Example:
        >>> summary().startswith(("All set", "Your environment needs attention"))
        True
    """
    issues = problems()
    if not issues:
        return _("All set: every package the course needs is installed, in a supported version.")
    return "\n".join([_("Your environment needs attention before the course will run:"),
                      *(f" - {issue}" for issue in issues)])
