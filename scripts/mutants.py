"""Mutation testing of the assignments' public checks: wrong answers derived mechanically from the solutions.

A public check that says "passed" to a wrong answer teaches the wrong thing to a self-learner, who never runs
the hidden tests. So every statement a learner must write (the master's lines between `BEGIN SOLUTION` and
`END SOLUTION` and its `# SOLUTION` lines, less what the prompt already shows) is mutated, one edit at a time:

- each statement removed (replaced by `pass`);
- each numeric constant changed (an integer n becomes n + 1, a float x becomes 10 x, a bool its opposite);
- each string literal replaced by each other string the notebook's code uses (an activation name, a layer
  name, a strategy...) and by `None`;
- each keyword argument dropped (except those in IGNORED_KEYWORDS, which cannot change an answer);
- each layer removed: `Layer(...)(x)` becomes `x`, and each element of a `Sequential([...])` list goes.

Every mutant runs in the student notebook's kernel, after the notebook's earlier cells (with the earlier
questions solved), and must be rejected by its question's `grader.check` with a hint, unless the
assignment's `right_answers.py` lists it in EQUIVALENT with a one-line reason. The same file holds at least
two right variants per question (RIGHT_ANSWERS), each different in its syntax tree from the solution and
from each other, which must pass, and says why a question has fewer than 5 mutants (FEW_MUTANTS). tests/test_mutants.py runs it; `python3 scripts/mutants.py [NN ...]`
prints the table that docs/instructors.md shows.
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import json
import os
import queue
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import make_exercises  # noqa: E402

# Keyword arguments that cannot change an answer: dropping them is not a mutant.
IGNORED_KEYWORDS = {"verbose"}
# Compound statements: their header is mutated, their body statement by statement.
COMPOUND = (ast.FunctionDef, ast.For, ast.With, ast.If, ast.While, ast.Try)


@dataclass
class Mutant:
    question: str
    description: str
    source: str


@dataclass
class Verdict:
    question: str
    description: str
    kind: str  # "mutant" or "right"
    passed: bool  # the check printed "All test cases passed"
    hinted: bool  # a failing check printed a hint
    output: str = field(repr=False, default="")


# -- Reading the master ---------------------------------------------------------------------------------

def secret_lines(master: Path) -> set[str]:
    """The stripped lines of the master's solutions that its prompts do not show (what a learner writes)."""
    return make_exercises.solution_and_prompt_lines(master)[0]


def notebook_strings(master: Path) -> list[str]:
    """Every string literal of the master's code outside its tests (docstrings and the Otter config excluded)."""
    strings, in_tests = set(), False
    for cell in nbformat.read(master, as_version=4).cells:
        if cell.cell_type == "raw":
            in_tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(cell.source.strip(), in_tests)
            continue
        if cell.cell_type != "code" or in_tests:
            continue
        code = "\n".join(make_exercises.solution_source(cell.source).splitlines())
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
    return sorted(strings)


def solutions(name: str) -> dict[str, str]:
    """Each question's solution code, as the worked-solutions notebook shows it (the cell before its hints)."""
    folder = make_exercises.EXERCISES / name
    worked = nbformat.read(folder / "solutions.ipynb", as_version=4)
    hinted = [index for index, cell in enumerate(worked.cells) if cell.source.startswith("**The checks' hints:**")]
    student = nbformat.read(folder / "student" / f"{name}.ipynb", as_version=4)
    questions = [match.group(1) for cell in student.cells
                 for match in [re.fullmatch(r'grader\.check\("(q\d+)"\)', cell.source.strip())] if match]
    if len(hinted) != len(questions):
        raise ValueError(f"{name}: {len(questions)} questions but {len(hinted)} solutions with hints in solutions.ipynb. "
                         "Regenerate it with `python3 course.py exercises`.")
    return {question: worked.cells[index - 1].source for question, index in zip(questions, hinted)}


# -- Making the mutants ---------------------------------------------------------------------------------

def _line_texts(code: str, node: ast.AST) -> set[str]:
    lines = code.splitlines()
    end = getattr(node, "end_lineno", node.lineno)
    if isinstance(node, COMPOUND):  # only the header belongs to a compound statement
        end = node.body[0].lineno - 1
    return {lines[index].strip() for index in range(node.lineno - 1, max(end, node.lineno))}


def _header_nodes(statement: ast.stmt) -> list[ast.AST]:
    """The expressions of a statement that a mutation may touch (a compound statement's header only)."""
    if isinstance(statement, ast.For):
        return [statement.target, statement.iter]
    if isinstance(statement, ast.With):
        return list(statement.items)
    if isinstance(statement, (ast.If, ast.While)):
        return [statement.test]
    if isinstance(statement, COMPOUND):
        return []
    return [statement]


def _short(node: ast.AST, width: int = 70) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= width else text[:width - 3] + "..."


def _statement_text(statement: ast.stmt) -> str:
    """A statement on one line (a compound statement: its header)."""
    text = ast.unparse(statement)
    return text.splitlines()[0] if isinstance(statement, COMPOUND) else " ".join(text.split())


def mutants(question: str, code: str, secret: set[str], strings: list[str]) -> list[Mutant]:
    """Every single-edit mutant of the statements of `code` that hold a secret line, deduplicated.

    A mutant's description names the edit and the statement as the mutant has it (the one EQUIVALENT lists)."""
    tree = ast.parse(code)
    original = ast.unparse(tree)
    found: dict[str, Mutant] = {}

    def emit(kind: str, mutated: tuple[ast.Module, ast.stmt]) -> None:
        module, statement = mutated
        source = ast.unparse(ast.fix_missing_locations(module))
        if source != original and source not in found:
            found[source] = Mutant(question, f"{kind}: `{_statement_text(statement)}`", source)

    statements = [node for node in ast.walk(tree) if isinstance(node, ast.stmt)]
    for index, statement in enumerate(statements):
        if not _line_texts(code, statement) & secret:
            continue

        def edited(edit):
            """A copy of the tree with `edit` applied to the copy of this statement; (tree, statement)."""
            copied = copy.deepcopy(tree)
            target = [node for node in ast.walk(copied) if isinstance(node, ast.stmt)][index]
            edit(target)
            return copied, target

        def remove(target):
            target.__class__ = ast.Pass
            for name in list(target._fields):
                if hasattr(target, name):
                    delattr(target, name)

        emit("remove", (edited(remove)[0], statement))
        for region_index, region in enumerate(_header_nodes(statement)):
            for position, node in enumerate(ast.walk(region)):
                def at(target, position=position, region_index=region_index):
                    return list(ast.walk(_header_nodes(target)[region_index]))[position]

                if isinstance(node, ast.Constant) and isinstance(node.value, bool):
                    emit(f"{node.value} -> {not node.value}",
                         edited(lambda t, at=at: setattr(at(t), "value", not at(t).value)))
                elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
                    new = node.value + 1 if isinstance(node.value, int) else (node.value * 10 if node.value else 1.0)
                    emit(f"{node.value!r} -> {new!r}", edited(lambda t, at=at, new=new: setattr(at(t), "value", new)))
                elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                    for other in [*(s for s in strings if s != node.value), None]:
                        emit(f"{node.value!r} -> {other!r}",
                             edited(lambda t, at=at, other=other: setattr(at(t), "value", other)))
                elif isinstance(node, ast.Call):
                    for keyword_index, keyword in enumerate(node.keywords):
                        if keyword.arg is None or keyword.arg in IGNORED_KEYWORDS:
                            continue
                        emit(f"drop {keyword.arg}=", edited(lambda t, at=at, k=keyword_index: at(t).keywords.pop(k)))
                    if isinstance(node.func, ast.Call) and len(node.args) == 1 and not node.keywords:
                        def unwrap(t, at=at):  # Layer(...)(x) -> x
                            call = at(t)
                            inner = call.args[0]
                            call.__class__ = inner.__class__
                            for name in list(call._fields):
                                if hasattr(call, name):
                                    delattr(call, name)
                            for name in inner._fields:
                                if hasattr(inner, name):
                                    setattr(call, name, getattr(inner, name))
                        emit(f"remove the layer {_short(node.func, 40)}", edited(unwrap))
                    if (isinstance(node.func, (ast.Attribute, ast.Name)) and ast.unparse(node.func).endswith("Sequential")
                            and node.args and isinstance(node.args[0], ast.List) and len(node.args[0].elts) > 1):
                        for element_index, element in enumerate(node.args[0].elts):
                            emit(f"remove the layer {_short(element, 40)}",
                                 edited(lambda t, at=at, e=element_index: at(t).args[0].elts.pop(e)))
    return list(found.values())


def assigned_names(code: str) -> list[str]:
    """The names `code` binds at top level: what its check reads, deleted before each mutant runs."""
    names = []
    for node in ast.parse(code).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.For)) else []
        for target in targets:  # `x = ...` and `a, b = ...` bind names; `x.attribute = ...` does not
            elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
            names += [element.id for element in elements if isinstance(element, ast.Name)]
        if isinstance(node, ast.FunctionDef):
            names.append(node.name)
        if isinstance(node, ast.With):
            names += [item.optional_vars.id for item in node.items if isinstance(item.optional_vars, ast.Name)]
            names += assigned_names(ast.unparse(ast.Module(body=node.body, type_ignores=[])))
    return list(dict.fromkeys(names))


# -- Running them ---------------------------------------------------------------------------------------

class Kernel:
    """A Python kernel started in `folder`, running code and returning what it printed (text, errors)."""

    def __init__(self, folder: Path):
        from jupyter_client.manager import start_new_kernel

        self.manager, self.client = start_new_kernel(kernel_name="python3", cwd=str(folder))

    def run(self, code: str, timeout: float = 300) -> str:
        texts = []

        def keep(message):
            content, kind = message["content"], message["msg_type"]
            if kind == "stream":
                texts.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                texts.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                texts.append(f"{content['ename']}: {content['evalue']}")

        self.client.execute_interactive(code, timeout=timeout, output_hook=keep, allow_stdin=False)
        return "".join(texts)

    def close(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def right_answers(name: str):
    """The assignment's right_answers.py (RIGHT_ANSWERS, EQUIVALENT) as a module."""
    path = make_exercises.EXERCISES / name / "right_answers.py"
    spec = importlib.util.spec_from_file_location(f"right_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def judge(output: str) -> tuple[bool, bool]:
    """(passed, hinted) from what `grader.check` printed."""
    return "All test cases passed" in output, "message:" in output


def read_names(code: str) -> set[str]:
    """Every name `code` reads (anywhere, functions included)."""
    return {node.id for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def defined_names(code: str) -> set[str]:
    """Every name `code` binds at top level: assignments, functions, imports."""
    names = set(assigned_names(code))
    for node in ast.parse(code).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def restoring_cells(cells: list[str], wanted: set[str]) -> list[str]:
    """The cells of `cells` (in order) that define the names in `wanted`, and, in turn, what those cells read.

    Running them again recreates every object a candidate answer can reach through the names it reads, so a
    mutant that changed one (unfroze a layer, recompiled a model) cannot leak into the next candidate."""
    chosen, needed = set(), set(wanted)
    for index in reversed(range(len(cells))):
        if defined_names(cells[index]) & needed:
            chosen.add(index)
            needed |= read_names(cells[index])
    return [cells[index] for index in sorted(chosen)]


def check_arguments(folder: Path, question: str) -> set[str]:
    """The names a question's public tests read (their functions' arguments)."""
    return make_exercises.checked_names_of((folder / "tests" / f"{question}.py").read_text(encoding="utf-8"))


RUN_ANSWER = """try:
    exec(compile({code!r}, "<answer>", "exec"), globals())
except Exception as _error:  # the learner sees the traceback of their cell; the check still runs
    print(f"{{type(_error).__name__}}: {{_error}}")
"""


def run_assignment(name: str, folder: Path) -> list[Verdict]:
    """Run every mutant and right variant of assignment `name` in one kernel; return their verdicts.

    Before each candidate, the cells that define what the question's solution, its right variants and its
    check read run again (earlier questions solved), and the names the solution binds are deleted; then the
    candidate runs as the learner's answer cell, then `grader.check`."""
    shutil.copytree(make_exercises.EXERCISES / name / "student", folder, dirs_exist_ok=True)
    master = make_exercises.EXERCISES / name / "master.ipynb"
    secret, strings, solved = secret_lines(master), notebook_strings(master), solutions(name)
    rights = right_answers(name).RIGHT_ANSWERS
    notebook = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    code_cells = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    kernel = Kernel(folder)
    verdicts = []
    try:
        kernel.run(code_cells[0])  # Otter's grader, once
        prefix: list[str] = []
        for index, source in enumerate(code_cells[1:], start=1):
            if re.fullmatch(r'grader\.check\("(q\d+)"\)', source.strip()) or "grader.check_all()" in source:
                continue
            following = code_cells[index + 1].strip() if index + 1 < len(code_cells) else ""
            question = re.fullmatch(r'grader\.check\("(q\d+)"\)', following)
            if not question:
                prefix.append(source)
                kernel.run(source)
                continue
            question = question.group(1)
            solution = solved[question]
            names = assigned_names(solution)
            reads = read_names(solution) | check_arguments(folder, question)
            reads |= {n for code in rights.get(question, []) for n in read_names(code)}
            reset = "\n".join(restoring_cells(prefix, reads - set(names))) + "\n" + "".join(
                f"globals().pop({n!r}, None)\n" for n in names)
            candidates = [("mutant", m.description, m.source) for m in mutants(question, solution, secret, strings)]
            candidates += [("right", f"right variant {number}", code) for number, code in
                           enumerate(rights.get(question, []), start=1)]
            for kind, description, code in candidates:
                attempt = kernel.run(reset + RUN_ANSWER.format(code=code))
                output = kernel.run(f'grader.check("{question}")')
                passed, hinted = judge(output)
                verdicts.append(Verdict(question, description, kind, passed, hinted, attempt + output))
            kernel.run(reset)
            kernel.run(solution)
            prefix.append(solution)
    finally:
        kernel.close()
    return verdicts


def score_table(results: dict[str, list[Verdict]]) -> str:
    """The mutation score per assignment, as docs/instructors.md shows it: mutants per question, rejected (with a
    hint) out of those not named equivalent, the equivalent ones; then why a question has fewer than 5."""
    rows = ["| assignment | questions: mutants each | rejected / total | equivalent (named) | right variants passed |",
            "|---|---|---:|---:|---:|"]
    notes = []
    for name, verdicts in sorted(results.items()):
        answers = right_answers(name)
        equivalent = getattr(answers, "EQUIVALENT", {})
        notes += [f"- {name[:2]} {question}: {reason}" for question, reason in sorted(getattr(answers, "FEW_MUTANTS", {}).items())]
        notes += [f"- {name[:2]} {question}, equivalent: {description}: {reason}"
                  for question, entries in sorted(equivalent.items()) for description, reason in entries.items()]
        mutated = [v for v in verdicts if v.kind == "mutant"]
        per_question = {}
        for verdict in mutated:
            per_question[verdict.question] = per_question.get(verdict.question, 0) + 1
        rejected = sum(not v.passed and v.hinted for v in mutated)
        named = sum(v.description in equivalent.get(v.question, {}) for v in mutated)
        counts = ", ".join(f"{question}: {count}" for question, count in sorted(per_question.items()))
        rights = [v for v in verdicts if v.kind == "right"]
        rows.append(f"| {name[:2]} | {counts} | {rejected} / {len(mutated) - named} | {named} | "
                    f"{sum(v.passed for v in rights)} / {len(rights)} |")
    return "\n".join(rows + ([""] + notes if notes else []))


def write_table(table: str, path: Path = ROOT / "docs" / "instructors.md") -> None:
    """Put `table` between the mutation-scores markers of docs/instructors.md."""
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- mutation-scores -->", "<!-- /mutation-scores -->"
    if start not in text or end not in text:
        raise ValueError(f"{path} has no {start} ... {end} markers. Add them where the table belongs.")
    head, rest = text.split(start, 1)
    path.write_text(head + start + "\n" + table + "\n" + end + rest.split(end, 1)[1], encoding="utf-8")


def main(argv: list[str]) -> int:
    write = "--write" in argv
    argv = [arg for arg in argv if arg != "--write"]
    if write and argv:
        raise SystemExit("--write measures every assignment: run `python3 scripts/mutants.py --write` without numbers.")
    prefixes = argv or [""]
    names = sorted({path.parent.name for prefix in prefixes for path in make_exercises.masters(prefix)})
    results = {}
    for name in names:
        started = time.time()
        with tempfile.TemporaryDirectory() as folder:
            results[name] = run_assignment(name, Path(folder) / name)
        for verdict in results[name]:
            bad = (verdict.kind == "mutant" and (verdict.passed or not verdict.hinted)) or (
                verdict.kind == "right" and not verdict.passed)
            if bad:
                print(f"{name} {verdict.question} {verdict.kind} NOT OK: {verdict.description}\n"
                      + "    " + verdict.output.strip().replace("\n", "\n    ")[:1500])
        print(f"{name}: {len(results[name])} candidates in {time.time() - started:.0f} s", flush=True)
    print(score_table(results))
    if write:
        write_table(score_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
