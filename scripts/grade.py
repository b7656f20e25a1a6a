"""`python3 course.py grade NN PATH`: grade a class's submissions of assignment NN, in parallel, in a sandbox.

    sudo python3 course.py grade 04 submissions/            # a folder of notebooks, or a folder per student
    sudo python3 course.py grade 04 export.zip --lang zh-CN  # a zip of either; Chinese headers and feedback
    python3 course.py grade 04 submissions/ --docker        # Otter's own containers (a Docker daemon must answer)

It writes into `grades/NN_name/` (or `--out`): `grades.csv` (a row per student: each question's score, the total,
a status and its reason), `feedback/<student>.md` (the checks that failed, with their hints) and `summary.md`
(the distribution, the question most often failed). docs/instructors.md says what the sandbox does and does not
protect on each kind of machine; in short, as root each submission:

- runs as a Unix user of its own (made, then removed), in a scratch folder only that user can open, without
  network (`unshare --net`), with a time limit and a memory limit that kill every process of that user (a
  watchdog on the user's resident memory; `RLIMIT_NPROC` stops endless forking; `RLIMIT_AS` would break
  TensorFlow), and with no read access to the course folder (masters, autograder), the submissions, the grades;
- has its answers taken out of its kernel as plain data (scripts/grading_inside.py) and checked, hidden tests
  included, by a fresh process of another user that never ran student code; this command writes the scores.

Nothing of a submission is imported or run by this command itself: it only parses the notebook's JSON.
Results are kept in `grades/NN_name/.cache/`, keyed by a hash of the submission, the assignment's tests and this
command's version: a rerun (after Ctrl+C, a crash, or a fixed submission) grades only what changed, and grading
the same folder twice writes the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import ast
import csv
import fcntl
import hashlib
import io
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import hub  # noqa: E402  (the students' environment, which sandboxes run; closing folders to other users)
import make_exercises  # noqa: E402  (what generated test files read)

GRADER_VERSION = "1"  # change it when a change here changes grades: every cached result is then redone
EXERCISES = ROOT / "exercises"
SANDBOX_FILE = ROOT / "scripts" / "grading_inside.py"
WORK = Path("/var/tmp/transferkit-grade")  # sandboxes' scratch folders (root's, each opened to one user only)
USER_PREFIXES = ("tkg-", "tkc-")  # a submission's user, its checker's user
MAX_NOTEBOOK_BYTES = 50_000_000
MAX_ZIP_BYTES = 2_000_000_000
MAX_ANSWER_BYTES = 500_000_000
NPROC_LIMIT = 1024  # processes and threads of a sandbox user (TensorFlow starts dozens); stops a fork bomb
FILE_SIZE_LIMIT = 1_000_000_000
# Questions whose answer is an object only the student's kernel holds: their tests run in that kernel, as Otter
# runs them, so a student's code can read and change them (docs/instructors.md). Every other question is
# checked on data, in a fresh process.
KERNEL_QUESTIONS = {
    "01_what_is_transfer_learning": {"q3": "the two models must share one layer object, which two files cannot show"},
    "06_choosing_shared_layers": {"q2": "`cka` is a function the student writes"},
    "08_domain_adaptation": {"q1": "`coral` is a function the student writes"},
    "14_past_one_cpu": {
        "q1": "its checks divide by the notebook's `strategy`, a tf.distribute object no file can hold",
        "q2": "the model's weights must be mirrored by the notebook's `strategy`, which a saved model cannot show",
        "q3": "`compute_loss` is a function the student writes, run inside the notebook's `strategy`",
        "q4": "`backup` is a Keras callback object, which no file can hold",
    },
}
STATUSES = ("graded", "timed out", "not a notebook", "wrong assignment", "failed to run")
CHINESE = {
    "student": "学生", "file": "文件", "total": "总分", "possible": "满分", "status": "状态", "reason": "原因",
    "graded": "已评分", "timed out": "超时", "not a notebook": "不是笔记本", "wrong assignment": "作业不符",
    "failed to run": "运行失败",
}


# The reasons' Chinese: each English reason this command writes, as a pattern, and its translation.
REASONS_CHINESE = [
    (r"no \.ipynb file; received (.*)", r"没有 .ipynb 文件；收到的是 \1"),
    (r"nothing handed in \(an empty folder\)", "什么也没有交（空文件夹）"),
    (r"(\d+) MB, more than the (\d+) MB a notebook may have", r"\1 MB，超过笔记本允许的 \2 MB"),
    (r"not valid notebook JSON \((.*)\)", r"不是有效的笔记本 JSON（\1）"),
    (r"JSON without notebook cells", "JSON 中没有笔记本单元格"),
    (r"not a notebook nbformat can read \((.*)\)", r"nbformat 无法读取的笔记本（\1）"),
    (r"a notebook without code", "笔记本中没有代码"),
    (r"a notebook of (.*) \(told by its Otter metadata\), not of (.*)", r"这是 \1 的笔记本（由 Otter 元数据判断），不是 \2"),
    (r"a notebook of (.*) \(told by its `otter\.Notebook\(\.\.\.\)` line\), not of (.*)",
     r"这是 \1 的笔记本（由 `otter.Notebook(...)` 一行判断），不是 \2"),
    (r"a notebook of (.*) \(told by the answers it sets .*\), not of (.*)", r"这是 \1 的笔记本（由其中设置的答案判断），不是 \2"),
    (r"the notebook is the one handed out, unchanged: nothing was answered", "笔记本与发下去的一样，没有改动：一题也没有作答"),
    (r"(\d+) notebooks handed in: graded (.*) \(the newest answered one of this assignment\), not (.*)",
     r"交了 \1 个笔记本：批改的是 \2（本作业已作答的最新一个），不是 \3"),
    (r"still running after the (\d+) s limit .*", r"超过 \1 秒的时间限制仍在运行（死循环？训练太久？）：已停止，其所有进程均已结束"),
    (r"used more than the ([\d.]+) GB memory limit.*", r"使用的内存超过 \1 GB 的限制：已停止，其所有进程均已结束"),
    (r"the notebook's kernel died before its answers could be read(.*)", r"在读取答案之前笔记本的内核已终止\1"),
    (r"its answers could not be checked (.*)", r"无法检查其答案 \1"),
    (r"its answers could not be written out of its kernel (.*)", r"无法从其内核中导出答案 \1"),
    (r"(\d+) cell\(s\) raised an error, first: (.*)", r"\1 个单元格出错，第一个：\2"),
]


def in_chinese(reason: str) -> str:
    """A reason this command wrote, in Chinese (the parts it quotes, such as error messages, stay as they are)."""
    for pattern, chinese in REASONS_CHINESE:
        if re.fullmatch(pattern, reason, flags=re.S):
            return re.sub(pattern, chinese, reason, flags=re.S)
    return reason


def fail(message: str) -> None:
    print(f"course.py grade: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


# -- The assignment -----------------------------------------------------------------------------------------

@dataclass
class Assignment:
    name: str
    tests: dict[str, str]  # question -> its test file's text (hidden tests included)
    possible: dict[str, float]
    names: list[str]  # what the tests read from the student's notebook
    digest: str

    @property
    def questions(self) -> list[str]:
        return sorted(self.tests, key=lambda question: int(question[1:]))


def find_assignment(number: str) -> Path:
    matches = sorted(path for path in EXERCISES.glob(f"{number}_*") if (path / "master.ipynb").exists())
    if len(matches) != 1:
        known = ", ".join(path.name[:2] for path in sorted(EXERCISES.glob("[0-9][0-9]_*")))
        fail(f"expected an assignment number, one of {known}. Received: {number!r}. "
             "Example: `python3 course.py grade 04 submissions/`.")
    return matches[0]


def load_assignment(folder: Path) -> Assignment:
    """The assignment's tests from its autograder zip (made from the master if missing)."""
    zips = sorted((folder / "autograder").glob("*.zip"))
    if not zips:
        print(f"Making {folder.name}'s autograder from its master (course.py exercises) ...", flush=True)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_exercises.py"), folder.name[:2]], check=True,
                       cwd=ROOT, capture_output=True)
        zips = sorted((folder / "autograder").glob("*.zip"))
    with zipfile.ZipFile(zips[-1]) as archive:
        tests = {Path(name).stem: archive.read(name).decode("utf-8") for name in archive.namelist()
                 if re.fullmatch(r"tests/q\d+\.py", name)}
    if not tests:
        fail(f"{zips[-1]} holds no tests/q*.py: regenerate it with `python3 course.py exercises {folder.name[:2]}`.")
    return assignment_from_tests(folder.name, tests)


def assignment_from_tests(name: str, tests: dict[str, str]) -> Assignment:
    """An assignment as grading sees it: its questions' test files (ours, so safe to read with Otter)."""
    from grading_inside import otter_test_file_class

    test_file_class = otter_test_file_class()
    possible = {question: float(test_file_class.from_string(text, path=f"{question}.py").possible)
                for question, text in tests.items()}
    names = sorted(set().union(*map(make_exercises.checked_names_of, tests.values())) - {"env"})
    digest = hashlib.sha256(json.dumps([GRADER_VERSION, name, sorted(tests.items())]).encode()).hexdigest()
    return Assignment(name, tests, possible, names, digest)


def answer_names(assignment_folder: Path) -> set[str]:
    """The names an assignment's checks read that a student sets (libraries left out), from its public tests."""
    from grading_inside import LIBRARIES

    names = set()
    for test in (assignment_folder / "student" / "tests").glob("q*.py"):
        names |= make_exercises.checked_names_of(test.read_text(encoding="utf-8"))
    return names - set(LIBRARIES) - {"env"}


# -- The submissions ----------------------------------------------------------------------------------------

@dataclass
class Submission:
    student: str
    path: Path | None  # the notebook graded; None when the student handed in none
    relative: str = ""
    notes: list[str] = field(default_factory=list)
    status: str | None = None  # set before grading when it cannot be graded
    reason: str = ""
    candidates: list[Path] = field(default_factory=list)  # every notebook the student handed in


def safe_extract(archive_path: Path, target: Path) -> Path:
    """Extract a zip of submissions: regular files only, no name outside `target`, bounded in size."""
    try:
        archive = zipfile.ZipFile(archive_path)
    except zipfile.BadZipFile as error:
        fail(f"{archive_path} is not a zip file ({error}). Expected a folder of submissions or a zip of one.")
    total = 0
    with archive:
        for entry in archive.infolist():
            name = entry.filename
            if name.startswith("__MACOSX/"):
                continue
            parts = Path(name).parts
            if name.startswith("/") or ".." in parts or (entry.external_attr >> 16) & 0o170000 == 0o120000:
                print(f"  skipped {name!r} in the zip: a link or a name outside the folder", flush=True)
                continue
            if entry.is_dir():  # kept: an empty folder is a student who handed in nothing
                target.joinpath(*parts).mkdir(parents=True, exist_ok=True)
                continue
            total += entry.file_size
            if total > MAX_ZIP_BYTES:
                fail(f"{archive_path} unpacks to more than {MAX_ZIP_BYTES // 10**9} GB: expected notebooks.")
            destination = target.joinpath(*parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(entry) as source, open(destination, "wb") as sink:
                shutil.copyfileobj(source, sink)
            stamp = time.mktime((*entry.date_time, 0, 0, -1))
            os.utime(destination, (stamp, stamp))
    entries = [path for path in target.iterdir() if not path.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir() and not list(entries[0].glob("*.ipynb")):
        return entries[0]  # a zip of one folder of submissions
    return target


def student_name(text: str) -> str:
    name = re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE).strip("._") or "unnamed"
    return name[:80]


def discover(folder: Path) -> list[Submission]:
    """Every student's submission under `folder`: a file per student (flat) or a folder per student."""
    found: dict[str, list[Path]] = {}
    others: dict[str, list[str]] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name == "__MACOSX":
            continue
        if entry.is_symlink():
            print(f"  skipped {entry.name}: a link", flush=True)
            continue
        if entry.is_dir():
            student = student_name(entry.name)
            files = sorted(path for path in entry.rglob("*") if path.is_file() and not path.is_symlink()
                           and not any(part.startswith(".") for part in path.relative_to(entry).parts))
            found.setdefault(student, []).extend(path for path in files if path.suffix == ".ipynb")
            others.setdefault(student, []).extend(str(path.relative_to(folder)) for path in files
                                                  if path.suffix != ".ipynb")
        elif entry.is_file():
            student = student_name(entry.stem)
            if entry.suffix == ".ipynb":
                found.setdefault(student, []).append(entry)
            else:
                others.setdefault(student, []).append(entry.name)
    submissions = []
    for student in sorted(set(found) | set(others)):
        notebooks = found.get(student, [])
        if not notebooks:
            received = others.get(student, [])
            submissions.append(Submission(student, None, ", ".join(received[:3]), status="not a notebook",
                                          reason=f"no .ipynb file; received {', '.join(received[:3])}" if received
                                          else "nothing handed in (an empty folder)"))
            continue
        submissions.append(Submission(student, notebooks[0], str(notebooks[0].relative_to(folder)),
                                      candidates=notebooks))  # chosen among once they are read (see choose)
    return submissions


# -- Telling a notebook of this assignment apart --------------------------------------------------------------

def read_notebook(path: Path) -> tuple[dict | None, str]:
    """The notebook as JSON data, or None and why it is not one. Parsing only: nothing of it runs."""
    import nbformat

    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        return None, f"{size // 10**6} MB, more than the {MAX_NOTEBOOK_BYTES // 10**6} MB a notebook may have"
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"not valid notebook JSON ({type(error).__name__}: {str(error)[:120]})"
    if not isinstance(data, dict) or "cells" not in data:
        return None, "JSON without notebook cells"
    try:
        with warnings.catch_warnings():  # a notebook without cell ids is read (and given ids) without a warning
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(raw.decode("utf-8"), as_version=4)
    except Exception as error:  # noqa: BLE001 - any reason nbformat has
        return None, f"not a notebook nbformat can read ({type(error).__name__}: {str(error)[:120]})"
    if not any(cell.cell_type == "code" and cell.source.strip() for cell in notebook.cells):
        return None, "a notebook without code"
    return notebook, ""


def assigned_names(notebook) -> set[str]:
    names = set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            names |= set(re.findall(r"^(\w+)\s*=", source, re.M))
            continue
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            for target in targets:
                for name in ast.walk(target) if target is not None else []:
                    if isinstance(name, ast.Name):
                        names.add(name.id)
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
    return names


def which_assignment(notebook) -> tuple[str | None, str]:
    """Which assignment a notebook is of, and how that was told: Otter's metadata, the `otter.Notebook(...)`
    line, or (when cells were pasted into a new notebook) which assignment's answers it sets most of."""
    named = (notebook.metadata.get("otter") or {}).get("assignment_name")
    if isinstance(named, str) and named:
        return named, "its Otter metadata"
    for cell in notebook.cells:
        match = re.search(r"otter\.Notebook\(\s*['\"]([\w-]+)\.ipynb['\"]", cell.source if cell.cell_type == "code" else "")
        if match:
            return match.group(1), "its `otter.Notebook(...)` line"
    names = assigned_names(notebook)
    best, best_share = None, 0.0
    for folder in sorted(EXERCISES.glob("[0-9][0-9]_*")):
        wanted = answer_names(folder)
        share = len(wanted & names) / len(wanted) if wanted else 0
        if share > best_share:
            best, best_share = folder.name, share
    return best, "the answers it sets (it has neither Otter's metadata nor its `otter.Notebook(...)` line)"


def choose(submission: Submission, assignment: Assignment) -> tuple[object | None, Submission]:
    """Read a student's notebooks; keep the one to grade (of this assignment; the newest if several)."""
    readable, rejected = [], []
    for path in submission.candidates:
        notebook, why = read_notebook(path)
        if notebook is None:
            rejected.append((path, "not a notebook", why))
            continue
        name, how = which_assignment(notebook)
        if name != assignment.name:
            rejected.append((path, "wrong assignment",
                             f"a notebook of {name or 'no assignment of this course'} (told by {how}), "
                             f"not of {assignment.name}"))
            continue
        readable.append((path, notebook))
    if not readable:
        path, status, why = rejected[-1]
        submission.path, submission.status, submission.reason = path, status, why
        return None, submission
    handouts = handed_out(assignment.name)
    # An answered notebook before one left as handed out (a hub's home holds the English and the Chinese one);
    # then the newest.
    readable.sort(key=lambda item: (code_of(item[1]) not in handouts, item[0].stat().st_mtime, item[0].name))
    submission.path, notebook = readable[-1]
    others = [path.name for path, _ in readable[:-1]] + [path.name for path, _, _ in rejected]
    if others:
        submission.notes.append(f"{len(others) + 1} notebooks handed in: graded {submission.path.name} "
                                f"(the newest answered one of this assignment), not {', '.join(sorted(others))}")
    if code_of(notebook) in handouts:
        submission.notes.append("the notebook is the one handed out, unchanged: nothing was answered")
    return notebook, submission


def code_of(notebook) -> tuple[str, ...]:
    return tuple(cell.source.strip() for cell in notebook.cells if cell.cell_type == "code")


def handed_out(name: str) -> set[tuple[str, ...]]:
    """The code of the assignment's student notebooks as handed out (English and Chinese)."""
    import nbformat

    found = set()
    for folder in ("student", "student-zh-CN"):
        path = EXERCISES / name / folder / f"{name}.ipynb"
        if path.exists():
            found.add(code_of(nbformat.read(path, as_version=4)))
    return found


# Otter's first cell, and what runs instead when grading: `grader.check` needs the public tests' folder and
# prints hints nobody reads here (the checks are run elsewhere), and `import otter` takes seconds.
OTTER_INIT = re.compile(r"^import otter\ngrader = otter\.Notebook\((['\"])[\w-]+\.ipynb\1\)$", re.M)
NO_CHECKS = ("class _NoChecks:  # course.py grade: the checks run outside this kernel\n"
             "    def __getattr__(self, name):\n        return lambda *args, **kwargs: None\n"
             "grader = _NoChecks()")


def prepared_source(notebook) -> str:
    """The notebook to run: Otter's `grader` and its `check` calls made no-ops, outputs gone."""
    import nbformat

    notebook = nbformat.reads(nbformat.writes(notebook), as_version=4)  # a copy
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.source = OTTER_INIT.sub(NO_CHECKS, cell.source)
            cell.source = re.sub(r"^(\s*)grader\.(check|check_all|export)\(.*\)\s*$", r"\1pass",
                                 cell.source, flags=re.M)
    return nbformat.writes(notebook)


# -- The sandbox ---------------------------------------------------------------------------------------------

USERS_LOCK = threading.Lock()  # useradd and userdel lock /etc/passwd: one at a time
STOPPING = threading.Event()  # set when the batch is interrupted: what its sandboxes then return is not kept
NAMESPACES = True  # set by `check_tools`: False where `unshare` is refused (a container without CAP_SYS_ADMIN)
HIDDEN = [Path("/root"), Path("/home")]  # with the course, the submissions and the grades: see `hide`


def tool(name: str) -> str:
    """The path of a system tool the sandbox uses (util-linux, iproute2), wherever PATH leaves sbin out."""
    found = shutil.which(name, path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin:/usr/bin:/bin")
    if not found:
        fail(f"the grading sandbox needs `{name}` and found none. Install it (Debian, Ubuntu: `apt install "
             f"{'iproute2' if name == 'ip' else 'util-linux'}`), or grade without root (see docs/instructors.md).")
    return found


def hide(paths: list[Path], keep: list[Path]) -> None:
    """Folders a sandbox must not see at all, whatever their permissions: each is covered, in the sandbox's own
    mount namespace, by an empty read-only tmpfs. A folder holding something the sandbox needs (`keep`: its Python,
    its scratch folder) stays."""
    for path in (path.resolve() for path in paths):
        if path.is_dir() and path not in HIDDEN and not any(path == kept or path in kept.parents for kept in keep):
            HIDDEN.append(path)


def namespace_script() -> str:
    """What runs as root in the sandbox's new namespaces before it becomes its user: a loopback, hidden folders."""
    steps = [f"{tool('ip')} link set lo up"]
    # A folder inside one already covered is covered with it (and, once covered, no longer exists to mount on).
    covered = [path for path in HIDDEN if path.is_dir() and not any(other in path.parents for other in HIDDEN)]
    steps += [f"{tool('mount')} -t tmpfs -o ro,size=4k,mode=755 transferkit-hidden {shlex.quote(str(path))}"
              for path in covered]
    return " && ".join(steps) + ' && exec "$@"'


def check_tools() -> None:
    """Whether this machine lets a sandbox have a network and mounts of its own; say so if not."""
    global NAMESPACES
    for name in ("prlimit", "setpriv", "useradd", "userdel", "mount", "ip"):
        tool(name)
    probe = subprocess.run([tool("unshare"), "--net", "--mount", "--", "sh", "-c", namespace_script(), "sh", "true"],
                           capture_output=True, text=True)
    NAMESPACES = probe.returncode == 0
    if not NAMESPACES:
        print("course.py grade: WARNING: this machine refuses `unshare --net --mount` (a container without "
              f"CAP_SYS_ADMIN?): {probe.stderr.strip()[:200].rstrip('.')}. Submissions run WITH network access, and see folders "
              "other users may read. The other protections hold.", file=sys.stderr, flush=True)


class Sandbox:
    """A Unix user of its own and a scratch folder only it can open (root); or, without root, this user."""

    def __init__(self, base: Path, kind: str, isolated: bool):
        self.isolated = isolated
        self.folder = base / f"{kind}-{secrets.token_hex(4)}"
        self.folder.mkdir(mode=0o700)
        self.user = None
        if isolated:
            name = f"{'tkg-' if kind == 'run' else 'tkc-'}{secrets.token_hex(5)}"
            with USERS_LOCK:
                subprocess.run(["useradd", "--no-create-home", "--home-dir", str(self.folder), "--shell",
                                "/usr/sbin/nologin", "--user-group", name], check=True, capture_output=True)
            self.user = pwd.getpwnam(name)
            # useradd gives the next uid above the highest, so a user just deleted (the previous submission's)
            # hands its uid on: whatever of it is still dying is not this submission's, and goes first.
            self.kill_all()
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        (self.folder / "tmp").mkdir(mode=0o700)
        self.give(self.folder / "tmp")

    def give(self, path: Path) -> None:
        if self.user:
            os.chown(path, self.user.pw_uid, self.user.pw_gid)

    def write(self, name: str, data: bytes | str) -> Path:
        path = self.folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        self.give(path)
        return path

    def command(self, python: Path, arguments: list[str]) -> list[str]:
        inner = [str(python), *arguments]
        if not self.isolated:
            return inner
        # Limits first (kept across exec and the change of user), then the network, then the user.
        limits = [tool("prlimit"), f"--nproc={NPROC_LIMIT}", f"--fsize={FILE_SIZE_LIMIT}", "--core=0", "--"]
        drop = [tool("setpriv"), f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}", "--clear-groups", "--"]
        if not NAMESPACES:
            return [*limits, *drop, *inner]
        # Namespaces of its own: a network with only a loopback (the kernel talks to nbclient over it), and mounts
        # that cover the teacher's folders (HIDDEN) with empty ones.
        return [*limits, tool("unshare"), "--net", "--mount", "--", "sh", "-c", namespace_script(), "sh", *drop, *inner]

    def environment(self, python: Path) -> dict[str, str]:
        return {"HOME": str(self.folder), "TMPDIR": str(self.folder / "tmp"), "PATH": f"{python.parent}:/usr/bin:/bin",
                "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONDONTWRITEBYTECODE": "1",
                "JUPYTER_PLATFORM_DIRS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}

    def processes(self, root_pid: int | None = None, since: float | None = None) -> list:
        """The sandbox's processes: its user's (root), or its session's; with `since` (a time.time()), only
        those started after it, so that nothing left by an earlier holder of the same uid counts as its own."""
        import psutil

        found = []
        for process in psutil.process_iter(["uids", "pid", "create_time"]):
            try:
                if since is not None and process.info["create_time"] < since - 1:
                    continue
                if self.user is not None and process.info["uids"].real == self.user.pw_uid:
                    found.append(process)
                elif self.user is None and root_pid is not None and os.getsid(process.pid) == root_pid:
                    found.append(process)
            except (psutil.Error, ProcessLookupError, TypeError):
                pass
        return found

    def kill_all(self, root_pid: int | None = None) -> None:
        """Kill every process of the sandbox and wait until none is left.

        One by one, a fork bomb outruns the killer (tried: after 5 s of killing, some of its processes were
        still forking, and useradd handed their uid to the next submission, whose memory watchdog counted them).
        So first, a process of the sandbox's own user sends SIGKILL to all processes of that user at once
        (`kill -s KILL -- -1`: kill(-1)), which leaves none to fork; then whatever is left is killed one by one.
        """
        import psutil

        if self.user is not None:
            for _ in range(3):
                if not self.processes(root_pid):
                    break
                subprocess.run([tool("setpriv"), f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}", "--clear-groups",
                                "--", tool("kill"), "-s", "KILL", "--", "-1"],
                               capture_output=True, timeout=30)
        for _ in range(100):  # again, until none is left (a process may fork while others die)
            processes = self.processes(root_pid)
            if not processes:
                return
            for process in processes:
                try:
                    process.kill()
                except psutil.Error:
                    pass
            time.sleep(0.1)

    def run(self, python: Path, arguments: list[str], time_limit: float, memory_limit: int,
            peaks: list | None = None) -> tuple[str, str]:
        """Run as the sandbox's user; return (outcome, detail): outcome 'ok', 'timed out', 'memory', 'failed'."""
        import psutil

        # The log is root's, beside the folder: the sandbox can neither read nor change it.
        log = os.fdopen(os.open(self.folder.parent / f"{self.folder.name}.log", os.O_WRONLY | os.O_CREAT, 0o600), "wb")
        wall_start = time.time()  # processes older than this are not the submission's (see `processes`)
        process = subprocess.Popen(self.command(python, arguments), cwd=self.folder, env=self.environment(python),
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        started, outcome, peak = time.monotonic(), "ok", 0
        try:
            while process.poll() is None:
                resident = 0
                for member in self.processes(process.pid, since=wall_start):
                    try:
                        resident += member.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, resident)
                if resident > memory_limit:
                    outcome = "memory"
                    break
                if time.monotonic() - started > time_limit:
                    outcome = "timed out"
                    break
                time.sleep(0.2)
        finally:
            self.kill_all(process.pid)
            if process.poll() is None:
                process.kill()
            process.wait()
            log.close()
        if peaks is not None:
            peaks.append({"phase": self.folder.name.split("-")[0], "peak": peak, "seconds": time.monotonic() - started})
        if outcome == "ok" and process.returncode != 0:
            tail = (self.folder.parent / f"{self.folder.name}.log").read_bytes()[-600:].decode(errors="replace")
            return "failed", tail.strip().splitlines()[-1] if tail.strip() else f"exit code {process.returncode}"
        return outcome, ""

    def close(self) -> None:
        self.kill_all()
        if self.user:
            uid = self.user.pw_uid
            for scratch in ("/tmp", "/var/tmp", "/dev/shm"):  # what it left outside its folder
                subprocess.run(["find", scratch, "-xdev", "-uid", str(uid), "-delete"], capture_output=True)
            with USERS_LOCK:
                subprocess.run(["userdel", "--force", self.user.pw_name], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)
        (self.folder.parent / f"{self.folder.name}.log").unlink(missing_ok=True)


def copy_answers(source: Path, target: Path) -> None:
    """Copy what a sandbox exported, as root: regular files only (never a link), bounded in size and depth."""
    total = 0
    target.mkdir(exist_ok=True)
    if source.is_symlink() or not source.is_dir():
        return
    for entry in sorted(os.scandir(source), key=lambda entry: entry.name)[:200]:
        if not entry.is_file(follow_symlinks=False):
            continue
        descriptor = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(MAX_ANSWER_BYTES - total + 1)
        total += len(data)
        if total > MAX_ANSWER_BYTES:
            break
        (target / entry.name).write_bytes(data)


def read_json(path: Path, limit: int = 5_000_000):
    """A JSON file a sandbox wrote (untrusted): None if missing, a link, too large or not JSON."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        return None
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


# -- Grading one submission ---------------------------------------------------------------------------------

@dataclass
class Settings:
    python: Path
    time_limit: float
    memory_limit: int
    isolated: bool
    base: Path
    peaks: list = field(default_factory=list)  # each sandbox's phase, peak resident memory, seconds (benchmark)


def grade_one(source: str, assignment: Assignment, settings: Settings) -> dict:
    """Grade one prepared notebook; the result is what the cache keeps (no student name, no time)."""
    kernel_only = KERNEL_QUESTIONS.get(assignment.name, {})
    data_questions = [question for question in assignment.questions if question not in kernel_only]
    result = {"status": "graded", "reason": "", "scores": {}, "failed": {}, "errors": [],
              "kernel_questions": sorted(kernel_only)}
    run = Sandbox(settings.base, "run", settings.isolated)
    checker = None
    try:
        run.write(f"{assignment.name}.ipynb", source)  # the name its `otter.Notebook(...)` line wants
        run.write("grading_inside.py", SANDBOX_FILE.read_bytes())
        plan = {"names": assignment.names, "kernel_tests": {q: assignment.tests[q] for q in kernel_only}}
        run.write("names.json", json.dumps(plan))
        answers = run.folder / "answers"
        outcome, detail = run.run(settings.python, ["grading_inside.py", "run", f"{assignment.name}.ipynb", "names.json",
                                                    str(answers), "report.json"],
                                  settings.time_limit, settings.memory_limit, settings.peaks)
        if outcome == "timed out":
            return {**result, "status": "timed out", "reason": f"still running after the {settings.time_limit:.0f} s "
                    "limit (an endless loop? a long training?): stopped, every process of it killed"}
        if outcome == "memory":
            return {**result, "status": "failed to run", "reason": f"used more than the {settings.memory_limit / 2**30:.1f} "
                    "GB memory limit: stopped, every process of it killed"}
        report = read_json(run.folder / "report.json")
        report = report if isinstance(report, dict) else {}
        # report.json was written in the sandbox: only well-formed entries, cells counted from 1 (markdown too)
        errors = [f"cell {item['cell'] + 1}: {item.get('error')}"[:400] for item in (report.get("errors") or [])[:5]
                  if isinstance(item, dict) and isinstance(item.get("cell"), int)]
        result["errors"] = errors
        if outcome == "ok" and report.get("exported") is False:
            return {**result, "status": "failed to run", "reason": "its answers could not be written out of its "
                    f"kernel ({str(report.get('export_error'))[:200]})"}
        if outcome == "failed" or answers.is_symlink() or not (answers / "manifest.json").exists():
            return {**result, "status": "failed to run",
                    "reason": "the notebook's kernel died before its answers could be read"
                              + (f" ({errors[0]})" if errors else f" ({detail[:200]})" if detail else "")}
        checker = Sandbox(settings.base, "check", settings.isolated)
        copy_answers(answers, checker.folder / "answers")
        tests = checker.folder / "tests"
        tests.mkdir()
        for question in data_questions:
            (tests / f"{question}.py").write_text(assignment.tests[question])
        checker.write("questions.json", json.dumps(data_questions))
        checker.write("grading_inside.py", SANDBOX_FILE.read_bytes())
        for path in [checker.folder / "answers", tests, *(checker.folder / "answers").iterdir(), *tests.iterdir()]:
            checker.give(path)
        outcome, detail = checker.run(settings.python, ["grading_inside.py", "check", "answers", "tests",
                                                        "questions.json", "result.json"],
                                      settings.time_limit, settings.memory_limit, settings.peaks)
        checked = read_json(checker.folder / "result.json") if outcome == "ok" else None
        if not isinstance(checked, dict):
            return {**result, "status": "failed to run",
                    "reason": f"its answers could not be checked ({outcome}{': ' + detail[:200] if detail else ''})"}
        from_kernel = read_json(answers / "kernel_results.json")  # written in the sandbox: anything may be there
        from_kernel = from_kernel if isinstance(from_kernel, dict) else {}
        for question in assignment.questions:
            entry = checked.get(question) if question not in kernel_only else from_kernel.get(question)
            score = entry.get("score") if isinstance(entry, dict) else None
            possible = assignment.possible[question]
            if not isinstance(score, (int, float)) or not 0 <= score <= possible:
                score = 0.0
                entry = {"failed": [{"test": question, "hidden": False, "hint": "its checks did not run"}]}
            result["scores"][question] = round(float(score), 4)
            failed = entry.get("failed") if isinstance(entry.get("failed"), list) else []
            result["failed"][question] = [{"hint": str(item.get("hint", ""))[:500], "hidden": bool(item.get("hidden"))}
                                          for item in failed[:20] if isinstance(item, dict)]
        return result
    finally:
        run.close()
        if checker is not None:
            checker.close()


# -- The batch -----------------------------------------------------------------------------------------------

def cache_key(source: str, assignment: Assignment, settings: Settings) -> str:
    return hashlib.sha256("\0".join([assignment.digest, f"{settings.time_limit}", f"{settings.memory_limit}",
                                     str(settings.isolated), source]).encode()).hexdigest()


def write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def clean_leftovers(folders: bool = True) -> None:
    """Users and scratch folders of a batch that was killed (SIGKILL leaves them): their processes first."""
    import psutil

    leftovers = [entry for entry in pwd.getpwall() if entry.pw_name.startswith(USER_PREFIXES)]
    for process in psutil.process_iter(["username"]):
        if (process.info["username"] or "").startswith(USER_PREFIXES):
            try:
                process.kill()
            except psutil.Error:
                pass
    for entry in leftovers:
        subprocess.run(["userdel", "--force", entry.pw_name], capture_output=True)
    for folder in WORK.glob("*-*") if folders else []:  # batch-* and unpacked-* folders
        shutil.rmtree(folder, ignore_errors=True)


def sandbox_python() -> Path:
    """The students' environment (the hub's): a Python every sandbox user can run, with the course in it."""
    return hub.build_student_env() / "bin" / "python"


def grade_all(number: str, path: Path, out: Path | None = None, workers: int | None = None,
              time_limit: float = 600, memory_limit: int = 2 * 2**30, language: str = "en",
              quiet: bool = False, sandbox_users: bool | None = None) -> dict:
    """Grade every submission of assignment `number` under `path`; write and return the outputs (see module).
    `sandbox_users`: a Unix user per submission (root's default), or not (the only way without root)."""
    folder = find_assignment(number)
    WORK.mkdir(parents=True, exist_ok=True)
    os.chmod(WORK, 0o711)
    lock = open(WORK / ".lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = (WORK / ".lock.pid").read_text().strip() if (WORK / ".lock.pid").exists() else "?"
        fail(f"another grading batch is running on this machine (process {holder}, which holds {WORK / '.lock'}): "
             "wait for it to end, or stop it, then run this again.")
    (WORK / ".lock.pid").write_text(f"{os.getpid()} ({' '.join(sys.argv[:4])})\n")
    assignment = load_assignment(folder)
    out = Path(out or ROOT / "grades" / assignment.name).resolve()
    isolated = os.geteuid() == 0 if sandbox_users is None else sandbox_users
    if isolated and os.geteuid() != 0:
        fail("a Unix user per submission needs root. Run it with sudo, or without that option.")
    say = (lambda *args: None) if quiet else (lambda *args: print(*args, flush=True))
    chinese = language.startswith("zh")
    text = TEXT["zh-CN" if chinese else "en"]
    if not path.exists():
        fail(f"expected a folder of submissions or a zip of one. Received: {path}, which does not exist.")
    if not isolated:
        print("course.py grade: WARNING: without root, submissions run as you, in scratch folders of yours: a hostile "
              "one can read and change your files, the masters and the other submissions, and reach the network. "
              "Time and memory limits still apply. For a class, run it as root (`sudo python3 course.py grade ...`) "
              "or with --docker where a Docker daemon runs (docs/instructors.md).", file=sys.stderr, flush=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / ".cache").mkdir(exist_ok=True)
    python = sandbox_python() if isolated else Path(sys.executable)
    if isolated:
        hide([ROOT, out, *([path] if path.is_dir() else [])], keep=[python, WORK])  # a zip is closed (below)
        check_tools()
        clean_leftovers()
        for folder, what in ((ROOT, "it holds the assignments' masters and autograders, which submissions must not read"),
                             (path, "it holds the submissions, which others must not read"), (out, "it holds the grades")):
            hub.close_to_others(folder, what, command="grade")
    STOPPING.clear()
    base = Path(tempfile.mkdtemp(prefix="batch-", dir=WORK))
    os.chmod(base, 0o711)
    settings = Settings(python, time_limit, memory_limit, isolated, base)
    staging = Path(tempfile.mkdtemp(prefix="unpacked-", dir=WORK))
    try:
        submissions_root = safe_extract(path, staging) if path.is_file() else path
        submissions = discover(submissions_root)
        say(text["found"].format(count=len(submissions), assignment=assignment.name, path=path))
        jobs = []
        for submission in submissions:
            if submission.status is None:
                notebook, submission = choose(submission, assignment)
                if notebook is not None:
                    source = prepared_source(notebook)
                    jobs.append((submission, source, cache_key(source, assignment, settings)))
            if submission.path is not None:
                submission.relative = str(submission.path.relative_to(submissions_root))
        results: dict[str, dict] = {}
        todo = []
        for submission, source, key in jobs:
            cached = read_json(out / ".cache" / f"{key}.json")
            if cached is not None:
                results[key] = cached
            elif key not in {job[2] for job in todo}:  # two identical notebooks are graded once
                todo.append((submission, source, key))
        say(text["todo"].format(kept=len(results), cache=out / ".cache", todo=len(todo), workers=workers or os.cpu_count(),
                                seconds=time_limit, gigabytes=memory_limit / 2**30))
        started = time.monotonic()

        def work(job):
            submission, source, key = job
            if STOPPING.is_set():
                return key, None
            result = grade_one(source, assignment, settings)
            if STOPPING.is_set():  # its sandbox may have been killed by the interruption: not a result to keep
                return key, None
            write_atomically(out / ".cache" / f"{key}.json", json.dumps(result, sort_keys=True))
            say(text["progress"].format(student=submission.student, status=CHINESE.get(result["status"], result["status"])
                                        if chinese else result["status"], points=sum(result["scores"].values())))
            return key, result

        pool = ThreadPoolExecutor(max_workers=workers or os.cpu_count())
        try:
            for key, result in pool.map(work, todo):
                results[key] = result
        except BaseException:  # Ctrl+C, SIGTERM: stop the sandboxes that run; what was graded is kept
            STOPPING.set()
            pool.shutdown(wait=False, cancel_futures=True)
            if isolated:
                clean_leftovers(folders=False)
            print(f"course.py grade: interrupted. {len(list((out / '.cache').glob('*.json')))} results are kept in "
                  f"{out / '.cache'}: run the same command again to grade the rest.", file=sys.stderr, flush=True)
            raise
        pool.shutdown()
        elapsed = time.monotonic() - started
        rows = []
        keys = {id(submission): key for submission, _, key in jobs}
        for submission in submissions:
            key = keys.get(id(submission))
            result = results.get(key) if key else {"status": submission.status, "reason": submission.reason,
                                                   "scores": {}, "failed": {}, "errors": [], "kernel_questions": []}
            rows.append((submission, result))
        write_outputs(out, assignment, rows, language)
        say(text["wrote"].format(csv=out / "grades.csv", summary=out / "summary.md", count=len(rows),
                                 feedback=out / "feedback", seconds=elapsed))
        return {"out": out, "rows": rows, "seconds": elapsed, "graded": len(todo), "peaks": settings.peaks}
    finally:
        shutil.rmtree(base, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        lock.close()


# -- What the teacher reads ----------------------------------------------------------------------------------

TEXT = {
    "en": {"feedback_title": "Feedback on {assignment}", "status": "Status", "score": "Score",
           "question": "Question", "points": "Points", "failed": "Checks that did not pass, with their hints",
           "hidden": "(a hidden check)", "errors": "Errors while your notebook ran", "all_passed": "Every check passed.",
           "kernel": "Questions {questions} were checked inside your notebook's kernel (see docs/instructors.md).",
           "summary_title": "Grades of {assignment}", "students": "students", "by_status": "By status",
           "distribution": "Distribution of totals (graded submissions)", "per_question": "Per question: full marks / graded",
           "none_graded": "No submission was graded.", "reason": "Reason",
           "per_question_line": "- {question}: {full} / {graded}",
           "mean_median": "mean {mean:.2f}, median {median:g} / {possible:g}",
           "most_failed_line": "Most often failed: {question} ({failed} / {graded})",
           "found": "Submissions of {count} students of {assignment} in {path}",
           "todo": "{kept} already graded (kept in {cache}), {todo} to grade, {workers} at a time, {seconds:.0f} s and "
                   "{gigabytes:.1f} GB each",
           "progress": "  {student}: {status}, {points:g} points",
           "wrote": "Wrote {csv}, {summary} and {count} feedback files in {feedback} ({seconds:.0f} s grading)"},
    "zh-CN": {"feedback_title": "{assignment} 的反馈", "status": "状态", "score": "得分", "question": "题目",
              "points": "分数", "failed": "未通过的检查及其提示", "hidden": "（隐藏检查）",
              "errors": "运行你的笔记本时出现的错误", "all_passed": "所有检查均已通过。",
              "kernel": "第 {questions} 题在你的笔记本内核中检查（见 docs/instructors.md）。",
              "summary_title": "{assignment} 的成绩", "students": "名学生", "by_status": "按状态",
              "distribution": "总分分布（已评分的提交）", "per_question": "每题：满分人数 / 已评分人数",
              "none_graded": "没有提交被评分。", "reason": "原因",
              "per_question_line": "- {question}：{full} / {graded}",
              "mean_median": "平均 {mean:.2f}，中位数 {median:g} / {possible:g}",
              "most_failed_line": "最常未通过：{question}（{failed} / {graded}）",
              "found": "{path} 中有 {count} 名学生提交了 {assignment}",
              "todo": "已批改 {kept} 份（保存在 {cache}），待批改 {todo} 份，同时批改 {workers} 份，每份限时 {seconds:.0f} 秒、"
                      "内存 {gigabytes:.1f} GB",
              "progress": "  {student}：{status}，{points:g} 分",
              "wrote": "已写出 {csv}、{summary} 和 {feedback} 中的 {count} 份反馈（批改用时 {seconds:.0f} 秒）"},
}


def chinese_hints(assignment: Assignment) -> dict[str, str]:
    """English hint -> its Chinese, from the Chinese student folder's public tests (same order per question)."""
    mapping = {}
    folder = EXERCISES / assignment.name
    for english in (folder / "student" / "tests").glob("q*.py"):
        chinese = folder / "student-zh-CN" / "tests" / english.name
        if chinese.exists():
            mapping.update(zip(make_exercises.public_hints(english), make_exercises.public_hints(chinese)))
    return mapping


def spreadsheet_safe(text: str) -> str:
    """A CSV field a spreadsheet shows as text: one starting with = + - @ (a formula) gets a leading quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_outputs(out: Path, assignment: Assignment, rows: list, language: str) -> None:
    text = TEXT["zh-CN" if language.startswith("zh") else "en"]
    chinese = language.startswith("zh")
    word = (lambda key: CHINESE.get(key, key)) if chinese else (lambda key: key)
    hints = chinese_hints(assignment) if chinese else {}
    questions = assignment.questions
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([word("student"), word("file"), *questions, word("total"), word("possible"), word("status"),
                     word("reason")])
    possible_total = sum(assignment.possible.values())
    feedback = out / "feedback"
    shutil.rmtree(feedback, ignore_errors=True)
    feedback.mkdir()
    for submission, result in rows:
        scores = result.get("scores", {})
        total = sum(scores.values())
        reasons = [result.get("reason", "")] + submission.notes
        if result.get("status") == "graded" and result.get("errors"):
            reasons.append(f"{len(result['errors'])} cell(s) raised an error, first: {result['errors'][0]}")
        reason = "; ".join((in_chinese(part) if chinese else part) for part in reasons if part)
        graded = result.get("status") == "graded"  # a row not graded has no question scores, and a total of 0
        writer.writerow([submission.student, spreadsheet_safe(submission.relative),
                         *[f"{scores.get(question, 0):g}" if graded else "" for question in questions], f"{total:g}",
                         f"{possible_total:g}", word(result.get("status", "")), spreadsheet_safe(reason)])
        colon = "：" if chinese else ": "
        lines = [f"# {text['feedback_title'].format(assignment=assignment.name)}{colon}{submission.student}", "",
                 f"- {text['status']}{colon}{word(result.get('status', ''))}",
                 *([f"- {text['reason']}{colon}{reason}"] if reason else []),
                 f"- {text['score']}{colon}{total:g} / {possible_total:g}", "",
                 f"| {text['question']} | {text['points']} |", "|---|---|"]
        lines += [f"| {question} | {scores.get(question, 0):g} / {assignment.possible[question]:g} |"
                  for question in questions]
        failed = [(question, item) for question in questions for item in result.get("failed", {}).get(question, [])]
        if result.get("status") == "graded":
            lines += ["", f"## {text['failed']}", ""]
            lines += [f"- {question}{colon}{hints.get(item['hint'], item['hint'])}" + (f" {text['hidden']}" if item["hidden"]
                                                                                 else "")
                      for question, item in failed] or [text["all_passed"]]
            if result.get("kernel_questions"):
                lines += ["", text["kernel"].format(questions=", ".join(result["kernel_questions"]))]
        if result.get("errors"):
            lines += ["", f"## {text['errors']}", ""] + [f"- {error}" for error in result["errors"]]
        write_atomically(feedback / f"{submission.student}.md", "\n".join(lines) + "\n")
    # With a byte-order mark in Chinese: Excel on Chinese Windows otherwise reads UTF-8 as GBK.
    write_atomically(out / "grades.csv", ("\ufeff" if chinese else "") + buffer.getvalue())
    write_atomically(out / "summary.md", summary(assignment, rows, text, word))


def summary(assignment: Assignment, rows: list, text: dict, word) -> str:
    possible_total = sum(assignment.possible.values())
    lines = [f"# {text['summary_title'].format(assignment=assignment.name)}", "", f"{len(rows)} {text['students']}", "",
             f"## {text['by_status']}", ""]
    for status in STATUSES:
        count = sum(1 for _, result in rows if result.get("status") == status)
        if count:
            lines.append(f"- {word(status)}: {count}")
    graded = [result for _, result in rows if result.get("status") == "graded"]
    lines += ["", f"## {text['distribution']}", ""]
    if not graded:
        return "\n".join(lines + [text["none_graded"]]) + "\n"
    totals = [sum(result["scores"].values()) for result in graded]
    lines.append(text["mean_median"].format(mean=statistics.mean(totals), median=statistics.median(totals),
                                            possible=possible_total))
    lines += ["", "```"]
    for value in sorted({round(total, 2) for total in totals}):
        count = sum(1 for total in totals if round(total, 2) == value)
        lines.append(f"{value:>5g} | {'#' * count} {count}")
    lines += ["```", "", f"## {text['per_question']}", ""]
    full = {question: sum(1 for result in graded
                          if result["scores"].get(question, 0) >= assignment.possible[question]) for question in
            assignment.questions}
    lines += [text["per_question_line"].format(question=question, full=full[question], graded=len(graded))
              for question in assignment.questions]
    mean = {question: statistics.mean(result["scores"].get(question, 0) / assignment.possible[question]
                                      for result in graded) for question in assignment.questions}
    worst = min(assignment.questions, key=lambda question: (full[question], mean[question], question))
    lines += ["", text["most_failed_line"].format(question=worst, failed=len(graded) - full[worst], graded=len(graded))]
    return "\n".join(lines) + "\n"


# -- Docker (Otter's own containers) ------------------------------------------------------------------------

def grade_with_docker(number: str, path: Path, out: Path | None) -> int:
    """`otter grade` in Otter's containers, when a Docker daemon answers; never chosen without --docker."""
    folder = find_assignment(number)
    answered = subprocess.run(["docker", "info"], capture_output=True) if shutil.which("docker") else None
    if answered is None or answered.returncode != 0:
        fail("--docker needs a Docker daemon, and none answers here (`docker info` failed). Without --docker, this "
             "command grades in its own sandbox (as root: a Unix user per submission; see docs/instructors.md).")
    load_assignment(folder)
    archive = sorted((folder / "autograder").glob("*.zip"))[-1]
    out = Path(out or ROOT / "grades" / folder.name / "docker")
    out.mkdir(parents=True, exist_ok=True)
    otter = Path(sys.executable).with_name("otter")
    print("Grading in Otter's Docker containers (not tested by this course's CI, which has no Docker daemon) ...")
    return subprocess.call([str(otter), "grade", "-p", str(path), "-a", str(archive), "-o", str(out), "-v"])


def parse_size(text: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMG]?)B?", text.strip().upper())
    if not match:
        raise argparse.ArgumentTypeError(f"expected a size like 2G or 1500M. Received: {text!r}.")
    return int(float(match.group(1)) * {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}[match.group(2)])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="course.py grade", description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment", help="the assignment's number, e.g. 04")
    parser.add_argument("path", type=Path, help="a folder of notebooks, a folder per student, or a zip of either")
    parser.add_argument("--out", type=Path, help="where the grades go (default: grades/NN_name/)")
    parser.add_argument("--workers", type=int, help="submissions graded at once (default: one per core)")
    parser.add_argument("--time-limit", type=float, default=600, help="seconds per submission (default 600)")
    parser.add_argument("--memory-limit", type=parse_size, default="2G", help="per submission (default 2G)")
    parser.add_argument("--lang", default="en", choices=["en", "zh-CN"], help="headers and feedback language")
    parser.add_argument("--docker", action="store_true", help="grade with `otter grade` in Docker containers")
    options = parser.parse_args(argv)
    if options.docker:
        return grade_with_docker(options.assignment, options.path, options.out)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # finally-blocks remove users and scratch folders
    try:
        grade_all(options.assignment, options.path, options.out, options.workers, options.time_limit,
                  options.memory_limit, options.lang)
    except KeyboardInterrupt:  # grade_all said what was kept and how to go on
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
