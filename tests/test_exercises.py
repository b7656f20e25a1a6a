"""The assignments in exercises/: generated from their masters, solutions pass, wrong answers fail.

Grading uses Otter-Grader's own API (`otter.api.grade_submission`), as a teacher's `otter grade`
or a student's `grader.check` would; the unanswered student notebooks themselves are run by nbval
(pyproject's testpaths include exercises/*/student).
"""

import importlib.util
import json
import sys
from pathlib import Path

import nbformat
import pytest

import transferkit as tk

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import make_exercises  # noqa: E402

ASSIGNMENTS = [master.parent.name for master in make_exercises.masters()]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Run Otter Assign once per assignment into a temporary folder."""
    return {name: make_exercises.otter_assign(make_exercises.EXERCISES / name / "master.ipynb",
                                              tmp_path_factory.mktemp(name) / "dist")
            for name in ASSIGNMENTS}


def grade(notebook: Path, autograder: Path) -> dict:
    from otter.api import grade_submission

    results = grade_submission(str(notebook), str(next(autograder.glob("*.zip"))), quiet=True)
    return {name: (result.score, result.possible) for name, result in results.results.items()}


def test_every_chapter_from_01_to_11_has_an_assignment():
    expected = [f"{chapter.number}_{chapter.slug}" for chapter in tk.course.CHAPTERS if "01" <= chapter.number <= "11"]
    missing = sorted(set(expected) - set(ASSIGNMENTS))
    assert not missing, f"chapters without an assignment: {missing}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_student_folder_is_generated_from_the_master(name, generated):
    student, _ = generated[name]
    committed = make_exercises.EXERCISES / name / "student"
    assert make_exercises.student_files(committed) == make_exercises.student_files(student), (
        f"{committed.relative_to(ROOT)} is out of date: run `python3 course.py exercises`")


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


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_folder_hides_solutions_and_hidden_tests(name, generated):
    student, autograder = generated[name]
    notebook = (student / f"{name}.ipynb").read_text(encoding="utf-8")
    assert "# SOLUTION" not in notebook and "BEGIN SOLUTION" not in notebook
    student_lines = {line.strip() for cell in nbformat.reads(notebook, as_version=4).cells
                     for line in cell.source.splitlines() if cell.cell_type == "code"}
    secret, _ = solution_and_prompt_lines(make_exercises.EXERCISES / name / "master.ipynb")
    leaked = sorted(line for line in secret & student_lines if len(line) > 8)
    assert not leaked, f"solution lines in the student notebook: {leaked[:5]}"
    public = {path.stem: path.read_text(encoding="utf-8") for path in (student / "tests").glob("q*.py")}
    assert 3 <= len(public) <= 6, "each assignment has 3 to 6 questions"
    assert all("'hidden': True" not in text for text in public.values())


def wrong_answers(name: str) -> dict:
    spec = importlib.util.spec_from_file_location(f"wrong_{name}", make_exercises.EXERCISES / name / "wrong_answers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG_ANSWERS


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solutions_pass_every_test_and_typical_wrong_answers_fail(name, generated, tmp_path):
    _, autograder = generated[name]
    solved = autograder / f"{name}.ipynb"
    scores = grade(solved, autograder)
    assert all(score == possible for score, possible in scores.values()), f"the solutions fail: {scores}"

    # Put a typical wrong answer in place of every solution; every question must lose points.
    wrong = wrong_answers(name)
    assert sorted(wrong) == sorted(scores), "write one typical wrong answer for every question"
    notebook = nbformat.read(solved, as_version=4)
    for index, cell in enumerate(notebook.cells):
        for question, code in wrong.items():
            following = notebook.cells[index + 1].source if index + 1 < len(notebook.cells) else ""
            if cell.cell_type == "code" and following.strip() == f'grader.check("{question}")':
                cell.source = code
    mistaken = tmp_path / f"{name}.ipynb"
    nbformat.write(notebook, mistaken)
    wrong_scores = grade(mistaken, autograder)
    passing = [question for question, (score, possible) in wrong_scores.items() if score >= possible]
    assert not passing, f"these questions accept a typical wrong answer: {passing}"
