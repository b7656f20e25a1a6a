"""The classroom hub, for real: JupyterHub with a Unix user per student, tested as students and a teacher use it.

One hub (scripts/hub.py's LocalHub: free local ports, its own state and course copy, Unix users `tkt-<name>`
removed afterwards) serves the whole module, in the order a class meets things:
- nobody gets a server without the teacher's approval;
- student A cannot open, list or change student B's files or server: through the hub's API, with A's token
  against B's server's own port, through the file system (B's home, /tmp and the shared environment);
- no master, worked solution or hidden test is in a student's home (scanned for their contents);
- a student over the memory limit loses the kernel, not their saved work, and nobody else is affected;
- a small class runs chapter 04 and answers assignment 04 at once: one student over the kernel's websocket,
  one in a real browser (Chromium), who sees no error, warning or missing plot;
- the nbgitpuller link clicked again after the course changed merges without overwriting a student's edits;
- the hub restarted mid-class keeps its users, their files and their running servers;
- a server culled for idleness comes back with every notebook intact.

It needs root (Unix users) and the hub's setup (`sudo python3 course.py hub --setup-only`); without them the
learner's test command skips it, and `.ci/run` (TRANSFERKIT_HUB_TESTS=required) fails instead.
"""

import json
import os
import pwd
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "hub"))

REQUIRED = os.environ.get("TRANSFERKIT_HUB_TESTS") == "required"
CHAPTER = "transferkit/notebooks/04_feature_extraction.ipynb"
ASSIGNMENT = "transferkit/exercises/04_feature_extraction/student/04_feature_extraction.ipynb"
MEMORY_LIMIT = "1500M"  # low enough to reach in a test; the classroom's limit is deploy/sizing.json's


def hub_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "the classroom hub needs root (a Unix user per student)"
    try:
        import jupyterhub  # noqa: F401
        import nativeauthenticator  # noqa: F401
    except ImportError:
        return "the hub's packages are not installed: run `sudo python3 course.py hub --setup-only`"
    import hub as hub_script

    if not (hub_script.SHARED_ELSEWHERE / "env" / ".transferkit-hub").exists():
        return "the students' environment is not made: run `sudo python3 course.py hub --setup-only`"
    return None


@pytest.fixture(scope="module")
def hub():
    reason = hub_unavailable()
    if reason:
        if REQUIRED:
            pytest.fail(f"the hub tests must run here (TRANSFERKIT_HUB_TESTS=required) but cannot: {reason}")
        pytest.skip(reason)
    import hub as hub_script

    with hub_script.LocalHub(MEMORY_LIMIT=MEMORY_LIMIT, ACTIVITY_INTERVAL="10") as local_hub:
        yield local_hub


@pytest.fixture(scope="module")
def class_of(hub):
    """Two approved students with running servers and the course in their homes."""
    students = {name: hub.student(name) for name in ("amy", "bo")}
    for student in students.values():
        student.start()
        student.pull(str(hub.course))
    return students


def as_user(user: str, command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", user, "--", *command], capture_output=True, text=True)


def server_port(hub, name: str) -> int:
    """The port of `name`'s server, from the proxy's routing table (as an attacker could guess it)."""
    import requests

    token = (Path(hub.variables["TRANSFERKIT_HUB_STATE"]) / "proxy_auth_token").read_text().strip()
    routes = requests.get(f"http://127.0.0.1:{hub.variables['TRANSFERKIT_HUB_PROXY_API_PORT']}/api/routes",
                          headers={"Authorization": f"token {token}"}, timeout=10).json()
    return int(routes[f"/user/{name}"]["target"].rsplit(":", 1)[1].split("/")[0])


# -- Sign-up and approval -----------------------------------------------------------------------------------

def test_nobody_gets_a_server_without_the_teachers_approval(hub):
    from client import HubUser

    cy = HubUser(hub.url, "cy")
    hub.users.append(cy)
    cy.signup()
    assert not cy.login(), "a student who signed up logged in before the teacher approved them"
    assert cy.api("POST", "users/cy/server").status_code in (401, 403), "the hub started a server without a login"
    hub.approve("cy")
    assert cy.login(), "an approved student could not log in"


# -- Isolation ----------------------------------------------------------------------------------------------

def test_a_student_cannot_use_another_students_server_through_the_hub_or_its_port(hub, class_of):
    import requests

    amy, bo = class_of["amy"], class_of["bo"]
    assert amy.server("GET", "api/contents/transferkit").status_code == 200, "amy cannot open her own files"
    assert amy.api("GET", "users/bo").status_code in (403, 404), "amy's token reads bo's user model"
    assert amy.api("DELETE", "users/bo/server").status_code in (403, 404), "amy's token can stop bo's server"
    assert amy.api("POST", "users/bo/tokens", json={}).status_code in (403, 404), "amy's token makes bo tokens"
    for method, path in [("GET", "api/contents/transferkit"), ("PUT", "api/contents/stolen.txt"),
                         ("POST", "api/kernels")]:
        through_hub = requests.request(method, f"{hub.url}/user/bo/{path}", headers=amy.headers, timeout=30,
                                       allow_redirects=False, json={"type": "file", "format": "text", "content": "x"})
        direct = requests.request(method, f"http://127.0.0.1:{server_port(hub, 'bo')}/user/bo/{path}",
                                  headers=amy.headers, timeout=30, allow_redirects=False,
                                  json={"type": "file", "format": "text", "content": "x"})
        for way, response in [("through the hub", through_hub), ("on its own port", direct)]:
            assert response.status_code in (302, 403, 404), \
                f"amy's token {method} {path} on bo's server {way}: {response.status_code}"
    assert "stolen.txt" not in [item["name"] for item in bo.read("")["content"]]


def test_a_student_cannot_read_list_or_change_another_students_files(hub, class_of):
    amy, bo = f"{hub.prefix}amy", f"{hub.prefix}bo"
    home = Path(pwd.getpwnam(bo).pw_dir)
    assert oct(home.stat().st_mode & 0o777) == "0o700", f"{home} is not private"
    notebook = home / CHAPTER
    assert notebook.exists()
    assert as_user(amy, ["ls", str(home)]).returncode != 0, "amy lists bo's home"
    assert as_user(amy, ["cat", str(notebook)]).returncode != 0, "amy reads bo's notebook"
    assert as_user(amy, ["touch", str(home / "from-amy")]).returncode != 0, "amy writes into bo's home"
    # Every file of bo's anywhere amy can write to or read from a shared place: none amy can open.
    shared = ["/tmp", "/var/tmp", "/dev/shm", hub.variables["TRANSFERKIT_HUB_ENV"]]
    probe = textwrap.dedent(f"""
        import os, sys
        bo = {pwd.getpwnam(bo).pw_uid}
        found = []
        for top in {shared!r}:
            for folder, folders, files in os.walk(top):
                for name in folders + files:
                    path = os.path.join(folder, name)
                    try:
                        if os.lstat(path).st_uid == bo and (os.access(path, os.R_OK) or os.access(path, os.W_OK)):
                            found.append(path)
                    except OSError:
                        pass
        print("\\n".join(found))
    """)
    result = as_user(amy, [sys.executable.replace(sys.executable, "/usr/bin/python3"), "-c", probe])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"amy can open these files of bo's in shared places: {result.stdout}"
    site = next(Path(hub.variables["TRANSFERKIT_HUB_ENV"]).glob("lib/python*/site-packages/transferkit"))
    assert as_user(amy, ["touch", str(site / "from-amy.py")]).returncode != 0, "amy changes the shared environment"
    master = next(ROOT.glob("exercises/*/master.ipynb"))
    assert as_user(amy, ["cat", str(master)]).returncode != 0, "amy reads a master in the teacher's course folder"
    secret = Path(hub.variables["TRANSFERKIT_HUB_STATE"]) / "jupyterhub_cookie_secret"
    assert as_user(amy, ["cat", str(secret)]).returncode != 0, "amy reads the hub's cookie secret"


# -- No answers in a home -----------------------------------------------------------------------------------

def answer_texts() -> set[str]:
    """Lines only the masters hold: solution lines and test lines that no student-visible file shows."""
    import make_exercises
    import mutants
    import nbformat

    public = "\n".join(text for folder in ("notebooks", "transferkit") for text in readable_texts(ROOT / folder)) + "\n".join(
        text for master in make_exercises.masters() for folder in master.parent.glob("student*")
        for text in readable_texts(folder))
    secrets = set()
    for master in make_exercises.masters():
        lines = set(mutants.secret_lines(master))
        in_tests = False
        for cell in nbformat.read(master, as_version=4).cells:
            if cell.cell_type == "raw":
                in_tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(cell.source.strip(), in_tests)
            elif in_tests:
                lines |= {line.strip() for line in cell.source.splitlines()}
        secrets |= {line for line in lines if len(line) >= 25 and line not in public}
    return secrets


def readable_texts(folder: Path):
    """The text of every file under `folder`; a notebook's cells' sources and outputs."""
    for path in folder.rglob("*"):
        if not path.is_file() or ".git" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if path.suffix == ".ipynb":
            try:
                cells = json.loads(text)["cells"]
            except (ValueError, KeyError):
                cells = []
            text = "\n".join("".join(cell.get("source", "")) + "\n" + json.dumps(cell.get("outputs", []))
                             for cell in cells)
        yield text


def leaked(folder: Path, secrets: set[str]) -> set[str]:
    texts = "\n".join(readable_texts(folder))
    return {line for line in secrets if line in texts}


def test_no_solution_or_hidden_test_is_in_a_students_home(hub, class_of):
    secrets = answer_texts()
    assert len(secrets) >= 50, f"only {len(secrets)} answer lines to look for: the scan would prove nothing"
    # The scan finds them where they are (the masters), so it can fail ...
    assert len(leaked(ROOT / "exercises", secrets)) >= len(secrets) // 2
    # ... and finds none in a student's home.
    home = Path(pwd.getpwnam(f"{hub.prefix}amy").pw_dir)
    found = leaked(home, secrets)
    assert not found, f"{len(found)} answer lines are in a student's home, e.g. {sorted(found)[:3]}"


# -- Faults -------------------------------------------------------------------------------------------------

def test_a_student_over_the_memory_limit_loses_the_kernel_not_their_work_nor_anyone_else(hub, class_of):
    amy, bo = class_of["amy"], class_of["bo"]
    amy.write("work.ipynb", {"type": "notebook", "content": {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": "amy's work"}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}})
    neighbour = bo.open_kernel("transferkit/notebooks/00_welcome.ipynb")
    try:
        assert neighbour.execute("x = 41")["status"] == "ok"
        greedy = amy.open_kernel("work.ipynb")
        try:
            reply = greedy.execute("import numpy as np\nblocks = []\nwhile True:\n    blocks.append(np.ones(2**27))",
                                   timeout=120)
        finally:
            greedy.close()
        assert reply["status"] == "dead", f"the kernel over the limit was not ended: {reply}"
        assert amy.running(), "amy's server stopped: only the kernel should end"
        assert amy.read("work.ipynb")["content"]["cells"][0]["source"] == "amy's work"
        assert neighbour.execute("print(x + 1)")["text"].strip() == "42", "bo's kernel was touched"
    finally:
        neighbour.close()
    log = (Path(hub.variables["TRANSFERKIT_HUB_STATE"]) / "memory-watchdog.log").read_text()
    assert f"{hub.prefix}amy" in log and f"{hub.prefix}bo" not in log


def test_a_small_class_runs_chapter_04_and_answers_assignment_04_at_once(hub, class_of):
    import class_bench
    import mutants
    from client import run_notebook

    answers = mutants.solutions("04_feature_extraction")
    amy, bo = class_of["amy"], class_of["bo"]

    def over_websockets():
        return run_notebook(amy, CHAPTER), run_notebook(amy, ASSIGNMENT, answers)

    def in_a_browser():  # the browser test's Learner, through the hub's sign-in page
        return class_bench.browser_chapter(bo, Path(pwd.getpwnam(bo.system_name).pw_dir)), \
            run_notebook(bo, ASSIGNMENT, answers)

    with ThreadPoolExecutor(2) as pool:
        websockets, browser = pool.submit(over_websockets), pool.submit(in_a_browser)
        (chapter, amy_assignment), (seen, bo_assignment) = websockets.result(), browser.result()
    assert not chapter["errors"], f"amy: chapter 04 failed: {chapter['errors']}"
    assert not seen["errors"] and not seen["stderr"], f"bo's browser under load: {seen['errors']} {seen['stderr']}"
    assert seen["images_shown"] == seen["images_saved"] > 0, "a plot was not shown in bo's browser under load"
    assert not seen["unexecuted"] and not seen["dialogs"], seen
    for name, assignment in [("amy", amy_assignment), ("bo", bo_assignment)]:
        assert not assignment["errors"], f"{name}: assignment 04 failed: {assignment['errors']}"
        assert assignment["passed"] == list(answers) and not assignment["failed"], assignment
    print(f"small class: amy chapter {chapter['seconds']:.0f} s over websockets, bo {seen['seconds']:.0f} s in a "
          f"browser; assignment 04 {amy_assignment['seconds']:.0f} s and {bo_assignment['seconds']:.0f} s")


def test_clicking_the_link_again_merges_the_changed_course_without_overwriting_a_students_edits(hub, class_of, tmp_path):
    bo = class_of["bo"]
    welcome = "transferkit/notebooks/00_welcome.ipynb"
    model = bo.read(welcome)
    model["content"]["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "bo's own note"})
    bo.write(welcome, {"type": "notebook", "content": model["content"]})
    # The teacher changes the course: a new file, and a changed one (the same notebook bo edited).
    clone = tmp_path / "course"
    subprocess.run(["git", "clone", "--quiet", "--branch", "student", str(hub.course), str(clone)], check=True)
    (clone / "notebooks" / "NEWS.md").write_text("A new section this week.\n")
    notebook = json.loads((clone / "notebooks" / "00_welcome.ipynb").read_text())
    notebook["cells"][0]["source"] = ["# Welcome (updated by the teacher)\n"]
    (clone / "notebooks" / "00_welcome.ipynb").write_text(json.dumps(notebook, indent=1))
    subprocess.run(["git", "-C", str(clone), "-c", "user.name=teacher", "-c", "user.email=t@example.org", "commit",
                    "--quiet", "-am", "week 2"], check=True)
    subprocess.run(["git", "-C", str(clone), "add", "notebooks/NEWS.md"], check=True)
    subprocess.run(["git", "-C", str(clone), "-c", "user.name=teacher", "-c", "user.email=t@example.org", "commit",
                    "--quiet", "-m", "news"], check=True)
    subprocess.run(["git", "-C", str(clone), "push", "--quiet", "origin", "student"], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(hub.course)], check=True)
    bo.pull(str(hub.course))
    cells = bo.read(welcome)["content"]["cells"]
    assert cells[-1]["source"] == "bo's own note", "the pull overwrote bo's edit"
    home = Path(pwd.getpwnam(f"{hub.prefix}bo").pw_dir)
    assert (home / "transferkit" / "notebooks" / "NEWS.md").read_text().startswith("A new"), "the new file is missing"


def test_the_hub_restarted_mid_class_keeps_users_files_and_running_servers(hub, class_of):
    def server_pid(name):
        model = hub.teacher.api("GET", f"users/{name}").json()
        return model["servers"][""]["state"]["pid"]

    pids = {name: server_pid(name) for name in class_of}
    hub.end()
    for name, pid in pids.items():
        os.kill(pid, 0)  # still running while the hub is down (raises if not)
    hub.begin()  # the class's own idle timeout: a short one could cull a server before it is checked
    names = {user["name"] for user in hub.teacher.api("GET", "users").json()}
    assert {"amy", "bo", "cy", "teacher"} <= names
    for name, student in class_of.items():
        # A hub back up may still be checking servers (init_spawners_timeout): give it a minute.
        deadline = time.time() + 60
        while not student.running() and time.time() < deadline:
            time.sleep(2)
        assert student.running(), f"{name}'s server did not survive the hub's restart"
        assert server_pid(name) == pids[name]
    assert class_of["amy"].read("work.ipynb")["content"]["cells"][0]["source"] == "amy's work"


def test_a_server_culled_for_idleness_comes_back_with_every_notebook_intact(hub, class_of):
    hub.end()
    hub.begin(CULL_TIMEOUT="20", CULL_EVERY="5")
    amy = class_of["amy"]
    deadline = time.time() + 150
    while amy.running() and time.time() < deadline:
        time.sleep(3)
    assert not amy.running(), "an idle server was not culled within 150 s (timeout 20 s)"
    amy.start()
    assert amy.read("work.ipynb")["content"]["cells"][0]["source"] == "amy's work"
    assert amy.read(ASSIGNMENT)["content"]["cells"], "the assignment notebook is gone"
    home = Path(pwd.getpwnam(f"{hub.prefix}amy").pw_dir)
    assert (home / CHAPTER).exists()
