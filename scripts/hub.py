"""`python3 course.py hub`: JupyterHub for a class on this machine, one Unix user per student.

    sudo python3 course.py hub                  # http://127.0.0.1:8000, the teacher signs up as `teacher`
    sudo python3 course.py hub --ip 0.0.0.0     # for a lab room: every machine that reaches this one
    python3 course.py student-copy              # only make the `student` branch (see below)

What it sets up (once; again when the course changes), all in the ignored folder `.hub/`:
- `.hub/env`: the students' Python environment (the course and JupyterLab, the lab settings), made with a
  Python every user can run, owned by root and read-only for students;
- `.hub/node`: configurable-http-proxy, JupyterHub's proxy, from the npm registry (Node.js must be installed);
- `.hub/course.git`: the **student copy** of the course, the branch `student` of this repository: its
  committed files without the assignments' masters, worked solutions, right and wrong answers (the public
  repository keeps them for self-learners) and without the teachers' tools (tests, scripts, catalogs).
  nbgitpuller clones it into each student's home on their first login and merges changes later;
- `.hub/state` (root only): the hub's database, cookie secret and proxy token, made on first start and reused.

Then it runs JupyterHub with hub/jupyterhub_config.py in the foreground (Ctrl+C stops the hub; students'
servers keep running and the next start finds them). It must run as root: each student's server runs as a
Unix user of their own (`tk-<name>`), which only root can start.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HUB = ROOT / ".hub"
# What students' servers read (their environment, the student copy) is in a folder of /srv named after the course
# folder, as TLJH keeps /opt/tljh; the course folder itself (masters, solutions) is closed to other users.
SHARED_ELSEWHERE = Path("/srv/transferkit-hub") / hashlib.sha256(str(ROOT).encode()).hexdigest()[:10]
STUDENT_BRANCH = "student"
PROXY_PACKAGE = "configurable-http-proxy@>=4.6 <6"
# What the student copy leaves out, and why: the answers, and tools only teachers and developers use.
LEFT_OUT = {
    "exercises/*/master.ipynb": "the assignment's master: solutions and hidden tests",
    "exercises/*/solutions*.ipynb": "the worked solutions",
    "exercises/*/right_answers.py": "right answers (the mutation tests')",
    "exercises/*/wrong_answers.py": "wrong answers (the checks' tests)",
    "docs/instructors.md": "the teachers' guide, which quotes answers (its list of equivalent mutants)",
    "i18n": "the translation catalogs, which hold the masters' text",
    "tests": "the course's tests, which name answers",
    "scripts": "the teachers' and developers' tools",
    ".ci": "continuous integration",
}


def fail(message: str) -> None:
    print(f"course.py hub: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], check=True, **kwargs)


def git(*arguments, env=None) -> str:
    return run(["git", "-C", ROOT, *arguments], capture_output=True, text=True, env=env).stdout.strip()


# -- Who can run what ---------------------------------------------------------------------------------------

def require_root() -> None:
    if os.geteuid() != 0:
        fail("the classroom hub runs each student as a Unix user of their own, which only root can start. "
             f"Received: user id {os.geteuid()}. Run it as root: `sudo python3 course.py hub`.")


def others_can_enter(path: Path) -> bool:
    """Whether every user can reach `path` (each folder on the way lets others pass: mode o+x)."""
    for folder in [path, *path.parents]:
        if folder.exists() and not folder.stat().st_mode & stat.S_IXOTH:
            return False
    return True


# Folders every user shares: never closed to others (that would break the machine), never a place for answers.
SHARED_FOLDERS = {Path(folder) for folder in ("/", "/tmp", "/var/tmp", "/home", "/srv", "/opt", "/usr", "/var", "/root",
                                              "/dev/shm", "/mnt", "/media", "/etc")}


def close_to_others(path: Path, what: str, command: str = "hub") -> None:
    """chmod o-rwx `path` (a folder or a file of the teacher's), saying so; never a folder every user shares."""
    path = path.resolve()
    if os.geteuid() != 0 or not path.exists() or not path.stat().st_mode & 0o007:
        return
    if path in SHARED_FOLDERS or (path.is_dir() and path.stat().st_mode & 0o1000):
        print(f"course.py {command}: {path} is a folder every user shares, and {what}: other users' processes could "
              "read it. Received it as a folder of the course's, submissions or grades; expected a folder of their "
              "own. Move them into one, e.g. `mkdir -p ~/grading/submissions` and move them there.", file=sys.stderr,
              flush=True)
        raise SystemExit(1)
    print(f"course.py {command}: closing {path} to other users (chmod o-rwx): {what}", flush=True)
    path.chmod(path.stat().st_mode & ~0o007)


def runs_for_others(python: str) -> bool:
    """Whether the Unix user `nobody` can run `python` (a Python under /root cannot be shared)."""
    command = ["runuser", "-u", "nobody", "--", python, "-c", "import sys"]
    return subprocess.run(command, capture_output=True).returncode == 0


def student_python() -> str:
    """A Python of this course's version that every user can run: this one if it can, else the system's."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    base = getattr(sys, "_base_executable", sys.executable)
    candidates = [base, f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]
    for candidate in candidates:
        if Path(candidate).exists() and runs_for_others(candidate):
            return candidate
    fail(f"the students' environment needs Python {version} that every user can run, and found none: {candidates} "
         f"(a Python inside /root cannot be run by others). Install one, e.g. `apt install python{version} "
         f"python{version}-venv`, then run this again.")


# -- The students' environment and the proxy ----------------------------------------------------------------

def course_digest() -> str:
    """What the students' environment was made from: pyproject.toml and the packages' files."""
    digest = hashlib.sha256()
    for folder in ["transferkit", "transferkit_lab"]:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def shared_folder() -> Path:
    """Where the students' environment and the student copy go: SHARED_ELSEWHERE (see above)."""
    folder = SHARED_ELSEWHERE
    folder.mkdir(parents=True, exist_ok=True)
    for path in [folder, *folder.parents]:
        if path == ROOT or path == Path("/"):
            break
        path.chmod(path.stat().st_mode | 0o055)  # others may enter (and read what is meant for them)
    return folder


def build_student_env(env: Path | None = None) -> Path:
    """Make (or bring up to date) the students' environment `env`: the course, JupyterLab and nbgitpuller."""
    env = env or shared_folder() / "env"
    stamp = env / ".transferkit-hub"
    wanted = course_digest()
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return env
    python = student_python()
    started = time.time()
    print(f"Making the students' environment in {env} with {python} (once) ...", flush=True)
    if not (env / "bin" / "python").exists():
        run([python, "-m", "venv", "--without-pip", env])
    # This environment's pip installs into it (`--python`), so the students' Python needs no pip of its own.
    # uv (in the hub's extra) installs into it from its cache in seconds, where pip takes minutes; the
    # students' Python needs no pip of its own. The course itself is reinstalled as it is now.
    sys.path.insert(0, str(ROOT))
    import course

    run([Path(sys.executable).parent / "uv", "pip", "install", "--quiet", "--python", env / "bin" / "python",
         *course.wheels_options(), "--reinstall-package", "transferkit", f"{ROOT}[hub]"])
    run([env / "bin" / "python", "-m", "transferkit_lab"], capture_output=True)
    run(["chmod", "-R", "go-w", env])
    stamp.write_text(wanted + "\n")
    print(f"  done in {time.time() - started:.0f} s", flush=True)
    return env


def install_proxy(folder: Path = HUB / "node") -> Path:
    """Install configurable-http-proxy from the npm registry into `folder`; return its command."""
    command = folder / "node_modules" / ".bin" / "configurable-http-proxy"
    if command.exists():
        return command
    if not shutil.which("npm") or not shutil.which("node"):
        fail("JupyterHub's proxy (configurable-http-proxy) runs on Node.js, and `node` or `npm` is not on PATH. "
             "Install Node.js 18 or newer (e.g. `apt install nodejs npm`), then run this again.")
    print(f"Installing {PROXY_PACKAGE} into {folder} (npm) ...", flush=True)
    folder.mkdir(parents=True, exist_ok=True)
    run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", folder, PROXY_PACKAGE])
    return command


def make_state(state: Path) -> Path:
    """The hub's private folder (mode 700): its database, cookie secret and the proxy's token, kept across starts."""
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    token = state / "proxy_auth_token"
    if not token.exists():
        token.write_text(secrets.token_hex(32) + "\n")
        os.chmod(token, 0o600)
    return state


# -- The student copy ---------------------------------------------------------------------------------------

def left_out(path: str) -> bool:
    from fnmatch import fnmatch

    return any(fnmatch(path, pattern) or path.startswith(pattern + "/") for pattern in LEFT_OUT)


def student_copy(branch: str = STUDENT_BRANCH) -> str:
    """Commit the committed course less LEFT_OUT as the next commit of `branch`; return its id.

    The branch has its own history (its commits never have a main commit as parent), so cloning it brings
    no master or solution from earlier commits either. Run again after the course changed: a new commit
    whose parent is the branch's last, which nbgitpuller merges into students' homes without overwriting
    their edits.
    """
    with tempfile.TemporaryDirectory() as folder:
        environment = {**os.environ, "GIT_INDEX_FILE": str(Path(folder) / "index")}
        git("read-tree", "HEAD", env=environment)
        removed = [path for path in git("ls-files", env=environment).splitlines() if left_out(path)]
        for start in range(0, len(removed), 200):
            git("rm", "--cached", "--quiet", "--", *removed[start:start + 200], env=environment)
        tree = git("write-tree", env=environment)
    try:
        parent = git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
    except subprocess.CalledProcessError:
        parent = ""
    if parent and git("rev-parse", f"{parent}^{{tree}}") == tree:
        return parent
    source = git("rev-parse", "--short", "HEAD")
    message = f"The course for students, from {source}: without masters, solutions, answers and teachers' tools"
    commit = git("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
    git("update-ref", f"refs/heads/{branch}", commit)
    return commit


def publish_student_copy(repository: Path | None = None, branch: str = STUDENT_BRANCH) -> Path:
    """Push the student copy to a bare repository every user can read (nbgitpuller clones from it)."""
    repository = repository or shared_folder() / "course.git"
    student_copy(branch)
    if not (repository / "HEAD").exists():
        run(["git", "init", "--quiet", "--bare", repository])
    run(["git", "-C", ROOT, "push", "--quiet", "--force", repository, f"{branch}:{branch}"])
    run(["git", "-C", repository, "symbolic-ref", "HEAD", f"refs/heads/{branch}"])
    # Students' git reads a repository root owns only if a system configuration names it (safe.directory):
    # the hub gives their servers this file as their system configuration (GIT_CONFIG_SYSTEM).
    system = Path("/etc/gitconfig").read_text() if Path("/etc/gitconfig").exists() else ""
    Path(f"{repository}.gitconfig").write_text(f"{system}\n[safe]\n\tdirectory = {repository}\n")
    run(["chmod", "-R", "a+rX,go-w", repository, f"{repository}.gitconfig"])
    return repository


# -- The hub ------------------------------------------------------------------------------------------------

def prepare(state: Path = HUB / "state") -> dict[str, str]:
    """Set up everything the hub needs; return the TRANSFERKIT_HUB_* variables its configuration reads."""
    require_root()
    HUB.mkdir(exist_ok=True)
    close_to_others(ROOT, f"it holds the assignments' masters and solutions. Students' servers read only "
                          f"{SHARED_ELSEWHERE}")
    return {"TRANSFERKIT_HUB_ENV": str(build_student_env()), "TRANSFERKIT_HUB_PROXY": str(install_proxy()),
            "TRANSFERKIT_HUB_COURSE": str(publish_student_copy()), "TRANSFERKIT_HUB_STATE": str(make_state(state))}


def hub_command() -> list[str]:
    return [sys.executable, "-m", "jupyterhub", "--config", str(ROOT / "hub" / "jupyterhub_config.py")]


def start(variables: dict[str, str], log=None) -> subprocess.Popen:
    """Start JupyterHub in the background with `variables` (see prepare); the caller stops it."""
    environment = {**os.environ, **variables}
    return subprocess.Popen(hub_command(), cwd=variables["TRANSFERKIT_HUB_STATE"], env=environment,
                            stdout=log, stderr=subprocess.STDOUT if log else None, start_new_session=True)


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """Stop the hub as Ctrl+C does (students' servers and the proxy keep running)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="course.py hub", description=__doc__.split("\n")[0])
    parser.add_argument("--ip", default="127.0.0.1", help="where students reach it (0.0.0.0: every address)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--admin", default="teacher", help="the teacher's user name (signs up first, approves)")
    parser.add_argument("--setup-only", action="store_true", help="set up, do not start")
    options = parser.parse_args(argv)
    variables = prepare()
    variables.update(TRANSFERKIT_HUB_IP=options.ip, TRANSFERKIT_HUB_PORT=str(options.port),
                     TRANSFERKIT_HUB_ADMIN=options.admin)
    if options.setup_only:
        print("The hub is set up; `sudo python3 course.py hub` starts it.", flush=True)
        return 0
    address = f"http://{'localhost' if options.ip in ('127.0.0.1', '0.0.0.0') else options.ip}:{options.port}"
    print(f"Starting the classroom hub at {address} (running as root: each student's server runs as their own "
          f"Unix user). First sign up there as `{options.admin}`; students sign up, you approve them at "
          f"{address}/hub/authorize. Ctrl+C stops the hub; students' servers keep running.", flush=True)
    def interrupt(*_):
        raise KeyboardInterrupt

    # Ctrl+C (SIGINT, even where a script started it with SIGINT ignored) and `kill` (SIGTERM) stop the hub.
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    process = start(variables)
    try:
        return process.wait()
    except KeyboardInterrupt:
        stop(process)
        return 0


def student_copy_main(argv: list[str]) -> int:
    commit = student_copy()
    print(f"The branch `{STUDENT_BRANCH}` is the student copy ({commit[:10]}): push it where your hub's nbgitpuller "
          f"links point, e.g. `git push origin {STUDENT_BRANCH}`. Left out: " +
          "; ".join(f"{pattern} ({why})" for pattern, why in LEFT_OUT.items()), flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["student-copy"]:
        sys.exit(student_copy_main(sys.argv[2:]))
    sys.exit(main(sys.argv[1:]))


# -- A hub of its own, for the tests and the class benchmark ------------------------------------------------

def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalHub:
    """A classroom hub on free local ports with its own state, course copy and Unix users, removed on close.

    Students' Unix users are named `prefix + name` (not the classroom's `tk-`), so closing it removes exactly
    what it made: its users and their homes, their processes, the proxy, its folder. Settings are the
    TRANSFERKIT_HUB_* variables (without the prefix), e.g. `LocalHub(CULL_TIMEOUT="30")`.

    Example:
        with LocalHub() as hub:
            amy = hub.student("amy")   # signed up, approved by the teacher, logged in
            amy.start()
    """

    def __init__(self, prefix: str = "tkt-", **settings: str):
        sys.path.insert(0, str(ROOT / "hub"))
        variables = prepare(state=HUB / "state")  # the environment, proxy and course; this state is not used
        self.folder = Path(tempfile.mkdtemp(prefix="test-", dir=shared_folder()))
        os.chmod(self.folder, 0o755)
        self.course = publish_student_copy(self.folder / "course.git")
        self.port, self.prefix = free_port(), prefix
        self.variables = {**variables, "TRANSFERKIT_HUB_STATE": str(make_state(self.folder / "state")),
                          "TRANSFERKIT_HUB_COURSE": str(self.course), "TRANSFERKIT_HUB_PORT": str(self.port),
                          "TRANSFERKIT_HUB_HUB_PORT": str(free_port()), "TRANSFERKIT_HUB_PROXY_API_PORT": str(free_port()),
                          "TRANSFERKIT_HUB_USER_PREFIX": prefix, "TRANSFERKIT_HUB_ADMIN": "teacher"}
        self.settings = settings
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(self.folder / "hub.log", "ab")
        self.process = None
        self.users: list = []

    def __enter__(self) -> "LocalHub":
        import threading

        if threading.current_thread() is threading.main_thread():  # `kill` cleans up too, as Ctrl+C does
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            self.begin()
            from client import HubUser

            self.teacher = HubUser(self.url, "teacher")
            self.teacher.signup()
            if not self.teacher.login():
                raise RuntimeError("the teacher (the hub's admin) could not log in after signing up")
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exception) -> None:
        self.close()

    def begin(self, **settings: str) -> None:
        """Start the hub (again, after `end`), with `settings` over the earlier ones; wait until it answers."""
        import requests

        self.settings.update(settings)
        variables = {**self.variables, **{f"TRANSFERKIT_HUB_{key}": str(value) for key, value in self.settings.items()}}
        self.process = start(variables, log=self.log)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited with {self.process.returncode}; see {self.folder / 'hub.log'}:\n"
                                   + (self.folder / "hub.log").read_text(errors="replace")[-3000:])
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the hub did not answer within 120 s; see {self.folder / 'hub.log'}")

    def end(self) -> None:
        """Stop the hub as a teacher's Ctrl+C does; students' servers and the proxy keep running."""
        if self.process is not None:
            stop(self.process)

    def student(self, name: str):
        """A student who signed up, was approved by the teacher, and logged in."""
        from client import HubUser

        user = HubUser(self.url, name, system_name=self.prefix + name)
        self.users.append(user)
        user.signup()
        self.approve(name)
        if not user.login():
            raise RuntimeError(f"{name} could not log in after the teacher approved them")
        return user

    def approve(self, name: str) -> None:
        # As the teacher does in the browser: JupyterHub's pages (not its API) take the login cookie only.
        response = self.teacher.session.get(f"{self.url}/hub/authorize/{name}", timeout=30, allow_redirects=False)
        if response.status_code not in (200, 302):
            raise RuntimeError(f"the teacher could not approve {name}: {response.status_code}")

    def system_users(self) -> list[str]:
        import pwd

        return [entry.pw_name for entry in pwd.getpwall() if entry.pw_name.startswith(self.prefix)]

    def close(self) -> None:
        """Stop the hub, its proxy and every process of its users; remove the users, their homes, the folder."""
        import psutil

        self.end()
        for process in psutil.process_iter(["username", "cmdline"]):
            try:
                mine = (process.info["username"] or "").startswith(self.prefix)
                proxy = any(str(self.variables["TRANSFERKIT_HUB_PROXY_API_PORT"]) in part
                            for part in process.info["cmdline"] or [])
                if mine or proxy:
                    process.kill()
            except psutil.NoSuchProcess:
                pass
        time.sleep(0.5)
        for name in self.system_users():
            subprocess.run(["userdel", "--remove", "--force", name], capture_output=True)
        self.log.close()
        shutil.copy(self.folder / "hub.log", HUB / "last-local-hub.log")  # to read after a failed test
        shutil.rmtree(self.folder, ignore_errors=True)
