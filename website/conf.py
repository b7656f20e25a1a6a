"""Sphinx configuration of the course's website, one for both languages (scripts/build_site.py stages the sources and
says which language through TRANSFERKIT_SITE_LANGUAGE)."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from transferkit import course  # noqa: E402

site_language = os.environ.get("TRANSFERKIT_SITE_LANGUAGE", "en")
chinese = site_language == "zh-CN"
staging = Path(os.environ.get("TRANSFERKIT_SITE_STAGING", ROOT / ".site-build"))

project = "transferkit"
author = "transferkit"
copyright = "transferkit contributors"
language = "zh_CN" if chinese else "en"
html_title = "transferkit：动手学迁移学习" if chinese else "transferkit: learn transfer learning by measuring it"
extensions = ["myst_nb"]
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "_other_language.json"]
templates_path = ["_templates"]
html_static_path = [str(staging / "_static")]

# Notebooks: the chapters run at build time (cached per key: scripts/build_site.py); assignments are shown as handed out.
nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get("TRANSFERKIT_SITE_CACHE", str(ROOT / ".site-cache" / "default"))
nb_execution_excludepatterns = ["student/*.ipynb", "student-zh-CN/*.ipynb"]  # matched from the right
nb_execution_timeout = 1200
nb_execution_raise_on_error = True  # a cell that fails fails the build (myst-nb only warns otherwise)
nb_execution_show_tb = True
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

# Math from the site itself: MathJax 2 from jupyter-server-mathjax, copied into _static/mathjax by scripts/build_site.py.
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
mathjax2_config = {"tex2jax": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]],
                               "processRefs": False, "processEnvironments": False,
                               # MyST marks every section "tex2jax_ignore" and each formula "math" (MathJax 3's way)
                               "processClass": "math|output_area", "ignoreClass": "tex2jax_ignore|mathjax_ignore|document"},
                   # the HTML-CSS output with the STIX web fonts that copy ships (it has no other output)
                   "HTML-CSS": {"availableFonts": [], "webFont": "STIX-Web", "imageFont": None},
                   "showMathMenu": False, "menuSettings": {"zoom": "None"}}

# Search in Chinese: Sphinx's Chinese splitter uses jieba (quietly).
html_search_language = "zh" if chinese else "en"
if chinese:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)

html_theme = "sphinx_book_theme"
html_theme_options = {
    "repository_url": f"https://github.com/{course.REPOSITORY}",
    "repository_branch": course.BRANCH,
    "path_to_docs": "",
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "colab_url": "https://colab.research.google.com",
                       "notebook_interface": "jupyterlab"},
    "article_header_end": ["language-switch.html", "article-header-buttons.html"],
    "navigation_with_keys": False,
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
}
html_sidebars = {"**": ["navbar-logo.html", "language-switch.html", "search-button-field.html", "sbt-sidebar-nav.html"]}
html_context = {"site_language": site_language, "default_mode": "auto"}
html_css_files = ["transferkit.css"]
html_favicon = str(Path(__file__).resolve().parent / "static" / "favicon.svg")
html_last_updated_fmt = None
html_show_sphinx = False
html_copy_source = True  # the download button offers the page's .ipynb


def _other_language(app, pagename, templatename, context, doctree):
    """The link of the language switch: the same page in the other language's half of the site."""
    mapping = json.loads((Path(app.srcdir) / "_other_language.json").read_text(encoding="utf-8"))
    other = mapping.get(pagename, "index")
    depth = pagename.count("/")
    context["other_language_url"] = "../" * (depth + 1) + ("en" if chinese else "zh-CN") + f"/{other}.html"
    context["other_language_name"] = "English" if chinese else "简体中文"
    context["other_language_code"] = "en" if chinese else "zh-CN"


def _chinese_search_that_loads():
    """Sphinx 9.0's Chinese search stems Latin words with the English stemmer but names it "ChineseStemmer" in
    language_data.js, so every page's script stops with "ChineseStemmer is not defined": name it as it is."""
    from sphinx.search.zh import SearchChinese

    class ChineseSearch(SearchChinese):
        language_name = "English" if SearchChinese.js_stemmer_rawcode == "english-stemmer.js" else SearchChinese.language_name

    return ChineseSearch


def setup(app):
    app.connect("html-page-context", _other_language)
    if chinese:
        app.add_search_language(_chinese_search_that_loads())
