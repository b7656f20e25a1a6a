"""Grading a class (`course.py grade`, scripts/grade.py): layouts, answers as data, and a hostile class for real.

The quick tests (any user) check how submissions are found and told apart, how answers leave a kernel as data
and are checked, and what the teacher's files say. The hostile class (root: a Unix user per submission; `.ci/run`
sets TRANSFERKIT_GRADING_TESTS=required, elsewhere it is skipped without root) is assignment 04's, generated from
its master by scripts/hostile_class.py and graded with a time limit of HOSTILE_TIME_LIMIT seconds per submission:
every submission must get the right score, or zero with the right status; none may change another's grade, the
teacher's files or the batch; no process or user of the sandbox may outlive it; a batch killed with SIGKILL and
run again must write the CSV of an uninterrupted one.
"""

import ast
import csv
import hashlib
import io
import json
import os
import pwd
import re
import shutil
import signal
import tempfile
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import grade  # noqa: E402
import grading_inside  # noqa: E402
import hostile_class  # noqa: E402
import make_exercises  # noqa: E402

# The hostile class takes minutes: it runs where asked (`.ci/run`: required), and is skipped elsewhere.
HOSTILE = os.environ.get("TRANSFERKIT_GRADING_TESTS", "")
REQUIRED = HOSTILE == "required"
HOSTILE_TIME_LIMIT = 120  # seconds per submission: the endless loop is stopped there
ASSIGNMENT = "04_feature_extraction"


# -- Finding submissions and telling them apart (quick) -----------------------------------------------------

def public_assignment(name: str = ASSIGNMENT) -> "grade.Assignment":
    """The assignment with its public tests only (the autograder, with the hidden ones, is not needed here)."""
    tests = {path.stem: path.read_text() for path in (ROOT / "exercises" / name / "student" / "tests").glob("q*.py")}
    return grade.assignment_from_tests(name, tests)


def student_notebook(name: str = ASSIGNMENT):
    return nbformat.read(ROOT / "exercises" / name / "student" / f"{name}.ipynb", as_version=4)


def test_a_flat_folder_a_folder_per_student_and_a_zip_of_either_are_read(tmp_path):
    flat, nested = tmp_path / "flat", tmp_path / "nested"
    flat.mkdir()
    nbformat.write(student_notebook(), flat / "amy.ipynb")
    (flat / "bo.pdf").write_bytes(b"%PDF")
    (nested / "cy" / "work").mkdir(parents=True)
    nbformat.write(student_notebook(), nested / "cy" / "work" / f"{ASSIGNMENT}.ipynb")
    (nested / "cy" / ".ipynb_checkpoints").mkdir()
    nbformat.write(student_notebook(), nested / "cy" / ".ipynb_checkpoints" / "old.ipynb")
    found = {submission.student: submission for submission in grade.discover(flat)}
    assert found["amy"].candidates == [flat / "amy.ipynb"] and found["amy"].status is None
    assert found["bo"].status == "not a notebook" and "bo.pdf" in found["bo"].reason
    found = {submission.student: submission for submission in grade.discover(nested)}
    assert found["cy"].candidates == [nested / "cy" / "work" / f"{ASSIGNMENT}.ipynb"], "checkpoints are not submissions"
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(nested / "cy" / "work" / f"{ASSIGNMENT}.ipynb", f"class/cy/{ASSIGNMENT}.ipynb")
        handle.writestr("../outside.ipynb", "{}")
    unpacked = grade.safe_extract(archive, tmp_path / "unpacked")
    assert [submission.student for submission in grade.discover(unpacked)] == ["cy"]
    assert not (tmp_path / "outside.ipynb").exists(), "a zip entry outside the folder was written"


def test_a_zip_keeps_an_empty_folder_and_an_answered_notebook_wins_over_the_handout(tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("frank/", "")
        handle.writestr(f"amy/{ASSIGNMENT}.ipynb", nbformat.writes(student_notebook()))
    found = {submission.student: submission for submission in
             grade.discover(grade.safe_extract(archive, tmp_path / "unpacked"))}
    assert found["frank"].status == "not a notebook" and "nothing handed in" in found["frank"].reason
    answered, handout = tmp_path / "bo" / "answered.ipynb", tmp_path / "bo" / f"{ASSIGNMENT}.zh-CN.ipynb"
    handout.parent.mkdir()
    notebook = student_notebook()
    notebook.cells[4].source = "model = 1"
    nbformat.write(notebook, answered)
    nbformat.write(student_notebook(), handout)
    os.utime(answered, (1_700_000_000, 1_700_000_000))  # older than the untouched one
    chosen, submission = grade.choose(grade.Submission("bo", answered, candidates=[answered, handout]),
                                      public_assignment())
    assert submission.path == answered and "handed out, unchanged" not in " ".join(submission.notes)
    chosen, submission = grade.choose(grade.Submission("cy", handout, candidates=[handout]), public_assignment())
    assert any("the notebook is the one handed out, unchanged" in note for note in submission.notes)


def test_a_notebook_is_told_apart_by_metadata_by_its_otter_line_or_by_the_answers_it_sets():
    notebook = student_notebook()
    assert grade.which_assignment(notebook)[0] == ASSIGNMENT
    notebook.metadata = {}
    assert grade.which_assignment(notebook) == (ASSIGNMENT, "its `otter.Notebook(...)` line")
    notebook.cells = [cell for cell in notebook.cells if "otter.Notebook(" not in cell.source]
    assert grade.which_assignment(notebook)[0] == ASSIGNMENT, "pasted cells: told by the answers they set"
    other = student_notebook("05_fine_tuning")
    other.metadata = {}
    other.cells = [cell for cell in other.cells if "otter.Notebook(" not in cell.source]
    assert grade.which_assignment(other)[0] == "05_fine_tuning"
    assert grade.which_assignment(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("unrelated = 1")]))[0] is None


def test_what_is_not_a_notebook_says_why(tmp_path):
    cases = {"invalid.ipynb": '{"cells": [', "list.ipynb": "[1, 2]",
             "empty.ipynb": nbformat.writes(nbformat.v4.new_notebook())}
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        notebook, why = grade.read_notebook(tmp_path / name)
        assert notebook is None and why, name
    assert "JSON" in grade.read_notebook(tmp_path / "invalid.ipynb")[1]
    assert "without code" in grade.read_notebook(tmp_path / "empty.ipynb")[1]


def test_otters_grader_and_its_checks_become_no_ops_and_outputs_are_dropped():
    notebook = student_notebook()
    notebook.cells[0].outputs = [nbformat.v4.new_output("stream", text="old")]
    source = grade.prepared_source(notebook)
    assert 'grader.check("q1")' not in source and '"old"' not in source
    assert "grader = _NoChecks()" in source and "import otter" not in source, "Otter's init cell is not replaced"
    notebook.cells[0].source = "import otter\ngrader = otter.Notebook('04_feature_extraction.ipynb')\ngrader.x = 1"
    assert '"grader.x = 1"' in grade.prepared_source(notebook), "the student's own lines must stay"


# -- Answers as data ------------------------------------------------------------------------------------------

def test_plain_answers_keep_their_types_through_json():
    values = [1, 2.5, float("nan"), True, None, "x", (1, 2), {3, 1}, frozenset({2}), [1, [2]], {"a": (1,), 2: "b"},
              np.float32(0.5), np.int64(7), 3 + 4j, 2 ** 80]
    for value in values:
        back = grading_inside.decode(json.loads(json.dumps(grading_inside.encode(value))))
        assert type(back) is type(value), value
        assert back == value or (value != value and back != back), value
    with pytest.raises(ValueError, match="function"):
        grading_inside.encode(lambda: 1)


def test_the_checker_binds_the_course_libraries_and_fails_what_could_not_be_exported(tmp_path):
    answers = tmp_path / "answers"
    manifest = grading_inside.export({"best_budget": 1, "gain_1": lambda: 0, "tk": "not a module"},
                                     ["best_budget", "gain_1", "gain_30", "tk"], str(answers))
    assert manifest["gain_1"]["kind"] == "unsupported" and manifest["gain_30"]["kind"] == "missing"
    tests = tmp_path / "tests"
    tests.mkdir()
    for question in ("q2", "q3"):
        (tests / f"{question}.py").write_text(public_assignment().tests[question])
    results = grading_inside.check(answers, tests, ["q2", "q3"])
    assert results["q2"]["score"] == 0 and results["q2"]["failed"], "a function or a missing name passed"
    assert results["q3"]["possible"] == 1


def test_an_array_of_objects_is_not_loaded(tmp_path):
    answers = tmp_path / "answers"
    answers.mkdir()
    np.save(answers / "x.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    (answers / "manifest.json").write_text(json.dumps({"x": {"kind": "array"}}))
    assert isinstance(grading_inside.load(answers)["x"], grading_inside.NotExported)


def test_copying_answers_never_follows_a_link(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()
    (source / "manifest.json").write_text("{}")
    (source / "secret.json").symlink_to(ROOT / "exercises" / ASSIGNMENT / "master.ipynb")
    grade.copy_answers(source, target)
    assert sorted(path.name for path in target.iterdir()) == ["manifest.json"]


def test_questions_graded_in_the_kernel_are_exactly_those_whose_answers_cannot_be_data():
    """A question whose checks read a function the student defines needs the kernel (KERNEL_QUESTIONS); so do
    those named there. Every other question is graded on data."""
    for folder in sorted((ROOT / "exercises").glob("[0-9][0-9]_*")):
        master = nbformat.read(folder / "master.ipynb", as_version=4)
        defined = {node.name for cell in master.cells if cell.cell_type == "code"
                   for node in ast.parse("\n".join(line for line in cell.source.splitlines()
                                                   if not line.startswith(("%", "!")))).body
                   if isinstance(node, ast.FunctionDef)}
        for question, text in public_assignment(folder.name).tests.items():
            if make_exercises.checked_names_of(text) & defined:
                assert question in grade.KERNEL_QUESTIONS.get(folder.name, {}), (folder.name, question)


def test_the_teachers_files_are_the_same_each_time_and_in_chinese_when_asked(tmp_path):
    assignment = public_assignment()
    full = {"status": "graded", "reason": "", "scores": {"q1": 1, "q2": 0.5, "q3": 0}, "errors": [],
            "failed": {"q2": [{"hint": "Points, not fractions: one point is 0.01 of accuracy. Average over the 5 "
                                       "seeds of each strategy at that budget, then subtract.", "hidden": False}],
                       "q3": [{"hint": "x", "hidden": True}]}, "kernel_questions": []}
    rows = [(grade.Submission("amy", Path("amy.ipynb"), "amy.ipynb"), full),
            (grade.Submission("bo", None, "bo.txt"), {"status": "not a notebook", "reason": "no .ipynb file",
                                                    "scores": {}, "failed": {}, "errors": []})]
    outputs = []
    for _ in range(2):
        grade.write_outputs(tmp_path, assignment, rows, "en")
        outputs.append((tmp_path / "grades.csv").read_bytes() + (tmp_path / "summary.md").read_bytes())
    assert outputs[0] == outputs[1]
    table = list(csv.DictReader(io.StringIO((tmp_path / "grades.csv").read_text())))
    assert table[0]["total"] == "1.5" and table[1]["status"] == "not a notebook"
    assert "Most often failed: q3" in (tmp_path / "summary.md").read_text()
    assert grade.spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)" and grade.spreadsheet_safe("a=1") == "a=1"
    assert "(a hidden check)" in (tmp_path / "feedback" / "amy.md").read_text()
    for reason in ["no .ipynb file; received bo.txt", "a notebook without code",
                   "still running after the 600 s limit (an endless loop? a long training?): stopped, every process "
                   "of it killed", "used more than the 2.0 GB memory limit: stopped, every process of it killed",
                   "a notebook of 05_fine_tuning (told by its Otter metadata), not of 04_feature_extraction",
                   "2 notebooks handed in: graded b.ipynb (the newest answered one of this assignment), not a.ipynb",
                   "the notebook is the one handed out, unchanged: nothing was answered",
                   "nothing handed in (an empty folder)"]:
        chinese = grade.in_chinese(reason)
        assert not {"notebook", "limit", "handed", "received", "killed", "told"} & set(re.findall(r"[a-z]+", chinese)), \
            (reason, chinese)
    grade.write_outputs(tmp_path, assignment, rows, "zh-CN")
    assert (tmp_path / "grades.csv").read_text().startswith("\ufeff学生,文件,q1,q2,q3,总分,满分,状态,原因"), "Excel needs the BOM"
    feedback = (tmp_path / "feedback" / "amy.md").read_text()
    assert "隐藏检查" in feedback and "Points, not fractions" not in feedback, "the hint was not in Chinese"


# -- The hostile class, for real (root) ---------------------------------------------------------------------

def sandbox_unavailable() -> str | None:
    if HOSTILE not in ("required", "run"):
        return ("the hostile class takes minutes: TRANSFERKIT_GRADING_TESTS=run (as root) grades it, as .ci/run does "
                "(=required)")
    if os.geteuid() != 0:
        return "the grading sandbox needs root (a Unix user per submission)"
    try:
        import psutil  # noqa: F401
    except ImportError:
        return "the grading command's packages are not installed: run `python3 course.py grade --help` once"
    return None


def sandbox_leftovers() -> list[str]:
    import psutil

    users = [entry.pw_name for entry in pwd.getpwall() if entry.pw_name.startswith(grade.USER_PREFIXES)]
    processes = [process.info["pid"] for process in psutil.process_iter(["username", "pid"])
                 if (process.info["username"] or "").startswith(grade.USER_PREFIXES)]
    return users + [f"process {pid}" for pid in processes]


def digest_tree(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


def test_a_folder_inside_a_hidden_one_is_hidden_with_it(monkeypatch):
    monkeypatch.setattr(grade, "HIDDEN", [Path("/root"), Path("/home")])
    monkeypatch.setattr(grade, "tool", lambda name: name)
    grade.hide([Path("/root/.cache"), ROOT / "exercises", Path("/srv")], keep=[Path("/srv/env/bin/python")])
    script = grade.namespace_script()
    assert "/root/.cache" not in script, "a folder under /root cannot be mounted on once /root is covered"
    assert f" {ROOT / 'exercises'}" in script or str(ROOT).startswith(("/root", "/home")), script
    assert " /srv " not in script + " ", "a folder holding the sandbox's Python was hidden"


def test_a_sandbox_sees_neither_the_course_nor_the_homes_and_has_no_network():
    reason = sandbox_unavailable()
    if reason:
        pytest.fail(reason) if REQUIRED else pytest.skip(reason)
    python = grade.sandbox_python()
    grade.hide([ROOT], keep=[python, grade.WORK])
    grade.check_tools()
    assert grade.NAMESPACES, "this machine refuses the sandbox's namespaces: the tests here expect them"
    grade.WORK.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(dir=grade.WORK, prefix="batch-"))
    os.chmod(base, 0o711)
    sandbox = grade.Sandbox(base, "run", isolated=True)
    try:
        probe = ("import json, os, socket\n"
                 "def listing(path):\n    try:\n        return os.listdir(path)\n    except OSError as error:\n"
                 "        return type(error).__name__\n"
                 "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=3)\n    network = 'reached'\n"
                 "except OSError as error:\n    network = type(error).__name__\n"
                 f"json.dump({{'course': listing({str(ROOT)!r}), 'root': listing('/root'), 'home': listing('/home'),"
                 "'uid': os.getuid(), 'network': network}, open('probe.json', 'w'))")
        assert sandbox.run(python, ["-c", probe], 60, 2**30) == ("ok", "")
        seen = json.loads((sandbox.folder / "probe.json").read_text())
        assert seen["course"] == [] and seen["root"] == [] and seen["home"] == [], seen
        assert seen["uid"] == sandbox.user.pw_uid != 0 and seen["network"] != "reached", seen
    finally:
        sandbox.close()
        shutil.rmtree(base, ignore_errors=True)
    assert not sandbox_leftovers()


def test_a_fork_bomb_is_gone_before_its_uid_goes_to_the_next_submission():
    """useradd gives the next user the uid just freed: a fork bomb still forking after its sandbox closed was once
    counted by the next submission's memory watchdog (a right answer then "used more than 2 GB")."""
    reason = sandbox_unavailable()
    if reason:
        pytest.fail(reason) if REQUIRED else pytest.skip(reason)
    python = grade.sandbox_python()
    grade.WORK.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(dir=grade.WORK, prefix="batch-"))
    os.chmod(base, 0o711)
    bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass"
    try:
        first = grade.Sandbox(base, "run", isolated=True)
        outcome, _ = first.run(python, ["-c", bomb], 5, 2**34)
        assert outcome in ("timed out", "failed"), outcome
        uid = first.user.pw_uid
        first.close()
        assert not sandbox_leftovers(), "the fork bomb outlived its sandbox"
        second = grade.Sandbox(base, "run", isolated=True)
        try:
            # a process of the uid's earlier holder still alive (400 MB): not the submission's, not charged to it
            survivor = subprocess.Popen([grade.tool("setpriv"), f"--reuid={second.user.pw_uid}", f"--regid={second.user.pw_gid}",
                                         "--clear-groups", "--", str(python), "-c",
                                         "import time\nballast = b'x' * (400 * 2**20)\ntime.sleep(120)"], cwd="/")
            time.sleep(3)
            peaks = []
            assert second.run(python, ["-c", "print('right answer')"], 60, 300 * 2**20, peaks) == ("ok", "")
            assert peaks[0]["peak"] < 2**28, f"it was charged for other processes: {peaks}"
            print(f"uid {uid} freed, next sandbox uid {second.user.pw_uid}")
        finally:
            second.close()
        assert survivor.wait(timeout=30) != 0  # closing the sandbox killed every process of its user
    finally:
        shutil.rmtree(base, ignore_errors=True)
    assert not sandbox_leftovers()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile class, graded by a batch killed with SIGKILL midway and then run again to the end."""
    reason = sandbox_unavailable()
    if reason:
        if REQUIRED:
            pytest.fail(f"the grading tests must run here (TRANSFERKIT_GRADING_TESTS=required) but cannot: {reason}")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("class")
    expected = hostile_class.hostile_class("04", folder)
    out = tmp_path_factory.mktemp("grades")
    sentinel = out / "the_teachers_notes.txt"
    sentinel.write_text("keep me")
    grade.load_assignment(ROOT / "exercises" / ASSIGNMENT)  # the autograder, made before the digest
    exercises_before = digest_tree(ROOT / "exercises")
    started = time.monotonic()
    batch = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "grade.py"), "04", str(folder), "--out",
                              str(out), "--time-limit", str(HOSTILE_TIME_LIMIT)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 900
    while len(list((out / ".cache").glob("*.json"))) < 3 and time.monotonic() < deadline and batch.poll() is None:
        time.sleep(0.5)
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    killed_midway = not (out / "grades.csv").exists() and bool(sandbox_leftovers())
    cached = len(list((out / ".cache").glob("*.json")))
    outcome = grade.grade_all("04", folder, out=out, time_limit=HOSTILE_TIME_LIMIT, quiet=True)
    print(f"\nThe hostile class ({len(expected)} students, {HOSTILE_TIME_LIMIT} s per submission) took "
          f"{time.monotonic() - started:.0f} s to grade, killed once midway ({cached} graded before)")
    table = {row["student"]: row for row in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}
    return {"folder": folder, "out": out, "table": table, "expected": expected, "outcome": outcome,
            "sentinel": sentinel, "exercises_before": exercises_before, "killed_midway": killed_midway,
            "cached_before": cached}


def test_every_hostile_submission_gets_the_right_score_or_zero_with_a_reason(hostile):
    table, full = hostile["table"], 3
    assert sorted(table) == sorted(hostile["expected"])
    wrong = []
    for student, (status, total) in hostile["expected"].items():
        row = table[student]
        statuses = status if isinstance(status, tuple) else (status,)
        got = float(row["total"])
        right_total = {"full": got == full, "partial": 0 < got < full,
                       "as wrong": got == float(table["wrong"]["total"])}.get(total, got == total)
        if row["status"] not in statuses or not right_total or (row["status"] != "graded" and not row["reason"]):
            wrong.append(f"{student}: {row['status']} {row['total']} ({row['reason'][:150]})")
    assert not wrong, "\n".join(wrong)


def test_the_hostile_class_changes_nothing_of_the_teachers_and_leaves_nothing_running(hostile):
    assert hostile["sentinel"].read_text() == "keep me"
    assert digest_tree(ROOT / "exercises") == hostile["exercises_before"], "the course's exercises changed"
    assert not sandbox_leftovers(), f"outlived the batch: {sandbox_leftovers()}"
    assert not list(grade.WORK.glob("batch-*")), "a sandbox's scratch folder is left"
    feedback = (hostile["out"] / "feedback" / "wrong.md").read_text()
    assert "Points, not fractions" in feedback, "the feedback lacks the failed check's hint"
    assert "duplicate" in hostile["table"]["duplicate"]["reason"] or "2 notebooks" in hostile["table"]["duplicate"]["reason"]


def test_grading_the_same_folder_again_writes_the_same_files_from_the_cache(hostile):
    before = (hostile["out"] / "grades.csv").read_bytes(), (hostile["out"] / "summary.md").read_bytes()
    outcome = grade.grade_all("04", hostile["folder"], out=hostile["out"], time_limit=HOSTILE_TIME_LIMIT, quiet=True)
    assert outcome["graded"] == 0, "a cached submission was graded again"
    assert ((hostile["out"] / "grades.csv").read_bytes(), (hostile["out"] / "summary.md").read_bytes()) == before


def test_a_batch_killed_with_sigkill_and_run_again_writes_the_csv_of_an_uninterrupted_one(hostile, tmp_path):
    assert hostile["killed_midway"], "the batch was not killed while a sandbox ran: nothing was tested"
    graded_again = hostile["outcome"]["graded"]
    assert 0 < graded_again < len(hostile["expected"]), "the run after the kill did not resume from what was kept"
    folder = tmp_path / "class"
    for student in ("right", "wrong", "empty"):
        shutil.copytree(hostile["folder"] / student, folder / student)
    grade.grade_all("04", folder, out=tmp_path / "grades", time_limit=HOSTILE_TIME_LIMIT, quiet=True)
    header, *rows = (hostile["out"] / "grades.csv").read_text().splitlines(keepends=True)
    resumed = header + "".join(row for row in rows if row.split(",")[0] in ("right", "wrong", "empty"))
    assert (tmp_path / "grades" / "grades.csv").read_text() == resumed
    assert not sandbox_leftovers(), f"outlived the batch: {sandbox_leftovers()}"
