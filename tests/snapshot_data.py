"""A small plan with a few meetings, events and updates, recorded through
``sli_cli.recording.write`` as a user's commands would, for the snapshot, report and
export tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sli_cli.core.quarters import Quarter
from sli_cli.plan.loader import read_plan
from sli_cli.plan.model import Rating
from sli_cli.recording.write import add_event, add_update, record_action_done, record_meeting
from sli_cli.records.event import Event
from sli_cli.records.meeting import Action, Meeting, Outcome
from sli_cli.records.update import Update, UpdateKind
from tests.helpers import SMALL_PLAN, write_plan

STAMP = datetime(2023, 12, 1, 9, 0, tzinfo=UTC)
TODAY = date(2023, 12, 1)


def build(folder: Path, plan_text: str = SMALL_PLAN) -> Path:
    """The small plan (or ``plan_text``, a variant of it) in ``folder`` with
    records up to November 2023."""
    write_plan(folder, plan_text)
    plan, problems = read_plan(folder)
    assert plan is not None and not problems
    meetings = [
        Meeting("P1", Quarter(2023, 2), date(2023, 9, 12), ("DPH, Devon", "SW SLI co-ordinator"), (
            Outcome("KO1", Rating.AMBER, progress="Two areas of five share data.",
                    risks="# Not a heading: coroners' data | police data",
                    support="Help from the ICS | data team.",
                    actions=(Action("A1KO1", "Chase the coroners' offices", "DPH, Devon",
                                    date(2023, 12, 15)),)),
            Outcome("KO2", Rating.GREEN, progress="Offer agreed."),
        )),
        Meeting("P2", Quarter(2023, 2), date(2023, 9, 20), ("DPH, Somerset",), (
            Outcome("KO3", Rating.RED, progress="Retailers still selling to children.",
                    support="<script>alert('x')</script> legal advice",
                    risks="Trading standards capacity.", internal=True,
                    actions=(Action("A2KO3", "Brief trading standards leads", "DPH, Somerset",
                                    date(2023, 10, 31)),)),
        )),
        Meeting("P1", Quarter(2023, 3), date(2023, 11, 14), ("DPH, Devon", "DPH, Torbay"), (
            Outcome("KO1", Rating.GREEN, progress="All five areas share data.",
                    actions=(Action("A3KO1", "Publish the dashboard", "SW SLI co-ordinator",
                                    date(2023, 12, 8)),)),
            Outcome("KO2", Rating.BLUE, progress="Service live in every area."),
        )),
    ]
    for meeting in meetings:
        record_meeting(folder, plan, meeting, today=TODAY, stamp=STAMP, by="tester")
    record_action_done(folder, "A1KO1", date(2023, 11, 14), stamp=STAMP)
    for event in [
        Event("E1", date(2023, 11, 21), "Peer challenge | workshop", where="Exeter",
              link="https://example.org/pc?a=1&b=2", priority="P1"),
        Event("E2", date(2023, 12, 5), "Planning the <b>spring</b> round", internal=True),
        Event("E3", date(2024, 2, 1), "Too far ahead"),
        Event("E4", date(2023, 10, 30), "Already past"),
    ]:
        add_event(folder, event, stamp=STAMP)
    for update in [
        Update("U1", UpdateKind.PROJECT, "2023-11", "# Torbay: QI on referrals",
               text="Time to first contact fell from 14 to 5 days.\n\n"
                    "<img src=x onerror=alert(1)> was typed here.",
               objective="KO2", link="https://example.org/qi"),
        Update("U2", UpdateKind.NATIONAL, "2023-11", "ADPH conference",
               text="Case studies wanted by January."),
        Update("U3", UpdateKind.NEWS, "2023-11", "Trust funding paused", internal=True),
        Update("U4", UpdateKind.NEWS, "2023-10", "October news"),
    ]:
        add_update(folder, update, stamp=STAMP)
    return folder
