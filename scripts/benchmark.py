"""Run every chapter notebook in a fresh kernel; measure wall time and peak memory; write a table.

Budgets (DEVELOPERS brief): each notebook <= 60 s wall and <= 1.5 GB peak RSS on 2 CPU cores.
Memory is the peak resident set size of the notebook's kernel (the Python process that runs the
cells, with TensorFlow), sampled every 20 ms; the runner that drives it (about 150 MB, the role
JupyterLab's server plays for a learner) is reported separately.

Besides the table, the run refreshes the stored outputs of cells marked `# NBVAL_CHECK_OUTPUT`
(the only outputs committed; nbval compares them), so they always come from a real run.

Usage:
    python3 course.py bench                 # all chapters, writes docs/benchmarks.md
    python3 course.py bench 01 02           # re-measure these chapters and update their rows
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
TABLE = ROOT / "docs" / "benchmarks.md"
BUDGET_SECONDS = 60.0
BUDGET_MB = 1536.0
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
        f"- date: {datetime.date.today().isoformat()}",
        f"- machine: {cores} CPU cores ({platform.machine()}, {platform.processor() or 'unknown CPU'}), "
        f"{environment.hardware().get('memory_gb', '?')} GB memory, no GPU",
        f"- python {versions['python']}, tensorflow {versions['tensorflow']}, keras {versions['keras']}",
        "",
        "| notebook | wall (s) | kernel memory (MB) | runner memory (MB) | within budget |",
        "|---|---:|---:|---:|---|",
    ]
    for row in rows:
        ok = row["seconds"] <= BUDGET_SECONDS and row["mb"] <= BUDGET_MB and row["code"] == 0
        lines.append(f"| {row['name']} | {row['seconds']:.1f} | {row['mb']:.0f} | {row['runner_mb']:.0f} | "
                     f"{'yes' if ok else 'NO'} |")
    lines.append(f"| **total** | **{sum(row['seconds'] for row in rows):.1f}** | "
                 f"max {max(row['mb'] for row in rows):.0f} | | |")
    TABLE.parent.mkdir(exist_ok=True)
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_table() -> list[dict]:
    """The rows of the current docs/benchmarks.md."""
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 5 and cells[0].endswith(".ipynb"):
            rows.append({"name": cells[0], "seconds": float(cells[1]), "mb": float(cells[2]),
                         "runner_mb": float(cells[3]), "code": 0 if cells[4] == "yes" else 1})
    return rows


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
    if argv and TABLE.exists():  # re-measured some chapters: keep the other rows of the table as they are
        rows = merge_rows(read_table(), rows)
    write_table(rows)
    print(f"wrote {TABLE.relative_to(ROOT)}")
    failed = [row for row in rows if row["code"] != 0 or row["seconds"] > BUDGET_SECONDS
              or row["mb"] > BUDGET_MB]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
