"""Synthetic plan folders for the benchmark, written with sli's own writer."""

from __future__ import annotations

import random
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Rating
from sli_cli.records.action_done import ActionDone
from sli_cli.records.kinds import kind_of
from sli_cli.records.meeting import Action, Meeting, Outcome
from sli_cli.records.store import dump_toml, record_path

RATINGS = [Rating.GREEN, Rating.GREEN, Rating.AMBER, Rating.GREEN, Rating.RED, Rating.BLUE]
WORDS = ("progress", "with", "the", "councils", "on", "regional", "work", "partners",
         "engaged", "and", "next", "milestone", "agreed", "at", "network", "meeting")


def plan_text(plan_id: str, priorities: int, per_priority: int, start: Quarter,
              end: Quarter) -> str:
    lines = [
        "schema_version = 1",
        f'id = "{plan_id}"',
        f'title = "Synthetic plan {plan_id}"',
        'network = "Benchmark"',
        f'start = "{start.label()}"',
        f'end = "{end.label()}"',
        'sli_lead = "DPH, Wiltshire"',
        'coordinator = "SLI co-ordinator"',
        "",
    ]
    for p in range(1, priorities + 1):
        lines += ["[[priorities]]", f'id = "P{p}"', f'title = "Priority area {p}"',
                  f'dph_lead = "DPH, Council {p}"', ""]
    n = 0
    for p in range(1, priorities + 1):
        for _ in range(per_priority):
            n += 1
            lines += ["[[objectives]]", f'id = "KO{n}"', f'priority = "P{p}"',
                      f'title = "Key objective {n} of priority {p}, with a realistic length"',
                      f'lead = "DPH, Council {p}"', "",
                      "[[objectives.outputs]]", f'title = "Output of KO{n}"',
                      f'due = "{end.label()}"', ""]
    return "\n".join(lines)


def sentence(rnd: random.Random, n: int) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def write(folder: Path, record: Meeting | ActionDone) -> None:
    """The record file sli would write, without the fsync of each file (the
    benchmark writes tens of thousands)."""
    path = record_path(folder, record)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(dump_toml(kind_of(record).to_toml(record)))


def build(folder: Path, *, priorities: int, per_priority: int, quarters: int,
          versions: int = 1, seed: int = 1) -> int:
    """A plan of priorities x per_priority objectives with a meeting per priority per
    quarter, each meeting recorded ``versions`` times (the first and its
    amendments), and half the actions done; returns the number of outcomes written."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    end = Quarter(2023, 4)
    start = end.shift(-(quarters - 1))
    (folder / "plan.toml").write_text(plan_text(folder.name, priorities, per_priority, start,
                                                end), encoding="utf-8")
    rnd = random.Random(seed)
    outcomes = 0
    action_no = 0
    for qi in range(quarters):
        quarter = start.shift(qi)
        day = quarter.first_day() + timedelta(days=40)
        for p in range(1, priorities + 1):
            results = []
            for k in range(per_priority):
                oid = f"KO{(p - 1) * per_priority + k + 1}"
                rag = rnd.choice(RATINGS)
                actions = ()
                if rag in (Rating.RED, Rating.AMBER):
                    action_no += 1
                    actions = (Action(f"A{action_no}", sentence(rnd, 8), "SLI co-ordinator",
                                      day + timedelta(days=60)),)
                results.append(Outcome(oid, rag, progress=sentence(rnd, 30),
                                       risks=sentence(rnd, 10) if actions else "",
                                       next_steps=sentence(rnd, 8), actions=actions))
            recorded = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
            for version in range(1, versions + 1):
                if version > 1:  # an amendment changes one rating
                    k = rnd.randrange(len(results))
                    results[k] = replace(results[k], rag=rnd.choice(RATINGS))
                outcomes += len(results)
                write(folder, Meeting(
                    priority=f"P{p}", quarter=quarter, date=day,
                    attendees=("SLI lead", "SLI co-ordinator", f"DPH, Council {p}"),
                    outcomes=tuple(results), version=version,
                    recorded_at=recorded + timedelta(days=version - 1),
                    change_note="" if version == 1 else f"Correction {version - 1}."))
            for outcome in results:
                for action in outcome.actions:
                    if rnd.random() < 0.5:
                        write(folder, ActionDone(action.id, day + timedelta(days=30),
                                                 recorded_at=recorded + timedelta(days=30)))
    return outcomes


SIZES = {
    # name: (priorities, objectives per priority, quarters, versions) -> outcomes
    "400": (5, 4, 20, 1),         # 20 objectives x 20 quarters = 400 outcomes
    "10k": (20, 5, 100, 1),       # 100 objectives x 100 quarters = 10,000 outcomes
    # A plan that lives long: the objectives stay as they are (100), records
    # grow by quarters (250) and amendments (each meeting recorded 4 times).
    "100k": (20, 5, 250, 4),      # 100 x 250 x 4 = 100,000 outcomes
    # A plan that grows wide: ten times the objectives of the 10k plan.
    "100k-wide": (200, 5, 100, 1),  # 1,000 objectives x 100 quarters = 100,000 outcomes
}
GENERATOR_VERSION = "2"  # a folder made by another version of this file is made again


def outcomes(name: str) -> int:
    if name == "example":
        return 0
    priorities, per_priority, quarters, versions = SIZES[name]
    return priorities * per_priority * quarters * versions


def build_size(base: Path, name: str) -> Path:
    priorities, per_priority, quarters, versions = SIZES[name]
    folder = base / f"plan-{name}"
    marker = folder / ".complete"
    if not marker.exists() or marker.read_text() != GENERATOR_VERSION:
        build(folder, priorities=priorities, per_priority=per_priority, quarters=quarters,
              versions=versions)
        marker.write_text(GENERATOR_VERSION)
    return folder


NETWORK_REGIONS = 9
# A region of realistic size: 5 priorities of 4 objectives, 12 quarters.
NETWORK_REGION = (5, 4, 12, 1)


def build_network(base: Path) -> Path:
    """Nine regions of realistic size and the network file that reads them."""
    folder = base / "network"
    marker = folder / ".complete"
    if marker.exists() and marker.read_text() == GENERATOR_VERSION:
        return folder
    priorities, per_priority, quarters, versions = NETWORK_REGION
    lines = ["schema_version = 1", 'name = "Benchmark network"', ""]
    for n in range(1, NETWORK_REGIONS + 1):
        build(folder / f"region-{n}", priorities=priorities, per_priority=per_priority,
              quarters=quarters, versions=versions, seed=n)
        lines += ["[[regions]]", f'name = "Region {n}"', f'plan = "region-{n}"', ""]
    (folder / "network.toml").write_text("\n".join(lines), encoding="utf-8")
    marker.write_text(GENERATOR_VERSION)
    return folder


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/data")
    for size in SIZES:
        print(size, build_size(target, size))
