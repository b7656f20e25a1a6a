"""Run every chapter notebook in a fresh kernel; measure wall time and peak memory; write a table.

Budgets (DEVELOPERS brief): each notebook <= 60 s wall and <= 1.5 GB peak RSS on 2 CPU cores.
Memory is the peak resident set size of the notebook's kernel (the Python process that runs the
cells, with TensorFlow), sampled every 20 ms; the runner that drives it (about 150 MB, the role
JupyterLab's server plays for a learner) is reported separately.

Machines differ, so each chapter is also given as a multiple of a *floor* notebook measured in the same
run: kernel start, `import transferkit`, `import keras` and a two-epoch fit of a tiny Dense model, what
any TensorFlow notebook costs. The floor runs once to warm up (discarded), then again after every few
chapters; its median is the unit. One run of a notebook on these machines can take 15-20% longer than
the next for no reason in the notebook, so the course is run in several rounds (3 unless `--rounds=N`),
each chapter's wall time is the median of its rounds (all of them listed) and its memory the highest.
The goal (issue 12): every chapter within 3x the floor and 1 GB of kernel memory, the whole course
within 25x. Every round uses an empty results cache (a fresh `TRANSFERKIT_CACHE`), so no chapter is
measured on what an earlier run or round left behind.

Besides the table, the run refreshes the stored outputs of cells marked `# NBVAL_CHECK_OUTPUT`
(the only outputs committed; nbval compares them), so they always come from a real run.

The full run also opens every chapter, in order, in one JupyterLab session driven by headless
Chromium (scripts/lab_session.py: the same session the browser test runs) and adds, per chapter, the
peak of the summed resident memory of JupyterLab's server and all its kernels while that chapter ran:
what Binder's 2 GB limit applies to.

Usage:
    python3 course.py bench                 # all chapters and the JupyterLab session, writes docs/benchmarks.md
    python3 course.py bench 01 02           # re-measure these chapters and update their rows (session kept)
    python3 course.py bench --rounds=1      # one run of each chapter, not the median of 3 (quicker, noisier)
    sudo python3 course.py bench --class 8,12,16,20   # a class on the classroom hub (scripts/class_bench.py)
    sudo python3 course.py bench --grading 60         # grading a class (scripts/grade_bench.py)
    python3 course.py bench --site                    # building the website, cold and cached (scripts/build_site.py)
    python3 course.py bench --devices                 # chapter 11's fine-tuning on each GPU/TPU found and the CPU
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
GOAL_FLOORS, GOAL_MB, GOAL_TOTAL_FLOORS = 3.0, 1024.0, 25.0
FLOOR_EVERY = 3  # chapters between two floor runs
ROUNDS = 3  # runs of each chapter, the median reported
CHECK_MARK = "NBVAL_CHECK_OUTPUT"
FLOOR_CELLS = [
    "import numpy as np\nimport transferkit as tk\nimport keras\n\nkeras.utils.set_random_seed(0)",
    "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation='relu'), keras.layers.Dense(2)])\n"
    "model.compile(optimizer='adam', loss='mse')\n"
    "model.fit(np.zeros((64, 8)), np.zeros((64, 2)), epochs=2, verbose=0)",
]


def write_floor_notebook(folder: Path) -> Path:
    """The floor: what every chapter pays before its lesson (kernel, TensorFlow, a first fit)."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in FLOOR_CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "floor.ipynb"
    nbformat.write(notebook, path)
    return path


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def run_notebook(path: Path, executed: Path, env: dict | None = None) -> tuple[float, float, float, int]:
    """Execute `path` into `executed`; return (seconds, kernel peak MB, runner peak MB, exit code)."""
    command = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
               "--ExecutePreprocessor.timeout=600", "--output", str(executed), str(path)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=path.parent, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, env=env)
    runner, kernel_peak, runner_peak = psutil.Process(process.pid), 0, 0
    while process.poll() is None:
        try:
            kernel_peak = max(kernel_peak, lab_session.summed_rss(runner.children(recursive=True)))
        except psutil.Error:
            pass
        runner_peak = max(runner_peak, lab_session.summed_rss([runner]))
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


def write_table(rows: list[dict], floor: dict | None) -> None:
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
        "*x floor*: the wall time as a multiple of the floor notebook (kernel start, `import transferkit`,",
        "`import keras`, a two-epoch fit of a tiny model), measured in the same run after a warm-up, every",
        f"{FLOOR_EVERY} chapters, median taken; the ratio carries over between machines. A run of a notebook here",
        "can take 15-20% longer than the next for no reason in the notebook, so the course runs in rounds, each",
        "chapter once a round: *wall* is the median of a chapter's runs (*runs* lists them in order), kernel and",
        "runner memory the highest of its runs. Goal: every chapter",
        f"<= {GOAL_FLOORS:.0f}x the floor and <= {GOAL_MB / 1024:.0f} GB kernel memory, the course <= {GOAL_TOTAL_FLOORS:.0f}x. "
        "The notebooks run with an empty results cache.",
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
    ]
    if floor:
        lines.append(f"- floor: {floor['seconds']:.1f} s (median of {floor['runs']} runs: "
                     f"{', '.join(format(value, '.1f') for value in floor['all'])}), kernel {floor['mb']:.0f} MB")
    lines += [
        "",
        "| notebook | wall (s) | runs (s) | x floor | kernel memory (MB) | runner memory (MB) | lab Run All (s) "
        "| lab session peak (MB) | within budget | within goal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        runs = ", ".join(format(value, ".1f") for value in row.get("runs") or [row["seconds"]])
        lines.append(f"| {row['name']} | {row['seconds']:.1f} | {runs} | {ratio(row, floor)} | {row['mb']:.0f} | "
                     f"{row['runner_mb']:.0f} | {number(row.get('lab_seconds'), '.1f')} | "
                     f"{number(row.get('session_mb'), '.0f')} | {'yes' if within_budget(row) else 'NO'} | "
                     f"{within_goal(row, floor)} |")
    peaks = [row["session_mb"] for row in rows if row.get("session_mb") is not None]
    total = sum(row["seconds"] for row in rows)
    total_ratio = f"**{total / floor['seconds']:.1f}**" if floor else "-"
    total_goal = ("yes" if total / floor["seconds"] <= GOAL_TOTAL_FLOORS else "no") if floor else "-"
    lines.append(f"| **total** | **{total:.1f}** | | {total_ratio} | max {max(row['mb'] for row in rows):.0f} | | | "
                 f"{'max ' + format(max(peaks), '.0f') if peaks else '-'} | | {total_goal} |")
    TABLE.parent.mkdir(exist_ok=True)
    old = TABLE.read_text(encoding="utf-8") if TABLE.exists() else ""
    # The sections other commands write (a class on the hub, grading a class) are kept as they are.
    kept = [old.index(marker) for marker in ("<!-- class-benchmark -->", "<!-- grading-benchmark -->") if marker in old]
    class_section = old[min(kept):] if kept else ""
    TABLE.write_text("\n".join(lines) + "\n" + ("\n" + class_section if class_section else ""), encoding="utf-8")


def number(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def ratio(row: dict, floor: dict | None) -> str:
    return f"{row['seconds'] / floor['seconds']:.1f}" if floor else "-"


def within_goal(row: dict, floor: dict | None) -> str:
    if not floor:
        return "-"
    return "yes" if row["seconds"] <= GOAL_FLOORS * floor["seconds"] and row["mb"] <= GOAL_MB else "no"


def within_budget(row: dict) -> bool:
    session_ok = row.get("session_mb") is None or row["session_mb"] <= SESSION_BUDGET_MB
    return row["seconds"] <= BUDGET_SECONDS and row["mb"] <= BUDGET_MB and row["code"] == 0 and session_ok


def read_table() -> list[dict]:
    """The rows of the current docs/benchmarks.md."""
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 10 and cells[0].endswith(".ipynb"):
            rows.append({"name": cells[0], "seconds": float(cells[1]),
                         "runs": [float(value) for value in cells[2].split(", ")], "mb": float(cells[4]),
                         "runner_mb": float(cells[5]), "code": 0 if cells[8] == "yes" else 1,
                         "lab_seconds": None if cells[6] == "-" else float(cells[6]),
                         "session_mb": None if cells[7] == "-" else float(cells[7])})
    return rows


def read_floor() -> dict | None:
    """The floor recorded in the current docs/benchmarks.md (None if there is none)."""
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("- floor: "):
            words = line.split()
            runs = [float(value.strip(",):")) for value in line.split("runs: ")[1].split(")")[0].split(", ")]
            return {"seconds": float(words[2]), "runs": len(runs), "all": runs, "mb": float(words[-2])}
    return None


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


def parse_arguments(argv: list[str]) -> tuple[list[str], int]:
    """The chapters named in `argv` and the number of rounds (`--rounds=N`, default `ROUNDS`)."""
    chapters, rounds = [], ROUNDS
    for argument in argv:
        if argument.startswith("--rounds="):
            value = argument.split("=", 1)[1]
            if not value.isdigit() or int(value) < 1:
                raise SystemExit(f"--rounds wants a whole number of at least 1. Received: {argument!r}. "
                                 "Example: python3 course.py bench --rounds=1")
            rounds = int(value)
        elif argument.startswith("-"):
            raise SystemExit(f"Unknown option {argument!r}. Expected chapter numbers and --rounds=N, "
                             "e.g. python3 course.py bench 03 05 --rounds=5")
        else:
            chapters.append(argument)
    return chapters, rounds


def summarise(name: str, runs: list[tuple[float, float, float, int]]) -> dict:
    """One table row from a chapter's runs (seconds, kernel MB, runner MB, exit code): median time, highest memory."""
    return {"name": name, "seconds": median([run[0] for run in runs]), "runs": [run[0] for run in runs],
            "mb": max(run[1] for run in runs), "runner_mb": max(run[2] for run in runs),
            "code": next((run[3] for run in runs if run[3] != 0), 0)}


def main(argv: list[str]) -> int:
    if argv == ["--site"]:  # building the website, cold and cached (scripts/build_site.py)
        import build_site

        return build_site.bench()
    if argv == ["--devices"]:  # chapter 11's fine-tuning on each accelerator and the CPU (scripts/device_bench.py)
        import device_bench

        return device_bench.main(argv)
    if any(argument.startswith("--grading") for argument in argv):  # grading a class (scripts/grade_bench.py)
        import grade_bench

        return grade_bench.main(argv)
    if any(argument.startswith("--class") for argument in argv):  # a class on the hub (scripts/class_bench.py)
        import class_bench

        return class_bench.main(argv)
    names, rounds = parse_arguments(argv)
    chapters = [course.find_chapter(number) for number in names] if names else list(course.CHAPTERS)
    runs, floors = {}, []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        env = dict(os.environ, TRANSFERKIT_CACHE=str(scratch / "cache-0"))  # not the learner's cache
        floor_path = write_floor_notebook(scratch)

        def run_floor(record: bool = True):
            seconds, mb, _, code = run_notebook(floor_path, scratch / "floor-run.ipynb", env)
            if code != 0:
                raise SystemExit("The floor notebook failed: the environment cannot run Keras.")
            if record:
                floors.append((seconds, mb))
                print(f"{'floor':<45} {seconds:6.1f} s  kernel {mb:5.0f} MB", flush=True)

        if not names:
            run_floor(record=False)  # warm-up: a cold first run would flatter every ratio
        for round_number in range(1, rounds + 1):
            env["TRANSFERKIT_CACHE"] = str(scratch / f"cache-{round_number}")  # no round reuses an earlier one
            for index, chapter in enumerate(chapters):
                if not names and index % FLOOR_EVERY == 0:
                    run_floor()
                path = ROOT / chapter.notebook
                executed = scratch / path.name
                seconds, mb, runner_mb, code = run_notebook(path, executed, env)
                runs.setdefault(path.name, []).append((seconds, mb, runner_mb, code))
                refreshed = round_number == 1 and code == 0 and refresh_checked_outputs(path, executed)
                print(f"round {round_number}/{rounds}  {path.name:<45} {seconds:6.1f} s  kernel {mb:5.0f} MB  "
                      f"runner {runner_mb:4.0f} MB  exit {code}" + ("  (checked outputs refreshed)" if refreshed else ""),
                      flush=True)
        if not names:
            run_floor()
    rows = [summarise(name, chapter_runs) for name, chapter_runs in runs.items()]
    floor = ({"seconds": median([seconds for seconds, _ in floors]), "runs": len(floors),
              "all": [seconds for seconds, _ in floors], "mb": median([mb for _, mb in floors])} if floors else None)
    if names and TABLE.exists():  # re-measured some chapters: keep the other rows, the floor and the session
        old = {row["name"]: row for row in read_table()}
        for row in rows:
            row.update({key: old.get(row["name"], {}).get(key) for key in ("lab_seconds", "session_mb")})
        rows = merge_rows(list(old.values()), rows)
        floor = read_floor()
    else:
        measure_session(rows)
    write_table(rows, floor)
    print(f"wrote {TABLE.relative_to(ROOT)}")
    failed = [row for row in rows if not within_budget(row)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
