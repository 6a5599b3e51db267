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

from sli_cli.store import list_record_files, read_records
from tests.helpers import subprocess_env

# Text that would show a torn or mangled write: unicode, quotes, backslashes,
# newlines, TOML's own delimiters.
PIECES = ["Café ☕ naïve", "\"quoted\"", "it's", "back\\slash", "'''", '"""', "[[table]]",
          "key = \"value\"", "— em dash", "日本語", "line\nbreak", "tab\there", "#not-a-comment"]


@dataclass
class Job:
    """One command line and the fields of the record it asks for."""

    kind: str  # "event" or "update"
    argv: list[str]
    key: str  # the title: unique per job, how a record is traced back to its job
    expected: dict[str, Any] = field(default_factory=dict)


def payload(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(rng.choice(PIECES))
    return " ".join(parts).strip()


def event_job(folder: Path, tag: str, rng: random.Random) -> Job:
    day = date(2022, 4, 1) + timedelta(days=rng.randrange(0, 720))
    title = f"Event {tag}"
    where = f"Room {rng.randrange(1000)}"
    priority = rng.choice(["", "P1", "P2"])
    argv = ["event", "add", "--plan", str(folder), "--date", day.isoformat(),
            "--title", title, "--where", where]
    if priority:
        argv += ["--priority", priority]
    internal = rng.random() < 0.3
    if internal:
        argv.append("--internal")
    return Job("event", argv, title, {"date": day, "where": where, "priority": priority,
                                      "internal": internal})


def update_job(folder: Path, tag: str, rng: random.Random) -> Job:
    kind = rng.choice(["project", "news", "national"])
    month = f"{rng.choice([2022, 2023])}-{rng.randrange(1, 13):02d}"
    title = f"Update {tag}"
    text = payload(rng, rng.choice([50, 2000, 30000]))
    objective = rng.choice(["", "KO1", "KO2", "KO3"])
    argv = ["update", "add", "--plan", str(folder), "--kind", kind, "--title", title,
            "--text", text, "--month", month]
    if objective:
        argv += ["--objective", objective]
    return Job("update", argv, title, {"kind": kind, "month": month, "text": text,
                                       "objective": objective})


def make_jobs(folder: Path, prefix: str, count: int, rng: random.Random) -> list[Job]:
    makers = [event_job, update_job]
    return [rng.choice(makers)(folder, f"{prefix}-{i}", rng) for i in range(count)]


@dataclass
class Found:
    events: int = 0
    updates: int = 0

    @property
    def total(self) -> int:
        return self.events + self.updates


def verify(folder: Path, jobs: list[Job]) -> Found:
    """Every record in ``folder`` is whole and is what exactly one job asked for."""
    records, problems = read_records(folder, use_cache=False)
    assert problems == [], [p.format() for p in problems]
    by_key = {job.key: job for job in jobs}
    assert len(by_key) == len(jobs), "job keys must be unique"
    seen: set[str] = set()
    ids: list[str] = []
    for event in records.events:
        job = by_key[event.title]
        assert job.kind == "event"
        got = {"date": event.date, "where": event.where, "priority": event.priority,
               "internal": event.internal}
        assert got == job.expected, (event.path, got, job.expected)
        assert event.title not in seen, f"{event.title} recorded twice"
        seen.add(event.title)
        ids.append(event.id)
    for update in records.updates:
        job = by_key[update.title]
        assert job.kind == "update"
        got = {"kind": update.kind.value, "month": update.month, "text": update.text,
               "objective": update.objective}
        assert got == job.expected, (update.path, update.title)
        assert update.title not in seen, f"{update.title} recorded twice"
        seen.add(update.title)
        ids.append(update.id)
    assert len(ids) == len(set(ids)), "an id was given twice"
    # Every file the readers list was read as a record: nothing was skipped.
    assert len(list_record_files(folder)) == len(ids)
    return Found(events=len(records.events), updates=len(records.updates))


# A process that runs many commands one after another, so that a kill lands
# inside a write far more often than with one short command per process.
# It says "ready" once everything is imported, then records.
BATCH_DRIVER = """
import json, os, sys
from sli_cli.cli.main import run
import sli_cli.recording, sli_cli.store, tomli_w, dateutil.parser  # noqa: F401
jobs = json.load(open(sys.argv[1], encoding="utf-8"))
sys.stdout.write("ready\\n")
sys.stdout.flush()
sys.stdout = sys.stderr = open(os.devnull, "w")
for argv in jobs:
    run(argv)
"""


def start_single(job: Job) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "sli_cli", *job.argv],
                            env=subprocess_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_batch(jobs: list[Job], spec: Path) -> subprocess.Popen[bytes]:
    spec.write_text(json.dumps([job.argv for job in jobs]), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", BATCH_DRIVER, str(spec)],
                            env=subprocess_env(), stdin=subprocess.DEVNULL,
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
