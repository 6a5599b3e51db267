"""Crash safety: ``sli`` processes killed with SIGKILL at random moments while
they record meetings, amendments, action completions, events and updates.
Afterwards every record is whole or absent, nothing is recorded twice, and
``sli check`` passes.

CRASH_KILLS sets how many processes must be killed mid-run (200 by default,
the figure CI runs); CRASH_SEED makes a run repeatable.
"""

from __future__ import annotations

import os
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sli_cli.records.store import list_record_files
from tests.helpers import run_process, tree, write_plan
from tests.workload import (
    Job,
    kill_after,
    make_jobs,
    open_actions,
    start_batch,
    start_single,
    verify,
)

pytestmark = pytest.mark.slow  # hundreds of processes killed mid-write: minutes

KILLS = int(os.environ.get("CRASH_KILLS", "200"))
SEED = int(os.environ.get("CRASH_SEED", "20231116"))
PARALLEL = 2
BATCH_EVERY = 2  # every other process runs a batch of commands
BATCH_SIZE = 12


def test_sigkill_at_random_moments(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "plan")
    plan_bytes = (folder / "plan.toml").read_bytes()
    rng = random.Random(SEED)
    jobs: list[Job] = []
    runs: list[tuple[list[Job], float, bool]] = []  # (jobs, delay, batch)

    def attempt(index: int) -> bool:
        chosen, delay, batch = runs[index]
        if batch:
            proc = start_batch(chosen, tmp_path / f"batch-{index}.json")
        else:
            proc = start_single(chosen[0])
        return kill_after(proc, delay)

    kills = attempts = 0
    with ThreadPoolExecutor(PARALLEL) as pool:
        while kills < KILLS:
            assert attempts < KILLS * 3, "processes finish before they can be killed"
            start = len(runs)
            available = open_actions(folder)
            for index in range(start, start + PARALLEL * 8):
                batch = index % BATCH_EVERY == BATCH_EVERY - 1
                chosen = make_jobs(folder, f"r{index}", BATCH_SIZE if batch else 1, rng,
                                   open_actions=available)
                jobs += chosen
                runs.append((chosen, rng.uniform(0, 0.3), batch))
            results = list(pool.map(attempt, range(start, len(runs))))
            kills += sum(results)
            attempts += len(results)

    found = verify(folder, jobs)
    assert (folder / "plan.toml").read_bytes() == plan_bytes
    leftovers = sorted(str(p.relative_to(folder)) for p in folder.rglob(".*.tmp"))
    listed = {relative for _, relative in list_record_files(folder)}
    assert not any(name in listed for name in leftovers)
    before = tree(folder)
    check = run_process("check", "--plan", str(folder))
    assert check.exit_code == 0, check.output
    assert "Traceback" not in check.output
    assert tree(folder) == before
    print(f"\nFIGURE crash: {kills} kills in {attempts} processes "
          f"({len(jobs)} commands asked); {found.describe()} present, all whole; "
          f"{len(leftovers)} temporary files left, ignored by readers")
