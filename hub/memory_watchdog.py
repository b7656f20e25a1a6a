"""The local hub's memory limit: end the kernel of a student whose processes use more than the limit.

JupyterHub's LocalProcessSpawner only tells the memory indicator its `mem_limit`; it enforces nothing. On
The Littlest JupyterHub systemd enforces it, on Zero to JupyterHub Kubernetes does; on the course's local hub
(where cgroups may be read-only, as in CI) this service does: every second it adds up the resident memory of
each student's processes (Unix users named with the prefix) and, while a student is over the limit, kills the
process group of that student's largest kernel. The student loses that kernel's variables, not their files:
notebooks are saved on disk, and the server keeps running. Other students are not touched.

Run by the hub as a service (hub/jupyterhub_config.py); `--once` checks one time, for tests.

Example:
    >>> parse_size("1.5G")
    1610612736
"""

from __future__ import annotations

import argparse
import os
import pwd
import signal
import sys
import time

import psutil

UNITS = {"K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4}


def parse_size(text: str) -> int:
    """Bytes in a size written as JupyterHub writes `mem_limit` (`512M`, `1.5G`, or bytes).

    Raises:
        ValueError: if `text` is not such a size.

    Example:
        >>> parse_size("512M")
        536870912
    """
    text = str(text).strip().upper()
    try:
        if text and text[-1] in UNITS:
            return int(float(text[:-1]) * UNITS[text[-1]])
        return int(text)
    except ValueError:
        raise ValueError(f"expected a memory size like '1G', '1536M' or a number of bytes. Received: {text!r}.") from None


def is_kernel(process: psutil.Process) -> bool:
    """Whether `process` is a Jupyter kernel (ipykernel started by a server)."""
    try:
        return any("ipykernel_launcher" in part or "ipykernel" == part for part in process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def students_processes(prefix: str) -> dict[str, list[psutil.Process]]:
    """Each student's (Unix user named `prefix...`) running processes."""
    by_user: dict[str, list[psutil.Process]] = {}
    for process in psutil.process_iter(["username"]):
        name = process.info["username"] or ""
        if name.startswith(prefix):
            by_user.setdefault(name, []).append(process)
    return by_user


def group_memory(processes: list[psutil.Process], group: int) -> int:
    total = 0
    for process in processes:
        try:
            if os.getpgid(process.pid) == group:
                total += process.memory_info().rss
        except (psutil.NoSuchProcess, ProcessLookupError):
            pass
    return total


def check(limit: int, prefix: str, log) -> list[str]:
    """Kill the largest kernel of each student over `limit` bytes; return what was done, one line each."""
    done = []
    for user, processes in students_processes(prefix).items():
        used = 0
        for process in processes:
            try:
                used += process.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        if used <= limit:
            continue
        kernels = {}
        for process in processes:
            if is_kernel(process):
                try:
                    group = os.getpgid(process.pid)
                except ProcessLookupError:
                    continue
                kernels[group] = group_memory(processes, group)
        if not kernels:
            continue
        group = max(kernels, key=kernels.get)
        try:
            os.killpg(group, signal.SIGKILL)
        except ProcessLookupError:
            continue
        line = (f"{time.strftime('%Y-%m-%d %H:%M:%S')} {user}: {used / 2**20:.0f} MB over the limit of "
                f"{limit / 2**20:.0f} MB; killed the kernel's process group {group} ({kernels[group] / 2**20:.0f} MB)")
        print(line, file=log, flush=True)
        done.append(line)
    return done


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", required=True, help="per student, e.g. 2G")
    parser.add_argument("--prefix", default="tk-", help="the students' Unix user names start with it")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between checks")
    parser.add_argument("--log", help="append what it does to this file (and to standard output)")
    parser.add_argument("--once", action="store_true", help="check once and exit")
    options = parser.parse_args(argv)
    limit = parse_size(options.limit)

    class Both:
        def write(self, text):
            sys.stdout.write(text)
            if options.log:
                with open(options.log, "a", encoding="utf-8") as file:
                    file.write(text)

        def flush(self):
            sys.stdout.flush()

    log = Both()
    print(f"memory watchdog: {limit / 2**20:.0f} MB per student ({options.prefix}*)", flush=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop on SIGTERM as on SIGINT
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored
    try:
        while True:
            check(limit, options.prefix, log)
            if options.once:
                return 0
            time.sleep(options.interval)
    except KeyboardInterrupt:  # the hub stops its services with SIGINT
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
