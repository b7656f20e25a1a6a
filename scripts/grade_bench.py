"""`sudo python3 course.py bench --grading 60`: grading a class, measured: `course.py grade` against the old loop.

A realistic class of assignment 04 (scripts/hostile_class.py's `realistic_class`: right, wrong and half-done
answers in turn, each notebook a student's own) is graded twice on this machine:
- by the loop docs/instructors.md used to give, `otter run` on one notebook after another (as the teacher, no
  sandbox, no time limit);
- by `course.py grade` with its defaults (one worker per core, each submission in its sandbox).
It writes the "Grading a class" section of docs/benchmarks.md: submissions per minute, the peak resident memory of
one worker (the loop's Otter process and kernel; a sandbox's processes), and whether both gave every student
the same total.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import class_bench  # noqa: E402  (where docs/benchmarks.md's sections are stored)
import grade  # noqa: E402
import hostile_class  # noqa: E402

BEGIN, END = "<!-- grading-benchmark -->", "<!-- /grading-benchmark -->"


def tree_peak(process: subprocess.Popen, stop: threading.Event, peaks: list) -> None:
    """The highest summed resident memory of `process` and its descendants, sampled every 0.2 s."""
    import psutil

    root, peak = psutil.Process(process.pid), 0
    while not stop.is_set():
        total = 0
        try:
            for member in [root, *root.children(recursive=True)]:
                total += member.memory_info().rss
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.2)
    peaks.append(peak)


def serial_loop(folder: Path, archive: Path, work: Path) -> dict:
    """The old docs' loop: `otter run` on each notebook in turn; its time, peak memory and each student's total."""
    otter = Path(sys.executable).with_name("otter")
    totals, peaks = {}, []
    started = time.monotonic()
    for notebook in sorted(folder.glob("*/*.ipynb")):
        student = notebook.parent.name
        results = work / f"results-{student}"
        results.mkdir(parents=True)
        process = subprocess.Popen([str(otter), "run", "--no-logo", "-a", str(archive), "-o", str(results),
                                    str(notebook)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stop = threading.Event()
        watcher = threading.Thread(target=tree_peak, args=(process, stop, peaks))
        watcher.start()
        process.wait()
        stop.set()
        watcher.join()
        result = json.loads((results / "results.json").read_text())
        totals[student] = sum(test.get("score", 0) or 0 for test in result["tests"])
    return {"seconds": time.monotonic() - started, "peak": max(peaks), "totals": totals}


def write_section(size: int, loop: dict, command: dict, workers: int, same: int) -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    run_peaks = [entry["peak"] for entry in command["peaks"] if entry["phase"] == "run"]
    check_peaks = [entry["peak"] for entry in command["peaks"] if entry["phase"] == "check"]
    loop_rate, command_rate = size / loop["seconds"] * 60, size / command["seconds"] * 60
    lines = [
        BEGIN,
        "## Grading a class",
        "",
        f"Written by `sudo python3 course.py bench --grading {size}` (scripts/grade_bench.py); do not edit by hand.",
        f"{size} submissions of assignment 04 (right, wrong and half-done answers in turn, each notebook its",
        "student's own), graded on this machine by the loop of `otter run` docs/instructors.md used to give (one",
        "notebook after another, as the teacher, no sandbox, no time limit) and by `course.py grade` with its",
        f"defaults ({workers} workers, one per core; each submission in its sandbox: its notebook run as a user of its",
        "own, then its answers checked by a fresh process of another user). *Peak memory per worker*: the highest",
        "summed resident memory of one `otter run` and its kernel, or of one sandbox's processes.",
        "",
        f"- date: {datetime.date.today().isoformat()}; machine: {cores} CPU cores ({platform.machine()}), no GPU",
        "",
        "| grading | wall (s) | submissions per minute | peak memory per worker (MB) |",
        "|---|---:|---:|---:|",
        f"| `otter run` loop, one at a time | {loop['seconds']:.0f} | {loop_rate:.2f} | {loop['peak'] / 2**20:.0f} |",
        f"| `course.py grade`, {workers} workers | {command['seconds']:.0f} | {command_rate:.2f} | "
        f"{max(run_peaks) / 2**20:.0f} running the notebook, {max(check_peaks) / 2**20:.0f} checking |",
        "",
        f"Ratio: `course.py grade` grades {command_rate / loop_rate:.2f}x as many submissions per minute as the loop. "
        "TensorFlow already uses both cores, so two workers do not halve the time; each sandboxed submission also "
        "imports TensorFlow twice (its notebook, then the fresh checking process) where `otter run` imports it once.",
        f"Median seconds per sandboxed submission (one worker's view): running "
        f"{statistics.median(entry['seconds'] for entry in command['peaks'] if entry['phase'] == 'run'):.0f}, checking "
        f"{statistics.median(entry['seconds'] for entry in command['peaks'] if entry['phase'] == 'check'):.0f}.",
        f"Same total for {same} of {size} students in both.",
        END,
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="course.py bench --grading", description=__doc__.split("\n")[0])
    parser.add_argument("--grading", type=int, default=60, help="how many submissions")
    options = parser.parse_args(argv)
    if os.geteuid() != 0:
        grade.fail("the grading benchmark runs `course.py grade` with its sandbox, which needs root: use sudo.")
    folder_name = grade.find_assignment("04").name
    assignment_folder = ROOT / "exercises" / folder_name
    grade.load_assignment(assignment_folder)  # makes the autograder if it is missing
    archive = sorted((assignment_folder / "autograder").glob("*.zip"))[-1]
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "class"
        hostile_class.realistic_class("04", folder, options.grading)
        print(f"The old loop: otter run on {options.grading} notebooks, one after another ...", flush=True)
        loop = serial_loop(folder, archive, Path(temporary) / "loop")
        print(f"  {loop['seconds']:.0f} s", flush=True)
        workers = os.cpu_count()
        print(f"course.py grade, {workers} workers ...", flush=True)
        command = grade.grade_all("04", folder, out=Path(temporary) / "grades", workers=workers, quiet=True)
        print(f"  {command['seconds']:.0f} s", flush=True)
        table = csv.DictReader(io.StringIO((Path(temporary) / "grades" / "grades.csv").read_text()))
        same = sum(1 for row in table if abs(float(row["total"]) - loop["totals"].get(row["student"], -1)) < 1e-6)
    section = write_section(options.grading, loop, command, workers, same)
    class_bench.store_section(section, begin=BEGIN, end=END)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
