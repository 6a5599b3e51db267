"""Meetings recorded through the library with fixed ids and stamps, for
exact listings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Rating
from sli_cli.recording.write import record_action_done, record_meeting
from sli_cli.records.meeting import Action, Meeting, Outcome
from tests.helpers import load_plan, write_plan

STAMP = datetime(2023, 7, 13, 9, 30, tzinfo=UTC)


def small_plan_with_meetings(folder: Path) -> Path:
    """P1 met for 2023/24 Q1 (KO1 amber with two actions, KO2 green); P2 met
    for 2022/23 Q4 (KO3 red with a corrective action, since done)."""
    write_plan(folder)
    plan = load_plan(folder)
    today = date(2023, 11, 1)
    record_meeting(folder, plan, Meeting(
        priority="P2", quarter=Quarter(2022, 4), date=date(2023, 4, 20),
        attendees=("DPH, Somerset",),
        outcomes=(Outcome("KO3", Rating.RED, progress="Retailer survey delayed",
                          actions=(Action("AK3RD", "Agree a new survey date",
                                          "DPH, Somerset", date(2023, 5, 31)),)),),
    ), today=today, stamp=STAMP, by="coordinator")
    record_action_done(folder, "AK3RD", date(2023, 5, 25), "Survey now in June",
                       stamp=STAMP)
    record_meeting(folder, plan, Meeting(
        priority="P1", quarter=Quarter(2023, 1), date=date(2023, 7, 12),
        attendees=("DPH, Wiltshire", "SW SLI co-ordinator", "DPH, Devon"),
        outcomes=(
            Outcome("KO1", Rating.AMBER, progress="Data flowing from 3 of 5 councils",
                    risks="Two councils lack analysts",
                    actions=(Action("AC7HS", "Chase the last two councils",
                                    "SW SLI co-ordinator", date(2023, 9, 30)),
                             Action("AD4TA", "Draft a data-sharing agreement",
                                    "DPH, Devon", date(2023, 12, 15)))),
            Outcome("KO2", Rating.GREEN, next_steps="Launch the peer network"),
        ),
    ), today=today, stamp=STAMP, by="coordinator")
    return folder
