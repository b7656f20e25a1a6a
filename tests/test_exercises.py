"""The assignments in exercises/: generated from their masters, solutions pass, wrong answers fail.

Grading uses Otter-Grader's own API (`otter.api.grade_submission`), as a teacher's `otter grade`
would; the public checks run as a student runs them, `grader.check` in the student notebook (with
typical wrong, incomplete and right answers typed in), and what they print is read. The unanswered
student notebooks themselves are run by nbval (pyproject's testpaths include exercises/*/student).
"""

import ast
import copy
import importlib.util
import json
import multiprocessing
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

import transferkit as tk

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import make_exercises  # noqa: E402
import mutants  # noqa: E402

ASSIGNMENTS = [master.parent.name for master in make_exercises.masters()]


def for_every_assignment(make) -> dict:
    """`make(name)` for every assignment, two at a time: each waits mostly on a process of its own (an
    `otter assign` that spends its time importing: 46 s one at a time, 24 s two at a time on 2 cores)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(ASSIGNMENTS, pool.map(make, ASSIGNMENTS)))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Run Otter Assign once per assignment into a temporary folder."""
    folders = {name: tmp_path_factory.mktemp(name) / "dist" for name in ASSIGNMENTS}
    return for_every_assignment(
        lambda name: make_exercises.otter_assign(make_exercises.EXERCISES / name / "master.ipynb", folders[name]))


@pytest.fixture(scope="module")
def grades(generated):
    """Every assignment's solution notebook graded by Otter with all tests, hidden ones included; two
    processes at a time (Otter changes the working directory while it grades, so not threads)."""
    submissions = [(generated[name][1] / f"{name}.ipynb", generated[name][1]) for name in ASSIGNMENTS]
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        return dict(zip(ASSIGNMENTS, pool.map(make_exercises.grade, *zip(*submissions))))


def test_every_chapter_but_the_welcome_and_the_summary_has_an_assignment():
    expected = [f"{chapter.number}_{chapter.slug}" for chapter in tk.course.CHAPTERS if chapter.number not in ("00", "13")]
    missing = sorted(set(expected) - set(ASSIGNMENTS))
    assert not missing, f"chapters without an assignment: {missing}"


# "chapters 01 to 12", "chapter 01-12", "第 1 至 12 章", each perhaps followed by one more chapter ("and 14",
# "和第 14 章"): the chapters with an assignment, in a paragraph about assignments.
CHAPTER_RANGE = re.compile(r"(?:[Cc]hapters?(?: from)?|第)\s*\(?(\d\d?)\s*(?:to|至|-)\s*(\d\d)"
                           r"(?:\s*章)?(?:,?\s*(?:and|和|及)\s*(?:chapter\s*|第\s*)?(\d\d?)(?!\d))?")
ASSIGNMENT_WORDS = ("assignment", "作业")
DOCUMENTS_ON_ASSIGNMENTS = ["README.md", "README.zh-CN.md", "docs/instructors.md", "exercises/README.md",
                            "exercises/README.zh-CN.md",
                            "notebooks/00_welcome.ipynb", "notebooks/zh-CN/00_welcome.ipynb"]


def stated_assignment_ranges(text: str) -> list[tuple]:
    """The chapter ranges (first, last, or first, last, one more) that the paragraphs (and table rows) of `text`
    about assignments state."""
    return [tuple(group for group in match.groups() if group) for paragraph in re.split(r"\n\s*\n|\n(?=\|)", text)
            if any(word in paragraph for word in ASSIGNMENT_WORDS)
            for match in CHAPTER_RANGE.finditer(paragraph)]


def stated_chapters(stated: tuple) -> set[int]:
    """The chapter numbers a stated range covers: ("01", "12", "14") -> 1..12 and 14."""
    return set(range(int(stated[0]), int(stated[1]) + 1)) | {int(extra) for extra in stated[2:]}


def test_stated_assignment_ranges_can_fail():
    assert stated_assignment_ranges("Chapters 01 to 11 each have an assignment.\n\nChapters 06-12 load studies.") == [
        ("01", "11")]
    assert stated_assignment_ranges("第 1 至 12 章各有一份作业") == [("1", "12")]
    assert stated_assignment_ranges("| `exercises/` | assignments |\n| `docs/` | chapters 06-12 |") == []
    assert stated_assignment_ranges("Chapters 01 to 12 and 14 have an assignment.") == [("01", "12", "14")]
    assert stated_assignment_ranges("第 1 至 12 章和第 14 章各有一份作业") == [("1", "12", "14")]
    assert stated_chapters(("01", "12", "14")) == set(range(1, 13)) | {14}


def test_the_documents_state_which_chapters_have_an_assignment():
    numbers = sorted(name[:2] for name in ASSIGNMENTS)
    expected = {int(number) for number in numbers}
    wrong = []
    for name in DOCUMENTS_ON_ASSIGNMENTS:
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            text = "\n\n".join(cell.source for cell in nbformat.reads(text, as_version=4).cells)
        stated = stated_assignment_ranges(text)
        wrong += [f"{name}: chapters {'-'.join(chapters[:2])}{''.join(' and ' + c for c in chapters[2:])}"
                  for chapters in stated if stated_chapters(chapters) != expected]
        if not stated:
            wrong.append(f"{name}: no range of chapters with an assignment found")
    assert not wrong, f"the assignments are chapters {', '.join(numbers)}; the text says otherwise: {wrong}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_student_folder_is_generated_from_the_master(name, generated):
    student, _ = generated[name]
    committed = make_exercises.EXERCISES / name / "student"
    assert make_exercises.student_files(committed) == make_exercises.student_files(student), (
        f"{committed.relative_to(ROOT)} is out of date: run `python3 course.py exercises`")
    solutions = nbformat.writes(make_exercises.solutions_notebook(generated[name][1], student, name)) + "\n"
    assert (make_exercises.EXERCISES / name / "solutions.ipynb").read_text(encoding="utf-8") == solutions, (
        f"exercises/{name}/solutions.ipynb is out of date: run `python3 course.py exercises`")


solution_and_prompt_lines = make_exercises.solution_and_prompt_lines


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
    assert all("'hidden': True" not in text and "hidden=True" not in text for text in public.values())


def answer_module(name: str):
    spec = importlib.util.spec_from_file_location(f"wrong_{name}", make_exercises.EXERCISES / name / "wrong_answers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solutions_pass_every_test_hidden_ones_included(name, grades):
    scores = grades[name]
    assert all(score == possible for score, possible in scores.values()), f"the solutions fail: {scores}"
    answers = answer_module(name)
    assert sorted(answers.WRONG_ANSWERS) == sorted(scores), "write one typical wrong answer for every question"
    assert set(answers.INCOMPLETE_ANSWERS) <= set(scores)


# -- What a learner sees when a check fails: a hint, never the answer ------------------------------

def forbidden_patterns(value) -> list[tuple[str, bool]]:
    """Regexes that would give `value` away in printed output or a test file: (pattern, strong).

    Strong patterns (the value compared, a dict's key and value on one line) count wherever they appear;
    weak ones (the bare value) only when the question itself does not show it (a choice among options,
    a word the question lists)."""
    if isinstance(value, bool):
        return [(rf"(==|is)\s*{value}\b", True)]
    if isinstance(value, str):
        quoted = rf"(==|!=)\s*['\"]{re.escape(value)}['\"]"
        return [(quoted, True)] + ([(rf"(?<!\w){re.escape(value)}(?!\w)", False)] if len(value) >= 3 else [])
    if isinstance(value, (int, float)):
        forms = {repr(value), f"{value:g}", f"{value:.1f}", f"{value:.2f}"} if isinstance(value, float) else {str(value)}
        patterns = [(rf"(==|!=)\s*{re.escape(form)}(?![\d.])", True) for form in forms]
        if not (isinstance(value, int) and abs(value) < 10):
            patterns += [(rf"(?<![\w.]){re.escape(form)}(?![\d])", False) for form in forms]
        return patterns
    if isinstance(value, dict):
        pairs = [(rf"{re.escape(str(key))}.*{re.escape(str(item))}", True) for key, item in value.items()]
        return pairs + [pattern for item in value.values() for pattern in forbidden_patterns(item)]
    if isinstance(value, (list, tuple, set)):
        return [pattern for item in value for pattern in forbidden_patterns(item)]
    return []


def leaks(text: str, value, shown: str) -> list[str]:
    """The patterns of `value` found in `text` (weak ones only if `shown`, the question, lacks them)."""
    found = []
    for pattern, strong in forbidden_patterns(value):
        if re.search(pattern, text) and (strong or not re.search(pattern, shown)):
            found.append(pattern)
    return found


def test_the_leak_detector_can_fail():
    """Otter's old doctest output printed the assert with the answer; the detector must see that."""
    old_output = "Failed example:\n    assert roles['the convolution layers you keep'] == 'shared layers'"
    roles = {"the convolution layers you keep": "shared layers"}
    assert leaks(old_output, roles, shown='use one of "shared layers", "specific layers"')
    assert leaks("assert wrecking_rate == 0.01", 0.01, shown="rates 1e-2 and 1e-3")
    assert leaks("the gain is 21.82 points", 21.8196, shown="")
    assert not leaks("assert right_rate\nAssertionError:", 0.01, shown="")


def question_cells(notebook) -> dict[str, tuple[int, str]]:
    """For each question: the index of its answer cell (the one before `grader.check`) and its text shown."""
    found, text = {}, []
    for index, cell in enumerate(notebook.cells):
        match = re.fullmatch(r'grader\.check\("(q\d+)"\)', cell.source.strip())
        if match:
            found[match.group(1)] = (index - 1, "\n".join(text))
            text = []
        else:
            text.append(cell.source)
    return found


solution_cells = mutants.solutions  # each question's solution, as the worked-solutions notebook shows it
answer_names = mutants.assigned_names  # the names an answer binds at top level (what its check reads)


def check_output(cell) -> str:
    text = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        text.append(data.get("text/plain", "") + output.get("text", ""))  # the HTML version says the same
        if output.get("output_type") == "error":
            text.append(f"{output['ename']}: {output['evalue']}")
    return "\n".join(text)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Run every student notebook once, two at a time, as a learner would: per question, the typical wrong
    answer, the incomplete answer and the solution, each followed by its `grader.check`; read what each printed.
    (Each runs in a kernel of its own, which the thread only waits on: 101 s one at a time, 54 s two at a time.)"""
    folders = {name: tmp_path_factory.mktemp(name) for name in ASSIGNMENTS}
    return for_every_assignment(lambda name: run_student_notebook(name, folders[name]))


def run_student_notebook(name: str, folder: Path) -> dict:
    """Run a copy of the student notebook with each question's wrong, incomplete and right answers and checks;
    return what each check printed, the solution values, and each question's text as the student sees it."""
    from nbclient import NotebookClient

    shutil.copytree(make_exercises.EXERCISES / name / "student", folder, dirs_exist_ok=True)
    notebook = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    answers, solutions = answer_module(name), solution_cells(name)
    plan, cells = {}, []
    questions = question_cells(notebook)
    answer_index = {index: question for question, (index, _) in questions.items()}
    for index, cell in enumerate(notebook.cells):
        question = answer_index.get(index)
        if question is None:
            if not re.fullmatch(r'grader\.check\("q\d+"\)', cell.source.strip()):
                cells.append(cell)
            continue
        check = f'grader.check("{question}")'
        for kind, code in (("wrong", answers.WRONG_ANSWERS[question]),
                           ("incomplete", answers.INCOMPLETE_ANSWERS.get(question)),
                           ("solution", solutions[question])):
            if code is None:
                continue
            cells += [nbformat.v4.new_code_cell(code), nbformat.v4.new_code_cell(check)]
            plan[(question, kind)] = len(cells) - 1
        checked_names = mutants.check_arguments(folder, question)
        names = [n for n in answer_names(solutions[question]) if n in checked_names]  # the answers, not helpers
        dump = ("import json as _json\nfrom transferkit import checks as _checks\n_values = {}\n"
                f"for _n in {names!r}:\n"
                "    try:\n        _values[_n] = _checks.canonical(globals()[_n])\n"
                "    except (ValueError, KeyError):\n        pass  # a model, a function: checked by behaviour\n"
                "print(_json.dumps(_values))")
        cells.append(nbformat.v4.new_code_cell(dump))
        plan[(question, "values")] = len(cells) - 1
    notebook.cells = cells
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}},
                   allow_errors=True).execute()
    outputs = {key: check_output(notebook.cells[index]) for key, index in plan.items()}
    values = {question: json.loads(outputs[(question, "values")].strip().splitlines()[-1] or "{}")
              for question in questions}
    return {"outputs": outputs, "values": values, "shown": {q: text for q, (_, text) in questions.items()}}


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_public_checks_pass_the_solutions_and_reject_wrong_and_incomplete_answers(name, checked):
    outputs = checked[name]["outputs"]
    for (question, kind), text in outputs.items():
        if kind == "solution":
            assert f"{question} results: All test cases passed!" in text, f"{name} {question}: the solution fails its public check:\n{text}"
        elif kind in ("wrong", "incomplete"):
            assert "All test cases passed" not in text and "failed" in text, (
                f"{name} {question}: the public check accepts this {kind} answer:\n{text}")
            assert "message:" in text, f"{name} {question}: the failure shows no hint:\n{text}"
            assert "Trying:" not in text and "Traceback" not in text and len(text.splitlines()) <= 25, (
                f"{name} {question}: the failure is not short and friendly:\n{text}")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_no_check_prints_or_contains_a_solution_value(name, checked):
    """Neither what a failing check prints, nor the public test files, nor their hints give the answer."""
    result = checked[name]
    for (question, kind), text in result["outputs"].items():
        if kind in ("wrong", "incomplete"):
            found = [pattern for value in result["values"][question].values()
                     for pattern in leaks(text, value, result["shown"][question])]
            assert not found, f"{name} {question}: the {kind} answer's check prints the answer ({found}):\n{text}"
    for question, values in result["values"].items():
        test_file = (make_exercises.EXERCISES / name / "student" / "tests" / f"{question}.py").read_text(encoding="utf-8")
        found = [pattern for value in values.values() for pattern in leaks(test_file, value, result["shown"][question])]
        assert not found, f"{name} {question}: student/tests/{question}.py contains the answer ({found})"


@pytest.fixture(scope="module")
def generated_chinese(tmp_path_factory):
    """The Chinese student folder and worked solutions of every assignment, built from master + catalog."""
    folders = {name: tmp_path_factory.mktemp(f"{name}-zh") for name in ASSIGNMENTS}
    return for_every_assignment(
        lambda name: make_exercises.chinese_assignment(make_exercises.EXERCISES / name / "master.ipynb", folders[name]))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_chinese_assignment_is_generated_and_runs_the_english_code_and_checks(name, generated, generated_chinese):
    assert generated_chinese[name] is not None, f"i18n/zh_CN/exercises/{name}.po is not completely translated"
    student, solutions = generated_chinese[name]
    folder = make_exercises.EXERCISES / name
    assert make_exercises.student_files(folder / make_exercises.CHINESE_STUDENT) == make_exercises.student_files(student), (
        f"exercises/{name}/student-zh-CN is out of date: run `python3 course.py translate` and `python3 course.py exercises`")
    assert (folder / "solutions.zh-CN.ipynb").read_text(encoding="utf-8") == nbformat.writes(solutions) + "\n"
    english = nbformat.read(folder / "student" / f"{name}.ipynb", as_version=4)
    chinese = nbformat.read(student / f"{name}.ipynb", as_version=4)
    assert [(c.cell_type, c.source) for c in chinese.cells if c.cell_type != "markdown"] == \
        [(c.cell_type, c.source) for c in english.cells if c.cell_type != "markdown"]
    english_prose = [c.id for c in chinese.cells if c.cell_type == "markdown" and not re.search("[\u4e00-\u9fff]", c.source)]
    assert not english_prose, f"markdown cells {english_prose} of the Chinese student notebook have no Chinese"
    hint = re.compile(r'failure_message="[^"]*"')
    for test_file in sorted((folder / "student" / "tests").glob("*.py")):
        chinese_test = (student / "tests" / test_file.name).read_text(encoding="utf-8")
        assert hint.sub("", chinese_test) == hint.sub("", test_file.read_text(encoding="utf-8")), \
            f"{test_file.name}: the Chinese checks must be the English ones, with only the hints translated"
        assert all(re.search("[\u4e00-\u9fff]", message) for message in hint.findall(chinese_test))


# -- Hints never contain the answer ---------------------------------------------------------------------

# Expressions whose text a hint must not quote: a computation, a call, a comparison, an indexing, a
# collection. A bare name or attribute chain (`np.linalg.norm`, `tk.experiments.summarize`) names a tool, and a
# string used as a key (`row['strategy']`) names a column: pointing to them is a hint, not the answer.
_EXPRESSIONS = (ast.BinOp, ast.Call, ast.Compare, ast.Subscript, ast.Tuple, ast.List, ast.Set, ast.Dict, ast.UnaryOp)
_SOME_OPERAND = "(?:[^,;:]+?)"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def answer_pieces(code: str, secret: set[str]) -> list[tuple[str, str, bool]]:
    """(what, regex) for each literal value and expression of the lines a learner must write in `code`.

    Regexes are matched against hint and question text: a number as a whole token, and, with whitespace
    removed, a string (case-insensitive), an expression's text, a whole statement, and the *skeleton* of each
    computation (its operators and constants, any other operand free), which finds a formula written with
    other names ("1 + (samples - 512) // 441" for `1 + (2 * 22050 - 512) // 441`), and a collection's
    elements in order ("257 ... 40" for `(257, 40)`).

    Example:
        >>> [what for what, _, _ in answer_pieces("n = 1 + (2 * 22050 - 512) // 441", {"n = 1 + (2 * 22050 - 512) // 441"})][:3]
        ['n = 1 + (2 * 22050 - 512) // 441', '1 + (2 * 22050 - 512) // 441', 'skeleton of 1 + (2 * 22050 - 512) // 441']
    """
    pieces = []
    tree = ast.parse(code)
    for statement in (node for node in ast.walk(tree) if isinstance(node, ast.stmt)):
        if not mutants._line_texts(code, statement) & secret:
            continue
        regions = mutants._header_nodes(statement)
        if isinstance(statement, (ast.Assign, ast.AugAssign, ast.Expr)):
            pieces.append((ast.unparse(statement), re.escape(_squeeze(ast.unparse(statement))), True))
        keys = {id(node.slice) for region in regions for node in ast.walk(region) if isinstance(node, ast.Subscript)}
        for node in (node for region in regions for node in ast.walk(region)):
            if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
                forms = {repr(node.value), f"{node.value:g}"}
                pieces += [(form, rf"(?<![\w.]){re.escape(form)}(?![\w]|\.\d)", False) for form in forms]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 2 and id(node) not in keys:
                pieces.append((repr(node.value), "(?i)" + re.escape(_squeeze(node.value)), True))
            elif isinstance(node, _EXPRESSIONS):
                text = ast.unparse(node)
                pieces.append((text, re.escape(_squeeze(text)), True))
                if isinstance(node, ast.BinOp):
                    placeholder = ast.Name(id="\x00")
                    skeleton = copy.deepcopy(node)
                    for field in ("left", "right"):
                        if not isinstance(getattr(skeleton, field), ast.Constant):
                            setattr(skeleton, field, placeholder)
                    if skeleton.left is placeholder and skeleton.right is placeholder:
                        continue
                    pattern = re.escape(_squeeze(ast.unparse(skeleton))).replace("\x00", _SOME_OPERAND)
                    pieces.append((f"skeleton of {text}", pattern, True))
                if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) > 1 and all(
                        isinstance(element, ast.Constant) for element in node.elts):
                    ordered = ".*?".join(rf"(?<![\w.]){re.escape(str(element.value))}(?![\w])" for element in node.elts)
                    pieces.append((f"the elements of {text} in order", ordered, False))
    return pieces


def hint_leaks(hint: str, question: str, pieces: list[tuple[str, str, bool]]) -> list[str]:
    """The answer pieces that `hint` quotes and the question's text does not give."""
    texts = {True: (_squeeze(hint), _squeeze(question)), False: (" ".join(hint.split()), " ".join(question.split()))}
    return sorted({what for what, pattern, squeezed in pieces
                   if re.search(pattern, texts[squeezed][0]) and not re.search(pattern, texts[squeezed][1])})


def test_the_hint_leak_detector_can_fail():
    formula = answer_pieces("num_frames = 1 + (2 * 22050 - 512) // 441", {"num_frames = 1 + (2 * 22050 - 512) // 441"})
    question = "frame_length=512, frame_step=441, a two-second clip at 22,050 Hz"
    assert hint_leaks("The last frame must end inside the clip: 1 + (samples - 512) // 441 frames.", question, formula)
    assert not hint_leaks("The first frame starts at sample 0; count how many more fit.", question, formula)
    shape = answer_pieces("mel_matrix_shape = (257, 40)", {"mel_matrix_shape = (257, 40)"})
    assert hint_leaks("frames x 257 frequencies times the matrix gives frames x 40 bands", "a matrix", shape)
    codes = answer_pieces("codes = [5, 4, 4, 8]", {"codes = [5, 4, 4, 8]"})
    assert hint_leaks("Number the alphabet from 2: a=2, e=3, i=4, k=5", "a is 2, e is 3, ..., t is 8", codes)
    frozen = answer_pieces("base_model.trainable = False", {"base_model.trainable = False"})
    assert hint_leaks("Set base_model.trainable = False before you build the model.", "frozen", frozen)
    assert not hint_leaks("Freeze base_model before you build the model.", "frozen", frozen)


def hints_and_questions(name: str, student_folder: str) -> dict[str, tuple[list[str], str]]:
    """Each question's public hints and the text a learner sees for it, in one language's student folder."""
    folder = make_exercises.EXERCISES / name / student_folder
    notebook = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    return {question: (make_exercises.public_hints(folder / "tests" / f"{question}.py"), shown)
            for question, (_, shown) in question_cells(notebook).items()}


@pytest.mark.parametrize("name", ASSIGNMENTS)
@pytest.mark.parametrize("student_folder", ["student", make_exercises.CHINESE_STUDENT])
def test_hints_never_contain_the_answer(name, student_folder):
    """No hint quotes a value or an expression of the answer lines that the question itself does not give
    (concept words and pointers to the chapter cell that teaches the idea are fine)."""
    secret = mutants.secret_lines(make_exercises.EXERCISES / name / "master.ipynb")
    solutions = mutants.solutions(name)
    found = []
    for question, (hints, shown) in hints_and_questions(name, student_folder).items():
        pieces = answer_pieces(solutions[question], secret)
        found += [f"{question}: {hint!r} gives {hint_leaks(hint, shown, pieces)}" for hint in hints
                  if hint_leaks(hint, shown, pieces)]
    assert not found, f"{name} ({student_folder}): hints that hand over the answer:\n" + "\n".join(found)
