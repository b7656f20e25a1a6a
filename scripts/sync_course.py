"""Rewrite the generated parts of README.md and the notebooks from transferkit/course.py.

The repository's address and the chapter list live in one place, `transferkit/course.py`. This
script copies them into: the badges and course map of README.md and of README.zh-CN.md, the Colab
install cell of every notebook, and the course map of the welcome notebook. It also collapses every
check cell (first line `# Check: ...`, see `transferkit.course.CHECK_MARKER`): JupyterLab's
`"jupyter": {"source_hidden": true}` and the tag `hide-input`, on those cells and no others. `--check` changes
nothing and exits 1 if anything is out of date (the test suite runs it).

Usage:
    python3 course.py sync            # rewrite
    python3 course.py sync --check    # only report
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from transferkit import course

ROOT = Path(__file__).resolve().parent.parent


def replace_block(text: str, name: str, content: str, path: Path) -> str:
    pattern = re.compile(rf"(<!-- begin:{name} -->).*?(<!-- end:{name} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"{path} has no <!-- begin:{name} --> ... <!-- end:{name} --> block.")
    return pattern.sub(lambda match: f"{match.group(1)}\n{content}\n{match.group(2)}", text)


def synced_readme(text: str, path: Path) -> str:
    chinese = path.name == "README.zh-CN.md"
    text = replace_block(text, "badges", course.badges_markdown(chinese=chinese), path)
    text = replace_block(text, "course-map", course.course_map_markdown(chinese=chinese), path)
    return replace_block(text, "colab-install", f"```\n{course.install_command()}\n```", path)


def synced_notebook(notebook) -> None:
    for cell in notebook.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if course.COLAB_TAG in tags:
            cell.source = course.colab_cell_source()
        if course.COURSE_MAP_TAG in tags:
            cell.source = course.course_map_markdown(from_notebooks=True)
        course.mark_check_cell(cell)


def out_of_date(write: bool) -> list[str]:
    """Return the files whose generated parts differ from transferkit/course.py (and fix them if asked)."""
    stale = []
    for readme in (ROOT / "README.md", ROOT / "README.zh-CN.md"):
        text = readme.read_text(encoding="utf-8")
        new_text = synced_readme(text, readme)
        if new_text != text:
            stale.append(str(readme.relative_to(ROOT)))
            if write:
                readme.write_text(new_text, encoding="utf-8")
    for chapter in course.CHAPTERS:
        path = ROOT / chapter.notebook
        if not path.exists():
            stale.append(f"{chapter.notebook} (missing)")
            continue
        notebook = nbformat.read(path, as_version=4)
        before = nbformat.writes(notebook)
        synced_notebook(notebook)
        if nbformat.writes(notebook) != before:
            stale.append(chapter.notebook)
            if write:
                nbformat.write(notebook, path)
    return stale


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = out_of_date(write=not check)
    if check and stale:
        print("Out of date with transferkit/course.py: " + ", ".join(stale)
              + ". Run `python3 course.py sync` and commit the result.")
        return 1
    print("rewritten: " + ", ".join(stale) if stale else "everything is in sync")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
