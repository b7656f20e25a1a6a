"""The course's JupyterLab set-up: one source for the settings of `course.py lab` and of Binder.

What a learner's lab needs beyond JupyterLab itself, kept apart from `transferkit` so that the
server never imports TensorFlow:

- `kernels`: one notebook's kernel at a time (Binder gives a whole session 2 GB), with a note in
  the notebook whose kernel was shut down;
- `quiet`: TensorFlow imported without its C++ start-up lines, whoever imports it first;
- `seeds`: no random banner tip, which would draw from the seeded `random` module when JupyterLab
  asks a running kernel for its info;
- `settings/`: the server config, JupyterLab setting overrides (no news or update checks,
  shut a kernel down when its notebook closes, start the notebook's kernel without asking) and
  the IPython kernel config that loads this package as an extension.

`python -m transferkit_lab` installs those settings into the Python environment it runs in
(`sys.prefix`): `course.py` runs it for `.venv`, Binder's `postBuild` for the image.

Example:
    >>> import sys, transferkit_lab
    >>> sorted(path.name for path in transferkit_lab.settings_files(sys.prefix).values())
    ['ipython_kernel_config.json', 'jupyter_server_config.json', 'transferkit.json']
"""

from __future__ import annotations

import json
from pathlib import Path

SETTINGS = Path(__file__).parent / "settings"


def settings_files(prefix: str | Path) -> dict[Path, Path]:
    """Map each shipped settings file to where it goes in the environment at `prefix`."""
    prefix = Path(prefix)
    return {
        SETTINGS / "jupyter_server_config.json": prefix / "etc" / "jupyter" / "jupyter_server_config.json",
        SETTINGS / "lab_overrides.json": prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "transferkit.json",
        SETTINGS / "ipython_kernel_config.json": prefix / "etc" / "ipython" / "ipython_kernel_config.json",
    }


def merged(existing: dict, ours: dict) -> dict:
    """Return `existing` with `ours` merged in: nested sections merged, lists joined without repeats.

    Example:
        >>> merged({"A": {"x": 1, "extensions": ["e"]}}, {"A": {"y": 2, "extensions": ["f"]}})
        {'A': {'x': 1, 'extensions': ['e', 'f'], 'y': 2}}
    """
    result = dict(existing)
    for key, value in ours.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        elif isinstance(value, list) and isinstance(result.get(key), list):
            result[key] = result[key] + [item for item in value if item not in result[key]]
        else:
            result[key] = value
    return result


def install(prefix: str | Path) -> list[Path]:
    """Merge the course's lab settings into the environment at `prefix`; return the files written.

    The server and kernel configs are single files that other tools may write too, so the course's
    keys are merged into what is there; the JupyterLab overrides have a file of their own.
    """
    written = []
    for source, target in settings_files(prefix).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        existing = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
        if target.name == "transferkit.json":
            existing = {}
        content = json.dumps(merged(existing, json.loads(source.read_text(encoding="utf-8"))), indent=2) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8")
        written.append(target)
    return written


LOCALES = {"zh-CN": "zh_CN"}  # `course.py lab --lang` value -> JupyterLab locale (its language pack: pyproject)
TRANSLATION_SETTINGS = Path("@jupyterlab") / "translation-extension" / "plugin.jupyterlab-settings"


def language_settings_dir(prefix: str | Path, language: str) -> Path:
    """Create (or keep) a JupyterLab user-settings folder of the course's own whose locale is `language`.

    `course.py lab --lang zh-CN` points JupyterLab at it (`--LabApp.user_settings_dir`), so the menus
    are Chinese there while a plain `course.py lab` keeps English: the locale is not written into the
    environment-wide overrides. The course's other settings (one kernel at a time, quiet start) come
    from the environment, so both languages share them. Settings a learner changes there are kept.

    Raises:
        ValueError: for a language the course has no language pack for.

    Example:
        >>> import tempfile, json
        >>> folder = language_settings_dir(tempfile.mkdtemp(), "zh-CN")
        >>> json.loads((folder / TRANSLATION_SETTINGS).read_text())["locale"]
        'zh_CN'
    """
    if language not in LOCALES:
        raise ValueError(f"No language pack for {language!r}. Received: language={language!r}. "
                         f"Expected one of {sorted(LOCALES)} (English needs no option).")
    folder = Path(prefix) / "share" / "jupyter" / "lab" / f"transferkit-user-settings-{language}"
    path = folder / TRANSLATION_SETTINGS
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if settings.get("locale") != LOCALES[language]:
        settings["locale"] = LOCALES[language]
        path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return folder


def load_ipython_extension(ipython) -> None:
    """IPython extension hook (the kernel config loads it): quiet TensorFlow, keep the seeded random
    numbers to the learner's code, reserve the kernel note."""
    from transferkit_lab import note, quiet, seeds

    quiet.install()
    seeds.no_random_tip(ipython)
    note.reserve_note_on_first_cell(ipython)
