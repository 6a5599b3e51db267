"""Several ``sli`` processes recording at the same moment lose nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.records.workspace import check_folder
from tests.helpers import EXAMPLE, load_plan, load_records, subprocess_env

pytestmark = pytest.mark.slow  # parallel processes recording at once


def start(folder: Path, priority: str, objectives: list[str]) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "sli_cli", "meeting", "record", "--plan", str(folder),
            "-p", priority, "--date", "12/07/2023"]
    for objective in objectives:
        args += ["--rag", f"{objective}=green",
                 "--action", f"{objective}=Report back|DPH lead|30/09/2023"]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=subprocess_env(SLI_TODAY="2023-11-01"), cwd=folder.parent)


def test_parallel_recordings_are_all_kept(tmp_path: Path) -> None:
    folder = tmp_path / "sw"
    folder.mkdir()
    shutil.copy(EXAMPLE / "plan.toml", folder / "plan.toml")
    quarter = Quarter(2023, 1)
    plan = load_plan(folder).at(quarter)  # the objectives running then
    jobs = {p.id: [o.id for o in plan.objectives_of(p.id)] for p in plan.priorities}
    # Every priority once, and P1 three times over: exactly one P1 may win.
    procs = [(pid, start(folder, pid, objectives)) for pid, objectives in jobs.items()]
    procs += [("P1", start(folder, "P1", jobs["P1"])) for _ in range(2)]
    results = [(pid, proc.wait(timeout=120), proc.communicate()[1]) for pid, proc in procs]
    p1_codes = sorted(code for pid, code, _ in results if pid == "P1")
    assert p1_codes == [0, 1, 1]
    assert all(code == 0 for pid, code, _ in results if pid != "P1"), results
    assert sum("is already recorded" in stderr for _, _, stderr in results) == 2
    records = load_records(folder)
    assert sorted(m.priority for m in records.meetings) == sorted(jobs)
    for pid, objectives in jobs.items():
        meeting = records.meeting(pid, quarter)
        assert meeting is not None and meeting.version == 1
        assert [o.objective for o in meeting.outcomes] == objectives
    ids = [a.id for m in records.meetings for _, a in m.actions]
    assert len(ids) == len(set(ids)) == sum(len(o) for o in jobs.values())
    _, _, problems = check_folder(folder)
    assert problems == []
