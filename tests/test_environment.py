import transferkit as tk
from transferkit import environment


def test_report_lists_versions_and_hardware():
    text = tk.environment.report()
    for name in ("python", "tensorflow", "keras", "numpy", "scikit-learn", "cpu_cores", "gpus", "problems"):
        assert name in text
    assert "problems      none" in text


def test_problems_names_a_missing_package_and_the_fix(monkeypatch):
    original = environment._installed_version
    monkeypatch.setattr(environment, "_installed_version",
                        lambda name: None if name == "sklearn" else original(name))
    [problem] = environment.problems()
    assert "scikit-learn is not installed" in problem and "course.py lab" in problem


def test_problems_names_a_version_outside_the_range(monkeypatch):
    original = environment._installed_version
    monkeypatch.setattr(environment, "_installed_version",
                        lambda name: "2.5.0" if name == "keras" else original(name))
    [problem] = environment.problems()
    assert "keras 2.5.0 is installed; expected 3.3 <= version < 4" in problem


def test_version_ranges_agree_with_pyproject():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    dependencies = " ".join(pyproject["project"]["dependencies"])
    for _, distribution, lowest, below in environment.REQUIREMENTS:
        assert f"{distribution}>={lowest},<{below}" in dependencies, distribution


def test_python_range_is_pyprojects_requires_python():
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    low, below = map(int, re.search(r'requires-python = ">=3\.(\d+),<3\.(\d+)"', text).groups())
    assert environment.PYTHON_RANGE == ((3, low), (3, below - 1))


def test_blas_and_openmp_run_on_one_thread_beside_tensorflow():
    import threadpoolctl

    import transferkit  # noqa: F401  (sets the limits on import)

    pools = threadpoolctl.threadpool_info()
    assert {pool["user_api"] for pool in pools} >= {"blas", "openmp"}
    assert all(pool["num_threads"] == 1 for pool in pools), pools
