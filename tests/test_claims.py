"""Every measured number the chapters' prose quotes is checked on the learner's run.

A chapter's text is written once; its numbers come from a run. Prose drifted from the output before
(chapter 04's "within the spread", chapter 07's "1-2 points") because the asserts checked the
direction of a claim (a > b) while the sentence quoted a size. The rule, checked here without
running anything:

- a *measured quantity* in a markdown cell is a number written as a percentage (`86%`), as points
  (`1.5 points`, `1-2 points`), as a decimal (`1.8`) or after a `±`;
- each one must appear in an `assert` statement of the same notebook, or in the committed output of
  a `# NBVAL_CHECK_OUTPUT` cell, which nbval compares on every run (a setting the text quotes, such
  as a learning rate, is written as inline code);
- inline code, math, links and chapter numbers are not prose numbers; memory and time budgets
  (MB, GB, seconds, minutes) are shown by `python3 course.py bench`, not asserted.

A sentence may also make a size claim in words ("a few points", "about a point"): those are asserted
with thresholds in the cell after the text, which the chapters' review keeps; this test finds the
digits, which drift silently.
"""

import ast
import re
from pathlib import Path

import nbformat
import pytest

from transferkit import course

ROOT = Path(__file__).resolve().parents[1]

_NOT_PROSE = [
    re.compile(r"\$\$.*?\$\$", re.S),             # display math
    re.compile(r"\$[^$\n]*\$"),                   # inline math
    re.compile(r"`[^`\n]*`"),                     # inline code
    re.compile(r"\]\([^)\s]*\)"),                 # link targets
    re.compile(r"<[^>\n]*>"),                     # HTML tags
    re.compile(r"\bchapters?\s+\d\d(?:\s*(?:-|–|,|and|or|to)\s*\d\d)*", re.I),
    re.compile(r"\b\d+(?:\.\d+)?\s*(?:MB|GB|KB|s|seconds?|minutes?|min|hours?)\b"),
]
# A percentage, points (also a range "1-2 points"), a decimal, or a number after ±.
_MEASURED = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s?%"
    r"|(?P<range>\d+(?:\.\d+)?)\s?[-–]\s?(?P<range_end>\d+(?:\.\d+)?)\s+points?\b"
    r"|(?P<points>\d+(?:\.\d+)?)\s+points?\b"
    r"|±\s?(?P<spread>\d+(?:\.\d+)?)"
    r"|(?<![\w.,])(?P<decimal>\d+\.\d+)(?![\w.])"
)
# In a sentence that quotes points or percentages, a list goes on without the unit: "23 points at 1
# label per class, 12 at 3, 6 at 10".
_LISTED = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) at (?=\d)")


def prose(markdown: str) -> str:
    """Return the markdown with what is not prose (math, code, links, chapter numbers, budgets) removed."""
    for pattern in _NOT_PROSE:
        markdown = pattern.sub(" ", markdown)
    return markdown


def measured_numbers(markdown: str) -> list[tuple[str, str]]:
    """Return (number, sentence) for every measured quantity quoted in `markdown`.

    Example:
        >>> measured_numbers("Transfer wins by 1.5 points with `lr=0.01`, in chapter 07.")
        [('1.5', 'Transfer wins by 1.5 points with , in .')]
    """
    found = []
    text = prose(markdown)
    for sentence in re.split(r"(?<=[.!?])\s+|\n\s*[-*]\s+|\n\n", text):
        numbers = [match.group(name) for match in _MEASURED.finditer(sentence)
                   for name in ("pct", "range", "range_end", "points", "spread", "decimal") if match.group(name)]
        if any(match.group("pct") or match.group("points") or match.group("range") for match in _MEASURED.finditer(sentence)):
            numbers += [number for number in _LISTED.findall(sentence) if number not in numbers]
        found += [(number, " ".join(sentence.split())) for number in numbers]
    return found


def spellings(number: str) -> set[str]:
    """The ways code may hold `number`: as written, without trailing zeros, and as a fraction if it is a percent."""
    value = float(number)
    forms = {number, f"{value:g}", f"{value / 100:g}", f"{value:.1f}", f"{value / 100:.3f}".rstrip("0")}
    if value == int(value):
        forms.add(str(int(value)))
    return forms


def asserts(source: str) -> list[str]:
    """Return the source of every `assert` statement in a code cell (IPython magics skipped)."""
    code = "\n".join(line[:len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())
    return [ast.get_source_segment(code, node) for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Assert)]


def checked_text(notebook) -> str:
    """The notebook's assert statements plus the committed outputs that nbval compares."""
    parts = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        parts += asserts(cell.source)
        if "NBVAL_CHECK_OUTPUT" in cell.source:
            parts += [output.get("text", "") for output in cell.get("outputs", [])]
    return "\n".join(parts)


def unchecked(notebook) -> list[tuple[str, str]]:
    """Return (number, sentence) for each measured number of the prose that the notebook never checks."""
    checked = checked_text(notebook)
    numbers_in_code = set(re.findall(r"\d+(?:\.\d+)?(?:e-?\d+)?", checked))
    missing = []
    for cell in notebook.cells[1:]:  # the title cell states the run time, which the benchmark shows
        if cell.cell_type != "markdown":
            continue
        for number, sentence in measured_numbers(cell.source):
            if not spellings(number) & numbers_in_code:
                missing.append((number, sentence))
    return missing


@pytest.mark.parametrize("chapter", course.CHAPTERS, ids=lambda c: c.number)
def test_every_measured_number_in_the_prose_is_checked(chapter):
    notebook = nbformat.read(ROOT / chapter.notebook, as_version=4)
    missing = unchecked(notebook)
    assert not missing, "numbers quoted in the text but never asserted:\n" + "\n".join(
        f"  {number!r} in: {sentence}" for number, sentence in missing)


def test_the_check_finds_a_quoted_number_that_no_code_asserts():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# title"),
        nbformat.v4.new_markdown_cell("Fine-tuning wins by 2.5 points at 3 labels per class (86% vs 83.5%)."),
        nbformat.v4.new_code_cell("assert gain > 0.025"),
    ])
    assert [number for number, _ in unchecked(notebook)] == ["86", "83.5"]
    notebook.cells.append(nbformat.v4.new_code_cell("assert 0.855 < mine < 0.865 and abs(other - 83.5) < 0.05"))
    assert [number for number, _ in unchecked(notebook)] == ["86"]


def test_settings_in_code_math_and_chapter_numbers_are_not_claims():
    assert measured_numbers("Adam's default (`0.001`), $W \\cdot x$ with $0.5$, chapters 01-11, 1.5 GB, 2.5 s.") == []
    assert [n for n, _ in measured_numbers("gains of 1-2 points, ± 0.6")] == ["1", "2", "0.6"]
    assert [n for n, _ in measured_numbers("by 23 points at 1 label, 12 at 3, 6 at 10.")] == ["23", "12", "6"]


def unbacked(markdown: str, notebooks, generated: list[str]) -> list[tuple[str, str]]:
    """(number, sentence) for each measured number of `markdown` that backs onto nothing.

    A number is backed when a chapter checks it (an assert, or a `# NBVAL_CHECK_OUTPUT` output) or when
    a generated results table holds it (docs/results.md and docs/studies.md are written from the stored
    runs, and `course.py results --check` / `studies --check` rerun those).
    """
    backed = set()
    for text in [checked_text(notebook) for notebook in notebooks] + generated:
        backed |= set(re.findall(r"\d+(?:\.\d+)?", text))
    return [(number, sentence) for number, sentence in measured_numbers(markdown) if not spellings(number) & backed]


@pytest.mark.parametrize("document", ["docs/article.md", "README.md", "README.zh-CN.md", "docs/datasets.md"])
def test_every_measured_number_in_the_documents_is_backed(document):
    """The documents quote the course's numbers; a rerun study must not leave them behind (docs/article.md
    once said +5.9 where docs/results.md had +6.0)."""
    notebooks = [nbformat.read(ROOT / chapter.notebook, as_version=4) for chapter in course.CHAPTERS]
    generated = [(ROOT / "docs" / name).read_text(encoding="utf-8") for name in ("results.md", "studies.md")]
    missing = unbacked((ROOT / document).read_text(encoding="utf-8"), notebooks, generated)
    assert not missing, (f"numbers {document} quotes that no chapter checks and no results table holds "
                         "(update the text, or quote and assert them in the chapter):\n"
                         + "\n".join(f"  {number!r} in: {sentence}" for number, sentence in missing))


def test_the_article_check_finds_a_stale_number():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("assert round(100 * gain, 1) == 21.8")])
    table = "| 10 | from scratch: 85.8 ± 1.2 | frozen: 91.8 ± 0.6 | +6.0 |"
    text = "Transfer gains +21.8 points at 1 label per class and +5.9 at 10."
    assert [number for number, _ in unbacked(text, [notebook], [table])] == ["5.9"]
    assert unbacked(text.replace("5.9", "6.0"), [notebook], [table]) == []
