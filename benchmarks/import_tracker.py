"""Time ``sli import`` of a large generated tracker.

    python benchmarks/import_tracker.py [--rows 10000] [--quarters 4] [--runs 3]

Builds an ``.xlsx`` tracker in a temporary folder (a title row, the header on
row 3, the priority and its lead only on each priority's first row, one
rating and one narrative column per quarter, ratings as words), then runs
whole ``sli import`` processes into a new folder: a dry run (read, map,
check) and a real import (which also writes plan.toml and every meeting
record, each fsync'd). Prints the median seconds of each.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RATINGS = ["Red", "Amber", "Green", "Blue", "Grey"]


def build(path: Path, rows: int, quarters: int, per_priority: int) -> None:
    from openpyxl import Workbook

    # A normal (not write-only) workbook: shared strings and a dimension
    # record, as Excel itself saves.
    wb = Workbook()
    ws = wb.active
    ws.title = "2023-24"
    ws.append(["Synthetic SLI tracker"])
    ws.append([])
    headers = ["Priority", "Key objective", "DPH lead"]
    for q in range(1, quarters + 1):
        headers += [f"Q{q} 2023/24 RAG", f"Q{q} 2023/24 update"]
    ws.append(headers)
    for r in range(rows):
        first = r % per_priority == 0
        p = r // per_priority + 1
        row: list[object] = [f"Priority {p}" if first else None, f"Objective {r + 1}",
                             f"DPH, Council {p}" if first else None]
        for q in range(quarters):
            row += [RATINGS[(r + q) % 5], f"Progress on objective {r + 1} in Q{q + 1}"]
        ws.append(row)
    wb.save(path)


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one ``sli`` process: on a
    shared machine the CPU time says more than the wall clock."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sli_cli", *args], env=env,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"sli {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--quarters", type=int, default=4)
    parser.add_argument("--per-priority", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO), "SLI_TODAY": "2024-04-30",
           "SLI_USER": "Benchmark",
           "SLI_NO_CACHE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        tracker = base / "tracker.xlsx"
        start = time.perf_counter()
        build(tracker, options.rows, options.quarters, options.per_priority)
        print(f"built {tracker.name}: {options.rows:,} rows, {options.quarters} quarters "
              f"({tracker.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s")
        dry, real = [], []
        for run in range(options.runs):
            folder = base / f"plan{run}"
            dry.append(timed(["import", str(tracker), "--plan", str(folder), "--dry-run"], env))
            real.append(timed(["import", str(tracker), "--plan", str(folder)], env))
            meetings = sum(1 for _ in (folder / "meetings").rglob("*.toml"))
            shutil.rmtree(folder)
        print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}; medians of "
              f"{options.runs}")
        for label, times in (("dry run (read, map, check)", dry),
                             (f"import (and write {meetings:,} meeting records)", real)):
            print(f"{label}: {statistics.median(t[0] for t in times):.2f} s wall, "
                  f"{statistics.median(t[1] for t in times):.2f} s CPU")


if __name__ == "__main__":
    main()
