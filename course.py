#!/usr/bin/env python3
"""Set up the transferkit course and run it: one command for the lab, one for the tests.

Usage (from the folder this file is in):

    python3 course.py lab     # set up .venv, then open the course in JupyterLab
    python3 course.py test    # set up .venv the same way, then run every test and every notebook
    python3 course.py bench   # run every notebook, measure time and memory, write docs/benchmarks.md
    python3 course.py sync    # rewrite the generated parts of README.md and the notebooks
    python3 course.py results # measure transfer vs from scratch, write docs/results.md (minutes)
    python3 course.py studies # the slower experiments chapters 06-10 load, docs/studies.md (about an hour)
    python3 course.py exercises  # regenerate the student notebooks of exercises/ from their masters

Only Python 3.10-3.12 with pip is needed: the script makes a virtual environment in `.venv`, installs
transferkit with its pinned ranges into it (once; again only when pyproject.toml changes) and runs
everything from there, so nothing has to be installed by hand.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".transferkit-installed"
SUPPORTED = ((3, 10), (3, 12))
WELCOME = "notebooks/00_welcome.ipynb"


def fail(message: str) -> None:
    print(f"course.py: {message}", file=sys.stderr)
    raise SystemExit(2)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def check_python() -> None:
    low, high = SUPPORTED
    if not low <= sys.version_info[:2] <= high:
        fail(
            f"transferkit needs Python 3.10, 3.11 or 3.12 (TensorFlow has no wheels for others). "
            f"Received: Python {sys.version.split()[0]} at {sys.executable}. "
            "Run this script with a supported interpreter, e.g. `python3.11 course.py test`."
        )


def make_venv() -> None:
    if venv_python().exists():
        return
    print(f"Creating a virtual environment in {VENV} ...", flush=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    except (subprocess.CalledProcessError, OSError) as error:
        # Debian/Ubuntu ship Python without ensurepip; virtualenv from pip does the same job.
        print(f"  venv could not install pip ({error}); trying virtualenv instead.", flush=True)
        run([sys.executable, "-m", "pip", "install", "--user", "--quiet", "virtualenv>=20,<22"])
        run([sys.executable, "-m", "virtualenv", "--clear", str(VENV)])


def wanted_stamp() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {sys.version_info[0]}.{sys.version_info[1]}"


def install() -> None:
    """Install transferkit (editable) with its test extras into .venv, unless already current."""
    check_python()
    make_venv()
    if STAMP.exists() and STAMP.read_text().strip() == wanted_stamp():
        return
    print("Installing transferkit and its dependencies into .venv (a few minutes, once) ...", flush=True)
    run([str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--editable", f"{ROOT}[test]"])
    write_lab_settings()
    STAMP.write_text(wanted_stamp() + "\n")


def write_lab_settings() -> None:
    """Tell JupyterLab in .venv never to fetch news or check for updates (offline classrooms)."""
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(
        '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}\n')


def run(command: list[str]) -> None:
    returncode = subprocess.call(command, cwd=ROOT)
    if returncode != 0:
        fail(f"this command failed with exit code {returncode}: {' '.join(command)}")


def lab_command(extra: list[str]) -> list[str]:
    # The whole course folder is the file browser's root; the browser opens at the welcome notebook.
    # No news feed and no update check: nothing calls the internet (firewalled classrooms).
    command = [str(venv_python()), "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT}",
               f"--LabApp.default_url=/lab/tree/{WELCOME}", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", *extra]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        command.append("--allow-root")  # Jupyter refuses root without it (containers, CI).
    return command


def main(argv: list[str]) -> int:
    commands = {"lab", "test", "bench", "sync", "results", "studies", "exercises", "setup"}
    if not argv or argv[0] not in commands:
        fail(f"expected one of {sorted(commands)}. Received: {argv[:1] or 'nothing'}. "
             "Example: `python3 course.py lab`.")
    command, extra = argv[0], argv[1:]
    install()
    python = str(venv_python())
    if command == "setup":
        return 0
    if command == "lab":
        return subprocess.call(lab_command(extra), cwd=ROOT)
    if command == "test":
        return subprocess.call([python, "-m", "pytest", *extra], cwd=ROOT)
    scripts = {"bench": "benchmark.py", "results": "make_results.py", "studies": "make_studies.py",
               "exercises": "make_exercises.py", "sync": "sync_course.py"}
    return subprocess.call([python, f"scripts/{scripts[command]}", *extra], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
