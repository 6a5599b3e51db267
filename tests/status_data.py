"""A small plan with meetings recorded through the recording code path, for
the status and history tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sli_cli.loader import read_plan
from sli_cli.model import Plan, Rating
from sli_cli.quarters import Quarter
from sli_cli.recording import record_action_done, record_meeting
from sli_cli.records import Action, Meeting, Outcome
from tests.helpers import write_plan


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
    record_action_done(folder, load(folder), action_id, day, stamp=stamp(day))


def small_plan_with_meetings(folder: Path) -> Path:
    """Two quarters of meetings of the small plan (2023/24 Q2 and Q3).

    KO1 amber -> green (improved); KO2 green -> red (worse), with an action
    from Q2 overdue since 30 November 2023 and one done; KO3 amber in Q2 only,
    and P2 owes its Q3 meeting.
    """
    write_plan(folder)
    meet(folder, "P1", "2023/24 Q2", date(2023, 9, 12),
         rate("KO1", "amber", act("AQ2A", date(2023, 10, 31), "Agree data-sharing terms")),
         rate("KO2", "green", act("AQ2B", date(2023, 11, 30), "Map bereavement services")))
    meet(folder, "P2", "2023/24 Q2", date(2023, 9, 20), rate("KO3", "amber"))
    done(folder, "AQ2A", date(2023, 10, 20))
    meet(folder, "P1", "2023/24 Q3", date(2023, 12, 5),
         rate("KO1", "green"),
         rate("KO2", "red", act("AQ3A", date(2024, 1, 31), "Escalate funding gap")))
    return folder
