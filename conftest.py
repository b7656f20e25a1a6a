import os

import matplotlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# The tests read what transferkit and course.py print in English (each notebook's kernel finds its own language
# from its folder first): a learner's TRANSFERKIT_LANG=zh-CN or Chinese system locale must not change them.
os.environ["TRANSFERKIT_LANG"] = "en"
matplotlib.use("Agg")


def pytest_ignore_collect(collection_path, config):
    """In exercises/, only the student notebooks are run (by nbval): masters and Otter's autograder
    output hold the solutions, and tests/test_exercises.py grades those.

    Of the Chinese chapters (notebooks/zh-CN), the learner's command runs the welcome notebook only: the
    others run exactly the English code (tests/test_i18n.py proves their code cells byte-identical).
    With TRANSFERKIT_CHINESE_NOTEBOOKS=all (CI, `.ci/run`), nbval runs every Chinese chapter and Chinese
    student notebook too: what they print in Chinese, and the Chinese outputs of their check-output cells."""
    parts = collection_path.parts
    every_chinese = os.environ.get("TRANSFERKIT_CHINESE_NOTEBOOKS") == "all"
    if "zh-CN" in parts and collection_path.suffix == ".ipynb":
        return not (every_chinese or collection_path.name.startswith("00_"))
    if "exercises" in parts and collection_path.is_file():
        students = ("student", "student-zh-CN") if every_chinese else ("student",)
        return (collection_path.suffix != ".ipynb" or not any(folder in parts for folder in students)
                or "autograder" in parts)
    return None


def pytest_terminal_summary(terminalreporter):
    """Print what the mutation testing of the public checks measured (tests/test_mutants.py): the mutants per
    question, the score per assignment and the time the run took."""
    import sys

    module = next((m for name, m in list(sys.modules.items()) if name.endswith("test_mutants")), None)
    for line in getattr(module, "SUMMARY", []):
        terminalreporter.write_line(line)
