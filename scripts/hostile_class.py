"""Make a class's submissions of an assignment from its master: right, wrong and half-done, and hostile ones.

tests/test_grading.py grades the hostile class of assignment 04 with `course.py grade` and checks what each
submission got; the grading benchmark (`course.py bench --grading`) grades a realistic class of 60.

    python3 scripts/hostile_class.py 04 /tmp/class            # the hostile class, a folder per student
    python3 scripts/hostile_class.py 04 /tmp/class --realistic 60

Each student is a folder holding their notebook (as GitHub Classroom clones give them). What each is, and what
it must get, is in EXPECTED (the hostile class) or `expected_total` (the realistic one).

Example:
    >>> sorted(EXPECTED)[:3]
    ['deletes_files', 'duplicate', 'empty']
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

# student -> (status, total): what `course.py grade` must give each hostile submission. The total is a number,
# "full", "partial" (more than 0, less than full), or "as wrong": what the student `wrong`, whose answers it
# holds, gets without any hostile code (its wrong model still has the right output shape: part of a point).
EXPECTED = {
    "right": ("graded", "full"),
    "wrong": ("graded", "partial"),
    "half_done": ("graded", "partial"),
    "empty": ("not a notebook", 0),
    "invalid_json": ("not a notebook", 0),
    "not_a_notebook": ("not a notebook", 0),
    "other_assignment": ("wrong assignment", 0),
    "endless_loop": ("timed out", 0),
    "memory_bomb": ("failed to run", 0),
    "fork_bomb": (("timed out", "failed to run"), 0),
    "prints_megabytes": ("graded", "full"),
    "reads_the_master_and_hidden_tests": ("graded", 0),
    "fakes_results_and_otter": ("graded", "as wrong"),
    "rebinds_the_checks": ("graded", "as wrong"),
    "deletes_files": ("graded", "full"),
    "duplicate": ("graded", "full"),
}


def folder_of(number: str) -> Path:
    return next((ROOT / "exercises").glob(f"{number}_*"))


def answers_of(name: str) -> tuple[dict, dict, dict]:
    """Right (the worked solutions), wrong and half-done answers of each question."""
    import importlib.util

    import mutants

    def module(file: str):
        spec = importlib.util.spec_from_file_location(file, folder_of(name[:2]) / f"{file}.py")
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        return loaded

    wrong = module("wrong_answers")
    return mutants.solutions(name), wrong.WRONG_ANSWERS, getattr(wrong, "INCOMPLETE_ANSWERS", {})


def filled(name: str, answers: dict[str, str | None], extra: str = "", where: str = "start"):
    """The student notebook with `answers` in the answer cells (None leaves the prompt) and `extra` code: after
    Otter's first cell (`where="first"`), after the imports ("start") or at the end ("end")."""
    notebook = nbformat.read(folder_of(name[:2]) / "student" / f"{name}.ipynb", as_version=4)
    for index, cell in enumerate(notebook.cells):
        match = re.fullmatch(r'grader\.check\("(q\d+)"\)', cell.source.strip())
        if match and answers.get(match.group(1)) is not None:
            notebook.cells[index - 1].source = answers[match.group(1)]
    if extra:
        first_code = next(index for index, cell in enumerate(notebook.cells)
                          if cell.cell_type == "code" and "import transferkit" in cell.source)
        position = {"first": 1, "start": first_code + 1}.get(where, len(notebook.cells))
        notebook.cells.insert(position, nbformat.v4.new_code_cell(extra))
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:02d}"
    return notebook


def hostile_cells(master: Path) -> dict[str, str]:
    """The hostile code of each hostile submission (paths of this machine's course folder included)."""
    exercises = master.parent.parent
    return {
        "endless_loop": "while True:\n    pass",
        "memory_bomb": "hog = []\nwhile True:\n    hog.append(b'x' * (64 * 2**20))",
        "fork_bomb": "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass",
        "prints_megabytes": "for _ in range(8):\n    print('x' * 1_000_000)",
        "reads_the_master_and_hidden_tests": f"""import glob, json, zipfile
stolen = []
for path in glob.glob({str(exercises)!r} + '/*/master.ipynb') + [{str(master)!r}]:
    try:
        cells = json.load(open(path))['cells']
        stolen += [''.join(cell['source']) for cell in cells if cell['cell_type'] == 'code']
    except OSError as error:
        print('could not read the master:', type(error).__name__)
for path in glob.glob({str(exercises)!r} + '/*/autograder/*.zip') + glob.glob('/var/tmp/transferkit-grade/*/*/tests/*.py'):
    try:
        stolen.append(open(path, 'rb').read().decode(errors='replace'))
    except OSError as error:
        print('could not read the hidden tests:', type(error).__name__)
for code in stolen:
    for line in code.splitlines():
        if '= ...' not in line and not line.startswith(('#', 'grader')):
            try:
                exec(line)
            except Exception:
                pass""",
        "fakes_results_and_otter": """import json, os, otter
fake = {'q1': {'score': 1, 'possible': 1, 'failed': []}, 'q2': {'score': 1, 'possible': 1, 'failed': []},
        'q3': {'score': 1, 'possible': 1, 'failed': []}}
for path in ['results.json', 'result.json', '../result.json', 'answers/kernel_results.json', 'report.json']:
    try:
        os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
        json.dump(fake, open(path, 'w'))
    except OSError:
        pass
grader.check = lambda *args, **kwargs: True
otter.Notebook.check = lambda *args, **kwargs: True
import otter.test_files.exception_test as exception_test
exception_test.ExceptionTestFile.run = lambda self, env: None
type(exception_test.ExceptionTestFile).score = property(lambda self: 1)""",
        "rebinds_the_checks": """import numpy, transferkit
tk.checks.matches = lambda *args, **kwargs: True
transferkit.checks.matches = lambda *args, **kwargs: True
numpy.isclose = np.isclose = lambda *args, **kwargs: True
numpy.allclose = np.allclose = lambda *args, **kwargs: True
import builtins
builtins.AssertionError = type('Never', (Exception,), {})""",
        "deletes_files": f"""import glob, os, shutil
for pattern in [{str(exercises)!r}, {str(master.parent)!r} + '/*', '/var/tmp/transferkit-grade/*', '/tmp/*',
                {str(ROOT / 'grades')!r}, os.path.expanduser('~root')]:
    for path in glob.glob(pattern):
        shutil.rmtree(path, ignore_errors=True)
        try:
            os.remove(path)
        except OSError:
            pass""",
    }


def write(notebook, path: Path, mtime: float | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def hostile_class(number: str, target: Path) -> dict[str, tuple]:
    """Write the hostile class of assignment `number` into `target` (a folder per student); return EXPECTED."""
    folder = folder_of(number)
    name = folder.name
    right, wrong, incomplete = answers_of(name)
    questions = sorted(right)
    half = {question: (right[question] if index < len(questions) // 2 else incomplete.get(question))
            for index, question in enumerate(questions)}
    notebook_name = f"{name}.ipynb"
    write(filled(name, right), target / "right" / notebook_name)
    write(filled(name, wrong), target / "wrong" / notebook_name)
    write(filled(name, half), target / "half_done" / notebook_name)
    write(nbformat.v4.new_notebook(), target / "empty" / notebook_name)
    (target / "invalid_json").mkdir(parents=True)
    (target / "invalid_json" / notebook_name).write_text('{"cells": [ {"cell_type": "code", "source": "model = ')
    (target / "not_a_notebook").mkdir(parents=True)
    (target / "not_a_notebook" / "my_answers.txt").write_text("q1: freeze the base, q2: 20 points\n")
    other = next(path for path in sorted((ROOT / "exercises").glob("[0-9][0-9]_*")) if path.name != name)
    write(nbformat.read(other / "student" / f"{other.name}.ipynb", as_version=4),
          target / "other_assignment" / f"{other.name}.ipynb")
    cells = hostile_cells(folder / "master.ipynb")
    for student in ("endless_loop", "memory_bomb", "fork_bomb"):  # first, before TensorFlow is imported
        write(filled(name, right, cells[student], where="first"), target / student / notebook_name)
    write(filled(name, right, cells["deletes_files"]), target / "deletes_files" / notebook_name)
    write(filled(name, right, cells["prints_megabytes"], where="end"), target / "prints_megabytes" / notebook_name)
    write(filled(name, {}, cells["reads_the_master_and_hidden_tests"]),
          target / "reads_the_master_and_hidden_tests" / notebook_name)
    write(filled(name, wrong, cells["fakes_results_and_otter"], where="end"),
          target / "fakes_results_and_otter" / notebook_name)
    write(filled(name, wrong, cells["rebinds_the_checks"], where="end"), target / "rebinds_the_checks" / notebook_name)
    write(filled(name, wrong), target / "duplicate" / "first_try.ipynb", mtime=1_700_000_000)
    write(filled(name, right), target / "duplicate" / notebook_name, mtime=1_700_100_000)
    return EXPECTED


def realistic_class(number: str, target: Path, size: int = 60) -> dict[str, str]:
    """`size` students: right, wrong and half-done answers in turn (a third each); return student -> kind."""
    name = folder_of(number).name
    right, wrong, incomplete = answers_of(name)
    questions = sorted(right)
    kinds = {}
    for index in range(size):
        kind = ("right", "wrong", "half_done")[index % 3]
        answers = right if kind == "right" else wrong if kind == "wrong" else {
            question: (right[question] if position < len(questions) // 2 else incomplete.get(question))
            for position, question in enumerate(questions)}
        student = f"student_{index + 1:02d}"
        notebook = filled(name, answers)  # each student's own: a note of theirs, as real notebooks differ
        notebook.cells.append(nbformat.v4.new_code_cell(f"# {student}'s notebook\nnote = {index}"))
        notebook.cells[-1].id = f"cell-{len(notebook.cells) - 1:02d}"
        write(notebook, target / student / f"{name}.ipynb")
        kinds[student] = kind
    return kinds


def main(argv: list[str]) -> int:
    number, target = argv[0], Path(argv[1])
    if "--realistic" in argv:
        kinds = realistic_class(number, target, int(argv[argv.index("--realistic") + 1]))
        print(json.dumps(kinds, indent=1))
    else:
        hostile_class(number, target)
        print(f"{len(EXPECTED)} students in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
