"""Build the course as a static website, in English and Chinese, offline: `python3 course.py site`.

The site is made from the files the course uses, never a second copy of its text: the chapters (executed at
build time, so the pages show what a learner's run prints and draws), the student version of every assignment
(not executed; never a master, a worked solution or a hidden test), the docs (article, glossary, datasets,
results, studies, instructors) and the assignments' guide. The Chinese site is made from the generated Chinese
notebooks and the docs' Chinese twins.

How: Sphinx with myst-nb (the engine of Jupyter Book 1) and sphinx-book-theme, which build offline from PyPI
packages. (Jupyter Book 2, mystmd, downloads its theme at build time unless cached and cannot serve two
languages yet: mystmd#1879.) Each language is one Sphinx project, staged under `.site-build/<language>/` in the
repository's own layout, so that every relative link of a notebook or document still leads where it leads in
the repository, and the theme's Binder and Colab buttons name the notebook's real path. A link to a file that is
not a page (a script, a master notebook, a worked solution) becomes a link to the repository on GitHub.

- Executed notebooks are cached (jupyter-cache, through myst-nb) in `.site-cache/<key>/`, where the key
  covers transferkit's source, data and weights and the versions of every installed package (`cache_key`); the
  notebook's own code is jupyter-cache's key. A build with nothing changed executes nothing.
- A cell that fails fails the build (`nb_execution_raise_on_error`), and so does any Sphinx warning.
- MathJax comes from the site itself (jupyter-server-mathjax's copy), search works in Chinese
  (`html_search_language = "zh"`, which uses jieba), and nothing is fetched from the internet.

Usage:
    python3 course.py site                     # every chapter, both languages, into _site/ (git-ignored)
    python3 course.py site --chapters 05,13    # only these chapters executed and shown; every other page
    python3 course.py site --out DIR           # build into DIR instead of _site/
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from transferkit import course  # noqa: E402

SITE_CONFIG = ROOT / "website"  # conf.py, templates and static files (one configuration for both languages)
OUTPUT = ROOT / "_site"
STAGING = ROOT / ".site-build"
CACHE = ROOT / ".site-cache"
LANGUAGES = ("en", "zh-CN")
REPOSITORY_URL = f"https://github.com/{course.REPOSITORY}"
PAGES_URL = "https://transferkit.github.io/transferkit/"
DOCS = ("article", "glossary", "datasets", "results", "studies", "instructors")
# Files whose content the executed pages depend on, beside the notebooks themselves: transferkit's source, data
# and weights (the key also holds every installed package's version).
KEY_SOURCES = ("transferkit", "transferkit_lab")


def cache_key(root: Path = ROOT) -> str:
    """A short hash of what an executed notebook depends on besides its own code: every file of transferkit
    (source, data, weights, fonts, catalogs) and transferkit_lab, and the name and version of every installed
    package. A change to any of them executes the notebooks again.

    Example:
        >>> len(cache_key())
        16
    """
    digest = hashlib.sha256()
    for folder in KEY_SOURCES:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    packages = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions()
                      if dist.metadata["Name"] and dist.metadata["Name"].lower() != "transferkit")
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:16]


def chinese(language: str) -> bool:
    return language == "zh-CN"


def pages(language: str, chapters: list[str] | None = None) -> dict[str, Path]:
    """The site's pages of one language: {path in the repository's layout: the file it is made from}; with
    `chapters`, only those chapters (and every assignment and document)."""
    files = {}
    for chapter in course.CHAPTERS:  # `chapters`: the chapters to run and show (every assignment is shown)
        notebook = chapter.chinese_notebook if chinese(language) else chapter.notebook
        if chapters is None or chapter.number in chapters:
            files[notebook] = ROOT / notebook
        student = chapter.chinese_assignment if chinese(language) else chapter.assignment
        if student:
            files[student] = ROOT / student
    guide = "exercises/README.zh-CN.md" if chinese(language) else "exercises/README.md"
    files[guide] = ROOT / guide
    for name in DOCS:
        twin = ROOT / "docs" / f"{name}.zh-CN.md"
        if chinese(language) and twin.exists():
            files[f"docs/{name}.zh-CN.md"] = twin
        elif not chinese(language):
            files[f"docs/{name}.md"] = ROOT / "docs" / f"{name}.md"
    return files


def other_page(pagename: str, language: str) -> str:
    """The same page in the other language (Sphinx page names, without suffix).

    Example:
        >>> other_page("notebooks/05_fine_tuning", "en")
        'notebooks/zh-CN/05_fine_tuning'
        >>> other_page("exercises/05_fine_tuning/student-zh-CN/05_fine_tuning", "zh-CN")
        'exercises/05_fine_tuning/student/05_fine_tuning'
        >>> other_page("docs/article.zh-CN", "zh-CN"), other_page("index", "en")
        ('docs/article', 'index')
    """
    if language == "en":
        pagename = re.sub(r"^notebooks/", "notebooks/zh-CN/", pagename)
        pagename = re.sub(r"/student/", "/student-zh-CN/", pagename)
        return re.sub(r"^(docs/\w+|exercises/README)$", r"\1.zh-CN", pagename)
    pagename = pagename.replace("notebooks/zh-CN/", "notebooks/").replace("/student-zh-CN/", "/student/")
    return pagename.removesuffix(".zh-CN")


LINK = re.compile(r"(!?\[(?:[^\]\\]|\\.)*\]\()([^)\s]+)(\))")


def relink(text: str, where: str, staged: set[str]) -> str:
    """The links of a page's markdown (`where`: its path in the repository) as the site needs them: a link to a
    staged page stays (or goes to its Chinese twin when only that is staged), any other relative link goes to
    the file in the repository on GitHub, and web links stay.

    Example:
        >>> relink("[a](../docs/glossary.md) and [b](../scripts/pretrain.py)", "notebooks/01.ipynb", {"docs/glossary.md"})
        '[a](../docs/glossary.md) and [b](https://github.com/transferkit/transferkit/blob/main/scripts/pretrain.py)'
    """
    folder = Path(where).parent

    def fix(match):
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            return match.group(0)
        path, _hash, anchor = target.partition("#")
        resolved = os.path.normpath((folder / path).as_posix()).replace(os.sep, "/")
        if resolved in staged:
            return match.group(0)
        twin = re.sub(r"\.md$", ".zh-CN.md", resolved)
        if twin in staged:
            return f"{match.group(1)}{os.path.relpath(twin, folder.as_posix())}{'#' + anchor if anchor else ''}{match.group(3)}"
        kind = "tree" if (ROOT / resolved).is_dir() else "blob"
        return f"{match.group(1)}{REPOSITORY_URL}/{kind}/{course.BRANCH}/{resolved}{'#' + anchor if anchor else ''}{match.group(3)}"

    return LINK.sub(fix, text)


def without_badges(text: str) -> str:
    """README's badge block (images from mybinder.org and Colab) out: the site's pages have launch buttons, and
    a page of the site loads nothing from another host."""
    return re.sub(r"<!-- begin:badges -->.*?<!-- end:badges -->\n?", "", text, flags=re.S)


def stage(language: str, folder: Path, chapters: list[str] | None) -> dict[str, str]:
    """Write one language's Sphinx source into `folder`, in the repository's layout; return {page: other page}."""
    import nbformat

    from transferkit.language import gettext as _
    from transferkit.language import set_language

    set_language(language)
    try:
        if folder.exists():
            shutil.rmtree(folder)
        files = pages(language, chapters)
        instructors_twin = "docs/instructors.zh-CN.md"
        if chinese(language):
            files[instructors_twin] = ROOT / "docs" / "instructors.md"  # its Chinese part (below)
        staged = set(files)
        for where, source in files.items():
            target = folder / where
            target.parent.mkdir(parents=True, exist_ok=True)
            if where.endswith(".ipynb"):
                notebook = nbformat.read(source, as_version=4)
                for cell in notebook.cells:
                    if cell.cell_type == "markdown":
                        cell.source = relink(cell.source, where, staged)
                if "/student" in where:  # an assignment: how to get it and hand it in, first
                    guide = os.path.relpath("exercises/README.zh-CN.md" if chinese(language) else "exercises/README.md",
                                            Path(where).parent.as_posix())
                    notebook.cells.insert(1, nbformat.v4.new_markdown_cell(_(
                        "**How to get this assignment:** download it (the download button at the top of this page) or "
                        "open it on Binder or Colab (the launch button), or, in the course on your machine, open "
                        "`{path}` in JupyterLab. Answer where you see `...` and run each `grader.check` cell below your "
                        "answer. **How to hand it in:** save the notebook and send the `.ipynb` file as your teacher "
                        "asks (on a class hub, leave it in your folder: the teacher collects and grades it). The "
                        "[assignments' guide]({guide}) says more.").format(path=where, guide=guide)))
                nbformat.write(notebook, target)
            else:
                text = source.read_text(encoding="utf-8")
                if where == instructors_twin:
                    from translation_record import document_text

                    text = document_text(ROOT, "docs/instructors.md|## 给中国教师的说明（中文）").replace("## ", "# ", 1)
                target.write_text(relink(text, where, staged), encoding="utf-8")
        readme = ROOT / ("README.zh-CN.md" if chinese(language) else "README.md")
        toc = [_("Chapters"), *[page.removesuffix(".ipynb") for page in files if page.startswith("notebooks/")]]
        assignments = [_("Assignments"), *[page.removesuffix(".ipynb") for page in files if "/student" in page]]
        reference = [_("Reference"), *[page.removesuffix(".md") for page in files if page.endswith(".md")]]
        trees = "".join(f"\n```{{toctree}}\n:caption: {caption}\n:hidden:\n\n" + "\n".join(entries) + "\n```\n"
                        for caption, *entries in (toc, assignments, reference) if entries)
        text = re.sub(r"^(English \| \[简体中文\]\(README\.zh-CN\.md\)|\[English\]\(README\.md\) \| 简体中文)\n",
                      "", without_badges(readme.read_text(encoding="utf-8")), flags=re.M)  # the site has its switch
        other = PAGES_URL + ("en" if chinese(language) else "zh-CN") + "/index.html"
        text = text.replace("](README.zh-CN.md)", "](index.md)" if chinese(language) else f"]({other})")
        text = text.replace("](README.md)", f"]({other})" if chinese(language) else "](index.md)")
        (folder / "index.md").write_text(relink(text, "index.md", staged) + trees, encoding="utf-8")
        pagenames = ["index", *[page.rsplit(".", 1)[0] for page in files]]
        return {page: other_page(page, language) for page in pagenames}
    finally:
        set_language(None)


def copy_static(static: Path) -> None:
    """The site's own files (website/static/) and MathJax 2, served by the site itself, from jupyter-server-mathjax (PyPI, the copy classic Jupyter served):
    the script, its configuration, the inputs, the HTML-CSS output and its web fonts (not the SVG output)."""
    import jupyter_server_mathjax

    source = Path(jupyter_server_mathjax.__file__).parent / "static"
    static.mkdir(parents=True, exist_ok=True)
    for path in (SITE_CONFIG / "static").iterdir():  # the course's own stylesheet and icon
        shutil.copy2(path, static / path.name)
    target = static / "mathjax"
    if target.exists():
        return
    keep = ("MathJax.js", "config/TeX-AMS-MML_HTMLorMML-full.js", "jax/input", "jax/output/HTML-CSS", "jax/element",
            "extensions", "fonts/HTML-CSS", "localization/zh-hans", "localization/en")
    for part in keep:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / part)
    shutil.copy2(source / "LICENSE", target / "LICENSE")


def sphinx(source: Path, html: Path, language: str, cache: Path, capture: bool = False,
           root: Path = ROOT) -> subprocess.CompletedProcess:
    """Run Sphinx on one language's staged `source` into `html`, executing notebooks with the cache in `cache`
    and transferkit from `root`; warnings are errors, and so is a cell that fails."""
    environment = dict(os.environ, TRANSFERKIT_SITE_LANGUAGE=language, TRANSFERKIT_SITE_STAGING=str(STAGING),
                       TRANSFERKIT_SITE_CACHE=str(cache), PYTHONPATH=str(root), TF_CPP_MIN_LOG_LEVEL="3")
    environment.pop("TRANSFERKIT_LANG", None)  # the notebook's folder says the language
    return subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
                           "-c", str(SITE_CONFIG), "-d", str(html.parent / f"doctrees-{html.name}"), str(source),
                           str(html)], env=environment, capture_output=capture, text=True)


def build(out: Path = OUTPUT, chapters: list[str] | None = None, languages=LANGUAGES, cache: Path = CACHE) -> dict:
    """Build the site into `out` (both languages, `out/en/` and `out/zh-CN/`, and a page that sends a reader to
    theirs); return the seconds each language took. A failed cell or any Sphinx warning fails the build."""
    key = cache_key()
    timings = {}
    for language in languages:
        source = STAGING / language
        mapping = stage(language, source, chapters)
        (source / "_other_language.json").write_text(json.dumps(mapping, indent=0), encoding="utf-8")
        copy_static(STAGING / "_static")
        started = time.perf_counter()
        html = STAGING / "html" / language  # myst-nb keeps executed notebooks beside it (html/jupyter_execute)
        shutil.rmtree(html, ignore_errors=True)  # no page of an earlier build (another --chapters) stays behind
        result = sphinx(source, html, language, cache / key / language)
        timings[language] = round(time.perf_counter() - started, 1)
        if not result.returncode:
            shutil.rmtree(out / language, ignore_errors=True)
            shutil.copytree(html, out / language)
        if result.returncode:
            raise SystemExit(f"The {language} site did not build (Sphinx said why above; a cell that fails or a "
                             "warning fails the build). Fix it and run `python3 course.py site` again.")
    (out / "index.html").write_text(ROOT_PAGE, encoding="utf-8")
    (out / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: serve _static/ and _sources/ as they are
    return timings


BENCH_BEGIN, BENCH_END = "<!-- begin:site-benchmark -->", "<!-- end:site-benchmark -->"


def bench() -> int:
    """`python3 course.py bench --site`: the whole site built cold (an empty cache: every chapter runs, in both
    languages) and again with nothing changed, timed; the "Building the website" section of docs/benchmarks.md."""
    import datetime
    import platform
    import tempfile

    sys.path.insert(0, str(ROOT / "scripts"))
    import class_bench  # noqa: E402  (where docs/benchmarks.md's sections are stored)

    with tempfile.TemporaryDirectory() as folder:
        times = []
        for _run in range(2):
            started = time.perf_counter()
            per_language = build(Path(folder) / "site", cache=Path(folder) / "cache")
            times.append((time.perf_counter() - started, per_language))
    (cold, cold_languages), (cached, cached_languages) = times
    section = "\n".join([
        BENCH_BEGIN,
        "## Building the website",
        "",
        f"`python3 course.py site` (scripts/build_site.py): every chapter executed and every other page, in English and "
        f"Chinese, on {os.cpu_count()} CPU cores ({platform.processor() or platform.machine()}), "
        f"{datetime.date.today().isoformat()}; measured by `python3 course.py bench --site`.",
        "",
        "| build | English | Chinese | whole site |",
        "|---|---:|---:|---:|",
        f"| cold (empty cache: every chapter runs) | {cold_languages['en']:.0f} s | {cold_languages['zh-CN']:.0f} s | {cold:.0f} s |",
        f"| again, nothing changed (cache) | {cached_languages['en']:.0f} s | {cached_languages['zh-CN']:.0f} s | {cached:.0f} s |",
        "",
        "The cache key covers transferkit's files (source, data, weights, catalogs) and every installed package's "
        "version; jupyter-cache keys each notebook by its code. `.ci/run` builds chapters 05 and 13 and every other page.",
        BENCH_END,
    ]) + "\n"
    class_bench.store_section(section, begin=BENCH_BEGIN, end=BENCH_END)
    print(section)
    return 0


# The site's front door: the reader's browser language chooses, and both are one click away without script.
ROOT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>transferkit</title><link rel="icon" href="en/_static/favicon.svg">
<script>location.replace((navigator.language || "").toLowerCase().startsWith("zh") ? "zh-CN/index.html" : "en/index.html");</script>
</head><body><main><h1>transferkit</h1>
<p><a href="en/index.html">English</a> · <a href="zh-CN/index.html" lang="zh-CN">简体中文</a></p></main></body></html>
"""


def main(argv: list[str]) -> int:
    chapters, out = None, OUTPUT
    arguments = list(argv)
    while arguments:
        option = arguments.pop(0)
        if option == "--chapters" and arguments:
            chapters = [number.strip() for number in arguments.pop(0).split(",")]
            unknown = [number for number in chapters if number not in {c.number for c in course.CHAPTERS}]
            if unknown:
                raise SystemExit(f"No chapter {', '.join(unknown)}. Expected two-digit numbers such as 00,13.")
        elif option == "--out" and arguments:
            out = Path(arguments.pop(0)).resolve()
        else:
            raise SystemExit(f"Unknown option {option!r}. Usage: python3 course.py site [--chapters 00,13] [--out DIR]")
    started = time.perf_counter()
    timings = build(out, chapters)
    print(f"Built {out} in {time.perf_counter() - started:.0f} s ({', '.join(f'{k}: {v:.0f} s' for k, v in timings.items())}). "
          f"Open {out / 'index.html'}, or serve it: python3 -m http.server --directory {out}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.exit(main(sys.argv[1:]))
