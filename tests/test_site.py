"""The course's website (`python3 course.py site`, scripts/build_site.py), tested like a site.

The quick tests (the Pages workflow, the README, the page mapping) run in the learner's command. The build and
the browser tests run with TRANSFERKIT_SITE_TESTS=required (`.ci/run`, on the main Python): they build chapters
05 and 13 and every other page in both languages into a temporary folder, with the network cut off
(`unshare -n` where the machine allows it), and check it: links and anchors (LinkChecker; external links listed,
not fetched), every page in Chromium (console errors, requests to another host, missing images or fonts,
unrendered math, the language switch, a 390-pixel phone, both searches) and axe-core's accessibility rules.
"""

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import build_site as course_site  # noqa: E402
import lab_session  # noqa: E402

REQUIRED = os.environ.get("TRANSFERKIT_SITE_TESTS") == "required"
CHAPTERS = ["05", "13"]
AXE_VERSION = "4.10.3"


# ---- quick: the workflow, the README, the mapping ----

def test_the_pages_workflow_runs_the_same_command_and_deploys_its_folder():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]["steps"]
    assert any(step.get("run") == "python3 course.py site" for step in build)
    upload = next(step for step in build if str(step.get("uses", "")).startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == course_site.OUTPUT.relative_to(ROOT).as_posix()
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert any(str(step.get("uses", "")).startswith("actions/deploy-pages") for step in deploy)
    assert workflow["permissions"]["pages"] == "write"


def test_both_readmes_link_the_site_and_say_how_to_build_it():
    for readme in ("README.md", "README.zh-CN.md"):
        text = (ROOT / readme).read_text(encoding="utf-8")
        assert course_site.PAGES_URL in text, f"{readme} does not link the website"
        assert "python3 course.py site" in text, f"{readme} does not say how to build the website"


def test_every_page_has_its_twin_in_the_other_language():
    english = {page.rsplit(".", 1)[0] for page in course_site.pages("en")}
    chinese = {page.rsplit(".", 1)[0] for page in course_site.pages("zh-CN")}
    assert {course_site.other_page(page, "en") for page in english} <= chinese | {"docs/instructors.zh-CN"}
    assert {course_site.other_page(page, "zh-CN") for page in chinese} <= english
    assert not [page for page in english | chinese if re.search(r"master|solutions|autograder|/tests/", page)]


def test_the_cache_key_covers_transferkits_source(tmp_path):
    for folder in course_site.KEY_SOURCES:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    before = course_site.cache_key(tmp_path)
    assert course_site.cache_key(tmp_path) == before
    path = tmp_path / "transferkit" / "experiments.py"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    assert course_site.cache_key(tmp_path) != before


# ---- the build and the browser (TRANSFERKIT_SITE_TESTS=required) ----

def needs_the_site():
    if not REQUIRED:
        pytest.skip("builds the website: set TRANSFERKIT_SITE_TESTS=required (.ci/run does)")


def offline_prefix() -> list[str]:
    """`unshare -n` (a network namespace with only the loopback, which the notebooks' kernels talk over) where this
    machine lets the build use it; nothing elsewhere."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    command = [unshare, "-n", "sh", "-c", f'{ip} link set lo up && exec "$0" "$@"'] if unshare and ip else []
    if command and subprocess.run([*command, "true"], capture_output=True).returncode == 0:
        return command
    return []


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    needs_the_site()
    out = tmp_path_factory.mktemp("site")
    started = time.perf_counter()
    command = [*offline_prefix(), sys.executable, str(ROOT / "scripts" / "build_site.py"), "--chapters", ",".join(CHAPTERS),
               "--out", str(out)]
    subprocess.run(command, check=True, cwd=ROOT)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    cached = time.perf_counter() - started
    print(f"\nThe site (chapters {', '.join(CHAPTERS)} and every other page, both languages) built in {cold:.0f} s, "
          f"then in {cached:.0f} s with nothing changed", flush=True)
    return {"out": out, "cold": cold, "cached": cached, "offline": bool(offline_prefix())}


def html_pages(out: Path, language: str) -> list[str]:
    return sorted(path.relative_to(out).as_posix() for path in (out / language).rglob("*.html")
                  if not path.relative_to(out / language).as_posix().startswith(("_", "genindex")))


def test_the_build_ran_offline_and_a_rebuild_with_nothing_changed_takes_seconds(built):
    if not built["offline"]:
        pytest.skip("this machine does not allow `unshare -n`: the build ran with the network there")
    assert built["cached"] < 90, f"a rebuild with nothing changed took {built['cached']:.0f} s"


def test_both_languages_have_every_page_and_nothing_that_must_stay_private(built):
    out = built["out"]
    for language in course_site.LANGUAGES:
        pages = html_pages(out, language)
        expected = {f"{language}/{page.rsplit('.', 1)[0]}.html" for page in course_site.pages(language, CHAPTERS)}
        assert expected <= set(pages), sorted(expected - set(pages))
    published = [path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()]
    private = [path for path in published if re.search(r"master|solutions|autograder|right_answers|wrong_answers", path)]
    assert not private, private
    for path in out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN" not in text, path


def test_a_chapter_page_shows_its_run_and_an_assignment_page_is_unexecuted(built):
    out = built["out"]
    for language, chapter in (("en", "notebooks/13_summary_and_faq.html"),
                              ("zh-CN", "notebooks/zh-CN/13_summary_and_faq.html")):
        page = (out / language / chapter).read_text(encoding="utf-8")
        assert "cell_output" in page and ".png" in page  # printed tables and the plot
        assert ("更好" in page) == (language == "zh-CN")  # the tables' verdict words in the page's language
    student = (out / "en" / "exercises/04_feature_extraction/student/04_feature_extraction.html").read_text(encoding="utf-8")
    assert "cell_output" not in student and "How to get this assignment" in student


def test_links_and_anchors_inside_the_site_all_resolve(built, server):
    """LinkChecker over both languages, served as a reader gets them: every internal link and anchor resolves;
    external links are listed, not fetched."""
    config = built["out"].parent / "linkcheckerrc"
    config.write_text("[filtering]\ncheckextern=0\nignore=\n  ^data:\n[AnchorCheck]\n", encoding="utf-8")  # data: URLs are inline
    result = subprocess.run([sys.executable, "-m", "linkcheck", "-f", str(config), "--no-status", "-v", "-o", "csv",
                             f"{server}/en/index.html", f"{server}/zh-CN/index.html"], capture_output=True, text=True)
    import csv

    rows = list(csv.reader([line for line in result.stdout.splitlines() if line and not line.startswith("#")], delimiter=";"))
    header, rows = rows[0], rows[1:]
    column = {name: index for index, name in enumerate(header)}
    broken = [row for row in rows if row[column["valid"]] != "True"]
    external = sorted({row[column["urlname"]] for row in rows if row[column["urlname"]].startswith("http")})
    print(f"\n{len(rows)} links checked; {len(external)} external links listed, not fetched:\n  " + "\n  ".join(external[:40]))
    lab_session.SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # the whole list, beside the screenshots
    (lab_session.SCREENSHOTS / "site-external-links.txt").write_text("\n".join(external) + "\n", encoding="utf-8")
    assert len(rows) > 100
    assert not broken, "\n".join(f"{row[column['urlname']]} in {row[column['parentname']]}: {row[column['result']]}"
                                 for row in broken[:30])


@pytest.fixture(scope="module")
def server(built):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built["out"]))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(server):
    chromium = lab_session.find_chromium()
    if chromium is None:
        pytest.fail(lab_session.HOW_TO_GET_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=lab_session.CHROMIUM_FLAGS)
        yield instance
        instance.close()


def visit(browser, url: str, width: int = 1366) -> dict:
    """Open `url`, with every request to another host blocked and recorded; return what the page did."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    report = {"console": [], "elsewhere": [], "failed": [], "page": page}
    page.on("console", lambda message: report["console"].append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: report["console"].append(str(error)))
    page.on("requestfailed", lambda request: report["failed"].append(request.url))
    page.on("response", lambda response: report["failed"].append(response.url) if response.status >= 400 else None)

    def route(handle):
        if handle.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            handle.continue_()
        else:
            report["elsewhere"].append(handle.request.url)
            handle.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="networkidle")
    return report


@pytest.fixture(scope="module")
def page_reports(built, server, browser):
    """Every page of both languages opened once on a desktop (what it loaded, axe-core's findings, where its
    language switch leads), and on a 390-pixel phone (how wide it is) every page but the assignments after the first."""
    script = axe_script(Path.home() / ".cache" / "transferkit")
    reports = {}
    for language in course_site.LANGUAGES:
        for path in html_pages(built["out"], language):
            report = visit(browser, f"{server}/{path}")
            page = report.pop("page")
            page.evaluate("document.fonts.ready")
            report["broken_images"] = page.evaluate(
                "[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
            report["failed_fonts"] = page.evaluate("[...document.fonts].filter(f => f.status === 'error').map(f => f.family)")
            page.add_script_tag(path=str(script))  # (preload: false: axe would fetch the theme's @import against the page)
            report["axe"] = page.evaluate("axe.run(document, {resultTypes: ['violations'], preload: false})")["violations"]
            switch = page.locator(".transferkit-language-switch")
            report["switch"] = page.evaluate("a => a.href", switch.first.element_handle()) if switch.count() else None
            page.close()
            reports[path] = report
            if "/exercises/" in path and not path.endswith(("README.html", "README.zh-CN.html")) and "/01_" not in path:
                report["phone_width"] = None  # the assignments share one layout: assignment 01 and the guide stand for them
                continue
            phone = visit(browser, f"{server}/{path}", width=390)
            report["phone_width"] = phone["page"].evaluate("document.documentElement.scrollWidth")
            if path.endswith("13_summary_and_faq.html"):
                lab_session.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                phone["page"].screenshot(path=str(lab_session.SCREENSHOTS / f"site-{language}-phone.png"))
            phone["page"].close()
    return reports


# MathJax 2's HTML-CSS output declares a font "MathJax_Blank" at url('about:blank') on purpose, to measure when
# its real web fonts arrive; the browser reports that probe as a failed font and two console errors. It is not a
# font the page misses: every other font and console error still fails the test.
MATHJAX_PROBE = ("Access to font at 'about:blank'", "Failed to load resource: net::ERR_FAILED")


def test_every_page_opens_without_an_error_a_request_elsewhere_or_a_missing_image_or_font(page_reports, server):
    problems = []
    for path, report in page_reports.items():
        probed = "about:blank" in report["failed"]
        console = [message for message in report["console"] if not (probed and message.startswith(MATHJAX_PROBE))]
        fonts = [font for font in report["failed_fonts"] if not (probed and font == "MathJax_Blank")]
        for kind, found in (("console error", console), ("request to another host", report["elsewhere"]),
                            ("failed request", [url for url in report["failed"] if url.startswith(server)]),
                            ("missing image", report["broken_images"]), ("font that failed to load", fonts)):
            problems += [f"{path}: {kind}: {item}" for item in found]
    assert len(page_reports) > 40
    assert not problems, "\n".join(problems[:40])


def test_math_is_rendered_by_the_sites_own_mathjax(built, server, browser):
    for path in ("en/docs/article.html", "zh-CN/docs/article.zh-CN.html", "en/notebooks/13_summary_and_faq.html",
                 "zh-CN/notebooks/zh-CN/13_summary_and_faq.html"):
        report = visit(browser, f"{server}/{path}")
        page = report["page"]
        page.wait_for_function("document.querySelectorAll('.MathJax, .MathJax_Display').length > 0", timeout=60000)
        raw = page.evaluate("document.querySelector('article').innerText.match(/\\\\\\(|\\$f_/g)")
        assert not raw, (path, raw)
        console = [message for message in report["console"] if not message.startswith(MATHJAX_PROBE)]
        assert not report["elsewhere"] and not console, (report["elsewhere"], console)
        page.close()


def test_the_language_switch_lands_on_the_same_page_in_the_other_language(page_reports, server):
    wrong = []
    for path, report in page_reports.items():
        language = path.split("/", 1)[0]
        if path.endswith("search.html"):
            continue
        other = "zh-CN" if language == "en" else "en"
        pagename = path.removeprefix(f"{language}/").removesuffix(".html")
        expected = f"{server}/{other}/{course_site.other_page(pagename, language)}.html"
        if report["switch"] != expected:
            wrong.append(f"{path}: {report['switch']} (expected {expected})")
    assert not wrong, "\n".join(wrong)


def test_pages_fit_a_phone_without_sideways_scrolling(page_reports):
    wide = [f"{path}: {report['phone_width']} px" for path, report in page_reports.items() if (report["phone_width"] or 0) > 390]
    assert sum(report["phone_width"] is not None for report in page_reports.values()) > 20
    assert not wide, wide


def test_no_serious_or_critical_accessibility_violation(page_reports):
    found = [f"{path}: {violation['id']} ({violation['impact']}): {violation['help']} "
             f"{[node['target'] for node in violation['nodes'][:3]]}"
             for path, report in page_reports.items() for violation in report["axe"]
             if violation["impact"] in ("serious", "critical")]
    assert not found, "\n".join(found[:40])


def test_search_finds_fine_tuning_in_both_languages(built, server, browser):
    for language, query, expected in (("en", "fine-tuning", "notebooks/05_fine_tuning.html"),
                                      ("zh-CN", "微调", "notebooks/zh-CN/05_fine_tuning.html")):
        report = visit(browser, f"{server}/{language}/search.html?q={query}")
        page = report["page"]
        page.wait_for_selector("#search-results li a", timeout=30000)
        links = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
        assert any(expected in link for link in links), (query, links[:10])
        page.screenshot(path=str(lab_session.SCREENSHOTS / f"site-{language}-search.png"))
        page.close()


def axe_script(cache: Path) -> Path:
    """axe-core from the npm registry (npm pack), kept in the course's cache."""
    script = cache / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("The accessibility check needs axe-core from the npm registry: install Node.js (npm).")
        script.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--silent"], cwd=script.parent, check=True,
                       capture_output=True)
        subprocess.run(["tar", "-xzf", f"axe-core-{AXE_VERSION}.tgz", "--strip-components=1", "package/axe.min.js"],
                       cwd=script.parent, check=True)
    return script


def test_a_cell_that_fails_fails_the_build(tmp_path):
    needs_the_site()
    source = tmp_path / "source"
    (source / "notebooks").mkdir(parents=True)
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A chapter"),
                                               nbformat.v4.new_code_cell("raise ValueError('this cell fails')")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, source / "notebooks" / "broken.ipynb")
    (source / "index.md").write_text("# Index\n\n```{toctree}\nnotebooks/broken\n```\n", encoding="utf-8")
    (source / "_other_language.json").write_text(json.dumps({"index": "index", "notebooks/broken": "notebooks/broken"}))
    course_site.copy_static(course_site.STAGING / "_static")
    result = course_site.sphinx(source, tmp_path / "html", "en", tmp_path / "cache", capture=True)
    assert result.returncode != 0
    assert "this cell fails" in result.stdout + result.stderr


def tiny_site(folder: Path, code: str) -> Path:
    """A site of one chapter whose one cell is `code`, staged in `folder/source`."""
    import nbformat

    source = folder / "source"
    (source / "notebooks").mkdir(parents=True)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A chapter"), nbformat.v4.new_code_cell(code)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, source / "notebooks" / "chapter.ipynb")
    (source / "index.md").write_text("# Index\n\n```{toctree}\nnotebooks/chapter\n```\n", encoding="utf-8")
    (source / "_other_language.json").write_text(json.dumps({"index": "index", "notebooks/chapter": "notebooks/chapter"}))
    course_site.copy_static(course_site.STAGING / "_static")
    return source


def test_a_change_to_what_transferkit_prints_reaches_the_page_on_the_next_build(tmp_path):
    """The cache key covers transferkit's source: edit what a tk function prints, and the next build runs the
    chapter again and shows it; with nothing changed, the page is the cached run's."""
    needs_the_site()
    copy = tmp_path / "course"
    for folder in course_site.KEY_SOURCES:
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    source = tiny_site(tmp_path, "import transferkit as tk\nprint(tk.experiments.budget_text(3))")

    def build_and_read():
        cache = tmp_path / "cache" / course_site.cache_key(copy)
        result = course_site.sphinx(source, tmp_path / "html", "en", cache, capture=True, root=copy)
        assert result.returncode == 0, result.stdout + result.stderr
        return (tmp_path / "html" / "notebooks" / "chapter.html").read_text(encoding="utf-8")

    assert "3 labels per class" in build_and_read()
    experiments = copy / "transferkit" / "experiments.py"
    experiments.write_text(experiments.read_text(encoding="utf-8").replace(
        '_("{count} labels per class")', '_("{count} labelled examples in each class")'), encoding="utf-8")
    assert "3 labelled examples in each class" in build_and_read()
