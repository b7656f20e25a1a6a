"""The set-up script, the packaging, and the Binder build."""

import json
import os
import re
import shutil
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


sys.path.insert(0, str(ROOT / "scripts"))
from lab_session import free_port, load_course_script, summed_rss  # noqa: E402  (one copy, shared with the browser test)


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


def test_course_script_help_names_every_command(capsys):
    script = load_course_script()
    assert script.main(["--help"]) == 0
    shown = capsys.readouterr().out
    assert all(f"course.py {command}" in shown for command in script.COMMANDS), shown


@pytest.mark.parametrize("language, expected", [
    (dict(LANG="zh_CN.UTF-8"), "命令应当是"), (dict(LANG="C.UTF-8"), "expected one of"),
    (dict(LANG="zh_CN.UTF-8", TRANSFERKIT_LANG="en"), "expected one of"), (dict(TRANSFERKIT_LANG="zh-CN"), "命令应当是")])
def test_course_script_speaks_the_learners_language_before_anything_is_installed(language, expected, tmp_path):
    """A Chinese system locale (or TRANSFERKIT_LANG) gives Chinese set-up messages, from the package's catalog file."""
    env = {key: value for key, value in os.environ.items() if key not in ("LANG", "LC_ALL", "LC_MESSAGES", "TRANSFERKIT_LANG")}
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "tset"], capture_output=True, text=True,
                            env=dict(env, **language), cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and expected in result.stderr and "['tset']" in result.stderr
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "mirror", "--lang", "zh-CN"], capture_output=True,
                            text=True, env=dict(env, LANG="C.UTF-8"), cwd=tmp_path, timeout=60)
    assert "`mirror` 需要一个文件夹" in result.stderr  # --lang zh-CN decides, whatever the locale


PYENV_VERSIONS = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"


def an_interpreter(minor: int) -> Path | None:
    """A real Python 3.<minor> on this machine (pyenv's versions folder or PATH), or None."""
    for candidate in [*sorted(PYENV_VERSIONS.glob(f"3.{minor}.*/bin/python3.{minor}")),
                      shutil.which(f"python3.{minor}")]:
        if candidate and load_course_script().python_version([str(candidate)]) == (3, minor):
            return Path(candidate)
    return None


def fake_path(tmp_path, links: dict) -> str:
    """A PATH with only these commands: name -> a real interpreter, or None for a shim that exits 127."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, target in links.items():
        if target is None:
            (folder / name).write_text("#!/bin/sh\necho 'pyenv: version not installed' >&2\nexit 127\n")
            (folder / name).chmod(0o755)
        else:
            (folder / name).symlink_to(target)
    return str(folder)


def test_the_supported_range_is_read_from_pyproject_and_named_everywhere():
    script = load_course_script()
    versions = script.supported_pythons()
    assert versions[0] == (3, 10) and (3, 13) in versions
    text = script.versions_text(versions)
    assert f"Python {text}" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert text in (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_ci_tests_every_supported_python_and_the_readme_says_which():
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    loop = re.search(r"^for version in (.+); do$", ci, re.M)
    assert loop and loop.group(1) == "$supported", ".ci/run must loop over the supported range, not a fixed list"
    command = re.search(r"^supported=\$\((.+)\)$", ci, re.M).group(1)
    listed = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    versions = [f"{major}.{minor}" for major, minor in load_course_script().supported_pythons()]
    assert listed == versions
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"Python {', '.join(versions[:-1])} and {versions[-1]} in CI" in readme
    chinese = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    assert f"CI 中使用 Python {'、'.join(versions[:-1])} 和 {versions[-1]}" in chinese


def test_an_unsupported_python_without_a_supported_one_gets_one_sentence(tmp_path):
    old = an_interpreter(9)
    if old is None:
        pytest.skip("no Python 3.9 on this machine to play the unsupported interpreter")
    path = fake_path(tmp_path, {"python3.13": None, "python3.12": None})  # shims that do not run
    result = subprocess.run([str(old), str(ROOT / "course.py"), "test"], capture_output=True, text=True,
                            env=dict(os.environ, PATH=path), timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert "needs Python 3.10-3.13" in message and "uv python install 3.13" in message


def test_an_unsupported_python_hands_over_to_a_supported_one(tmp_path):
    old, good = an_interpreter(9), an_interpreter(11) or an_interpreter(12)
    if old is None or good is None:
        pytest.skip("needs a Python 3.9 and a supported Python on this machine")
    minor = load_course_script().python_version([str(good)])[1]
    path = fake_path(tmp_path, {"python3.13": None, f"python3.{minor}": good})
    result = subprocess.run([str(old), str(ROOT / "course.py"), "tset"], capture_output=True, text=True,
                            env=dict(os.environ, PATH=path), timeout=60)
    assert f"Python 3.9 has no TensorFlow wheels; using {path}/python3.{minor} (Python 3.{minor}) instead." in result.stdout
    assert "Received: ['tset']" in result.stderr  # the supported interpreter ran course.py


def test_a_wheels_folder_makes_the_install_offline(tmp_path, monkeypatch):
    """With wheels/ (from `course.py wheels`), pip installs from it alone; without it, from PyPI as before."""
    script = load_course_script()
    commands = []
    monkeypatch.setattr(script, "make_venv", lambda: None)
    monkeypatch.setattr(script, "run", lambda command, quiet=False, hint="": commands.append(command))
    monkeypatch.setattr(script, "STAMP", tmp_path / "venv" / ".stamp")
    (tmp_path / "venv").mkdir()
    monkeypatch.setattr(script, "WHEELS", tmp_path / "wheels")
    script.install()
    assert "--no-index" not in commands[-1] and "--find-links" not in commands[-1]
    (tmp_path / "venv" / ".stamp").unlink()
    (tmp_path / "wheels").mkdir()
    script.install()  # an empty folder is not a set of wheels
    assert "--no-index" not in commands[-1]
    (tmp_path / "venv" / ".stamp").unlink()
    (tmp_path / "wheels" / "numpy-2.0.0-cp311-cp311-manylinux_2_17_x86_64.whl").write_bytes(b"")
    script.install()
    offline = commands[-1]
    assert offline[offline.index("--no-index") + 1:offline.index("--no-index") + 3] == ["--find-links", str(tmp_path / "wheels")]
    assert offline[-2:] == ["--editable", f"{script.ROOT}[test]"]
    (tmp_path / "venv" / ".stamp").unlink()
    (tmp_path / "wheels" / "made-for.txt").write_text(script.this_machine() + "\n")
    script.install()  # made for this machine: the same
    assert commands[-1] == offline
    (tmp_path / "venv" / ".stamp").unlink()
    (tmp_path / "wheels" / "made-for.txt").write_text("Python 3.9 on Plan9 mips\n")
    with pytest.raises(SystemExit):
        script.install()  # made for another machine: one clear sentence before pip fails on it
    assert len(commands) == 4


def test_wheels_for_another_machine_get_a_clear_error(tmp_path, monkeypatch, capsys):
    script = load_course_script()
    monkeypatch.setattr(script, "WHEELS", tmp_path)
    (tmp_path / "keras-3.0.0-py3-none-any.whl").write_bytes(b"")
    (tmp_path / "made-for.txt").write_text("Python 3.9 on Plan9 mips\n")
    with pytest.raises(SystemExit):
        script.wheels_options()
    message = capsys.readouterr().err
    assert "made for Python 3.9 on Plan9 mips" in message and f"this is {script.this_machine()}" in message
    assert "python3 course.py wheels" in message and "\n" not in message.strip()


def test_the_wheels_command_downloads_the_build_backend_and_says_where_it_must_run(tmp_path, monkeypatch, capsys):
    script = load_course_script()
    build_system = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    assert script.build_requirements() == build_system
    calls = []
    monkeypatch.setattr(script, "make_venv", lambda: None)
    monkeypatch.setattr(script, "WHEELS", tmp_path / "wheels")
    monkeypatch.setattr(script.subprocess, "call", lambda command, cwd=None: calls.append(command) or 1)
    with pytest.raises(SystemExit):
        script.main(["wheels"])
    command = calls[0]
    assert command[1:4] == ["-m", "pip", "download"] and set(build_system) <= set(command)
    assert command[-1] == f"{script.ROOT}[test]"
    message = capsys.readouterr().err
    assert "needs the internet" in message and "copy the course folder" in message


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


def test_binder_and_course_py_install_the_same_lab_settings():
    """One source: postBuild and `course.py lab`/`test` both run `python -m transferkit_lab`."""
    assert "\npython -m transferkit_lab\n" in (ROOT / "postBuild").read_text()
    script = load_course_script()
    assert '"-m", "transferkit_lab"' in (ROOT / "course.py").read_text()
    assert not any("news_url" in part or "kernel_manager" in part for part in script.lab_command([]))


def test_lab_in_chinese_opens_the_chinese_welcome_with_chinese_menus_and_english_stays_english():
    script = load_course_script()
    command = script.lab_command(["--lang", "zh-CN", "--no-browser"])
    assert f"--LabApp.default_url=/lab/tree/{script.CHINESE_WELCOME}" in command and "--lang" not in command
    folder = Path(next(part for part in command if part.startswith("--LabApp.user_settings_dir=")).split("=", 1)[1])
    settings = json.loads((folder / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings").read_text())
    assert settings["locale"] == "zh_CN"
    assert not any("user_settings_dir" in part for part in script.lab_command([]))  # the default stays English
    assert script.split_language(["--lang=en", "--no-browser"]) == (None, ["--no-browser"])
    with pytest.raises(SystemExit):
        script.split_language(["--lang", "fr"])


def test_the_chinese_language_pack_is_installed_for_this_jupyterlab():
    from jupyterlab_server.translation_utils import get_language_packs

    packs, _ = get_language_packs()
    assert "zh_CN" in packs, "pyproject.toml and environment.yml list jupyterlab-language-pack-zh-cn"


def test_memory_sums_leave_out_a_fork_that_shares_its_parents_pages():
    """The benchmark's memory figures count a forked, not yet exec'd child once (it is its parent's pages)."""
    import signal
    import subprocess
    import time
    import warnings

    import psutil

    me = psutil.Process()
    ballast = bytearray(200 * 2**20)  # 200 MB of our own, resident
    ballast[::4096] = b"x" * len(ballast[::4096])
    with warnings.catch_warnings():  # Python 3.12+ warns about forking a threaded process; this child only sleeps
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: same pages, same command line, no exec
        time.sleep(30)
        os._exit(0)
    try:
        time.sleep(0.2)
        fork = psutil.Process(pid)
        assert fork.memory_info().rss > 150 * 2**20, "the fork reports its parent's memory"
        assert summed_rss([me, fork]) < me.memory_info().rss + 50 * 2**20
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        time.sleep(0.2)
        other = psutil.Process(sleeper.pid)
        assert summed_rss([me, other]) >= me.memory_info().rss + other.memory_info().rss - 10 * 2**20
    finally:
        sleeper.kill()
        sleeper.wait()
    del ballast


@pytest.mark.parametrize("how", ["PIP_INDEX_URL", "pip.conf"])
def test_a_pip_mirror_set_the_usual_way_serves_every_package_course_py_installs(tmp_path, how):
    """Where PyPI is slow or blocked (mainland China), a learner sets a mirror as pip documents it; course.py
    must not override it. The mirror here is a local index server that records what it is asked and has
    nothing, so the install fails, after asking it (and nothing else) for the course's packages."""
    import http.server
    import threading

    asked = []

    class EmptyIndex(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    index = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EmptyIndex)
    threading.Thread(target=index.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{index.server_address[1]}/simple/"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env.update(TRANSFERKIT_VENV=str(tmp_path / "venv"), PIP_RETRIES="0", PIP_TIMEOUT="5")
    if how == "PIP_INDEX_URL":
        env["PIP_INDEX_URL"] = url
    else:
        (tmp_path / "pip.conf").write_text(f"[global]\nindex-url = {url}\n")
        env["PIP_CONFIG_FILE"] = str(tmp_path / "pip.conf")
    try:
        result = subprocess.run([sys.executable, str(ROOT / "course.py"), "test", "--version"], env=env, cwd=tmp_path,
                                capture_output=True, text=True, timeout=300)
    finally:
        index.shutdown()
    assert result.returncode != 0
    assert any(path.startswith("/simple/") for path in asked), f"pip never asked the mirror: {result.stderr[-2000:]}"
    assert "pypi.org" not in result.stdout + result.stderr
    assert "pypi.tuna.tsinghua.edu.cn" in result.stderr and "镜像" in result.stderr  # what to do, in both languages
