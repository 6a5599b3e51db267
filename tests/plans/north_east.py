"""Builds the North East test plan: tests/plans/north-east/plan.toml plus its
records, written through sli's own recording code with fixed stamps.

Unlike the South West example: meetings are held in the month after each
quarter (a quarter's meetings in July, October, January and April); the
first three quarters were back-filled, recorded on 5 February 2024; IMM2 is
Grey before it is rated; there is an internal event, an internal update and
an internal outcome (IMM1 in 2023/24 Q4); a meeting was amended later; ids are typed in lower
case by the tests.

``TODAY`` is the day the tests look from: 2024/25 Q1's meetings are under
review (July), TOB and CVD have met, IMM has not.
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sli_cli.core.quarters import Quarter
from sli_cli.plan.loader import read_plan
from sli_cli.plan.model import Plan, Rating
from sli_cli.recording.write import add_event, add_update, record_action_done, record_meeting
from sli_cli.records.event import Event
from sli_cli.records.meeting import Action, Meeting, Outcome
from sli_cli.records.update import Update, UpdateKind

SOURCE = Path(__file__).resolve().parent / "north-east"
TODAY = date(2024, 7, 20)
BACKFILLED = date(2024, 2, 5)


def _stamp(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=16)


def _plan(folder: Path) -> Plan:
    plan, problems = read_plan(folder)
    assert plan is not None, problems
    return plan


def _rate(objective: str, rag: str, *actions: Action, progress: str = "", risks: str = "",
          support: str = "", next_steps: str = "", internal: bool = False) -> Outcome:
    return Outcome(objective, Rating.parse(rag), progress=progress, risks=risks,
                   support=support, next_steps=next_steps, actions=actions, internal=internal)


def _act(action_id: str, due: date, text: str, owner: str = "NE SLI co-ordinator") -> Action:
    return Action(action_id, text, owner, due)


def build_north_east(folder: Path) -> Path:
    """Copy the plan into ``folder`` and record its history; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE / "plan.toml", folder / "plan.toml")
    plan = _plan(folder)

    def meet(priority: str, quarter: Quarter, held: date, *outcomes: Outcome,
             recorded: date | None = None, amend: bool = False, note: str = "") -> None:
        meeting = Meeting(priority=priority, quarter=quarter, date=held,
                          attendees=("DPH, Gateshead", "NE SLI co-ordinator"),
                          outcomes=outcomes, change_note=note)
        record_meeting(folder, plan, meeting, amend=amend, today=date(2030, 1, 1),
                       stamp=_stamp(recorded or held), by="ne-coordinator")

    q1, q2, q3, q4 = (Quarter(2023, n) for n in (1, 2, 3, 4))
    # 2023/24 Q1, held in July 2023, recorded in February 2024.
    meet("TOB", q1, date(2023, 7, 12),
         _rate("TOB1", "amber", progress="Two of four trusts have the pathway."),
         _rate("TOB2", "green"), recorded=BACKFILLED)
    meet("CVD", q1, date(2023, 7, 12),
         _rate("CVD1", "red", _act("ACVD1", date(2023, 9, 30), "Agree a pharmacy data flow"),
               support="ICB analyst time to map the offer."),
         _rate("CVD2", "grey"), recorded=BACKFILLED)
    meet("IMM", q1, date(2023, 7, 19), _rate("IMM1", "green"), _rate("IMM2", "grey"),
         recorded=BACKFILLED)
    record_action_done(folder, "ACVD1", date(2023, 10, 5), "Data flow agreed",
                       stamp=_stamp(BACKFILLED))
    # 2023/24 Q2, held in October 2023, recorded in February 2024.
    meet("TOB", q2, date(2023, 10, 10), _rate("TOB1", "green"), _rate("TOB2", "green"),
         recorded=BACKFILLED)
    meet("CVD", q2, date(2023, 10, 11), _rate("CVD1", "amber"),
         _rate("CVD2", "amber", risks="Employers slow to sign up."), recorded=BACKFILLED)
    meet("IMM", q2, date(2023, 10, 18), _rate("IMM1", "green"),
         _rate("IMM2", "green", progress="Engagement plan drafted with the ICB."),
         recorded=BACKFILLED)
    # 2023/24 Q3, held in January 2024, recorded in February 2024.
    meet("TOB", q3, date(2024, 1, 16),
         _rate("TOB1", "blue", progress="Pathway live in all four trusts."),
         _rate("TOB2", "amber", _act("ATOB2", date(2024, 3, 31), "Fund more test purchases")),
         recorded=BACKFILLED)
    meet("CVD", q3, date(2024, 1, 17), _rate("CVD1", "amber"),
         _rate("CVD2", "red", _act("ACVD2", date(2024, 2, 29), "Write to the chambers of "
                                   "commerce", owner="DPH, South Tyneside")),
         recorded=BACKFILLED)
    meet("IMM", q3, date(2024, 1, 23), _rate("IMM1", "amber",
                                             risks="Clinic capacity in two districts."),
         _rate("IMM2", "green"), recorded=BACKFILLED)
    # A correction recorded on 1 March 2024: CVD2 was amber, not red.
    meet("CVD", q3, date(2024, 1, 17), _rate("CVD1", "amber"),
         _rate("CVD2", "amber", _act("ACVD2", date(2024, 2, 29), "Write to the chambers of "
                                     "commerce", owner="DPH, South Tyneside")),
         recorded=date(2024, 3, 1), amend=True, note="CVD2 was amber at the meeting")
    # 2023/24 Q4, held in April 2024 and recorded the same day.
    meet("TOB", q4, date(2024, 4, 9), _rate("TOB1", "blue"), _rate("TOB2", "amber"))
    meet("CVD", q4, date(2024, 4, 10), _rate("CVD1", "green"), _rate("CVD2", "amber"))
    meet("IMM", q4, date(2024, 4, 17), _rate("IMM1", "red", _act(
        "AIMM1", date(2024, 8, 30), "Extra MMR clinics in the two districts"),
        risks="Clinic staff in two districts on long-term leave", internal=True),
        _rate("IMM2", "green", progress="Board paper on vaccine hesitancy"))
    # 2024/25 Q1, held in July 2024: IMM has not met yet on TODAY.
    q5 = Quarter(2024, 1)
    meet("TOB", q5, date(2024, 7, 9), _rate("TOB1", "blue"), _rate("TOB2", "green"))
    meet("CVD", q5, date(2024, 7, 16), _rate("CVD1", "green"), _rate("CVD2", "red", _act(
        "ACVD3", date(2024, 9, 30), "Recruit two employers per council")))
    add_event(folder, Event("E1NE1", date(2024, 7, 25), "NE DsPH away day",
                            where="Durham", internal=True), stamp=_stamp(TODAY))
    add_event(folder, Event("E1NE2", date(2024, 8, 6), "Blood pressure webinar",
                            where="Online", priority="CVD"), stamp=_stamp(TODAY))
    add_update(folder, Update("U1NE1", UpdateKind.NEWS, "2024-07",
                              "Chair of the NE DsPH network steps down", internal=True),
               stamp=_stamp(TODAY))
    add_update(folder, Update("U1NE2", UpdateKind.PROJECT, "2024-07",
                              "Sunderland: blood pressure checks at the football ground",
                              objective="CVD1"), stamp=_stamp(TODAY))
    return folder
