"""`python3 course.py bench --class N`: a class on the classroom hub, simulated, measured.

N students log in through the hub (signed up, approved by the teacher), start their servers (starts spread
evenly over `--window` seconds), pull the course with nbgitpuller, open chapter 04 and run it cell by cell
over the kernel's websocket as a browser does (JupyterHub's load tester hubtraf works this way, with `5 * 4`;
here the chapter's real cells), then answer assignment 04 and run its checks. For each student: seconds to a
ready server, seconds to the chapter done, seconds for the assignment, errors. For the class: the peak memory
of all students' processes together and per student, CPU-seconds per student-chapter (server and kernels,
from the start of the server to the end of the assignment), the hub API's response time at the 95th percentile,
and each student-chapter's time as a multiple of one student alone (measured first, in the same run).

`--class 8` runs one class of 8; `--class 8,12,16,20` raises N until the first failure (an error, a failed
check, or a student-chapter over 5 minutes) and reports that N and the one before it. The table goes into
docs/benchmarks.md between the class-benchmark markers (the notebook table is left as it is).

Needs root, like the hub (a Unix user per student). Only addresses on this machine are used.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "hub"))
import hub as hub_script  # noqa: E402

TABLE = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- class-benchmark -->", "<!-- /class-benchmark -->"
CHAPTER = "transferkit/notebooks/04_feature_extraction.ipynb"
ASSIGNMENT = "transferkit/exercises/04_feature_extraction/student/04_feature_extraction.ipynb"
CHAPTER_LIMIT = 300.0  # seconds: a student-chapter slower than 5 minutes fails the class
MEMORY_SHARE = 0.8  # a class whose students' peaks add up to more of the machine's memory is not started


class Monitor:
    """Samples every student's processes: summed and per-student resident memory, CPU-seconds per student."""

    def __init__(self, prefix: str, interval: float = 0.5):
        self.prefix, self.interval = prefix, interval
        self.peak_total, self.peak_student = 0, {}
        self.cpu: dict[int, tuple[str, float]] = {}  # pid -> (user, last CPU-seconds seen)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stopping.is_set():
            total, per_student = 0, {}
            for process in psutil.process_iter(["username"]):
                user = process.info["username"] or ""
                if not user.startswith(self.prefix):
                    continue
                try:
                    rss = process.memory_info().rss
                    times = process.cpu_times()
                except psutil.NoSuchProcess:
                    continue
                total += rss
                per_student[user] = per_student.get(user, 0) + rss
                self.cpu[process.pid] = (user, times.user + times.system)
            self.peak_total = max(self.peak_total, total)
            for user, rss in per_student.items():
                self.peak_student[user] = max(self.peak_student.get(user, 0), rss)
            time.sleep(self.interval)

    def __enter__(self) -> "Monitor":
        self.thread.start()
        return self

    def __exit__(self, *exception) -> None:
        self.stopping.set()
        self.thread.join()

    def cpu_seconds(self) -> dict[str, float]:
        by_user: dict[str, float] = {}
        for user, seconds in self.cpu.values():
            by_user[user] = by_user.get(user, 0.0) + seconds
        return by_user


def browser_chapter(student, home: Path, path: str = CHAPTER, screenshots: Path | None = None) -> dict:
    """Run a chapter in a real browser as `student`, through the hub: JupyterLab's Run > Run All Cells.

    The same Learner as the browser test of one JupyterLab (scripts/lab_session.py), pointed at the student's
    server on the hub. Returns what the student saw (lab_session.NotebookRun as a dict): seconds, errors,
    stderr, printed output, images saved and shown.
    """
    from dataclasses import asdict

    from playwright.sync_api import sync_playwright

    import lab_session

    chromium = lab_session.find_chromium()
    if chromium is None:
        raise RuntimeError(lab_session.HOW_TO_GET_CHROMIUM)
    lab = hub_lab_class()(student.server_url().rstrip("/"), student.token, home, None, None)
    screenshots = screenshots or ROOT / ".lab-session" / "hub"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=lab_session.CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            learner = lab_session.Learner(lab, page, screenshots)
            try:
                page.goto(f"{student.url}/hub/login")  # the hub's sign-in page, as a student meets it
                page.locator("#username_input").fill(student.name)
                page.locator("#password_input").fill(student.password)
                page.locator("#login_submit").click()
                page.wait_for_url("**/user/**", timeout=120_000)
                learner.open(path)
            except Exception:
                learner.screenshot(f"{student.name}-could-not-open")
                raise
            seconds = learner.run_all(path)
            run = learner.record(path, seconds)
            learner.screenshot(f"{student.name}-{Path(path).stem}")
        finally:
            browser.close()
    return asdict(run)


def hub_lab_class():
    import lab_session

    class HubLab(lab_session.Lab):
        """A student's server on the hub, as lab_session's Learner sees a JupyterLab: its API with the token."""

        def api(self, path: str):
            import json
            import urllib.request

            request = urllib.request.Request(f"{self.url}/api/{path}", headers={"Authorization": f"token {self.token}"})
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.load(response)

    return HubLab


def what_a_student_saw(run: dict) -> dict:
    """What must not change under load: errors, warnings, printed numbers (times aside), plots shown."""
    import lab_session

    return {"errors": run["errors"], "stderr": run["stderr"], "images": (run["images_saved"], run["images_shown"]),
            "printed": [lab_session.VARIES.sub("<varies>", text) for text in run["printed"]]}


def simulate(student, course: str, answers: dict[str, str], delay: float, browser: bool = False) -> dict:
    """One student's session: wait `delay`, start, pull, chapter 04, assignment 04; what it measured."""
    from client import run_notebook

    time.sleep(delay)
    record = {"name": student.name, "errors": []}
    try:
        record["ready"] = student.start()
        student.pull(course)
        if browser:
            import pwd

            seen = browser_chapter(student, Path(pwd.getpwnam(student.system_name).pw_dir))
            record["chapter"], record["browser"] = seen["seconds"], what_a_student_saw(seen)
            record["errors"] += [f"chapter in the browser: {error}" for error in seen["errors"]]
        else:
            chapter = run_notebook(student, CHAPTER)
            record["chapter"] = chapter["seconds"]
            record["errors"] += [f"chapter: {error}" for error in chapter["errors"]]
        assignment = run_notebook(student, ASSIGNMENT, answers)
        record["assignment"] = assignment["seconds"]
        record["errors"] += [f"assignment: {error}" for error in assignment["errors"]]
        record["errors"] += [f"assignment: check {question} did not pass" for question in assignment["failed"]]
    except Exception as error:  # a student's failure is a measurement, not the benchmark's end
        record["errors"].append(f"{type(error).__name__}: {error}")
    return record


def run_class(hub, size: int, window: float, answers: dict[str, str], alone: dict | None = None) -> dict:
    """Run a class of `size` students on `hub`; return the per-student records and the class's figures."""
    students = [hub.known.get(f"s{index:03d}") or hub_student(hub, f"s{index:03d}") for index in range(1, size + 1)]
    delays = [window * index / size for index in range(size)]
    with Monitor(hub.prefix) as monitor, ThreadPoolExecutor(size) as pool:
        # The first student works in a real browser; the others over websockets.
        records = list(pool.map(lambda index: simulate(students[index], str(hub.course), answers, delays[index],
                                                       browser=index == 0), range(size)))
    cpu = monitor.cpu_seconds()
    api = sorted(seconds for student in students for seconds in student.api_seconds)
    for student in students:  # the next class starts from stopped servers
        hub.teacher.api("DELETE", f"users/{student.name}/server")
    time.sleep(3)
    chapters = [record.get("chapter") for record in records]
    slow = [seconds for seconds in chapters if seconds and seconds > CHAPTER_LIMIT]
    errors = [f"{record['name']}: {error}" for record in records for error in record["errors"]]
    seen, seen_alone = records[0].get("browser"), alone and alone["records"][0].get("browser")
    if seen_alone and seen != seen_alone:  # the browser student's page must be what it was alone
        errors.append(f"{records[0]['name']}: the browser showed something else than alone: "
                      f"{ {key: value for key, value in seen.items() if seen_alone.get(key) != value} if seen else None}")
    return {
        "size": size, "window": window, "records": records, "errors": errors,
        "passed": not errors and not slow and all(chapters),
        "peak_total_mb": monitor.peak_total / 2**20,
        "peak_student_mb": max(monitor.peak_student.values(), default=0) / 2**20,
        "cpu_per_student": statistics.median(cpu.get(f"{hub.prefix}{s.name}", 0.0) for s in students),
        "api_p95_ms": 1000 * api[min(len(api) - 1, int(0.95 * len(api)))] if api else 0.0,
    }


def hub_student(hub, name: str):
    student = hub.student(name)
    hub.known[name] = student
    return student


def summary_row(result: dict, solo: float | None) -> str:
    records = result["records"]
    ready = [record["ready"] for record in records if "ready" in record]
    chapters = [record["chapter"] for record in records if "chapter" in record]
    assignments = [record["assignment"] for record in records if "assignment" in record]

    def spread(values):
        return f"{statistics.median(values):.0f} ({min(values):.0f}-{max(values):.0f})" if values else "-"

    ratio = f"{statistics.median(chapters) / solo:.1f} (max {max(chapters) / solo:.1f})" if solo and chapters else "-"
    return (f"| {result['size']} | {result['window']:.0f} | {spread(ready)} | {spread(chapters)} | {ratio} | "
            f"{spread(assignments)} | {result['peak_total_mb']:.0f} | {result['peak_student_mb']:.0f} | "
            f"{result['cpu_per_student']:.0f} | {result['api_p95_ms']:.0f} | {len(result['errors'])} | "
            f"{'yes' if result['passed'] else 'NO'} |")


def write_section(results: list[dict], solo: dict, largest: dict | None, first_failure: dict | None,
                  notes: list[str]) -> str:
    cores = len(os.sched_getaffinity(0))
    memory = psutil.virtual_memory().total / 2**30
    lines = [
        BEGIN,
        "## A class on the classroom hub",
        "",
        "Written by `sudo python3 course.py bench --class 8,12,16 --window 300` (scripts/class_bench.py); do not edit by hand.",
        "Simulated students log in through the local hub (`python3 course.py hub`: a Unix user each, the",
        "memory watchdog and the idle culler on), start their servers (starts spread over the window), pull the",
        "course with nbgitpuller, run chapter 04 cell by cell over the kernel's websocket as a browser does, then",
        "answer assignment 04 and run its checks. The first student works in a real browser (Chromium, the browser",
        "test's Learner, signed in on the hub's page): what the page shows (errors, warnings, printed numbers,",
        "plots) must be what it showed that student alone. *ready*: seconds from asking for a server to its being ready;",
        "*chapter* and *assignment*: seconds to run them, median (min-max); *x alone*: a student-chapter's time",
        "as a multiple of one student alone, measured first in the same run; *peak memory*: the highest sum of",
        "all students' processes (servers and kernels) and the highest of one student; *CPU-s per student*:",
        "CPU-seconds of a student's processes from server start to assignment done (median); *API p95*: the",
        "hub API's response time at the 95th percentile, over every request the students made (but the start of a",
        "server, which the hub answers when the server is ready: that is *ready*). A class passes",
        f"with no error, every check passed, and every student-chapter within {CHAPTER_LIMIT / 60:.0f} minutes.",
        "",
        f"- date: {datetime.date.today().isoformat()}",
        f"- machine: {cores} CPU cores, {memory:.1f} GB memory, no GPU",
        f"- one student alone: chapter 04 in {solo['records'][0].get('chapter', 0):.1f} s, assignment 04 in "
        f"{solo['records'][0].get('assignment', 0):.1f} s, {solo['cpu_per_student']:.0f} CPU-s, "
        f"peak {solo['peak_student_mb']:.0f} MB",
    ]
    if largest:
        lines.append(f"- **largest class that passed: {largest['size']} students**"
                     + (f"; the first that failed: {first_failure['size']}" if first_failure else
                        "; no size tried failed"))
    lines += [
        "",
        "| students | window (s) | ready (s) | chapter 04 (s) | x alone | assignment 04 (s) | peak memory, all (MB) "
        "| peak memory, one student (MB) | CPU-s per student | API p95 (ms) | errors | passed |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    solo_seconds = solo["records"][0].get("chapter")
    lines += [summary_row(result, solo_seconds) for result in [solo, *results]]
    failures = [error for result in results for error in result["errors"]][:5]
    if notes:
        lines += ["", *[f"Note: {note}." for note in notes]]
    if failures:
        lines += ["", "First errors: " + "; ".join(failures)]
    lines.append(END)
    return "\n".join(lines) + "\n"


def store_section(section: str, path: Path = TABLE, begin: str = BEGIN, end: str = END) -> None:
    """Put `section` (from `begin` to `end`) in place of the old one in docs/benchmarks.md, or at its end."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


INSTRUCTORS = ROOT / "docs" / "instructors.md"
ACTIVE_SHARE = 0.5  # students working at once, of those enrolled: TLJH's guidance is 40-60%
HEADROOM = 1.2  # TLJH's sizing guide: 20% over the users' memory
SYSTEM_GB = 2  # the hub, the proxy and the operating system
CLASS_SIZES = (20, 50, 200)


def read_class_table(path: Path = TABLE) -> list[dict]:
    """The class benchmark's rows from docs/benchmarks.md: size, peak memory of one student, passed."""
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text:
        raise ValueError(f"{path} has no class benchmark. Run `sudo python3 course.py bench --class 8,10,12` first.")
    rows = []
    for line in text[text.index(BEGIN):text.index(END)].splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 12 and cells[0].isdigit():
            rows.append({"size": int(cells[0]), "window": float(cells[1]), "peak_total_mb": float(cells[6]),
                         "peak_student_mb": float(cells[7]), "x_alone": float(cells[4].split()[0]),
                         "cpu": float(cells[8]), "passed": cells[11] == "yes"})
    return rows


def sizing(rows: list[dict]) -> dict:
    """Per-student memory and students per core from the class benchmark; machines for 20, 50, 200 students.

    Example:
        >>> sizing([{"size": 1, "window": 0.0, "peak_student_mb": 1000.0, "cpu": 90, "passed": True},
        ...         {"size": 8, "window": 300.0, "peak_total_mb": 4400.0,
        ...          "peak_student_mb": 1100.0, "cpu": 95, "passed": True}])["students_per_core"]
        2.0
    """
    passed = [row for row in rows if row["passed"] and row["size"] > 1]
    if not passed:
        raise ValueError("no class of more than one student passed the class benchmark: nothing to size from.")
    largest = max(row["size"] for row in passed)
    window = next(row["window"] for row in passed if row["size"] == largest)
    per_student_gb = max(row["peak_student_mb"] for row in passed) / 1024
    # Students working at once: the class's peak memory over one student's peak (the others were between chapters).
    largest_row = next(row for row in passed if row["size"] == largest)
    at_once = largest_row.get("peak_total_mb", largest * largest_row["peak_student_mb"]) / largest_row["peak_student_mb"]
    per_core = at_once / len(os.sched_getaffinity(0))
    machines = []
    for students in CLASS_SIZES:
        active = -(-students * ACTIVE_SHARE // 1)
        memory = active * per_student_gb * HEADROOM + SYSTEM_GB
        cores = -(-active // per_core)
        machines.append({"students": students, "active": int(active), "memory_gb": -(-memory // 1),
                         "cores": int(max(cores, 2)), "deployment": "TLJH (one machine)" if students <= 50 else
                         "z2jh (Kubernetes)"})
    return {"largest": largest, "at_once": at_once, "window": window, "x_alone": largest_row.get("x_alone"), "per_student_gb": per_student_gb, "students_per_core": per_core,
            "machines": machines}


def sizing_tables(figures: dict) -> tuple[str, str]:
    """The teachers' sizing table in English and in Chinese (docs/instructors.md)."""
    english = [
        f"From the class benchmark ([benchmarks.md](benchmarks.md)): one student working (server and chapter kernel) "
        f"peaks at **{figures['per_student_gb']:.2f} GB**; on 2 cores, **{figures['largest']} students** whose "
        f"starts spread over {figures['window'] / 60:.0f} minutes each finish chapter 04 within 5 minutes (at {figures['x_alone']} times "
        f"one student's time); at the peak, {figures['at_once']:.1f} of them were working at once (the class's peak "
        f"memory over one student's), so a core serves about **{figures['students_per_core']:.1f} students working at once**. Assumed: {ACTIVE_SHARE:.0%} of a class "
        f"works at once (TLJH's guidance: 40-60%); memory = students at once x peak x {HEADROOM} (TLJH's 20% "
        f"headroom) + {SYSTEM_GB} GB for the hub and the system; cores = students at once / students per core.",
        "",
        "| class | working at once | memory | cores | deployment |",
        "|---:|---:|---:|---:|---|",
    ]
    chinese = [
        f"依据班级基准（[benchmarks.md](benchmarks.md)）：一名正在学习的学生（服务器加一章的内核）内存峰值为 "
        f"**{figures['per_student_gb']:.2f} GB**；在 2 个 CPU 核上，**{figures['largest']} 名学生**在 {figures['window'] / 60:.0f} 分钟内陆续开始，"
        f"每人仍能在 5 分钟内跑完第 4 章；高峰时约 {figures['at_once']:.1f} 人同时学习（班级内存峰值除以一名学生的峰值），"
        f"所以每个核大约可服务 **{figures['students_per_core']:.1f} 名同时学习的学生**。"
        f"假设：班级中 {ACTIVE_SHARE:.0%} 的学生同时学习（TLJH 的建议为 40-60%）；内存 = 同时学习的人数 × 峰值 × {HEADROOM}"
        f"（TLJH 建议的 20% 余量）+ {SYSTEM_GB} GB（hub 与系统）；CPU 核数 = 同时学习的人数 ÷ 每核学生数。",
        "",
        "| 班级人数 | 同时学习 | 内存 | CPU 核 | 部署方式 |",
        "|---:|---:|---:|---:|---|",
    ]
    for machine in figures["machines"]:
        english.append(f"| {machine['students']} | {machine['active']} | {machine['memory_gb']:.0f} GB | "
                       f"{machine['cores']} | {machine['deployment']} |")
        deployment = "TLJH（一台机器）" if machine["students"] <= 50 else "z2jh（Kubernetes 集群）"
        chinese.append(f"| {machine['students']} | {machine['active']} | {machine['memory_gb']:.0f} GB | "
                       f"{machine['cores']} | {deployment} |")
    return "\n".join(english), "\n".join(chinese)


def write_sizing(path: Path = INSTRUCTORS) -> None:
    """Rewrite the sizing tables of docs/instructors.md (between their markers) from the class benchmark."""
    english, chinese = sizing_tables(sizing(read_class_table()))
    text = path.read_text(encoding="utf-8")
    for marker, table in [("class-sizing", english), ("class-sizing-zh", chinese)]:
        begin, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
        if begin not in text:
            raise ValueError(f"{path} needs the markers {begin} and {end} where the sizing table goes.")
        text = text[:text.index(begin) + len(begin)] + "\n" + table + "\n" + text[text.index(end):]
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv == ["--write-sizing"]:
        write_sizing()
        print(f"wrote the sizing tables into {INSTRUCTORS.relative_to(ROOT)}")
        return 0
    parser = argparse.ArgumentParser(prog="course.py bench --class", description=__doc__.split("\n")[0])
    parser.add_argument("--class", dest="sizes", required=True,
                        help="class sizes to try in order, e.g. 8 or 8,12,16,20 (stops at the first failure)")
    parser.add_argument("--window", type=float, default=60.0, help="seconds over which the students' starts spread")
    parser.add_argument("--no-write", action="store_true", help="print the table, do not write docs/benchmarks.md")
    options = parser.parse_args(argv)
    try:
        sizes = [int(size) for size in options.sizes.split(",")]
    except ValueError:
        raise SystemExit(f"--class wants class sizes like 8 or 8,12,16. Received: {options.sizes!r}.") from None
    if any(size < 1 for size in sizes):
        raise SystemExit(f"--class wants sizes of at least 1. Received: {options.sizes!r}.")
    import mutants

    answers = mutants.solutions("04_feature_extraction")
    results, largest, first_failure, notes = [], None, None, []
    with hub_script.LocalHub(prefix="tkb-") as hub:
        hub.known = {}
        solo = run_class(hub, 1, 0.0, answers)
        print("one student alone: " + summary_row(solo, None) + " ".join(solo["errors"]), flush=True)
        if not solo["passed"]:
            raise SystemExit(f"One student alone failed, so no class was tried: {solo['errors']}")
        memory = psutil.virtual_memory().total / 2**20
        for size in sizes:
            if size * solo["peak_student_mb"] > MEMORY_SHARE * memory:
                note = (f"a class of {size} was not tried: {size} x {solo['peak_student_mb']:.0f} MB (one student's "
                        f"peak) is over {MEMORY_SHARE:.0%} of this machine's {memory / 1024:.1f} GB")
                print(note, flush=True)
                notes.append(note)
                break
            result = run_class(hub, size, options.window, answers, alone=solo)
            results.append(result)
            print(summary_row(result, solo["records"][0].get("chapter")) + " ".join(result["errors"][:3]), flush=True)
            if result["passed"]:
                largest = result
            else:
                first_failure = result
                break
    section = write_section(results, solo, largest, first_failure, notes)
    print(section)
    if not options.no_write:
        store_section(section)
        print(f"wrote the class table into {TABLE.relative_to(ROOT)}")
        if largest and largest["size"] > 1:
            write_sizing()
            print(f"wrote the sizing tables into {INSTRUCTORS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
