"""A learner's JupyterLab session in a real browser: open chapter after chapter, Run All, measure memory.

nbval proves that each notebook runs in a kernel; this drives what a learner meets. It starts JupyterLab
exactly as `python3 course.py lab` does (same command and settings, a free port, a token), with a
learner's environment (nothing the test runner set), on a copy of the course so that saving does not
touch the repository, and with an empty download/results cache. Headless Chromium, driven by
Playwright, opens each notebook from JupyterLab's File menu, runs it from the Run menu, waits until
the kernel is idle, saves it and reads the saved file. A thread samples the summed resident memory
of the server and all its kernels every 50 ms: Binder kills a session at its peak, not at rest.

Used by tests/test_lab_session.py (a few chapters; all with TRANSFERKIT_LAB_CHAPTERS=all) and by
`python3 course.py bench` (all chapters, the memory table in docs/benchmarks.md).

Usage:
    python3 scripts/lab_session.py 00 01 02      # run these chapters, print the report as JSON
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / ".lab-session"
# What differs between two runs of a chapter: run times, the Keras version line and chapter 14's measured share of
# time an accelerator is busy ("busy 48%", "忙碌 48%"); every other printed number must not (Keras prints a step
# under 1 ms in us).
VARIES = re.compile(r"\d+(\.\d+)?\s?(s|ms|us|µs|seconds)\b|Keras \d[\w.]*|(?:busy|忙碌) \d+%")
# What the test runner or a developer's shell may set that a learner's machine does not have.
NOT_A_LEARNERS = ("TF_", "PYTEST", "MPLBACKEND", "TRANSFERKIT_", "JPY_", "JUPYTER_", "KERAS_", "PYTHONPATH")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HOW_TO_GET_CHROMIUM = ("No Chromium was found for the browser test: install one (Debian/Ubuntu: "
                       "`sudo apt-get install chromium`; elsewhere: `python -m playwright install chromium`).")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
NOTE_TEXT = {"en": "This notebook's kernel was shut down", "zh-CN": "这个笔记本的内核已被关闭"}
# A line a Chinese learner would read as English prose: three or more English words in a row. What may stay
# English (issue 29): code and identifiers (words with _ . / or digits), proper names, and what Keras and Otter
# print themselves (fit's progress lines, model.summary()'s box, "q1 passed").
_ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]+(?: +[A-Za-z][a-z]+\b){2,}")  # not across commas: word lists are data
_KERAS_OR_OTTER = re.compile(r"[│┃━─┏┡└┌]|params|Epoch \d|\d+/\d+ - |passed!|Layer \(type\)|Output Shape|^\s*\w+ results:"
                             # the operating system's own reason for a failed download, quoted in the course's message
                             r"|Name or service not known|Temporary failure in name resolution|Connection refused"
                             r"|Network is unreachable|timed out")


def load_course_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def find_chromium() -> str | None:
    """Return a Chromium the machine has: on PATH, or Playwright's own download; None if there is none."""
    for name in CHROMIUM_NAMES:
        if path := shutil.which(name):
            return path
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
        return path if Path(path).exists() else None
    except Exception:
        return None


def learners_environment(cache: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(NOT_A_LEARNERS)}
    env["TRANSFERKIT_CACHE"] = str(cache)  # empty: nothing precomputed by an earlier run is reused
    return env


def summed_rss(processes) -> int:
    """The summed resident memory (bytes) of `processes`, each process counted once.

    A process that has forked but not yet exec'd (e.g. a kernel starting `lscpu`, as joblib does to
    count cores) reports its parent's resident memory, which it shares copy-on-write: adding it would
    count the kernel twice for a few milliseconds. Such a fork has its parent's command line, so it
    is left out.
    """
    total = 0
    for member in processes:
        with contextlib.suppress(psutil.Error):
            parent = member.parent()
            if parent is not None and parent.pid != 1 and member.cmdline() == parent.cmdline():
                continue
            total += member.memory_info().rss
    return total


class MemoryMonitor(threading.Thread):
    """Sample the summed RSS (MB) of a process and all its descendants; keep the peak since `mark()`."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.process, self.interval = psutil.Process(pid), interval
        self.peak = self.now = 0.0
        self._stop = threading.Event()

    def sample(self) -> float:
        try:
            members = [self.process, *self.process.children(recursive=True)]
        except psutil.Error:
            return 0.0
        return summed_rss(members) / 2**20

    def run(self):
        while not self._stop.is_set():
            self.now = self.sample()
            self.peak = max(self.peak, self.now)
            time.sleep(self.interval)

    def mark(self) -> float:
        """Return the peak since the last mark, and start a new one from the current value."""
        peak, self.peak = self.peak, self.now
        return peak

    def stop(self):
        self._stop.set()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    process: subprocess.Popen
    monitor: MemoryMonitor

    def api(self, path: str):
        with urllib.request.urlopen(f"{self.url}/api/{path}?token={self.token}", timeout=10) as response:
            return json.load(response)

    def kernel_of(self, notebook: str) -> dict | None:
        for session in self.api("sessions"):
            if session["path"] == notebook and session.get("kernel"):
                return session["kernel"]
        return None


def copy_course(root: Path) -> None:
    """Copy what a learner opens, so that the session's saves and Otter's logs stay out of the repo."""
    ignore = shutil.ignore_patterns(".OTTER_LOG", ".ipynb_checkpoints", "__pycache__")
    for name in ("notebooks", "exercises"):
        shutil.copytree(ROOT / name, root / name, ignore=ignore)


@contextlib.contextmanager
def start_lab(root: Path, cache: Path, log: Path):
    """Start JupyterLab as `python3 course.py lab` does, on `root`; yield a `Lab`; stop it afterwards."""
    course = load_course_script()
    port, token = free_port(), secrets.token_hex(16)
    command = course.lab_command(["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                                  f"--IdentityProvider.token={token}"], root=root)
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=learners_environment(cache), stdout=output,
                                   stderr=subprocess.STDOUT)
    lab = Lab(f"http://127.0.0.1:{port}", token, root, process, MemoryMonitor(process.pid))
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                lab.api("status")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start; see {log}") from None
                time.sleep(0.5)
        lab.monitor.start()
        yield lab
    finally:
        lab.monitor.stop()
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            for child in psutil.Process(process.pid).children(recursive=True):
                child.kill()
            process.kill()


@dataclass
class NotebookRun:
    """What one notebook showed: timings, memory, and what the page and the saved file held."""

    path: str
    seconds: float = 0.0
    peak_mb: float = 0.0
    idle_mb: float = 0.0
    kernels: int = 0
    errors: list = field(default_factory=list)
    stderr: list = field(default_factory=list)
    unexecuted: int = 0
    images_saved: int = 0
    images_shown: int = 0
    dialogs: list = field(default_factory=list)
    printed: list = field(default_factory=list)
    graded: list = field(default_factory=list)
    check_cells: int = 0
    collapsed_shown: int = 0


class Learner:
    """A learner at the keyboard: JupyterLab's menus, in one browser tab, never closing a notebook."""

    def __init__(self, lab: Lab, page, screenshots: Path):
        self.lab, self.page, self.screenshots = lab, page, screenshots
        screenshots.mkdir(parents=True, exist_ok=True)

    def menu(self, menu: str, entry: str):
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
        self.page.locator(".lm-Menu-itemLabel", has_text=entry).first.click()

    def open(self, path: str):
        """Open a notebook: by URL for the first one, then from File > Open from Path... like a learner."""
        if "/lab" not in self.page.url:
            self.page.goto(f"{self.lab.url}/lab/tree/{path}?reset&token={self.lab.token}")
        else:
            self.menu("File", "Open from Path")
            dialog = self.page.locator(".jp-Dialog")
            dialog.locator("input").fill(path)
            dialog.locator(".jp-mod-accept").click()
        self.page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").wait_for(timeout=60_000)
        self.wait_until_idle(path, started=False)

    def current(self):
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")

    def prompts(self) -> list[str]:
        return [text.strip() for text in self.current().locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()]

    def wait_until_idle(self, path: str, started: bool = True, timeout: float = 600.0):
        """Wait until no cell is queued or running and the notebook's kernel has stayed idle for 2 s."""
        deadline, idle_since = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            kernel = self.lab.kernel_of(path)
            busy = kernel is None or kernel["execution_state"] != "idle"
            busy = busy or (started and any("*" in prompt for prompt in self.prompts()))
            if busy:
                idle_since = None
            elif idle_since is None:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > 2.0:
                return idle_since
            time.sleep(0.25)
        raise TimeoutError(f"{path} was still running after {timeout:.0f} s")

    def dialogs(self) -> list[str]:
        return self.page.locator(".jp-Dialog .jp-Dialog-header").all_inner_texts()

    def run_all(self, path: str, restart: bool = False) -> float:
        start = time.monotonic()
        if restart:
            self.menu("Kernel", "Restart Kernel and Run All Cells")
            self.page.locator(".jp-Dialog .jp-mod-accept").click()
        else:
            self.menu("Run", "Run All Cells")
        time.sleep(1.0)
        return self.wait_until_idle(path) - start

    def save(self, path: str):
        """Save from the File menu; return once the file on disk has changed."""
        file = self.lab.root / path
        before = file.stat().st_mtime_ns
        self.menu("File", re.compile(r"^Save( Notebook)?$"))
        for _ in range(200):
            if file.stat().st_mtime_ns != before:
                time.sleep(0.2)  # let the write finish
                return
            time.sleep(0.05)
        raise TimeoutError(f"{path} was not saved")

    def screenshot(self, name: str) -> Path:
        path = self.screenshots / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def switch_to(self, path: str):
        self.page.locator(".lm-TabBar-tab", has_text=Path(path).name).first.click()
        time.sleep(0.5)

    def type_into_cell(self, source_start: str, text: str):
        """Replace the source of the first cell whose text starts with `source_start`, then run it."""
        cell = self.current().locator(".jp-CodeCell", has=self.page.locator(".cm-content", has_text=source_start)).first
        cell.locator(".cm-content").click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.insert_text(text)
        self.page.keyboard.press("Shift+Enter")
        return cell

    def run_cell_and_read(self, source_start: str) -> str:
        cell = self.current().locator(".jp-CodeCell", has=self.page.locator(".cm-content", has_text=source_start)).first
        cell.locator(".cm-content").click()
        self.page.keyboard.press("Shift+Enter")
        time.sleep(1.0)
        self.wait_until_idle(self.page_path())
        output = cell.locator(".jp-OutputArea")
        output.scroll_into_view_if_needed()  # so that the screenshot shows what the check printed
        time.sleep(0.5)
        return output.inner_text()

    def page_path(self) -> str:
        return self._path

    def record(self, path: str, seconds: float) -> NotebookRun:
        """Save the notebook and read what a learner got, from the saved file and from the page."""
        self.save(path)
        notebook = nbformat.read(self.lab.root / path, as_version=4)
        run = NotebookRun(path, seconds=round(seconds, 1))
        for cell in notebook.cells:
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            run.unexecuted += cell.execution_count is None
            for output in cell.outputs:
                kind = output.get("output_type")
                if kind == "error":
                    run.errors.append(f"{output.get('ename')}: {output.get('evalue')}")
                elif kind == "stream" and output.get("name") == "stderr":
                    run.stderr.append(output.get("text", ""))
                elif kind == "stream" and "grader.check" in cell.source:
                    run.graded.append(output.get("text", ""))  # Otter's own report (its hints are the course's)
                elif kind == "stream":
                    run.printed.append(output.get("text", ""))
                if kind in ("display_data", "execute_result") and "image/png" in output.get("data", {}):
                    run.images_saved += 1
                if kind == "execute_result" and "text/plain" in output.get("data", {}):
                    (run.graded if "grader.check" in cell.source else run.printed).append(output["data"]["text/plain"])
        from transferkit.course import is_check_cell

        run.check_cells = sum(is_check_cell(cell) for cell in notebook.cells)
        run.collapsed_shown = self.current().locator(".jp-CodeCell .jp-InputPlaceholder").count()  # input collapsed
        images = self.current().locator(".jp-RenderedImage img")
        run.images_shown = sum(image.evaluate("element => element.naturalWidth > 0") for image in images.all())
        run.dialogs = self.dialogs()
        return run


def english_prose(text: str) -> list[str]:
    """The lines of `text` that read as English prose (see `_ENGLISH_RUN`): what a Chinese chapter must not print.

    Example:
        >>> english_prose("准确率：91.8%\\nfine-tuned the top layers at 1e-4\\nshared/block1_conv  否  288")
        ['fine-tuned the top layers at 1e-4']
    """
    return [line for line in text.splitlines()
            if _ENGLISH_RUN.search(re.sub(r"\S*[_./\\\d]\S*", " ", line)) and not _KERAS_OR_OTTER.search(line)]


def chapter_paths(selection: list[str] | None = None, language: str = "en") -> list[str]:
    """The chapters' notebooks (the Chinese ones in notebooks/zh-CN/ for `language="zh-CN"`), all or `selection`."""
    folder = ROOT / "notebooks" / ("zh-CN" if language == "zh-CN" else "")
    paths = sorted(path.relative_to(ROOT).as_posix() for path in folder.glob("[0-9][0-9]_*.ipynb"))
    if selection:
        paths = [path for path in paths if Path(path).name[:2] in selection]
    return paths


def chapters_from_environment(variable: str, default: str) -> list[str] | None:
    """The chapter numbers an environment variable chooses ("03,07"), or None for "all".

    The learner's test command runs a few chapters where a check is slow; `.ci/run` sets the
    variable to "all". A number that names no chapter is an error, not a silently empty test.

    Example:
        >>> chapters_from_environment("TRANSFERKIT_NO_SUCH_VARIABLE", "00, 02")
        ['00', '02']
    """
    wanted = os.environ.get(variable, default).strip()
    if wanted == "all":
        return None
    numbers = [part.strip() for part in wanted.split(",") if part.strip()]
    known = [Path(path).name[:2] for path in chapter_paths()]
    unknown = [number for number in numbers if number not in known]
    if unknown or not numbers:
        raise ValueError(
            f"{variable} names no chapter. Received: {wanted!r}. Expected \"all\" or chapter numbers "
            f"separated by commas, from {known[0]} to {known[-1]}, e.g. {variable}=03,07.")
    return numbers


def run_session(chapters: list[str], workdir: Path, screenshots: Path = SCREENSHOTS, assignment: str | None = None,
                reproduce: str | None = None, chromium: str | None = None, language: str = "en",
                unanswered: tuple[str, ...] = ()) -> dict:
    """Open `chapters` in order in one JupyterLab session, Run All in each, never closing a tab.

    Args:
        chapters: notebook paths relative to the course root.
        workdir: an empty folder for the course copy, the cache and the server log.
        screenshots: where each notebook's screenshot goes.
        assignment: a student notebook to open last, in which the answer to q1 is typed wrong, then right.
        reproduce: a chapter to run again with Kernel > Restart Kernel and Run All Cells; its printed
            output must equal the first run's.
        chromium: the browser to drive (default: `find_chromium()`).
        language: the language of the notebooks ("en" or "zh-CN"): which shut-down note to look for.
        unanswered: student notebooks to open after the chapters and run as they come (no answer typed: the
            checks say that each question is not answered yet).

    Returns:
        A dict: `runs` (one `NotebookRun` dict per notebook), `note_seen` (the shut-down note shown in an
        earlier notebook), `grader` (what `grader.check("q1")` printed for a wrong and a right answer),
        `reruns` (printed output of the repeated runs), `server_mb` (the server alone, before any kernel),
        `unanswered` (one `NotebookRun` dict per unanswered student notebook).
    """
    from playwright.sync_api import sync_playwright

    chromium = chromium or find_chromium()
    if chromium is None:
        raise RuntimeError(HOW_TO_GET_CHROMIUM)
    (workdir / "course").mkdir(parents=True)
    screenshots.mkdir(parents=True, exist_ok=True)
    copy_course(workdir / "course")
    report = {"runs": [], "note_seen": None, "grader": {}, "reruns": [], "alive_after_switch": None, "unanswered": []}
    with start_lab(workdir / "course", workdir / "cache", screenshots / "lab.log") as lab, sync_playwright() as playwright:
        time.sleep(1.0)
        report["server_mb"] = round(lab.monitor.sample(), 1)
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        learner = Learner(lab, page, screenshots)

        def open_and_run(path: str, screenshot: str) -> dict:
            """Open `path`, Run All, and record what it showed and the session's memory while it ran."""
            lab.monitor.mark()
            learner._path = path
            learner.open(path)
            run = learner.record(path, learner.run_all(path))
            run.peak_mb, run.idle_mb = round(lab.monitor.mark(), 1), round(lab.monitor.now, 1)
            run.kernels = len(lab.api("kernels"))
            learner.screenshot(screenshot)
            return asdict(run)

        for index, path in enumerate(chapters):
            report["runs"].append(open_and_run(path, Path(path).stem))
            if path == reproduce:
                for _ in range(2):
                    learner.run_all(path, restart=True)
                    report["reruns"].append(asdict(learner.record(path, 0.0))["printed"])
            if index == 1:  # the first notebook's kernel made room for this one: is the note there?
                learner.switch_to(chapters[0])
                note = learner.current().get_by_text(NOTE_TEXT[language])
                report["note_seen"] = note.count() > 0
                if report["note_seen"]:
                    note.first.scroll_into_view_if_needed()
                    time.sleep(1.0)  # let JupyterLab paint the cells scrolled into view
                learner.screenshot(Path(chapters[0]).stem + "-after-shutdown")
                time.sleep(3.0)  # the old notebook must not start a kernel of its own again
                report["alive_after_switch"] = [session["path"] for session in lab.api("sessions")]
                learner.switch_to(path)
        for path in unanswered:
            report["unanswered"].append(open_and_run(path, Path(path).stem + "-unanswered"))
        if assignment:
            lab.monitor.mark()
            learner._path = assignment
            learner.open(assignment)
            seconds = learner.run_all(assignment)
            report["grader"] = try_answers(learner, assignment)
            run = learner.record(assignment, seconds)
            run.peak_mb, run.idle_mb = round(lab.monitor.mark(), 1), round(lab.monitor.now, 1)
            run.kernels = len(lab.api("kernels"))
            learner.screenshot(Path(assignment).stem + "-graded")
            report["runs"].append(asdict(run))
        browser.close()
    return report


def try_answers(learner: Learner, assignment: str) -> dict:
    """Type a wrong and then the right answer to q1 of assignment 01; return what the check printed."""
    roles = {
        "recognising 459 kinds of printed glyphs": "source task",
        "recognising handwritten digits": "target task",
        "the network the lab trained": "pretrained model",
        "the convolution layers you keep": "shared layers",
        "the new softmax layer": "specific layers",
        "keeping the layers as they are and training only the new one": "transfer strategy",
    }
    wrong = dict(roles, **{"the convolution layers you keep": "specific layers",
                           "the new softmax layer": "shared layers"})
    shown = {}
    for name, answer in (("wrong", wrong), ("right", roles)):
        text = "roles = {\n" + "".join(f"    {key!r}: {value!r},\n" for key, value in answer.items()) + "}"
        learner.type_into_cell("roles = {", text)
        time.sleep(1.0)
        learner.wait_until_idle(assignment)
        shown[name] = learner.run_cell_and_read('grader.check("q1")')
        learner.screenshot(f"assignment-q1-{name}")
    return shown


if __name__ == "__main__":
    import tempfile

    chosen = chapter_paths(sys.argv[1:] or None)
    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(run_session(chosen, Path(folder)), indent=1))
