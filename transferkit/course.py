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

    @property
    def notebook(self) -> str:
        return f"notebooks/{self.number}_{self.slug}.ipynb"

    @property
    def assignment(self) -> str | None:
        """The student notebook of the chapter's assignment (chapters 01-11 have one), or None."""
        if not "01" <= self.number <= "11":
            return None
        return f"exercises/{self.number}_{self.slug}/student/{self.number}_{self.slug}.ipynb"


CHAPTERS = (
    Chapter("00", "welcome", "Welcome",
            "open the course anywhere (local, Binder, Colab), check the environment, find your way"),
    Chapter("01", "what_is_transfer_learning", "What is transfer learning",
            "name source/target task, shared/specific layers, pretrained model and strategy; "
            "run the article's Keras example and a first transfer experiment"),
    Chapter("02", "the_math", "The math",
            "compute f_shared and f_specific by hand, match Keras to 1e-5, say what e and the loss "
            "are, count what freezing stops"),
    Chapter("03", "pretraining_a_source_model", "Pretraining a source model",
            "train a source model, look inside its shared layers, save and load it, use the shipped one"),
    Chapter("04", "feature_extraction", "Feature extraction",
            "freeze f_shared, train f_specific with few labels, read a label-efficiency curve"),
    Chapter("05", "fine_tuning", "Fine-tuning",
            "run the two-phase recipe and avoid its traps (recompile, BatchNorm, learning rate, forgetting)"),
    Chapter("06", "choosing_shared_layers", "Choosing shared layers",
            "measure which layers are general and which are specific; use PCA/LDA and a similarity score"),
    Chapter("07", "similarity_data_and_negative_transfer", "Similarity, data and negative transfer",
            "predict when transfer helps, vanishes or hurts, from task similarity and the number of labels"),
    Chapter("08", "domain_adaptation", "Domain adaptation",
            "close a domain gap with MMD, CORAL or an adversarial domain classifier, and measure the gap"),
    Chapter("09", "preprocessing_and_augmentation", "Preprocessing and augmentation",
            "match the pretrained model's preprocessing; measure what augmentation does when labels are few"),
    Chapter("10", "multitask_shared_layers", "Multi-task shared layers",
            "train one f_shared with several f_specific heads and compare with separate models"),
    Chapter("11", "real_pretrained_models", "Real pretrained models",
            "apply the recipe to a real ImageNet backbone and real photos (with an offline fallback)"),
    Chapter("12", "summary_and_faq", "Summary and FAQ",
            "answer the article's questions with evidence from your own runs"),
)


def install_command() -> str:
    """Return the pip command that installs the course package straight from its home."""
    return f'pip install --no-deps "transferkit @ git+{HOME}@{BRANCH}"'


def binder_url(chapter: Chapter | None = None) -> str:
    """Return the Binder link that opens JupyterLab at a chapter (the welcome notebook by default)."""
    chapter = chapter or CHAPTERS[0]
    return (f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}"
            f"?urlpath=lab/tree/{chapter.notebook}")


def colab_url(chapter: Chapter) -> str:
    """Return the "Open in Colab" link of a chapter's notebook."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{chapter.notebook}"


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


def colab_cell_source() -> str:
    """Return the first code cell of every notebook: install transferkit on Colab, nowhere else."""
    return (
        "# On Google Colab only: install transferkit (TensorFlow and the rest are already there).\n"
        "# Locally and on Binder the set-up command has installed it, so this cell does nothing.\n"
        "import sys\n"
        "\n"
        "if \"google.colab\" in sys.modules:\n"
        f"    %{install_command()}"
    )


def course_map_markdown(from_notebooks: bool = False) -> str:
    """Return the course map as a Markdown table: chapter, title linked to its notebook, goal.

    Args:
        from_notebooks: write links relative to `notebooks/` (for the welcome notebook) instead
            of the repository's root (for README.md).
    """
    lines = ["| # | chapter | after it, you can... | assignment |", "|---|---|---|---|"]
    for chapter in CHAPTERS:
        link = chapter.notebook.removeprefix("notebooks/") if from_notebooks else chapter.notebook
        assignment = chapter.assignment and (f"../{chapter.assignment}" if from_notebooks else chapter.assignment)
        exercise = f"[{chapter.number}]({assignment})" if assignment else "-"
        lines.append(f"| {chapter.number} | [{chapter.title}]({link}) | {chapter.goal} | {exercise} |")
    return "\n".join(lines)


def badges_markdown() -> str:
    """Return the README's launch badges: Binder (JupyterLab at the welcome notebook), Colab per chapter."""
    lines = [
        f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url()})",
        "",
        "| chapter | open in Colab |",
        "|---|---|",
    ]
    for chapter in CHAPTERS:
        badge = "https://colab.research.google.com/assets/colab-badge.svg"
        lines.append(f"| {chapter.number} · {chapter.title} | [![Open In Colab]({badge})]"
                     f"({colab_url(chapter)}) |")
    return "\n".join(lines)
