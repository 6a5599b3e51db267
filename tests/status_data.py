"""A small plan with meetings recorded through the recording code path, for
the status and history tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sli_cli.core.quarters import Quarter
from sli_cli.plan.loader import read_plan
from sli_cli.plan.model import Plan, Rating
from sli_cli.recording.write import record_action_done, record_meeting
from sli_cli.records.meeting import Action, Meeting, Outcome
from tests.helpers import write_plan

# Like helpers.SMALL_PLAN, with a long title (it wraps at 80 columns) and an
# objective that is never rated.
PLAN = """\
schema_version = 1
id = "tiny"
title = "Tiny SLI Plan"
network = "South West"
start = "2022/23 Q1"
end = "2023/24 Q4"
sli_lead = "DPH, Wiltshire"
coordinator = "SW SLI co-ordinator"

[[priorities]]
id = "P1"
title = "Suicide prevention"
dph_lead = "DPH, Devon"

[[priorities]]
id = "P2"
title = "Tobacco control"
dph_lead = "DPH, Somerset"

[[objectives]]
id = "KO1"
priority = "P1"
title = "Real-time surveillance"
lead = "DPH, Devon"

[[objectives.outputs]]
title = "Data-sharing agreement signed"
due = "2022/23 Q3"

[[objectives]]
id = "KO2"
priority = "P1"
title = "Bereavement support after suicide available in every council area"
lead = "DPH, Torbay"

[[objectives]]
id = "KO3"
priority = "P2"
title = "Youth vaping"
lead = "DPH, Somerset"

[[objectives]]
id = "KO10"
priority = "P2"
title = "Retail compliance"
lead = "DPH, Somerset"
"""


def load(folder: Path) -> Plan:
    plan, problems = read_plan(folder)
    assert plan is not None, problems
    return plan


def stamp(day: date) -> datetime:
    """Recorded the evening of ``day``."""
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=18)


def meet(folder: Path, priority: str, quarter: str, day: date,
         *outcomes: Outcome, amend: bool = False, recorded: date | None = None) -> Meeting:
    plan = load(folder)
    meeting = Meeting(priority=priority, quarter=Quarter.parse(quarter), date=day,
                      attendees=("SW SLI co-ordinator",), outcomes=outcomes,
                      change_note="corrected" if amend else "")
    written, _ = record_meeting(folder, plan, meeting, amend=amend, today=date(2030, 1, 1),
                                stamp=stamp(recorded or day), by="tester")
    return written


def rate(objective: str, rag: str, *actions: Action, progress: str = "") -> Outcome:
    return Outcome(objective=objective, rag=Rating.parse(rag), actions=actions,
                   progress=progress)


def act(action_id: str, due: date, text: str = "Follow up") -> Action:
    return Action(id=action_id, text=text, owner="DPH, Devon", due=due)


def done(folder: Path, action_id: str, day: date) -> None:
    record_action_done(folder, action_id, day, stamp=stamp(day))


def small_plan_with_meetings(folder: Path) -> Path:
    """Two quarters of meetings of the small plan (2023/24 Q2 and Q3).

    KO1 amber -> green (improved), its Q2 action done; KO2 green -> red
    (worse), with an action from Q2 overdue from 1 December 2023; KO3 amber
    in Q2 only; KO10 never rated; P2 owes its Q3 meeting.
    """
    write_plan(folder, PLAN)
    meet(folder, "P1", "2023/24 Q2", date(2023, 9, 12),
         rate("KO1", "amber", act("AQ2A", date(2023, 10, 31), "Agree data-sharing terms")),
         rate("KO2", "green", act("AQ2B", date(2023, 11, 30), "Map bereavement services")))
    meet(folder, "P2", "2023/24 Q2", date(2023, 9, 20), rate("KO3", "amber"))
    done(folder, "AQ2A", date(2023, 10, 20))
    meet(folder, "P1", "2023/24 Q3", date(2023, 12, 5),
         rate("KO1", "green", progress="Agreement signed with both police forces."),
         rate("KO2", "red", act("AQ3A", date(2024, 1, 31), "Escalate funding gap")))
    return folder
