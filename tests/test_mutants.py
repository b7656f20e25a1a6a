"""Mutation testing of every public check: each wrong answer derived from a solution is rejected, with a hint.

scripts/mutants.py makes the mutants (every statement a learner writes: removed, its constants changed, its
strings swapped, its keywords and layers dropped) and runs them, with each question's right variants, in the
student notebook's kernel. Here:
- every mutant is rejected by its question's `grader.check` and the learner sees a hint, unless the
  assignment's right_answers.py lists it in EQUIVALENT with its reason (and then the check must pass it);
- every right variant passes, at least two per question, each different in its syntax tree;
- a question with fewer than 5 mutants says why (FEW_MUTANTS);
- the mutation score table in docs/instructors.md is the one measured.

The learner's test command runs assignment 02 (TRANSFERKIT_MUTANT_ASSIGNMENTS, default "02"); `.ci/run` runs
all of them ("all"), two at a time, and prints the time it took.
"""

import ast
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import make_exercises  # noqa: E402
import mutants  # noqa: E402

ALL = [master.parent.name for master in make_exercises.masters()]
SUMMARY: list[str] = []  # printed at the end of the run by conftest.py


def selected_assignments(variable: str = "TRANSFERKIT_MUTANT_ASSIGNMENTS", default: str = "02") -> list[str]:
    """The assignments an environment variable chooses ("01,12" or "all"); a number that names none is an error.

    Example:
        >>> selected_assignments("TRANSFERKIT_NO_SUCH_VARIABLE", "01")
        ['01_what_is_transfer_learning']
    """
    wanted = os.environ.get(variable, default).strip()
    if wanted == "all":
        return ALL
    numbers = [part.strip() for part in wanted.split(",") if part.strip()]
    chosen = [name for name in ALL if name[:2] in numbers]
    if not numbers or len(chosen) != len(set(numbers)):
        raise ValueError(f"{variable} names no assignment. Received: {wanted!r}. Expected \"all\" or assignment "
                         f"numbers separated by commas, from {ALL[0][:2]} to {ALL[-1][:2]}, e.g. {variable}=01,12.")
    return chosen


SELECTED = selected_assignments()


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    started = time.time()
    folders = {name: tmp_path_factory.mktemp(name) / name for name in SELECTED}
    with ThreadPoolExecutor(max_workers=2) as pool:  # each thread waits on a kernel of its own
        results = dict(zip(SELECTED, pool.map(lambda name: mutants.run_assignment(name, folders[name]), SELECTED)))
    SUMMARY.append(f"mutation testing of the public checks: {len(SELECTED)} assignment(s), "
                   f"{sum(len(v) for v in results.values())} answers run in {time.time() - started:.0f} s")
    SUMMARY.append(mutants.score_table(results))
    return results


def mutant_problems(name: str, results: list) -> list[str]:
    """What is wrong with the public checks of one assignment, as sentences (empty when all is well)."""
    answers = mutants.right_answers(name)
    equivalent = getattr(answers, "EQUIVALENT", {})
    problems = []
    for verdict in results:
        if verdict.kind != "mutant":
            continue
        listed = verdict.description in equivalent.get(verdict.question, {})
        if listed and not verdict.passed:
            problems.append(f"{verdict.question}: listed as equivalent but rejected by the check: {verdict.description}")
        elif not listed and verdict.passed:
            problems.append(f"{verdict.question}: the public check passes this wrong answer: {verdict.description}")
        elif not listed and not verdict.hinted:
            problems.append(f"{verdict.question}: rejected without a hint: {verdict.description}\n{verdict.output[-600:]}")
    generated = {(v.question, v.description) for v in results if v.kind == "mutant"}
    problems += [f"{question}: EQUIVALENT names a mutant that is not generated: {description}"
                 for question, entries in equivalent.items() for description in entries
                 if (question, description) not in generated]
    return problems


@pytest.mark.parametrize("name", SELECTED)
def test_every_mutant_is_rejected_with_a_hint(name, verdicts):
    problems = mutant_problems(name, verdicts[name])
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_the_mutation_check_can_fail():
    passed = mutants.Verdict("q1", "`5` -> `6` in `x = 5`", "mutant", passed=True, hinted=False)
    silent = mutants.Verdict("q1", "remove `x = 5`", "mutant", passed=False, hinted=False)
    problems = mutant_problems("01_what_is_transfer_learning", [passed, silent])
    assert any("passes this wrong answer" in p for p in problems)
    assert any("without a hint" in p for p in problems)


@pytest.mark.parametrize("name", SELECTED)
def test_right_variants_pass(name, verdicts):
    rejected = [f"{v.question} {v.description}:\n{v.output[-600:]}" for v in verdicts[name]
                if v.kind == "right" and not v.passed]
    assert not rejected, f"{name}: right answers that a public check rejects:\n" + "\n".join(rejected)


@pytest.mark.parametrize("name", ALL)
def test_every_question_has_two_right_variants_that_differ_in_their_syntax_tree(name):
    solved = mutants.solutions(name)
    rights = mutants.right_answers(name).RIGHT_ANSWERS
    for question, solution in solved.items():
        variants = rights.get(question, [])
        assert len(variants) >= 2, f"{name} {question}: write at least two right variants in right_answers.py"
        trees = [ast.dump(ast.parse(code)) for code in [solution, *variants]]
        assert len(set(trees)) == len(trees), f"{name} {question}: a right variant is the solution or another variant"


@pytest.mark.parametrize("name", ALL)
def test_a_question_with_few_mutants_says_why(name):
    master = make_exercises.EXERCISES / name / "master.ipynb"
    secret, strings = mutants.secret_lines(master), mutants.notebook_strings(master)
    few = getattr(mutants.right_answers(name), "FEW_MUTANTS", {})
    for question, solution in mutants.solutions(name).items():
        count = len(mutants.mutants(question, solution, secret, strings))
        if count < 5:
            assert few.get(question), f"{name} {question}: {count} mutants; say why in FEW_MUTANTS of right_answers.py"


def test_the_documented_scores_are_the_measured_ones(verdicts):
    table = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
    measured = mutants.score_table(verdicts).splitlines()[2:]
    missing = [row for row in measured if row not in table]
    assert not missing, ("docs/instructors.md's mutation score table differs from this run "
                         f"(`python3 scripts/mutants.py --write` rewrites it): {missing}")
