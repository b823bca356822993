"""Peak memory of a command and all its descendants together (RSS and PSS summed, sampled every
50 ms from /proc), e.g. ``ogi run`` with its workers and its temporary Prefect server.

    python benchmarks/peak_memory.py -- .venv/bin/ogi run --input DIR --warehouse W.duckdb
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

PAGE_KB = 4


def tree_memory_kb(root: int) -> tuple[int, int]:
    """Resident memory (RSS) and proportional set size (PSS: shared pages divided among the
    processes sharing them) of ``root`` and its descendants, summed, in KiB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(fields[21]) * PAGE_KB
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [c for c, p in parents.items() if p == pid and c not in tree]
        tree.update(children)
        frontier += children
    return sum(rss.get(pid, 0) for pid in tree), sum(_pss_kb(pid) for pid in tree)


def _pss_kb(pid: int) -> int:
    try:
        for line in (Path("/proc") / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv: list[str]) -> int:
    """Run the command after ``--``, print its exit code, wall time and the peak of its tree's memory."""
    command = argv[argv.index("--") + 1:] if "--" in argv else argv
    started = time.monotonic()
    proc = subprocess.Popen(command)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        rss, pss = tree_memory_kb(proc.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.05)
    print(f"exit {proc.returncode}; {time.monotonic() - started:.1f} s; peak memory of the process tree: "
          f"RSS summed {peak_rss / 1024:.0f} MB, PSS summed {peak_pss / 1024:.0f} MB", file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
