"""The kernel's side of the one-chapter-at-a-time policy: a place for the note, and the note itself.

When the lab shuts a notebook's kernel down to make room for another (see `kernels`), the learner
must see why in that notebook, not find a dead kernel. JupyterLab applies `update_display_data`
messages to any output with the same display id, whoever asked for them, so each kernel the lab
starts reserves an empty output in the first cell it runs, and the server later fills it by
running `note_code(...)` in that kernel just before shutting it down.

Example:
    >>> "update_display" in note_code("notebooks/02_the_math.ipynb")
    True
"""

from __future__ import annotations

import html
import os

DISPLAY_ID = "transferkit-kernel-note"
# Set by the lab's kernel manager for the kernels it starts (nbval and nbconvert kernels reserve nothing).
LAB_ENV = "TRANSFERKIT_LAB"


def reserve_note_on_first_cell(ipython) -> None:
    """Leave an empty output with `DISPLAY_ID` under the first cell this kernel runs."""
    if os.environ.get(LAB_ENV) != "1":
        return

    def reserve(*args):
        ipython.events.unregister("pre_run_cell", reserve)
        from IPython.display import display

        display({"text/plain": ""}, raw=True, display_id=DISPLAY_ID)

    ipython.events.register("pre_run_cell", reserve)


def note_text(opening: str, chinese: bool = False) -> tuple[str, str]:
    """Return the note as (plain text, HTML) for a kernel shut down because `opening` was opened.

    `chinese`: the note of a Simplified-Chinese notebook (notebooks/zh-CN/, student-zh-CN/).
    """
    if chinese:
        plain = (f"为了释放内存，在你打开 {opening} 时，这个笔记本的内核已被关闭：本课程同一时间只运行一个笔记本，"
                 "这样 2 GB 的 Binder 会话就不会耗尽内存。输出仍然保留。要在这里继续，请选择“运行 > 运行所有单元格”，"
                 "会启动一个新的内核。")
        rich = ("<div style='border-left: 4px solid #e0a800; background: #fff8e1; color: #333; padding: 6px 10px'>"
                "<b>这个笔记本的内核已被关闭</b>：为了释放内存，在你打开 "
                f"<code>{html.escape(opening)}</code> 时关闭了它。本课程同一时间只运行一个笔记本，这样 2 GB 的 Binder "
                "会话就不会耗尽内存。输出仍然保留。要在这里继续，请选择<b>运行 ▸ 运行所有单元格</b>，会启动一个新的内核。</div>")
        return plain, rich
    plain = (f"This notebook's kernel was shut down to free memory when you opened {opening}: the course runs "
             "one notebook at a time, so a 2 GB Binder session never runs out. The outputs stay. To continue "
             "here, choose Run > Run All Cells; a fresh kernel starts.")
    rich = ("<div style='border-left: 4px solid #e0a800; background: #fff8e1; color: #333; padding: 6px 10px'>"
            "<b>This notebook's kernel was shut down</b> to free memory when you opened "
            f"<code>{html.escape(opening)}</code>: the course runs one notebook at a time, so a 2 GB Binder "
            "session never runs out. The outputs stay. To continue here, choose <b>Run ▸ Run All Cells</b>; "
            "a fresh kernel starts.</div>")
    return plain, rich


def note_code(opening: str, chinese: bool = False) -> str:
    """Return the code the server runs in a kernel to show the note in its reserved output."""
    plain, rich = note_text(opening, chinese)
    return ("from IPython.display import update_display as _tk_update\n"
            f"_tk_update({{'text/plain': {plain!r}, 'text/html': {rich!r}}}, raw=True, display_id={DISPLAY_ID!r})\n"
            "del _tk_update\n")
