"""Synthetic plan folders for the benchmark, written with sli's own writer."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Rating
from sli_cli.records.meeting import Action, Meeting, Outcome
from sli_cli.records.store import write_record

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


def build(folder: Path, *, priorities: int, per_priority: int, quarters: int,
          seed: int = 1) -> int:
    """A plan of priorities x per_priority objectives with a meeting per priority per
    quarter; returns the number of outcomes written."""
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
            outcomes += len(results)
            write_record(folder, Meeting(
                priority=f"P{p}", quarter=quarter, date=day,
                attendees=("SLI lead", "SLI co-ordinator", f"DPH, Council {p}"),
                outcomes=tuple(results), recorded_at=datetime(2024, 1, 1, tzinfo=UTC)))
    return outcomes


SIZES = {
    # name: (priorities, objectives per priority, quarters) -> outcomes
    "400": (5, 4, 20),          # 20 objectives x 20 quarters = 400 outcomes
    "10k": (20, 5, 100),        # 100 objectives x 100 quarters = 10,000 outcomes
    "100k": (200, 5, 100),      # 1,000 objectives x 100 quarters = 100,000 outcomes
}


def build_size(base: Path, name: str) -> Path:
    priorities, per_priority, quarters = SIZES[name]
    folder = base / f"plan-{name}"
    marker = folder / ".complete"
    if not marker.exists():
        build(folder, priorities=priorities, per_priority=per_priority, quarters=quarters)
        marker.write_text("")
    return folder


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/data")
    for size in SIZES:
        print(size, build_size(target, size))
