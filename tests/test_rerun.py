"""A chapter run again in the same kernel prints the same numbers.

A learner does not always restart the kernel: they run all cells a second time, or one experiment cell
again. "Restart Kernel and Run All" reproduces because every run sets its seeds (the browser test checks
that); running cells again without a restart must too, or a rerun cell prints other numbers than its text
quotes and its asserts may fail. Running every chapter twice found two such cases: augmentation layers
shared by all runs (chapter 09) and a compiled copy whose construction moved Keras' seeds (chapter 13's
LoRA). Run times vary (`lab_session.VARIES`); everything else a cell prints must be the same.

Which chapters: 01, 09 and 13 by default (the kit's own experiments, and the two chapters where a second
run found a difference), about a minute and a half; every chapter with TRANSFERKIT_RERUN_CHAPTERS=all (as
`.ci/run` does: six minutes), or a list such as TRANSFERKIT_RERUN_CHAPTERS=03,07.
"""

import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from transferkit import course

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import lab_session  # noqa: E402


def printed(cell) -> str:
    """What a code cell printed or returned as text, with run times masked."""
    texts = [output.get("text", "") for output in cell.get("outputs", []) if output["output_type"] == "stream"]
    texts += [output["data"].get("text/plain", "") for output in cell.get("outputs", [])
              if output["output_type"] == "execute_result"]
    return lab_session.VARIES.sub("<varies>", "".join(texts))


CHOSEN = lab_session.chapters_from_environment("TRANSFERKIT_RERUN_CHAPTERS", "01,09,13")


@pytest.mark.parametrize("chapter", [chapter for chapter in course.CHAPTERS if CHOSEN is None or chapter.number in CHOSEN],
                         ids=lambda chapter: chapter.number)
def test_running_a_chapter_again_in_the_same_kernel_prints_the_same(chapter, tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFERKIT_CACHE", str(tmp_path))  # the kernel inherits it: nothing cached from before
    notebook = nbformat.read(ROOT / chapter.notebook, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    code = [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    with client.setup_kernel():
        for index, cell in code:
            client.execute_cell(cell, index)
        first = {index: printed(cell) for index, cell in code}
        for index, cell in code:  # a CellExecutionError here: the second run failed (e.g. an assert)
            client.execute_cell(cell, index)
    differing = {index: (first[index], printed(cell)) for index, cell in code if printed(cell) != first[index]}
    assert not differing, (
        f"{chapter.notebook}: run again in the same kernel, these cells printed something else "
        f"(cell index: first run, second run): {differing}")
    assert any(any(character.isdigit() for character in text) for text in first.values()), "nothing to compare"
