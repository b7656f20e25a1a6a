"""The set-up script, the packaging, and the Binder build."""

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def load_course_script():
    spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalise(requirement: str) -> str:
    return re.sub(r"\s+", "", requirement).replace('"', "'").lower()


def environment_pip_list():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    pip_section = text.split("- pip:", 1)[1]
    return [line.strip()[2:].strip().strip('"') for line in pip_section.splitlines()
            if line.strip().startswith("- ")]


def test_environment_yml_and_pyproject_list_the_same_dependencies():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert sorted(map(normalise, pyproject["project"]["dependencies"])) == \
        sorted(map(normalise, environment_pip_list()))


def test_every_dependency_has_a_bounded_range():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = pyproject["project"]["dependencies"] + [
        r for extra in pyproject["project"]["optional-dependencies"].values() for r in extra]
    for requirement in requirements:
        spec = requirement.split(";")[0]
        assert ">=" in spec and "<" in spec.replace("<=", ""), requirement
        assert "==" not in spec, requirement


def test_tensorflow_cpu_is_chosen_exactly_where_it_exists():
    from packaging.requirements import Requirement

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = [Requirement(r) for r in pyproject["project"]["dependencies"]]
    tensorflows = [r for r in requirements if r.name in ("tensorflow", "tensorflow-cpu")]
    for system, machine, wanted in [("linux", "x86_64", "tensorflow-cpu"), ("win32", "AMD64", "tensorflow-cpu"),
                                    ("darwin", "arm64", "tensorflow"), ("darwin", "x86_64", "tensorflow"),
                                    ("linux", "aarch64", "tensorflow")]:
        chosen = [r.name for r in tensorflows
                  if r.marker.evaluate({"sys_platform": system, "platform_machine": machine})]
        assert chosen == [wanted], (system, machine, chosen)


def test_course_script_rejects_an_unknown_command_clearly(capsys):
    script = load_course_script()
    with pytest.raises(SystemExit) as stop:
        script.main(["tset"])
    assert stop.value.code == 2
    assert "Received: ['tset']" in capsys.readouterr().err


def test_course_script_rejects_unsupported_python(monkeypatch, capsys):
    script = load_course_script()
    monkeypatch.setattr(script.sys, "version_info", (3, 9, 0))
    with pytest.raises(SystemExit):
        script.check_python()
    assert "needs Python 3.10, 3.11 or 3.12" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_lab_command_opens_jupyterlab_at_the_welcome_notebook(tmp_path):
    script = load_course_script()
    port, token = free_port(), "transferkit-test"
    command = script.lab_command(["--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
                                  f"--IdentityProvider.token={token}"])
    assert f"--LabApp.default_url=/lab/tree/{script.WELCOME}" in command
    if os.geteuid() == 0:
        assert "--allow-root" in command
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    command[0] = sys.executable  # the interpreter running these tests is the one in .venv
    log = tmp_path / "lab.log"
    server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    try:
        url = f"http://127.0.0.1:{port}/api/contents/notebooks/00_welcome.ipynb?content=0&token={token}"
        deadline, status = time.time() + 60, None
        while time.time() < deadline and status is None:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    status = response.status
            except OSError:
                time.sleep(0.5)
        assert status == 200, "JupyterLab did not serve the welcome notebook within 60 s"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=5) as response:
            assert response.status == 200 and b"JupyterLab" in response.read()
        # the address it prints (and opens in the browser) is the welcome notebook
        assert f"127.0.0.1:{port}/lab/tree/notebooks/00_welcome.ipynb" in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_binder_build_uses_environment_yml_and_installs_transferkit(tmp_path):
    repo2docker = shutil.which("jupyter-repo2docker") or str(Path(sys.executable).parent / "jupyter-repo2docker")
    result = subprocess.run([repo2docker, "--no-build", "--debug", str(ROOT)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    dockerfile = result.stdout
    assert "src/environment.yml" in dockerfile and '--file "environment.yml"' in dockerfile
    assert "./postBuild" in dockerfile
    post_build = (ROOT / "postBuild").read_text()
    assert os.access(ROOT / "postBuild", os.X_OK)
    assert "pip install --no-deps --editable ." in post_build


def test_jupyterlab_is_told_not_to_call_home(tmp_path, monkeypatch):
    import json

    script = load_course_script()
    monkeypatch.setattr(script, "VENV", tmp_path)
    script.write_lab_settings()
    overrides = json.loads((tmp_path / "share/jupyter/lab/settings/overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}
    command = script.lab_command([])
    assert "--LabApp.news_url=None" in command
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in command
