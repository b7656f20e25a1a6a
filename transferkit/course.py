"""The course's facts in one place: where it lives, and its chapters in reading order.

A fork edits `REPOSITORY` and `BRANCH` here and runs `python3 course.py sync`: that rewrites the
Binder and Colab badges in README.md and the Colab install line in every notebook.

Example:
    >>> from transferkit import course
    >>> course.CHAPTERS[0].title
    'Welcome'
    >>> course.colab_url(course.CHAPTERS[0]).startswith("https://colab.research.google.com/github/")
    True
"""

from __future__ import annotations

from dataclasses import dataclass

REPOSITORY = "transferkit/transferkit"
BRANCH = "main"
HOME = f"https://github.com/{REPOSITORY}"


@dataclass(frozen=True)
class Chapter:
    """One numbered notebook of the course."""

    number: str
    slug: str
    title: str
    goal: str
    title_zh: str = ""
    goal_zh: str = ""

    @property
    def notebook(self) -> str:
        return f"notebooks/{self.number}_{self.slug}.ipynb"

    @property
    def chinese_notebook(self) -> str:
        """The Simplified-Chinese notebook, built from the English by `python3 course.py translate`."""
        return f"notebooks/zh-CN/{self.number}_{self.slug}.ipynb"

    @property
    def chinese_assignment(self) -> str | None:
        """The Simplified-Chinese student notebook of the chapter's assignment, or None."""
        return self.assignment and self.assignment.replace("/student/", "/student-zh-CN/")

    @property
    def assignment(self) -> str | None:
        """The student notebook of the chapter's assignment (every chapter but 00 and 13 has one), or None."""
        if self.number in ("00", "13"):
            return None
        return f"exercises/{self.number}_{self.slug}/student/{self.number}_{self.slug}.ipynb"


CHAPTERS = (
    Chapter("00", "welcome", "Welcome",
            "open the course anywhere (local, Binder, Colab), check the environment, find your way",
            "欢迎", "在任何地方（本机、Binder、Colab）打开课程，检查环境，找到方向"),
    Chapter("01", "what_is_transfer_learning", "What is transfer learning",
            "name source/target task, shared/specific layers, pretrained model and strategy; "
            "run the article's Keras example and a first transfer experiment",
            "什么是迁移学习",
            "说出源任务/目标任务、共享层/特定层、预训练模型和迁移学习策略；"
            "运行原文的 Keras 示例和第一个迁移实验"),
    Chapter("02", "the_math", "The math",
            "compute f_shared and f_specific by hand, match Keras to 1e-5, say what e and the loss "
            "are, count what freezing stops",
            "数学原理",
            "手算 f_shared 和 f_specific，"
            "与 Keras 的结果吻合到 1e-5，说明 e 和损失是什么，算出冻结阻止了哪些参数的训练"),
    Chapter("03", "pretraining_a_source_model", "Pretraining a source model",
            "train a source model, look inside its shared layers, save and load it, use the shipped one",
            "预训练源模型", "训练一个源模型，观察它的共享层，保存并加载它，使用随课程提供的模型"),
    Chapter("04", "feature_extraction", "Feature extraction",
            "freeze f_shared, train f_specific with few labels, read a label-efficiency curve",
            "特征提取", "冻结 f_shared，用少量标注训练 f_specific，读懂标注效率曲线"),
    Chapter("05", "fine_tuning", "Fine-tuning",
            "run the two-phase recipe and avoid its traps (recompile, BatchNorm, learning rate, forgetting)",
            "微调", "运行两阶段方法并避开它的陷阱（重新编译、批归一化、学习率、遗忘）"),
    Chapter("06", "choosing_shared_layers", "Choosing shared layers",
            "measure which layers are general and which are specific; use PCA/LDA and a similarity score",
            "选择共享层", "度量哪些层是通用的、哪些是特定的；使用 PCA/LDA 和相似性分数"),
    Chapter("07", "similarity_data_and_negative_transfer", "Similarity, data and negative transfer",
            "predict when transfer helps, vanishes or hurts, from task similarity and the number of labels",
            "相似性、数据量与负迁移", "根据任务相似性和标注数量，预测迁移何时有帮助、何时无效、何时有害"),
    Chapter("08", "domain_adaptation", "Domain adaptation",
            "close a domain gap with MMD, CORAL or an adversarial domain classifier, and measure the gap",
            "领域自适应", "用 MMD、CORAL 或对抗式领域分类器缩小领域差距，并度量这个差距"),
    Chapter("09", "preprocessing_and_augmentation", "Preprocessing and augmentation",
            "match the pretrained model's preprocessing; measure what augmentation does when labels are few",
            "预处理与数据增强", "与预训练模型的预处理保持一致；度量标注很少时数据增强的作用"),
    Chapter("10", "multitask_shared_layers", "Multi-task shared layers",
            "train one f_shared with several f_specific heads and compare with separate models",
            "多任务共享层",
            "用多个 f_specific 头训练一个 f_shared，"
            "并与各自独立的模型比较"),
    Chapter("11", "real_pretrained_models", "Real pretrained models",
            "apply the recipe to a real ImageNet backbone and real photos (with an offline fallback)",
            "真实的预训练模型", "把方法用到真实的 ImageNet 骨干网络和真实照片上（附离线备选方案）"),
    Chapter("12", "text_and_speech", "Beyond images: text and speech",
            "transfer a character model to unseen languages and a spectrogram model to unseen voices, "
            "and find where from scratch catches up",
            "超越图像：文本与语音",
            "把字符模型迁移到没见过的语言、把声谱图模型迁移到没听过的声音上，"
            "并找出从零训练在哪里追上迁移"),
    Chapter("13", "summary_and_faq", "Summary and FAQ",
            "answer the article's questions with evidence from your own runs",
            "总结与常见问题", "用你自己运行得到的证据回答原文提出的问题"),
    Chapter("14", "past_one_cpu", "Past one CPU",
            "train the recipe on several devices and machines with tf.distribute, check that it matches one "
            "device, feed accelerators, and resume an interrupted run",
            "超越单个 CPU",
            "用 tf.distribute 在多个设备和多台机器上训练，检查结果与单个设备一致，"
            "为加速器供给数据，并从中断处恢复训练"),
)


def install_command() -> str:
    """Return the pip command that installs the course package straight from its home."""
    return f'pip install --no-deps "transferkit @ git+{HOME}@{BRANCH}"'


def binder_url(chapter: Chapter | None = None, chinese: bool = False) -> str:
    """Return the Binder link that opens JupyterLab at a chapter (the welcome notebook by default).

    `chinese=True` opens the chapter's Simplified-Chinese notebook (notebooks/zh-CN/).
    """
    chapter = chapter or CHAPTERS[0]
    return (f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}"
            f"?urlpath=lab/tree/{chapter.chinese_notebook if chinese else chapter.notebook}")


def colab_url(chapter: Chapter, chinese: bool = False) -> str:
    """Return the "Open in Colab" link of a chapter's notebook (or of its Chinese notebook)."""
    notebook = chapter.chinese_notebook if chinese else chapter.notebook
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{notebook}"


def find_chapter(number: str) -> Chapter:
    """Return the chapter with this two-digit number.

    Raises:
        ValueError: if no chapter has that number.
    """
    for chapter in CHAPTERS:
        if chapter.number == number:
            return chapter
    known = ", ".join(chapter.number for chapter in CHAPTERS)
    raise ValueError(
        f"There is no chapter {number!r}. Received: number={number!r}. "
        f"Expected one of: {known}."
    )


COLAB_TAG = "colab-install"
COURSE_MAP_TAG = "course-map"

# Check cells: code cells that only assert that the prose's numbers and claims match the learner's run.
# They keep the text honest but are not the lesson, so JupyterLab shows them collapsed (the cell
# metadata `"jupyter": {"source_hidden": true}`) and a Jupyter Book / myst-nb site would hide their
# input (the tag `hide-input`). A check cell is recognised by its first line, which starts with
# CHECK_MARKER; `python3 course.py sync` sets the metadata and the tag on exactly those cells.
CHECK_MARKER = "# Check:"
CHECK_FIRST_LINE = "# Check: the text above matches this run."  # or "... the text below ..."
HIDE_INPUT_TAG = "hide-input"


def is_check_cell(cell) -> bool:
    """Return whether a notebook cell is a check cell: a code cell whose first line starts with `# Check:`."""
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    return cell.get("cell_type") == "code" and source.startswith(CHECK_MARKER)


def is_hidden(cell) -> bool:
    """Return whether a cell's input is collapsed in JupyterLab or tagged `hide-input`."""
    metadata = cell.get("metadata", {})
    return bool(metadata.get("jupyter", {}).get("source_hidden")) or HIDE_INPUT_TAG in metadata.get("tags", [])


def mark_check_cell(cell) -> None:
    """Collapse a check cell's source in JupyterLab and tag it `hide-input`; undo both on any other cell."""
    metadata = cell.setdefault("metadata", {})
    tags = [tag for tag in metadata.get("tags", []) if tag != HIDE_INPUT_TAG]
    jupyter = {key: value for key, value in metadata.get("jupyter", {}).items() if key != "source_hidden"}
    if is_check_cell(cell):
        tags.append(HIDE_INPUT_TAG)
        jupyter["source_hidden"] = True
    for key, value in (("tags", tags), ("jupyter", jupyter)):
        if value:
            metadata[key] = value
        else:
            metadata.pop(key, None)


def colab_cell_source(chinese: bool = False) -> str:
    """Return the first code cell of every notebook: install transferkit on Colab, nowhere else.

    `chinese=True`: the Chinese chapters' cell, which also sets `TRANSFERKIT_LANG` on Colab, where the
    notebook's path does not say its language (locally the `zh-CN` folder does).
    """
    if chinese:
        return (
            "# 仅在 Google Colab 上运行：安装 transferkit（TensorFlow 等 Colab 已自带），并让它用中文显示图和表。\n"
            "# 在本地和 Binder 上，安装命令已经装好了它，这个单元什么也不做。\n"
            "import os\n"
            "import sys\n"
            "\n"
            "if \"google.colab\" in sys.modules:\n"
            "    os.environ[\"TRANSFERKIT_LANG\"] = \"zh-CN\"\n"
            f"    %{install_command()}"
        )
    return (
        "# On Google Colab only: install transferkit (TensorFlow and the rest are already there).\n"
        "# Locally and on Binder the set-up command has installed it, so this cell does nothing.\n"
        "import sys\n"
        "\n"
        "if \"google.colab\" in sys.modules:\n"
        f"    %{install_command()}"
    )


def course_map_markdown(from_notebooks: bool = False, chinese: bool = False) -> str:
    """Return the course map as a Markdown table: chapter, title linked to its notebook, goal.

    Args:
        from_notebooks: write links relative to the chapters' folder (for the welcome notebook)
            instead of the repository's root (for README.md).
        chinese: the Simplified-Chinese map: Chinese titles and goals, links to the Chinese
            notebooks (the Chinese welcome notebook's map is written relative to `notebooks/`, like
            the English one: `python3 course.py translate` moves its links one folder deeper).
    """
    header = "| # | 章节 | 学完之后，你能…… | 作业 |" if chinese else "| # | chapter | after it, you can... | assignment |"
    lines = [header, "|---|---|---|---|"]
    for chapter in CHAPTERS:
        notebook = chapter.chinese_notebook if chinese and not from_notebooks else chapter.notebook
        link = notebook.removeprefix("notebooks/") if from_notebooks else notebook
        student = chapter.chinese_assignment if chinese else chapter.assignment
        assignment = student and (f"../{student}" if from_notebooks else student)
        exercise = f"[{chapter.number}]({assignment})" if assignment else "-"
        title, goal = (chapter.title_zh, chapter.goal_zh) if chinese else (chapter.title, chapter.goal)
        lines.append(f"| {chapter.number} | [{title}]({link}) | {goal} | {exercise} |")
    return "\n".join(lines)


def badges_markdown(chinese: bool = False) -> str:
    """Return the README's launch badges: Binder (JupyterLab at the welcome notebook), Colab per chapter.

    `chinese=True`: the badges of README.zh-CN.md, which open the Chinese notebooks.
    """
    lines = [
        f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url(chinese=chinese)})",
        "",
        "| 章节 | 在 Colab 中打开 |" if chinese else "| chapter | open in Colab |",
        "|---|---|",
    ]
    for chapter in CHAPTERS:
        badge = "https://colab.research.google.com/assets/colab-badge.svg"
        title = chapter.title_zh if chinese else chapter.title
        lines.append(f"| {chapter.number} · {title} | [![Open In Colab]({badge})]"
                     f"({colab_url(chapter, chinese)}) |")
    return "\n".join(lines)
