"""The course's structure: chapters, notebook template, generated parts, and the README/CI contract."""

import importlib.util
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

from transferkit import course

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def load_script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_notebook_is_a_chapter_and_every_chapter_has_a_notebook():
    assert [path.relative_to(ROOT).as_posix() for path in NOTEBOOKS] == [c.notebook for c in course.CHAPTERS]


@pytest.mark.parametrize("chapter", course.CHAPTERS, ids=lambda c: c.number)
def test_notebook_follows_the_template(chapter):
    notebook = nbformat.read(ROOT / chapter.notebook, as_version=4)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    title = notebook.cells[0]
    assert title.cell_type == "markdown"
    assert title.source.splitlines()[0] == f"# {chapter.number} · {chapter.title}"
    assert "Run time" in title.source
    first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert course.COLAB_TAG in first_code.metadata.get("tags", [])
    headings = [line for cell in notebook.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("## ")]
    assert "## Summary" in headings and "## Exercises" in headings
    if chapter.number != "00":
        assert headings[0] == "## Setup"
        setup = notebook.cells[notebook.cells.index(next(
            c for c in notebook.cells if c.cell_type == "markdown" and c.source.startswith("## Setup"))) + 1]
        assert "keras.utils.set_random_seed(0)" in setup.source
        assert setup.source.index("import transferkit") < setup.source.index("import keras")


def stated_run_time(title: str) -> int:
    """The seconds a chapter's title cell promises: "about N seconds" (English) or "约 N 秒" (Chinese)."""
    found = re.search(r"\*\*Run time:\*\* about (\d+) seconds|\*\*运行时间\*\*：[^。\n]*?约 (\d+) 秒", title)
    if not found:
        raise ValueError(f"No run time in the title cell. Received: {title[:80]!r}... Expected "
                         "'**Run time:** about N seconds' or '**运行时间**：...约 N 秒'.")
    return int(found.group(1) or found.group(2))


def run_time_is_close(stated: float, measured: float) -> bool:
    """A stated run time is honest within 5 s or a third of the measured one (this machine drifts by a quarter)."""
    return abs(stated - measured) <= max(5.0, measured / 3)


@pytest.mark.parametrize("chapter", course.CHAPTERS, ids=lambda c: c.number)
def test_the_run_time_a_chapter_states_is_the_benchmarks(chapter):
    measured = {row["name"]: row["seconds"] for row in load_script("benchmark").read_table()}
    name = Path(chapter.notebook).name
    for path in (ROOT / chapter.notebook, ROOT / "notebooks" / "zh-CN" / name):
        stated = stated_run_time(nbformat.read(path, as_version=4).cells[0].source)
        assert run_time_is_close(stated, measured[name]), (
            f"{path.relative_to(ROOT)} says about {stated} s; docs/benchmarks.md measured {measured[name]} s. "
            "Change the title cell (and its Chinese translation, `python3 course.py translate`).")


def test_the_run_time_check_finds_a_stale_promise():
    assert stated_run_time("x. **Run time:** about 25 seconds on 2 CPU cores.") == 25
    assert stated_run_time("x。**运行时间**：在 2 个 CPU 核上约 25 秒。") == 25
    assert run_time_is_close(15, 12.7) and not run_time_is_close(25, 12.7) and not run_time_is_close(10, 30.0)
    with pytest.raises(ValueError, match="No run time"):
        stated_run_time("# 01 · a title without one")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs_except_checked_cells(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if "NBVAL_CHECK_OUTPUT" in cell.source:
            assert cell.outputs and cell.execution_count, \
                f"{path.name}: a checked cell needs its reference output (run course.py bench)"
        else:
            assert not cell.outputs, f"{path.name}: strip outputs before committing"
            assert cell.execution_count is None, f"{path.name}: clear execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_training_output_stays_quiet_enough_for_nbval(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        for call in re.findall(r"model\.fit\((.*?)\)\n", cell.source, re.S):  # Keras models are named *model
            assert re.search(r"verbose=[02]", call), f"{path.name}: fit(...) needs verbose=0 or 2"


def test_generated_parts_are_in_sync_with_course_py():
    sync = load_script("sync_course")
    assert sync.out_of_date(write=False) == [], "run `python3 course.py sync`"


def test_sync_check_fails_when_a_notebook_drifts(tmp_path, monkeypatch):
    sync = load_script("sync_course")
    for path in ["README.md", "README.zh-CN.md", *[c.notebook for c in course.CHAPTERS]]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes((ROOT / path).read_bytes())
    notebook = nbformat.read(tmp_path / course.CHAPTERS[1].notebook, as_version=4)
    notebook.cells[1].source = notebook.cells[1].source.replace(course.REPOSITORY, "someone/else")
    nbformat.write(notebook, tmp_path / course.CHAPTERS[1].notebook)
    monkeypatch.setattr(sync, "ROOT", tmp_path)
    assert sync.out_of_date(write=False) == [course.CHAPTERS[1].notebook]
    assert sync.main(["--check"]) == 1
    sync.out_of_date(write=True)
    assert sync.out_of_date(write=False) == []


def test_welcome_course_map_and_readme_list_every_chapter_title():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    welcome = nbformat.read(ROOT / "notebooks/00_welcome.ipynb", as_version=4)
    course_map = next(c.source for c in welcome.cells if course.COURSE_MAP_TAG in c.metadata.get("tags", []))
    for chapter in course.CHAPTERS:
        assert f"[{chapter.title}]({chapter.notebook})" in readme
        assert f"[{chapter.title}]({Path(chapter.notebook).name})" in course_map


def test_readme_badges_point_at_the_course_home():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"mybinder.org/v2/gh/{course.REPOSITORY}/{course.BRANCH}?urlpath=lab/tree/notebooks/00_welcome.ipynb" in readme
    assert readme.count("colab-badge.svg") == len(course.CHAPTERS)


def test_colab_cell_installs_only_on_colab():
    source = course.colab_cell_source()
    assert 'if "google.colab" in sys.modules:' in source
    assert f"git+https://github.com/{course.REPOSITORY}@{course.BRANCH}" in source
    assert "--no-deps" in source  # Colab's own TensorFlow must not be replaced


def test_the_chinese_colab_cell_also_sets_the_language_on_colab_only(monkeypatch, tmp_path):
    source = course.colab_cell_source(chinese=True)
    colab_block = source.split('if "google.colab" in sys.modules:\n', 1)[1]
    assert 'os.environ["TRANSFERKIT_LANG"] = "zh-CN"' in colab_block
    assert course.install_command() in colab_block
    for chapter in course.CHAPTERS:  # every Chinese chapter starts with it
        notebook = json.loads((ROOT / chapter.chinese_notebook).read_text(encoding="utf-8"))
        first = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
        assert "".join(first["source"]) == source, chapter.chinese_notebook
    # On Colab the notebook's path says nothing (it runs in /content), so the variable decides.
    from transferkit import language
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRANSFERKIT_LANG", "zh-CN")
    assert language.get_language() == "zh-CN"


def test_find_chapter_explains_an_unknown_number():
    assert course.find_chapter("01").slug == "what_is_transfer_learning"
    with pytest.raises(ValueError, match="There is no chapter '99'"):
        course.find_chapter("99")


def test_readme_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", quick_start, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["python3 course.py lab", "python3 course.py test"]
    ci = [line.strip() for line in (ROOT / ".ci/run").read_text().splitlines()
          if line.strip() and not line.strip().startswith("#")]
    assert commands[1] in ci  # the learner's command itself, unchanged (slower checks come beside it)


@pytest.mark.parametrize("chapter", [c for c in course.CHAPTERS if c.assignment], ids=lambda c: c.number)
def test_chapters_with_an_assignment_link_it_and_it_exists(chapter):
    notebook = (ROOT / chapter.notebook).read_text(encoding="utf-8")
    assert f"../{chapter.assignment}" in notebook, f"{chapter.notebook} does not link its assignment"
    assert (ROOT / chapter.assignment).exists(), f"{chapter.assignment} is missing: run `python3 course.py exercises`"


def test_chinese_readme_links_every_chinese_chapter_and_opens_binder_in_chinese():
    readme = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    assert "[English](README.md)" in readme and "[简体中文](README.zh-CN.md)" in (ROOT / "README.md").read_text()
    assert course.binder_url(chinese=True).endswith("lab/tree/notebooks/zh-CN/00_welcome.ipynb")
    assert course.binder_url(chinese=True) in readme
    for chapter in course.CHAPTERS:
        assert (ROOT / chapter.chinese_notebook).exists(), f"{chapter.chinese_notebook}: run `python3 course.py translate`"
        assert f"[{chapter.title_zh}]({chapter.chinese_notebook})" in readme
        assert course.colab_url(chapter, chinese=True) in readme
    commands = re.findall(r"^python3 course\.py \S+.*$", readme, flags=re.M)
    assert [command.split("#")[0].split() for command in commands] == [
        ["python3", "course.py", "lab", "--lang", "zh-CN"], ["python3", "course.py", "test"]]


def stored_results_made_on(environment, monkeypatch, tmp_path):
    """The shipped results.json, recorded as made in `environment` (a copy that the check reads)."""
    import transferkit as tk

    stored = json.loads(tk.experiments.REFERENCE_FILE.read_text(encoding="utf-8"))
    stored["environments"] = dict.fromkeys(("label_efficiency", "negative_transfer_inverted"), environment)
    copy = tmp_path / "results.json"
    copy.write_text(json.dumps(stored), encoding="utf-8")
    monkeypatch.setattr(tk.experiments, "REFERENCE_FILE", copy)
    return stored


MACHINE = {"cpu": "AMD EPYC", "vector_features": "sse4_2 avx avx2 fma", "tensorflow": "2.21.0", "keras": "3.15.1",
           "numpy": "2.4.6"}


@pytest.mark.parametrize("moved", [0.0, 0.01])
def test_results_check_fails_when_a_stored_run_no_longer_repeats(moved, monkeypatch, capsys, tmp_path):
    """`course.py results --check` (CI) compares reruns with the stored runs; here the reruns are faked."""
    import transferkit as tk

    make_results = load_script("make_results")
    stored = stored_results_made_on(MACHINE, monkeypatch, tmp_path)
    monkeypatch.setattr(tk.environment, "numeric_environment", lambda: MACHINE)  # the machine that stored them

    def rerun(strategies, images, labels, labels_per_class, seeds):
        name = "label_efficiency" if images.mean() < 0.5 else "negative_transfer_inverted"  # inverted: white paper
        return [dict(row, accuracy=row["accuracy"] + moved) for row in stored[name]
                if row["strategy"] in strategies and row["labels_per_class"] in labels_per_class and row["seed"] in seeds]
    monkeypatch.setattr(tk.experiments, "compare_strategies", rerun)
    assert make_results.check() == (1 if moved else 0)
    output = capsys.readouterr()
    assert ("8 stored runs no longer repeat" in output.err) == bool(moved)
    assert output.out.count("DIFFERS") == (8 if moved else 0)
    assert output.out.count("(stored on this processor, with these libraries)") == 2


@pytest.mark.parametrize("moved, differing", [(0.003, 0), (0.05, 8)])
def test_on_another_processor_the_results_check_allows_the_seeds_spread(moved, differing, monkeypatch, capsys,
                                                                         tmp_path):
    """Another CPU rounds differently: 0.3 points is within every stored spread there, 5 points is not."""
    import transferkit as tk

    make_results = load_script("make_results")
    stored = stored_results_made_on(MACHINE, monkeypatch, tmp_path)
    elsewhere = dict(MACHINE, vector_features="sse4_2 avx avx2 fma avx512f avx512bw")
    monkeypatch.setattr(tk.environment, "numeric_environment", lambda: elsewhere)

    def rerun(strategies, images, labels, labels_per_class, seeds):
        name = "label_efficiency" if images.mean() < 0.5 else "negative_transfer_inverted"
        return [dict(row, accuracy=row["accuracy"] + moved) for row in stored[name]
                if row["strategy"] in strategies and row["labels_per_class"] in labels_per_class and row["seed"] in seeds]
    monkeypatch.setattr(tk.experiments, "compare_strategies", rerun)
    assert make_results.check() == (1 if differing else 0)
    output = capsys.readouterr().out
    assert output.count("DIFFERS") == differing
    assert ("or the stored seeds' spread (stored elsewhere: vector_features: sse4_2 avx avx2 fma then, "
            "sse4_2 avx avx2 fma avx512f avx512bw now)") in output


def test_a_partial_studies_rerun_keeps_the_full_runs_time(tmp_path, monkeypatch):
    make_studies = load_script("make_studies")
    monkeypatch.setattr(make_studies, "OUTPUT", tmp_path / "studies.md")
    assert make_studies.previous_timing() == (0.0, "")
    make_studies.OUTPUT.write_text("Date 2026-11-28; keras 3.15.1; total 104 min.\n", encoding="utf-8")
    assert make_studies.previous_timing() == (6240.0, "")
    rerun = "Rerun alone on 2026-11-29: text_transfer (4 min)."
    studies = json.loads(make_studies.STUDIES_FILE.read_text(encoding="utf-8"))
    make_studies.OUTPUT.write_text(make_studies.markdown(studies, 6240.0, rerun), encoding="utf-8")
    assert "a full run takes 104 min. " + rerun in make_studies.OUTPUT.read_text(encoding="utf-8")
    assert make_studies.previous_timing() == (6240.0, rerun)
    # A second partial rerun the same day adds to that sentence; a part rerun again moves to the newer date.
    assert make_studies.rerun_sentence(rerun, ["multitask"], 2, "2026-11-29") == \
        "Rerun alone on 2026-11-29: text_transfer, multitask (6 min)."
    assert make_studies.rerun_sentence(rerun, ["text_transfer"], 3, "2026-11-30") == \
        "Rerun alone on 2026-11-30: text_transfer (3 min)."


def test_the_benchmark_reports_the_median_of_its_rounds_and_reads_its_own_table(tmp_path, monkeypatch):
    benchmark = load_script("benchmark")
    runs = [(16.0, 870.0, 80.0, 0), (18.8, 880.0, 83.0, 0), (17.1, 875.0, 81.0, 0)]
    row = benchmark.summarise("03_x.ipynb", runs)
    assert row["seconds"] == 17.1 and row["runs"] == [16.0, 18.8, 17.1]  # the median, not the best run
    assert row["mb"] == 880.0 and row["runner_mb"] == 83.0 and row["code"] == 0  # memory: the highest
    assert benchmark.summarise("x.ipynb", runs + [(20.0, 800.0, 80.0, 1)])["code"] == 1  # one failed run shows
    monkeypatch.setattr(benchmark, "TABLE", tmp_path / "benchmarks.md")
    floor = {"seconds": 6.0, "runs": 2, "all": [5.9, 6.1], "mb": 666.0}
    benchmark.write_table([dict(row, lab_seconds=12.5, session_mb=990.0)], floor)
    assert benchmark.read_table() == [dict(row, lab_seconds=12.5, session_mb=990.0)]
    assert benchmark.read_floor() == floor
    assert "| 17.1 | 16.0, 18.8, 17.1 | 2.9 |" in benchmark.TABLE.read_text(encoding="utf-8")


def test_the_benchmark_explains_a_bad_rounds_option():
    benchmark = load_script("benchmark")
    assert benchmark.parse_arguments(["03", "--rounds=5"]) == (["03"], 5)
    assert benchmark.parse_arguments([]) == ([], benchmark.ROUNDS)
    for bad in (["--rounds=0"], ["--rounds=two"], ["--round=2"]):
        with pytest.raises(SystemExit, match="rounds"):
            benchmark.parse_arguments(bad)


CHINESE_NOTEBOOKS = sorted((ROOT / "notebooks" / "zh-CN").glob("*.ipynb"))
# TODO(issue 33): chapters 01, 05, 12 and 13 are being rewritten by another worker (text and check cells);
# their check cells carry the marker and are collapsed, but their asserts still live in visible cells and
# their messages are still short notes. When that work is merged, empty this set to turn both tests on.
CHECK_MESSAGES_PENDING: set[str] = set()


def assert_statements(source: str) -> list:
    """The `assert` nodes of a code cell (IPython magics and shell lines skipped)."""
    import ast

    code = "\n".join(line[:len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())
    return [node for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Assert)]


def message_problem(node) -> str | None:
    """Why an assert's failure message would not help a learner, or None when it is a sentence.

    A message must be a string literal (an f-string may insert what this run measured), passed through
    `tk.translate` so that the Chinese chapter shows it in Chinese, that reads as a sentence: at least six
    words, starting with a capital letter and ending with a period.
    """
    import ast

    if node.msg is None:
        return "has no message"
    message = node.msg
    if not (isinstance(message, ast.Call) and ast.unparse(message.func) == "tk.translate" and len(message.args) == 1):
        return "has a message not shown through tk.translate (the Chinese chapter would show it in English)"
    message = message.args[0]
    if isinstance(message, ast.Constant) and isinstance(message.value, str):
        text = message.value
    elif isinstance(message, ast.JoinedStr):
        text = "".join(part.value if isinstance(part, ast.Constant) else "0" for part in message.values)
    else:
        return "has a message that is not a string literal"
    text = text.strip()
    if len(text.split()) < 6:
        return f"has a message of fewer than six words: {text!r}"
    if not text[0].isupper() or not text.endswith("."):
        return f"has a message that is not a sentence (a capital letter first, a period last): {text!r}"
    return None


@pytest.mark.parametrize("path", NOTEBOOKS + CHINESE_NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_check_cells_are_collapsed_and_no_other_cell_is(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        check = course.is_check_cell(cell)
        collapsed = cell.metadata.get("jupyter", {}).get("source_hidden") is True
        tagged = course.HIDE_INPUT_TAG in cell.metadata.get("tags", [])
        first_line = cell.source.splitlines()[0] if cell.source else ""
        assert (collapsed, tagged) == (check, check), (
            f"{path.relative_to(ROOT)}, cell {cell.id} ({first_line!r}): "
            + ("a check cell must be collapsed and tagged hide-input" if check else
               "only a check cell (first line '# Check: ...') may be collapsed or tagged hide-input")
            + ". Run `python3 course.py sync`, then `python3 course.py translate`.")


@pytest.mark.parametrize("chapter", course.CHAPTERS, ids=lambda c: c.number)
def test_asserts_live_in_check_cells_and_explain_themselves(chapter):
    if chapter.number in CHECK_MESSAGES_PENDING:
        pytest.skip(f"TODO(issue 33): chapter {chapter.number}'s check cells are being rewritten elsewhere")
    notebook = nbformat.read(ROOT / chapter.notebook, as_version=4)
    problems = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for node in assert_statements(cell.source):
            where = f"cell {cell.id}, assert on line {node.lineno}"
            if not course.is_check_cell(cell):
                problems.append(f"{where} is outside a check cell: move it to a cell starting '{course.CHECK_FIRST_LINE}'")
            elif (problem := message_problem(node)) is not None:
                problems.append(f"{where} {problem}")
    assert not problems, f"{chapter.notebook}:\n  " + "\n  ".join(problems)


def test_the_message_check_accepts_a_sentence_and_rejects_the_rest():
    def problem(source):
        return message_problem(assert_statements(source)[0])

    assert problem('assert x, tk.translate(f"The text says x is positive, but this run measured {x}: run all cells again.")') is None
    assert problem("assert x") == "has no message"
    assert "through tk.translate" in problem('assert x, f"The text says x is positive, but this run measured {x}: run all cells again."')
    assert "fewer than six words" in problem('assert x, tk.translate("the text: 20 points")')
    assert "not a sentence" in problem('assert x, tk.translate("the text says it, so the run should show it")')
    assert "not a string literal" in problem("assert x, tk.translate(message)")


def test_sync_collapses_check_cells_and_only_them():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(course.CHECK_FIRST_LINE + "\nassert True"),
        nbformat.v4.new_code_cell("print(1)", metadata={"jupyter": {"source_hidden": True}, "tags": ["hide-input", "x"]}),
    ])
    load_script("sync_course").synced_notebook(notebook)
    check, other = notebook.cells
    assert check.metadata == {"tags": ["hide-input"], "jupyter": {"source_hidden": True}}
    assert other.metadata == {"tags": ["x"]}


def test_the_results_and_studies_pages_in_both_languages_are_what_the_scripts_render():
    """docs/results.md, docs/studies.md and their Chinese twins (issue 29) come from the stored runs and the
    catalog: an edit by hand, or a catalog change not rendered, fails here."""
    for name, command in (("make_results", "results"), ("make_studies", "studies")):
        for path, text in load_script(name).stored_pages().items():
            assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run `python3 course.py {command} --render`"


def test_the_rendered_results_and_studies_pages_state_the_run_not_the_machine_that_renders_them(monkeypatch):
    """A page rendered again from stored runs keeps the run's versions and cores: on another Python whose
    keras differs (.ci/run step 4), the pages are not stale."""
    import transferkit as tk

    monkeypatch.setattr(tk.environment, "versions", lambda: {"tensorflow": "0.0.1", "keras": "0.0.2"})
    monkeypatch.setattr(tk.environment, "hardware", lambda: {"cpu_cores": 97})
    for name in ("make_results", "make_studies"):
        for path, text in load_script(name).stored_pages().items():
            assert "0.0.2" not in text and " 97 " not in text, f"{path.name} states the rendering machine"
            assert path.read_text(encoding="utf-8") == text
