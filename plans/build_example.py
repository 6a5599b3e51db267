"""Fill the bundled example plan with two years of records.

    python plans/build_example.py

Writes meeting records for every quarter from 2022/23 Q1 to 2023/24 Q4 (one
meeting per priority per quarter), action completions, one amendment, events
and updates, all through ``sli_cli.recording.write`` (the same code path as the
``sli`` commands). Existing records of the example are removed first; the
hand-written plan.toml is left alone. The output is deterministic.
"""

from __future__ import annotations

import random
import shutil
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sli_cli.core.quarters import Quarter
from sli_cli.plan.loader import read_plan
from sli_cli.plan.model import Plan, Rating
from sli_cli.recording.write import add_event, add_update, record_action_done, record_meeting
from sli_cli.records.event import Event
from sli_cli.records.kinds import all_kinds
from sli_cli.records.meeting import Action, Meeting, Outcome
from sli_cli.records.store import STATE, new_id
from sli_cli.records.update import Update, UpdateKind

FOLDER = Path(__file__).resolve().parent / "south-west"
RECORDER = "SW SLI co-ordinator"

# Ratings per objective, 2022/23 Q1 .. 2023/24 Q4 (N = grey, - = not discussed).
STORY = {
    "KO1": "NGGAAGGB",
    "KO2": "NAAGGGBB",
    "KO3": "GGAAAGGG",
    "KO4": "AAGGGGBB",
    "KO5": "NNGARAGG",
    "KO6": "GAA-GGGB",
    "KO7": "GGGBBBBB",
    "KO8": "NNGGAAGG",
    "KO9": "AAAAARAA",
    "KO10": "GGGGAGGB",
    "KO11": "AAGGGGAA",
    "KO12": "NNNG-AGG",
    "KO13": "GGGGBBBB",
    "KO14": "GGGGGGGB",
    "KO15": "GGBBBBBB",
}
LETTER = {"R": Rating.RED, "A": Rating.AMBER, "G": Rating.GREEN, "B": Rating.BLUE,
          "N": Rating.GREY}

# What each objective is about, for the narrative.
THEME = {
    "KO1": ("the regional health inequalities framework", "council public health teams"),
    "KO2": ("the inclusion health peer challenges", "the peer challenge panels"),
    "KO3": ("the Core20PLUS5 mapping with the integrated care systems", "the ICS leads"),
    "KO4": ("real-time surveillance of suspected suicides", "the police data leads"),
    "KO5": ("the refresh of local suicide prevention plans", "local plan owners"),
    "KO6": ("the postvention gap analysis", "bereavement support providers"),
    "KO7": ("the Smokefree South West 2030 plan", "the tobacco alliance partners"),
    "KO8": ("the regional position on youth vaping", "trading standards partners"),
    "KO9": ("tobacco dependency treatment in acute trusts", "the trust treatment teams"),
    "KO10": ("community blood pressure checks", "pharmacy and workplace partners"),
    "KO11": ("NHS Health Check uptake in deprived areas", "primary care partners"),
    "KO12": ("the whole-systems healthy weight learning set", "the learning set members"),
    "KO13": ("the public health workforce plan", "the workforce leads"),
    "KO14": ("the monthly SLI snapshot and the SW ADPH voice", "the snapshot contributors"),
    "KO15": ("the register of QI projects badged under SLI", "council QI leads"),
}

PROGRESS = {
    Rating.GREY: ["Work on {a} has not started yet; scoping is planned for next quarter.",
                  "Not yet due: {a} starts once the framework is agreed."],
    Rating.GREEN: ["Good progress on {a}; {b} are engaged and milestones are on track.",
                   "On track: {a}. {B} met this quarter and agreed the next steps.",
                   "Steady progress on {a}, with all councils represented at the last "
                   "working group."],
    Rating.AMBER: ["Behind schedule on {a}: {b} have limited capacity this quarter.",
                   "Progress on {a} has slowed while {b} are reorganised; the output due "
                   "date may slip.",
                   "Partial progress on {a}. Two councils have not yet returned information."],
    Rating.RED: ["Off track on {a}: {b} have paused and the output will miss its due date "
                 "without a change of approach.",
                 "No progress on {a} this quarter; escalated to the SW ADPH network."],
    Rating.BLUE: ["Complete and signed off by the DPH lead: {a}.",
                  "Complete: {a} delivered; learning shared through the monthly snapshot."],
}
RISKS = {
    Rating.AMBER: "Capacity in council teams over the winter; dependence on {b}.",
    Rating.RED: "Output will not be delivered in the plan period without agreed corrective "
                "action; reputational risk with the national SLI board.",
}
SUPPORT = {
    Rating.AMBER: "Network support to nudge the remaining councils to respond.",
    Rating.RED: "Ask the SW ADPH network to agree a named lead in each council and to raise "
                "the issue with the national ADPH SLI board.",
}
NEXT = {
    Rating.GREY: "Scope the work and agree a lead.",
    Rating.GREEN: "Continue as planned; report at the next quarterly meeting.",
    Rating.AMBER: "Agree a recovery plan with {b}.",
    Rating.RED: "Corrective action plan to the next SW ADPH network meeting.",
    Rating.BLUE: "Share the learning and close the objective.",
}
ACTION_TEXT = {
    Rating.RED: ["Write to every DPH asking for a named lead for {a}",
                 "Agree a recovery plan for {a} with the DPH lead"],
    Rating.AMBER: ["Follow up the councils that have not responded about {a}",
                   "Circulate a short update on {a} to the network"],
    Rating.GREEN: ["Share the draft paper on {a} with the network",
                   "Add {a} to the next snapshot"],
}
OWNERS = ["SW SLI co-ordinator", "DPH lead", "Deputy DPH lead", "SLI lead"]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, objective: str) -> str:
    a, b = THEME[objective]
    return template.format(a=a, b=b, A=_cap(a), B=_cap(b))


def meeting_day(plan: Plan, quarter: Quarter, index: int, rnd: random.Random) -> date:
    """Meetings fall in the second or third month of the quarter they review."""
    first = quarter.first_day(plan.year_start_month)
    month_start = date(first.year + (first.month + index % 2) // 12,
                       (first.month + index % 2) % 12 + 1, 1)
    return month_start + timedelta(days=rnd.randrange(3, 25))


def build(plan: Plan, folder: Path) -> None:
    rnd = random.Random(2022)
    taken: set[str] = set()
    done_plan: list[tuple[str, date, str]] = []
    quarters = plan.quarters()
    for qi, quarter in enumerate(quarters):
        for pi, priority in enumerate(plan.priorities):
            day = meeting_day(plan, quarter, qi + pi, rnd)
            outcomes, not_discussed = [], []
            for objective in plan.objectives_of(priority.id):
                letter = STORY[objective.id][qi]
                if letter == "-":
                    not_discussed.append(objective.id)
                    continue
                rag = LETTER[letter]
                actions = []
                wanted = 1 if rag in (Rating.RED, Rating.AMBER) else int(rnd.random() < 0.3)
                if rag is Rating.RED:
                    wanted = 2
                for n in range(wanted if rag in ACTION_TEXT else 0):
                    action_id = new_id("A", taken, rnd.randrange)
                    taken.add(action_id)
                    due = day + timedelta(days=rnd.choice([28, 42, 56, 70]))
                    actions.append(Action(action_id, _fill(ACTION_TEXT[rag][n % 2], objective.id),
                                          rnd.choice(OWNERS), due))
                    # Most actions are done, some late; recent ones may still be open,
                    # and an objective that completes has closed all of its actions.
                    completes = "B" in STORY[objective.id][qi:]
                    recent = qi >= len(quarters) - 2
                    roll = rnd.random()
                    if completes or roll < (0.55 if recent else 0.93):
                        late = rnd.choice([-10, -3, 0, 5, 20]) if roll < 0.8 else 45
                        done_plan.append((action_id, min(due + timedelta(days=late),
                                                         date(2024, 3, 28)), ""))
                outcomes.append(Outcome(
                    objective=objective.id,
                    rag=rag,
                    progress=_fill(rnd.choice(PROGRESS[rag]), objective.id),
                    risks=_fill(RISKS.get(rag, ""), objective.id),
                    support=_fill(SUPPORT.get(rag, ""), objective.id),
                    next_steps=_fill(NEXT[rag], objective.id),
                    actions=tuple(actions),
                ))
            attendees = ("SLI lead (DPH, Wiltshire)", RECORDER, priority.dph_lead)
            if priority.deputy_lead and rnd.random() < 0.6:
                attendees += (priority.deputy_lead,)
            meeting = Meeting(priority=priority.id, quarter=quarter, date=day,
                              attendees=attendees, outcomes=tuple(outcomes),
                              not_discussed=tuple(not_discussed))
            stamp = datetime.combine(day, datetime.min.time(), tzinfo=UTC) \
                + timedelta(hours=16)
            record_meeting(folder, plan, meeting, stamp=stamp, by=RECORDER)
    _amend(plan, folder)
    done_plan.append(("AK9RD", date(2023, 8, 4), "Letters sent; two ICSs have replied."))
    for action_id, day, note in sorted(done_plan, key=lambda d: d[1]):
        stamp = datetime.combine(day, datetime.min.time(), tzinfo=UTC) \
            + timedelta(hours=10)
        record_action_done(folder, action_id, day, note, stamp=stamp)
    _items(plan, folder)


def _amend(plan: Plan, folder: Path) -> None:
    """One correction, as happens: KO9's 2023/24 Q1 rating was lowered after the
    DPH lead read the trusts' returns."""
    from sli_cli.records.load import read_records

    records, _ = read_records(folder)
    quarter = Quarter(2023, 1)
    meeting = records.meeting("P3", quarter)
    assert meeting is not None
    corrective = Action("AK9RD", "Write to the ICS chief executives about inpatient "
                        "tobacco dependency treatment", "SLI lead", date(2023, 7, 31))
    outcomes = tuple(
        replace(o, rag=Rating.RED, actions=(*o.actions, corrective),
                progress=o.progress + " Revised after the meeting: two trusts have withdrawn "
                "their treatment teams.")
        if o.objective == "KO9" else o
        for o in meeting.outcomes
    )
    stamp = datetime.combine(meeting.date + timedelta(days=9), datetime.min.time(),
                             tzinfo=UTC) + timedelta(hours=11)
    record_meeting(folder, plan, replace(meeting, outcomes=outcomes,
                                         change_note="KO9 lowered to red after the trusts' "
                                         "returns arrived"),
                   amend=True, stamp=stamp, by=RECORDER)


EVENTS_LIST = [
    ("2022-06-21", "SW ADPH SLI launch webinar", "Online", "", "P5", ""),
    ("2022-09-14", "Inclusion health peer challenge: Plymouth", "Plymouth", "", "P1", "KO2"),
    ("2022-11-08", "Suicide prevention: learning from real-time surveillance", "Online",
     "https://www.adph.org.uk/", "P2", "KO4"),
    ("2023-02-02", "Smokefree South West 2030 summit", "Taunton", "", "P3", "KO7"),
    ("2023-05-17", "Blood pressure check pilots: show and tell", "Online", "", "P4", "KO10"),
    ("2023-07-05", "Inclusion health peer challenge: Bristol", "Bristol", "", "P1", "KO2"),
    ("2023-09-27", "Health inequalities framework: self-assessment clinic", "Online", "",
     "P1", "KO1"),
    ("2023-11-21", "Youth vaping: trading standards and schools workshop", "Exeter", "",
     "P3", "KO8"),
    ("2023-12-06", "SW ADPH annual event and QI showcase", "Bristol",
     "https://www.adph.org.uk/", "P5", "KO15"),
    ("2023-12-14", "Postvention services round table", "Truro", "", "P2", "KO6"),
    ("2024-01-18", "Core20PLUS5 joint learning event with the seven ICSs", "Exeter", "",
     "P1", "KO3"),
    ("2024-02-08", "Healthy weight learning set: case study launch", "Online", "", "P4",
     "KO12"),
    ("2024-03-13", "National ADPH SLI board: regional returns", "London", "", "P5", "KO14"),
]

UPDATES_LIST = [
    ("project", "2022-10", "Bath and North East Somerset: QI on NHS Health Check invitations",
     "A plan-do-study-act cycle on invitation letters raised uptake in two practices.",
     "KO11", False),
    ("news", "2022-12", "Regional health inequalities framework agreed",
     "The SW ADPH network agreed the framework at its December meeting.", "KO1", False),
    ("national", "2023-01", "ADPH SLI national board: new reporting template",
     "Regions will report yearly on a common template from 2023/24.", "", False),
    ("project", "2023-03", "Torbay: QI project on smoking in pregnancy referrals",
     "Referral rates from maternity rose after a change to the booking form.", "KO9", False),
    ("news", "2023-06", "Real-time surveillance report now quarterly",
     "The first regional surveillance report went to all DsPH in June.", "KO4", False),
    ("national", "2023-09", "National suicide prevention strategy published",
     "Local plans will be reviewed against the new strategy this year.", "KO5", False),
    ("project", "2023-10", "Swindon: workplace blood pressure checks",
     "Four large employers hosted checks; one in five readings were raised.", "KO10", False),
    ("news", "2023-11", "Peer support offer for new DsPH launched",
     "Three new Directors of Public Health have been paired with peers.", "KO13", False),
    ("project", "2023-11", "Cornwall: QI on bereavement support referrals",
     "Time from notification to first contact fell from 14 to 5 days.", "KO6", False),
    ("national", "2023-11", "ADPH annual conference: call for SLI case studies",
     "Regions are asked for two SLI case studies by January.", "KO14", False),
    ("news", "2023-11", "Tobacco dependency: two trusts pause treatment teams",
     "Funding for inpatient treatment teams is under review in two trusts; the network is "
     "writing to the ICS chief executives.", "KO9", True),
    ("project", "2024-01", "Dorset: QI collaborative on healthy weight",
     "Five councils shared whole-systems case studies at the learning set.", "KO12", False),
    ("national", "2024-02", "SLI annual return due in March",
     "The national board asks for the 2023/24 return by 31 March.", "KO14", False),
]


def _items(plan: Plan, folder: Path) -> None:
    rnd = random.Random(2024)
    taken: set[str] = set()
    for day, title, where, link, priority, objective in EVENTS_LIST:
        event_id = new_id("E", taken, rnd.randrange)
        taken.add(event_id)
        event_day = date.fromisoformat(day)
        stamp = datetime.combine(event_day - timedelta(days=30), datetime.min.time(),
                                 tzinfo=UTC)
        add_event(folder, Event(event_id, event_day, title, where, link, priority,
                                objective), stamp=stamp)
    for kind, month, title, text, objective, internal in UPDATES_LIST:
        update_id = new_id("U", taken, rnd.randrange)
        taken.add(update_id)
        stamp = datetime.fromisoformat(f"{month}-01T09:00:00+00:00")
        add_update(folder, Update(update_id, UpdateKind(kind), month, title, text,
                                  objective=objective, internal=internal), stamp=stamp)


def main() -> None:
    for sub in [kind.folder for kind in all_kinds()] + [STATE]:
        shutil.rmtree(FOLDER / sub, ignore_errors=True)
    plan, problems = read_plan(FOLDER)
    if plan is None or problems:
        raise SystemExit("\n".join(p.format() for p in problems))
    # Record uids are drawn at random so that no two copies of a plan share a
    # file name; the example draws them from a seeded generator instead, so
    # that rebuilding it gives the same files.
    from sli_cli.records import common

    common.secrets = random.Random(2024)  # type: ignore[assignment]
    build(plan, FOLDER)
    shutil.rmtree(FOLDER / STATE, ignore_errors=True)
    count = sum(1 for _ in FOLDER.rglob("*.toml")) - 1
    print(f"wrote {count} record files under {FOLDER}")


if __name__ == "__main__":
    main()
