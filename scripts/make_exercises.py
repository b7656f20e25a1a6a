"""Generate the student notebooks of every assignment from its master, with Otter Assign.

Each `exercises/NN_topic/master.ipynb` holds the questions, the solutions and the public and hidden
tests (Otter's notebook format). `otter assign` turns it into
- `exercises/NN_topic/student/`: `NN_topic.ipynb`, the questions with `...` in place of the
  solutions, and `tests/`, the public tests only; committed, and what learners open;
- `exercises/NN_topic/autograder/`: the solution notebook and the autograder zip (all tests, hidden
  ones included) that `otter grade` or `otter run` grade with; not committed (it holds the hidden tests);
- `exercises/NN_topic/solutions.ipynb`: the worked solutions for self-learners (committed): each
  question with its solution code and, under it, why (the hints of its public checks);
- `exercises/NN_topic/student-zh-CN/` and `solutions.zh-CN.ipynb`: the same in Simplified Chinese, from
  the master and its catalog `i18n/zh_CN/exercises/NN_topic.po` (prose and hints; the code and tests
  are the English ones), once the catalog is completely translated (`python3 course.py translate`).

Usage:
    python3 course.py exercises            # regenerate every student notebook and autograder
    python3 course.py exercises --check    # exit 1 if a committed student notebook is out of date
    python3 course.py exercises 04         # only the assignments whose folder starts with 04
"""

from __future__ import annotations

import ast
import difflib
import re
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


def otter_assign(master: Path, output: Path, name: str | None = None) -> tuple[Path, Path]:
    """Run `otter assign` (without running the tests: the test suite grades the solutions itself)."""
    otter = Path(sys.executable).with_name("otter")
    command = [str(otter if otter.exists() else "otter"), "assign", "--no-run-tests", str(master), str(output)]
    finished = subprocess.run(command, cwd=master.parent, capture_output=True, text=True)
    if finished.returncode != 0:
        raise SystemExit(f"otter assign failed for {master}:\n{finished.stdout}\n{finished.stderr}")
    name = name or master.parent.name
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


def grade(notebook: Path, autograder: Path) -> dict[str, tuple[float, float]]:
    """Grade `notebook` with the autograder zip in `autograder` (Otter's API, as `otter run` does):
    each question's (score, possible), hidden tests included."""
    from otter.api import grade_submission

    results = grade_submission(str(notebook), str(next(autograder.glob("*.zip"))), quiet=True)
    return {name: (result.score, result.possible) for name, result in results.results.items()}


def solution_and_prompt_lines(master: Path) -> tuple[set, set]:
    """The lines of the master's solutions (what students must not see) and of its prompts (what they see)."""
    secret, shown, inside_block = set(), set(), False
    for cell in nbformat.read(master, as_version=4).cells:
        if cell.cell_type == "raw":
            inside_block = {"# BEGIN SOLUTION": True, "# END SOLUTION": False}.get(cell.source.strip(), inside_block)
            continue
        if cell.cell_type != "code" or not inside_block:
            continue
        marked = any(marker in cell.source for marker in ("# SOLUTION", "BEGIN SOLUTION", "BEGIN PROMPT"))
        mode = "solution" if not marked else "shown"
        for line in (line.strip() for line in cell.source.splitlines()):
            if line in ("# BEGIN PROMPT", "# END PROMPT", "# END SOLUTION") or line.startswith("# BEGIN SOLUTION"):
                mode = "solution" if line.startswith("# BEGIN SOLUTION") else "prompt" if line == "# BEGIN PROMPT" else (
                    "solution" if not marked else "shown")
            elif line.endswith("# SOLUTION"):
                secret.add(line.removesuffix("# SOLUTION").strip())
            elif line:
                (secret if mode == "solution" else shown).add(line)
    return secret - shown, shown


SOLUTIONS_HEADER = """# {title} · worked solutions

The solutions of the assignment [{name}.ipynb](student/{name}.ipynb), for self-learners: try each question
first and run its check; come here when it passes (to compare) or when you are stuck (to learn). Under each
solution are the hints its checks give. Teachers who grade with these assignments: see
docs/instructors.md (this repository is public, so are these solutions)."""
MARKER_LINE = re.compile(r"^\s*# (BEGIN|END) (SOLUTION|PROMPT)( NO PROMPT)?\s*$")


def checked_names_of(text: str) -> set[str]:
    """The names a generated test file's checks read from the notebook: their functions' arguments.

    Example:
        >>> sorted(checked_names_of("def test_gain(gain_1, tk): assert gain_1"))
        ['gain_1', 'tk']
    """
    return {arg.arg for node in ast.walk(ast.parse(text)) if isinstance(node, ast.FunctionDef) for arg in node.args.args}


def public_hints(test_file: Path) -> list[str]:
    """The failure messages of a generated public test file, in order."""
    hints = []
    for node in ast.walk(ast.parse(test_file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.keyword) and node.arg == "failure_message" and isinstance(node.value, ast.Constant):
            hints.append(node.value.value)
    return hints


def solution_source(source: str) -> str:
    """A solution cell as a learner should read it: prompts and Otter's markers removed."""
    lines, in_prompt = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == "# BEGIN PROMPT":
            in_prompt = True
        elif stripped == "# END PROMPT":
            in_prompt = False
        elif not in_prompt and not MARKER_LINE.match(line):
            lines.append(re.sub(r"\s*# SOLUTION\s*$", "", line))
    return "\n".join(lines).strip("\n")


SOLUTIONS_HEADER_ZH = """# {title} · 解答

作业 [{name}.ipynb](student-zh-CN/{name}.ipynb) 的解答，供自学者使用：先自己尝试每一道题并运行它的检查；检查通过后来这里对照，\
或者认真尝试后仍然卡住时来这里学习。每个解答下面是它的检查给出的提示。用这些作业计分的教师：请看 docs/instructors.md\
（这个仓库是公开的，这些解答也是）。"""
# What Otter Assign writes into every student notebook, and its Chinese.
OTTER_CHINESE = {"To double-check your work, the cell below will rerun all of the autograder tests.":
                 "想再检查一遍吗？下面的单元格会重新运行全部自动评分检查。"}
CHINESE_STUDENT = "student-zh-CN"


def solutions_notebook(autograder: Path, student: Path, name: str, chinese: bool = False) -> nbformat.NotebookNode:
    """Build the worked-solutions notebook from Otter's solution notebook and the public tests' hints."""
    solved = nbformat.read(autograder / f"{name}.ipynb", as_version=4)
    title = solved.cells[1].source.splitlines()[0].lstrip("# ").split(" · ")[0]
    header = SOLUTIONS_HEADER_ZH if chinese else SOLUTIONS_HEADER
    cells = [nbformat.v4.new_markdown_cell(header.format(title=title, name=name))]
    for index, cell in enumerate(solved.cells[2:], start=2):
        check = re.fullmatch(r'grader\.check\("(q\d+)"\)', cell.source.strip())
        if check:
            hints = public_hints(student / "tests" / f"{check.group(1)}.py")
            if hints:
                prefix = "**检查给出的提示**：" if chinese else "**The checks' hints:** "
                cells.append(nbformat.v4.new_markdown_cell(prefix + (" " if not chinese else "").join(hints)))
        elif cell.cell_type == "code" and "grader.check_all()" not in cell.source:
            cells.append(nbformat.v4.new_code_cell(solution_source(cell.source)))
        elif cell.cell_type == "markdown" and "double-check your work" not in cell.source \
                and "](../solutions" not in cell.source:
            cells.append(nbformat.v4.new_markdown_cell(cell.source))
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=solved.metadata)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:02d}"
    return notebook


def chinese_assignment(master: Path, output: Path) -> tuple[Path, nbformat.NotebookNode] | None:
    """The Chinese student folder and worked solutions, from the master and its complete catalog.

    The Chinese master is the English one with its markdown and its checks' hints taken from
    i18n/zh_CN/exercises/ (scripts/i18n.py); the code, the questions' solutions and the tests are the
    same, so the English autograder grades a Chinese submission. Returns None while the catalog is
    incomplete (no half-Chinese assignment is ever written).
    """
    import i18n
    import polib

    name = master.parent.name
    if not i18n.exercise_catalog_complete(name):
        return None
    catalog = polib.pofile(str(i18n.catalog_path(master)), wrapwidth=0)
    folder = output / "master"
    folder.mkdir(parents=True)
    nbformat.write(i18n.build_notebook(nbformat.read(master, as_version=4), catalog), folder / "master.ipynb")
    student, autograder = otter_assign(folder / "master.ipynb", output / "dist", name=name)
    notebook = nbformat.read(student / f"{name}.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for english, chinese in OTTER_CHINESE.items():
                cell.source = cell.source.replace(english, chinese)
    nbformat.write(notebook, student / f"{name}.ipynb")
    return student, solutions_notebook(autograder, student, name, chinese=True)


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
            solutions = solutions_notebook(autograder, student, folder.name)
            committed, fresh = student_files(folder / "student"), student_files(student)
            committed_solutions = (folder / "solutions.ipynb").read_text(encoding="utf-8") \
                if (folder / "solutions.ipynb").exists() else ""
            if committed_solutions != nbformat.writes(solutions) + "\n":
                stale.append(str((folder / "solutions.ipynb").relative_to(ROOT)))
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
                nbformat.write(solutions, folder / "solutions.ipynb")
            stale += chinese_out_of_date(master, Path(temporary) / "zh-CN", write)
    return stale


def chinese_out_of_date(master: Path, output: Path, write: bool) -> list[str]:
    """Regenerate the Chinese student folder and solutions (if the catalog is complete); return what differed."""
    folder, stale = master.parent, []
    chinese = chinese_assignment(master, output)
    student_target, solutions_target = folder / CHINESE_STUDENT, folder / "solutions.zh-CN.ipynb"
    if chinese is None:  # no complete catalog: no Chinese assignment
        for path in (student_target, solutions_target):
            if path.exists():
                stale.append(str(path.relative_to(ROOT)))
                if write:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
        return stale
    student, solutions = chinese
    if student_files(student_target) != student_files(student):
        stale.append(str(student_target.relative_to(ROOT)))
    solutions_text = nbformat.writes(solutions) + "\n"
    if not solutions_target.exists() or solutions_target.read_text(encoding="utf-8") != solutions_text:
        stale.append(str(solutions_target.relative_to(ROOT)))
    if write:
        shutil.rmtree(student_target, ignore_errors=True)
        shutil.copytree(student, student_target)
        solutions_target.write_text(solutions_text, encoding="utf-8")
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
