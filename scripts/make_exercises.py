"""Generate the student notebooks of every assignment from its master, with Otter Assign.

Each `exercises/NN_topic/master.ipynb` holds the questions, the solutions and the public and hidden
tests (Otter's notebook format). `otter assign` turns it into
- `exercises/NN_topic/student/`: `NN_topic.ipynb`, the questions with `...` in place of the
  solutions, and `tests/`, the public tests only; committed, and what learners open;
- `exercises/NN_topic/autograder/`: the solution notebook and the autograder zip (all tests, hidden
  ones included) that `otter grade` or `otter run` grade with; not committed (it holds the solutions).

Usage:
    python3 course.py exercises            # regenerate every student notebook and autograder
    python3 course.py exercises --check    # exit 1 if a committed student notebook is out of date
    python3 course.py exercises 04         # only the assignments whose folder starts with 04
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"


def masters(prefix: str = "") -> list[Path]:
    return sorted(path for path in EXERCISES.glob("[0-9][0-9]_*/master.ipynb") if path.parent.name.startswith(prefix))


def otter_assign(master: Path, output: Path) -> tuple[Path, Path]:
    """Run `otter assign` (without running the tests: the test suite grades the solutions itself)."""
    otter = Path(sys.executable).with_name("otter")
    command = [str(otter if otter.exists() else "otter"), "assign", "--no-run-tests", str(master), str(output)]
    finished = subprocess.run(command, cwd=master.parent, capture_output=True, text=True)
    if finished.returncode != 0:
        raise SystemExit(f"otter assign failed for {master.relative_to(ROOT)}:\n{finished.stdout}\n{finished.stderr}")
    name = master.parent.name
    student, autograder = output / "student", output / "autograder"
    (student / "master.ipynb").rename(student / f"{name}.ipynb")
    (autograder / "master.ipynb").rename(autograder / f"{name}.ipynb")
    notebook = nbformat.read(student / f"{name}.ipynb", as_version=4)
    for index, cell in enumerate(notebook.cells):  # Otter draws random ids for the cells it adds
        cell.id = f"cell-{index:02d}"
    # The student notebook is named after its folder; Otter's grader must look for that name.
    notebook.cells[0].source = notebook.cells[0].source.replace('"master.ipynb"', f'"{name}.ipynb"')
    nbformat.write(notebook, student / f"{name}.ipynb")
    return student, autograder


def student_files(folder: Path) -> dict[str, str]:
    """The generated student files (notebook and public tests) under `folder`, by relative path."""
    return {str(path.relative_to(folder)): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*")) if path.is_file() and path.suffix in (".ipynb", ".py")}


def out_of_date(write: bool, prefix: str = "") -> list[str]:
    """Regenerate the assignments; return the student folders that differ from the committed ones."""
    stale = []
    for master in masters(prefix):
        folder = master.parent
        with tempfile.TemporaryDirectory() as temporary:
            student, autograder = otter_assign(master, Path(temporary) / "dist")
            committed, fresh = student_files(folder / "student"), student_files(student)
            if committed != fresh:
                stale.append(str((folder / "student").relative_to(ROOT)))
                for name in sorted(set(committed) | set(fresh)):
                    if not write and committed.get(name) != fresh.get(name):
                        sys.stdout.writelines(difflib.unified_diff(
                            committed.get(name, "").splitlines(True), fresh.get(name, "").splitlines(True),
                            f"committed/{name}", f"regenerated/{name}", n=1))
            if write:
                for generated, target in ((student, folder / "student"), (autograder, folder / "autograder")):
                    shutil.rmtree(target, ignore_errors=True)
                    shutil.copytree(generated, target)
    return stale


def main(argv: list[str]) -> int:
    check = "--check" in argv
    prefixes = [arg for arg in argv if not arg.startswith("--")]
    stale = out_of_date(write=not check, prefix=prefixes[0] if prefixes else "")
    if check and stale:
        print("\nOut of date (regenerate with `python3 course.py exercises`):\n  " + "\n  ".join(stale))
        return 1
    print(f"{len(masters(prefixes[0] if prefixes else ''))} assignments " + ("up to date" if check else "generated"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
