"""Concurrency: many ``sli`` processes recording into one plan folder at the
same moment lose nothing and merge nothing.

CONCURRENT_PROCESSES x CONCURRENT_RECORDS (8 x 25 by default, the figure CI
runs) records are written at once.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.records.load import read_records
from tests.helpers import run_process, write_plan
from tests.workload import (
    Job,
    Shape,
    done_job,
    event_job,
    meeting_job,
    start_batch,
    update_job,
    verify,
)

pytestmark = pytest.mark.slow  # many processes writing at once: about a minute

PROCESSES = int(os.environ.get("CONCURRENT_PROCESSES", "8"))
RECORDS = int(os.environ.get("CONCURRENT_RECORDS", "25"))
QUARTERS = [Quarter(2022, 1).shift(i) for i in range(8)]


def wide_plan(folder: Path, priorities: int) -> Shape:
    """A plan with one priority (of two objectives) per writing process."""
    lines = ['schema_version = 1', 'id = "wide"', 'title = "Wide plan"',
             'network = "South West"', 'start = "2022/23 Q1"', 'end = "2023/24 Q4"',
             'sli_lead = "DPH, Wiltshire"', 'coordinator = "SW SLI co-ordinator"']
    shape: dict[str, list[str]] = {}
    for p in range(1, priorities + 1):
        lines += ["[[priorities]]", f'id = "P{p}"', f'title = "Priority {p}"',
                  f'dph_lead = "DPH {p}"']
        shape[f"P{p}"] = []
        for o in (2 * p - 1, 2 * p):
            lines += ["[[objectives]]", f'id = "KO{o}"', f'priority = "P{p}"',
                      f'title = "Objective {o}"', f'lead = "DPH {p}"']
            shape[f"P{p}"].append(f"KO{o}")
    write_plan(folder, "\n".join(lines) + "\n")
    return Shape(shape, QUARTERS)


def worker_jobs(folder: Path, shape: Shape, worker: int, rng: random.Random) -> list[Job]:
    """RECORDS jobs that all succeed: meetings of the worker's own priority in
    distinct quarters, amendments of them, completions of their actions,
    events and updates."""
    priority = f"P{worker + 1}"
    meetings = [meeting_job(folder, f"w{worker}-m{q}", rng, shape, priority=priority,
                            quarter=quarter, amend=False)
                for q, quarter in enumerate(QUARTERS[: max(1, RECORDS // 4)])]
    amends = [meeting_job(folder, f"w{worker}-a{i}", rng, shape, priority=priority,
                          quarter=m.expected["quarter"], amend=True)
              for i, m in enumerate(meetings[: RECORDS // 8])]
    done = [done_job(folder, f"w{worker}-d{i}", f"@action:{m.expected['action'][0]}")
            for i, m in enumerate(meetings[: RECORDS // 8])]
    jobs: list[Job] = [*meetings, *amends, *done]
    i = 0
    while len(jobs) < RECORDS:
        make = event_job if i % 2 else update_job
        jobs.append(make(folder, f"w{worker}-i{i}", rng, shape))
        i += 1
    return jobs[:RECORDS]


def start_together(batches: list[list[Job]], tmp_path: Path) -> list[int]:
    procs = [start_batch(jobs, tmp_path / f"worker-{n}.json", wait=True)
             for n, jobs in enumerate(batches)]
    for proc in procs:  # every process is ready: let them all go
        assert proc.stdin is not None
        proc.stdin.write(b"go\n")
        proc.stdin.close()
    codes = []
    for proc in procs:
        codes.append(proc.wait(timeout=120))
        assert proc.stdout is not None
        proc.stdout.close()
    return codes


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    shape = wide_plan(folder, PROCESSES)
    rng = random.Random(7)
    batches = [worker_jobs(folder, shape, w, rng) for w in range(PROCESSES)]
    assert start_together(batches, tmp_path) == [0] * PROCESSES
    found = verify(folder, [job for jobs in batches for job in jobs])
    assert found.total == PROCESSES * RECORDS, found.describe()
    check = run_process("check", "--plan", str(folder))
    assert check.exit_code == 0, check.output
    print(f"\nFIGURE concurrency: {PROCESSES} processes x {RECORDS} records at once: "
          f"{found.describe()} present and valid, none lost or merged")


def test_same_meeting_recorded_at_once_is_written_once(tmp_path: Path) -> None:
    """Eight people record the same meeting at the same moment: one record,
    seven clear refusals. Then all eight amend it at once: an amendment that
    started from a version another one has replaced is refused (it would undo
    that one's changes) and kept as a draft; versions are numbered without a
    gap."""
    folder = tmp_path / "plan"
    shape = wide_plan(folder, 1)
    rng = random.Random(8)
    quarter = QUARTERS[3]
    batches = [[meeting_job(folder, f"same-{n}", rng, shape, priority="P1", quarter=quarter,
                            amend=False)] for n in range(8)]
    codes = start_together(batches, tmp_path)
    assert sorted(codes) == [0] + [1] * 7
    for n, code in enumerate(codes):
        message = (tmp_path / f"worker-{n}.json.err").read_text(encoding="utf-8")
        assert "Traceback" not in message
        if code:
            assert "a meeting of P1 2022/23 Q4 is already recorded" in message
    records, problems = read_records(folder, use_cache=False)
    assert problems == []
    versions = records.meeting_versions[(quarter, "P1")]
    assert len(versions) == 1
    verify(folder, [job for jobs in batches for job in jobs])

    amends = [[meeting_job(folder, f"amend-{n}", rng, shape, priority="P1", quarter=quarter,
                           amend=True)] for n in range(8)]
    codes = start_together(amends, tmp_path)
    assert 0 in codes
    for n, code in enumerate(codes):
        message = (tmp_path / f"worker-{n}.json.err").read_text(encoding="utf-8")
        assert "Traceback" not in message
        if code:
            assert "was changed by someone else while this change was being written" \
                in message
    records, problems = read_records(folder, use_cache=False)
    assert problems == []
    recorded = codes.count(0)
    assert [m.version for m in records.meeting_versions[(quarter, "P1")]] == list(
        range(1, recorded + 2))
    # Seven drafts from the refused duplicates, one per refused amendment.
    assert len(list((folder / ".sli" / "drafts").glob("P1*.toml"))) == 7 + 8 - recorded
    verify(folder, [job for jobs in batches + amends for job in jobs])
    print(f"\nFIGURE same meeting: 8 recording at once: 1 written, 7 refused; 8 amending "
          f"at once: {recorded} recorded, {8 - recorded} refused as started from a replaced "
          "version, each kept as a draft")
