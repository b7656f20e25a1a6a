"""Run every chapter notebook in a fresh kernel; measure wall time and peak memory; write a table.

Budgets (DEVELOPERS brief): each notebook <= 60 s wall and <= 1.5 GB peak RSS on 2 CPU cores.
Memory is the peak resident set size of the notebook's kernel (the Python process that runs the
cells, with TensorFlow), sampled every 20 ms; the runner that drives it (about 150 MB, the role
JupyterLab's server plays for a learner) is reported separately.

Besides the table, the run refreshes the stored outputs of cells marked `# NBVAL_CHECK_OUTPUT`
(the only outputs committed; nbval compares them), so they always come from a real run.

The full run also opens every chapter, in order, in one JupyterLab session driven by headless
Chromium (scripts/lab_session.py: the same session the browser test runs) and adds, per chapter, the
peak of the summed resident memory of JupyterLab's server and all its kernels while that chapter ran:
what Binder's 2 GB limit applies to.

Usage:
    python3 course.py bench                 # all chapters and the JupyterLab session, writes docs/benchmarks.md
    python3 course.py bench 01 02           # re-measure these chapters and update their rows (session kept)
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil

from transferkit import course, environment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import lab_session  # noqa: E402
TABLE = ROOT / "docs" / "benchmarks.md"
BUDGET_SECONDS = 60.0
BUDGET_MB = 1536.0
SESSION_BUDGET_MB = 2048.0
CHECK_MARK = "NBVAL_CHECK_OUTPUT"


def rss(processes) -> int:
    total = 0
    for member in processes:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_notebook(path: Path, executed: Path) -> tuple[float, float, float, int]:
    """Execute `path` into `executed`; return (seconds, kernel peak MB, runner peak MB, exit code)."""
    command = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
               "--ExecutePreprocessor.timeout=600", "--output", str(executed), str(path)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=path.parent, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    runner, kernel_peak, runner_peak = psutil.Process(process.pid), 0, 0
    while process.poll() is None:
        try:
            kernel_peak = max(kernel_peak, rss(runner.children(recursive=True)))
        except psutil.Error:
            pass
        runner_peak = max(runner_peak, rss([runner]))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        print(process.stderr.read()[-3000:], file=sys.stderr)
    return seconds, kernel_peak / 2**20, runner_peak / 2**20, process.returncode


def refresh_checked_outputs(path: Path, executed: Path) -> bool:
    """Copy the outputs of NBVAL_CHECK_OUTPUT cells from the executed copy; True if any changed."""
    source, result = nbformat.read(path, as_version=4), nbformat.read(executed, as_version=4)
    changed = False
    for cell, ran in zip(source.cells, result.cells):
        if cell.cell_type == "code" and CHECK_MARK in cell.source:
            outputs = [output for output in ran.outputs if output.get("output_type") != "display_data"]
            if outputs != cell.outputs:
                cell.outputs, changed = outputs, True
            # nbval treats a cell without an execution count as never run, so keep the run's count.
            if cell.execution_count != ran.execution_count:
                cell.execution_count, changed = ran.execution_count, True
    if changed:
        nbformat.write(source, path)
    return changed


def write_table(rows: list[dict]) -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = environment.versions()
    lines = [
        "# Notebook benchmarks",
        "",
        "Written by `python3 course.py bench` (scripts/benchmark.py); do not edit by hand.",
        "Each notebook runs in a fresh kernel with `jupyter nbconvert --execute`. *Wall* includes",
        "starting the kernel and importing TensorFlow; *kernel memory* is the peak resident memory of",
        "the kernel that runs the cells; *runner memory* that of the process driving it (JupyterLab's",
        "server plays that role for a learner). Budget: 60 s and 1.5 GB per notebook on 2 CPU cores.",
        "",
        "*Lab session* columns: the same chapters opened in order in one JupyterLab session (started as",
        "`python3 course.py lab` starts it, driven by headless Chromium: File > Open from Path, Run > Run All",
        "Cells, never closing a tab). *Run All* is the time until the kernel was idle; *session peak* is the",
        "highest summed resident memory of JupyterLab's server and all its kernels, sampled every 50 ms while",
        "the chapter ran: the figure Binder's 2 GB limit applies to. The lab runs one notebook's kernel at a",
        "time (transferkit_lab/kernels.py), so the session holds one kernel whatever was opened before.",
        "",
        f"- date: {datetime.date.today().isoformat()}",
        f"- machine: {cores} CPU cores ({platform.machine()}, {platform.processor() or 'unknown CPU'}), "
        f"{environment.hardware().get('memory_gb', '?')} GB memory, no GPU",
        f"- python {versions['python']}, tensorflow {versions['tensorflow']}, keras {versions['keras']}",
        "",
        "| notebook | wall (s) | kernel memory (MB) | runner memory (MB) | lab Run All (s) | lab session peak (MB) "
        "| within budget |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append(f"| {row['name']} | {row['seconds']:.1f} | {row['mb']:.0f} | {row['runner_mb']:.0f} | "
                     f"{number(row.get('lab_seconds'), '.1f')} | {number(row.get('session_mb'), '.0f')} | "
                     f"{'yes' if within_budget(row) else 'NO'} |")
    peaks = [row["session_mb"] for row in rows if row.get("session_mb") is not None]
    lines.append(f"| **total** | **{sum(row['seconds'] for row in rows):.1f}** | "
                 f"max {max(row['mb'] for row in rows):.0f} | | | {'max ' + format(max(peaks), '.0f') if peaks else '-'} | |")
    TABLE.parent.mkdir(exist_ok=True)
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def number(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def within_budget(row: dict) -> bool:
    session_ok = row.get("session_mb") is None or row["session_mb"] <= SESSION_BUDGET_MB
    return row["seconds"] <= BUDGET_SECONDS and row["mb"] <= BUDGET_MB and row["code"] == 0 and session_ok


def read_table() -> list[dict]:
    """The rows of the current docs/benchmarks.md."""
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 7 and cells[0].endswith(".ipynb"):
            rows.append({"name": cells[0], "seconds": float(cells[1]), "mb": float(cells[2]),
                         "runner_mb": float(cells[3]), "code": 0 if cells[6] == "yes" else 1,
                         "lab_seconds": None if cells[4] == "-" else float(cells[4]),
                         "session_mb": None if cells[5] == "-" else float(cells[5])})
    return rows


def measure_session(rows: list[dict]) -> None:
    """Run every chapter in one JupyterLab session in Chromium; add its figures to `rows`."""
    chromium = lab_session.find_chromium()
    if chromium is None:
        print(lab_session.HOW_TO_GET_CHROMIUM + " The lab session columns stay empty.", flush=True)
        return
    with tempfile.TemporaryDirectory() as scratch:
        report = lab_session.run_session(lab_session.chapter_paths(), Path(scratch), chromium=chromium)
    by_name = {Path(run["path"]).name: run for run in report["runs"]}
    for row in rows:
        if run := by_name.get(row["name"]):
            row["lab_seconds"], row["session_mb"] = run["seconds"], run["peak_mb"]
            print(f"{row['name']:<45} lab Run All {run['seconds']:6.1f} s  session peak {run['peak_mb']:5.0f} MB  "
                  f"kernels {run['kernels']}", flush=True)


def merge_rows(old: list[dict], new: list[dict]) -> list[dict]:
    """`old` with the rows of `new` in their place, in the order of the chapters."""
    by_name = {row["name"]: row for row in old} | {row["name"]: row for row in new}
    order = [Path(chapter.notebook).name for chapter in course.CHAPTERS]
    return [by_name[name] for name in order if name in by_name]


def main(argv: list[str]) -> int:
    chapters = [course.find_chapter(number) for number in argv] if argv else list(course.CHAPTERS)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for chapter in chapters:
            path = ROOT / chapter.notebook
            executed = Path(scratch) / path.name
            seconds, mb, runner_mb, code = run_notebook(path, executed)
            refreshed = code == 0 and refresh_checked_outputs(path, executed)
            rows.append({"name": path.name, "seconds": seconds, "mb": mb, "runner_mb": runner_mb, "code": code})
            print(f"{path.name:<45} {seconds:6.1f} s  kernel {mb:5.0f} MB  runner {runner_mb:4.0f} MB  exit {code}"
                  + ("  (checked outputs refreshed)" if refreshed else ""), flush=True)
    if argv and TABLE.exists():  # re-measured some chapters: keep the other rows (and the session) as they are
        old = {row["name"]: row for row in read_table()}
        for row in rows:
            row.update({key: old.get(row["name"], {}).get(key) for key in ("lab_seconds", "session_mb")})
        rows = merge_rows(list(old.values()), rows)
    else:
        measure_session(rows)
    write_table(rows)
    print(f"wrote {TABLE.relative_to(ROOT)}")
    failed = [row for row in rows if not within_budget(row)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
