"""A workload of recording commands whose every record can be checked.

Each job is one ``sli`` command line and what it asked to be written. After a
run (killed, concurrent or not), ``verify`` reads the plan folder and proves
that every record present is exactly one that a job asked for, whole, and
that no job's record appears twice.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sli_cli.core.quarters import Quarter
from sli_cli.records.collection import Records
from sli_cli.records.load import read_records
from sli_cli.records.store import list_record_files
from tests.helpers import subprocess_env

# Text that would show a torn or mangled write: unicode, quotes, backslashes,
# newlines, TOML's own delimiters.
PIECES = ["Café ☕ naïve", "\"quoted\"", "it's", "back\\slash", "'''", '"""', "[[table]]",
          "key = \"value\"", "— em dash", "日本語", "line\nbreak", "tab\there", "#not-a-comment"]


@dataclass
class Job:
    """One command line and the fields of the record it asks for."""

    kind: str  # "event", "update", "meeting", "amend" or "done"
    argv: list[str]
    key: str  # unique per job: how a record is traced back to the job that wrote it
    expected: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Shape:
    """What a workload needs to know of its plan: priorities with their
    objectives, and the quarters of the plan."""

    priorities: dict[str, list[str]]
    quarters: list[Quarter]


# The shape of tests.helpers.SMALL_PLAN.
SMALL = Shape({"P1": ["KO1", "KO2"], "P2": ["KO3"]},
              [Quarter(2022, 1).shift(i) for i in range(8)])
DONE_ON = date(2024, 3, 31)  # after every meeting of the plan


def payload(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(rng.choice(PIECES))
    return " ".join(parts).strip()


def event_job(folder: Path, tag: str, rng: random.Random, shape: Shape) -> Job:
    day = date(2022, 4, 1) + timedelta(days=rng.randrange(0, 720))
    title = f"Event {tag}"
    where = f"Room {rng.randrange(1000)}"
    priority = rng.choice(["", *shape.priorities])
    argv = ["event", "add", "--plan", str(folder), "--date", day.isoformat(),
            "--title", title, "--where", where]
    if priority:
        argv += ["--priority", priority]
    internal = rng.random() < 0.3
    if internal:
        argv.append("--internal")
    return Job("event", argv, title, {"date": day, "where": where, "priority": priority,
                                      "internal": internal})


def update_job(folder: Path, tag: str, rng: random.Random, shape: Shape) -> Job:
    kind = rng.choice(["project", "news", "national"])
    index = rng.randrange(24) + 3  # a month of the plan: April 2022 to March 2024
    month = f"{2022 + index // 12}-{index % 12 + 1:02d}"
    title = f"Update {tag}"
    text = payload(rng, rng.choice([50, 2000, 30000]))
    objective = rng.choice(["", *(o for os_ in shape.priorities.values() for o in os_)])
    argv = ["update", "add", "--plan", str(folder), "--kind", kind, "--title", title,
            "--text", text, "--month", month]
    if objective:
        argv += ["--objective", objective]
    return Job("update", argv, title, {"kind": kind, "month": month, "text": text,
                                       "objective": objective})


def meeting_job(folder: Path, tag: str, rng: random.Random, shape: Shape, *,
                priority: str | None = None, quarter: Quarter | None = None,
                amend: bool | None = None) -> Job:
    """Record (or amend) a meeting: a rating for every objective of the
    priority, a long progress narrative and an action on the first one."""
    priority = priority or rng.choice(sorted(shape.priorities))
    quarter = quarter or rng.choice(shape.quarters)
    amend = rng.random() < 0.3 if amend is None else amend
    objectives = shape.priorities[priority]
    key = f"Meeting {tag}"
    rags = {o: rng.choice("RAGB") for o in objectives}
    progress = f"{key}. {payload(rng, rng.choice([100, 3000, 20000]))}"
    action = (f"Action {tag}", f"Owner {tag}", quarter.last_day() + timedelta(days=30))
    argv = ["meeting", "record", "--plan", str(folder), "--priority", priority,
            "--quarter", quarter.label(), "--yes"]
    if amend:
        argv += ["--amend", "--change-note", f"Amended by {tag}"]
    else:
        argv += ["--date", (quarter.first_day() + timedelta(days=40)).isoformat()]
    argv += [f"--rag={o}={r}" for o, r in rags.items()]
    argv += [f"--progress={objectives[0]}={progress}",
             f"--action={objectives[0]}={action[0]}|{action[1]}|{action[2].isoformat()}"]
    return Job("amend" if amend else "meeting", argv, key,
               {"priority": priority, "quarter": quarter, "rags": rags,
                "progress": progress, "action": action})


def done_job(folder: Path, tag: str, action_id: str) -> Job:
    """Complete an action; ``@action:TEXT`` names an action by its text, for
    a batch that completes actions of meetings it records itself."""
    note = f"Done {tag}"
    argv = ["action", "done", action_id, "--plan", str(folder), "--date",
            DONE_ON.isoformat(), "--note", note]
    return Job("done", argv, note, {"action": action_id})


def make_jobs(folder: Path, prefix: str, count: int, rng: random.Random,
              shape: Shape = SMALL, open_actions: list[str] | None = None) -> list[Job]:
    """``count`` jobs of every kind; completions only of ``open_actions``."""
    jobs: list[Job] = []
    available = list(open_actions or [])
    for i in range(count):
        tag = f"{prefix}-{i}"
        choice = rng.random()
        if choice < 0.2 and available:
            jobs.append(done_job(folder, tag, available.pop(rng.randrange(len(available)))))
        elif choice < 0.5:
            jobs.append(meeting_job(folder, tag, rng, shape))
        elif choice < 0.75:
            jobs.append(event_job(folder, tag, rng, shape))
        else:
            jobs.append(update_job(folder, tag, rng, shape))
    return jobs


def open_actions(folder: Path) -> list[str]:
    records, _ = read_records(folder, use_cache=False)
    return sorted(a.id for m in records.meetings for _, a in m.actions
                  if a.id not in records.done)


@dataclass
class Found:
    events: int = 0
    updates: int = 0
    meetings: int = 0
    amendments: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.events + self.updates + self.meetings + self.amendments + self.done

    def describe(self) -> str:
        return (f"{self.total} records ({self.meetings} meetings, {self.amendments} "
                f"amendments, {self.done} action completions, {self.events} events, "
                f"{self.updates} updates)")


def verify(folder: Path, jobs: list[Job]) -> Found:
    """Every record in ``folder`` is whole and is what exactly one job asked for."""
    records, problems = read_records(folder, use_cache=False)
    assert problems == [], [p.format() for p in problems]
    by_key = {job.key: job for job in jobs}
    assert len(by_key) == len(jobs), "job keys must be unique"
    found = Found()
    seen: set[str] = set()

    def traced(key: str, kinds: tuple[str, ...], where: str) -> Job:
        job = by_key.get(key)
        assert job is not None, f"{where}: no command asked for {key!r}"
        assert job.kind in kinds, (where, job.kind)
        assert key not in seen, f"{where}: {key} recorded twice"
        seen.add(key)
        return job

    for event in records.events:
        job = traced(event.title, ("event",), event.path)
        got = {"date": event.date, "where": event.where, "priority": event.priority,
               "internal": event.internal}
        assert got == job.expected, (event.path, got, job.expected)
        found.events += 1
    for update in records.updates:
        job = traced(update.title, ("update",), update.path)
        got = {"kind": update.kind.value, "month": update.month, "text": update.text,
               "objective": update.objective}
        assert got == job.expected, (update.path, update.title)
        found.updates += 1
    action_ids: list[str] = []
    for versions in records.meeting_versions.values():
        for meeting in versions:
            first = meeting.outcomes[0]
            key = first.progress.split(". ", 1)[0]
            job = traced(key, ("amend",) if meeting.version > 1 else ("meeting",),
                         meeting.path)
            expected = job.expected
            assert (meeting.priority, meeting.quarter) == (expected["priority"],
                                                           expected["quarter"])
            assert {o.objective: o.rag.letter for o in meeting.outcomes} == expected["rags"]
            assert first.progress == expected["progress"], meeting.path
            assert expected["action"] in [(a.text, a.owner, a.due) for a in first.actions]
            if meeting.version > 1:
                assert meeting.change_note == f"Amended by {key.removeprefix('Meeting ')}"
                found.amendments += 1
            else:
                found.meetings += 1
        action_ids += [a.id for _, a in versions[-1].actions]
    assert len(action_ids) == len(set(action_ids)), "an action id was given twice"
    for action_id, done in records.done.items():
        job = traced(done.note, ("done",), done.path)
        assert job.expected["action"] in (action_id, f"@action:{_action_text(records, action_id)}")
        assert done.date == DONE_ON
        found.done += 1
    ids = [e.id for e in records.events] + [u.id for u in records.updates]
    assert len(ids) == len(set(ids)), "an id was given twice"
    # Every file the readers list was read as a record: nothing was skipped.
    versions_count = sum(len(v) for v in records.meeting_versions.values())
    assert len(list_record_files(folder)) == found.total == (
        len(ids) + versions_count + len(records.done))
    return found


def _action_text(records: Records, action_id: str) -> str:
    return next(a.text for m in records.meetings for _, a in m.actions if a.id == action_id)


# A process that runs many commands one after another, so that a kill lands
# inside a write far more often than with one short command per process.
# It says "ready" once everything is imported, then records.
BATCH_DRIVER = """
import json, os, sys
from pathlib import Path
from sli_cli.cli.main import run
import sli_cli.core.dates, sli_cli.recording.write, sli_cli.records.store, tomli_w  # noqa: F401
jobs = json.load(open(sys.argv[1], encoding="utf-8"))
sys.stdout.write("ready\\n")
sys.stdout.flush()
if sys.argv[2:] == ["wait"]:
    sys.stdin.readline()  # start together with the others
sys.stdout = open(os.devnull, "w")
sys.stderr = open(sys.argv[1] + ".err", "w", encoding="utf-8")
codes = [0]
def resolve(arg):
    # "@action:TEXT" names an action recorded earlier in this batch.
    if not arg.startswith("@action:"):
        return arg
    from sli_cli.records.load import read_records
    records, _ = read_records(Path(folder))
    found = [a.id for m in records.meetings for _, a in m.actions if a.text == arg[8:]]
    return found[0] if found else "NOSUCH"
for argv in jobs:
    folder = argv[argv.index("--plan") + 1]
    codes.append(run([resolve(a) for a in argv]))
sys.stderr.flush()
sys.exit(max(codes))
"""


def start_single(job: Job) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "sli_cli", *job.argv],
                            env=subprocess_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_batch(jobs: list[Job], spec: Path, *, wait: bool = False) -> subprocess.Popen[bytes]:
    """Start a process running ``jobs`` one after another; with ``wait`` it
    waits for a line on its standard input before the first."""
    spec.write_text(json.dumps([job.argv for job in jobs]), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", BATCH_DRIVER, str(spec),
                             *(["wait"] if wait else [])],
                            env=subprocess_env(),
                            stdin=subprocess.PIPE if wait else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"ready\n"
    return proc


def kill_after(proc: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL ``proc`` after ``delay`` seconds; True if it was still running."""
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    code = proc.wait(timeout=60)
    if proc.stdout is not None:
        proc.stdout.close()
    return code == -signal.SIGKILL
