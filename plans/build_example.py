"""Fill the bundled example plan with two years of records.

    python plans/build_example.py

Writes meeting records for every quarter from 2022/23 Q1 to 2023/24 Q4 (one
meeting per priority per quarter, with the leads of the time, apologies, some
decisions, actions some of which name a council), action completions, one
amendment, outputs delivered (and one correction), support
asked of the national board and a response, QI projects badged under SLI,
events and updates, all through ``sli_cli.recording`` (the same code paths as
the ``sli`` commands). Existing records of the example are removed first; the
hand-written plan.toml is left alone. The output is deterministic: building
twice gives the same files, byte for byte.
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
from sli_cli.recording.outputs import record_output_correction, record_output_done
from sli_cli.recording.projects import add_project, new_project, update_project
from sli_cli.recording.support import record_support_response
from sli_cli.recording.write import add_event, add_update, record_action_done, record_meeting
from sli_cli.records.event import Event
from sli_cli.records.kinds import all_kinds
from sli_cli.records.meeting import Action, Decision, Meeting, Outcome
from sli_cli.records.store import STATE, new_id
from sli_cli.records.update import Update, UpdateKind

FOLDER = Path(__file__).resolve().parent / "south-west"
RECORDER = "SW SLI co-ordinator"

# Ratings per objective, 2022/23 Q1 .. 2023/24 Q4 (N = grey, - = not discussed,
# . = not part of the plan that quarter: KO9 retired, KO16 not yet begun).
STORY = {
    "KO1": "NGGAAGGB",
    "KO2": "NAAGGGBB",
    "KO3": "GGAAAGGG",
    "KO4": "AAGGGGBB",
    "KO5": "NNGARAGG",
    "KO6": "GAA-GGGB",
    "KO7": "GGGBBBBB",
    "KO8": "NNGGAAGG",
    "KO9": "AAAAA...",
    "KO10": "GGGGAGGB",
    "KO11": "AAGGGGAA",
    "KO12": "NNNG-AGG",
    "KO13": "GGGGBBBB",
    "KO14": "GGGGGGGB",
    "KO15": "GGBBBBBB",
    "KO16": ".....NAG",
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
    "KO16": ("tobacco dependency treatment through the integrated care systems",
             "the ICS tobacco leads"),
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

# Decisions taken at some meetings: (priority, quarter) -> (text, objective).
DECISIONS = {
    ("P5", "2022/23 Q2"): [("Open a register of council QI projects badged under SLI, kept by "
                            "the SLI co-ordinator", "KO15")],
    ("P1", "2022/23 Q3"): [("Recommend the health inequalities framework to the December "
                            "network meeting for agreement", "KO1")],
    ("P3", "2023/24 Q2"): [("KO16 replaces KO9 from this quarter; rated grey until the ICS "
                            "tobacco leads have scoped it", "KO16")],
    ("P4", "2023/24 Q2"): [("DPH, Swindon to lead P4 from 2023/24 Q3, with DPH, South "
                            "Gloucestershire as deputy", ""),
                           ("DPH, South Gloucestershire to lead KO12 from 2023/24 Q3", "KO12")],
    ("P2", "2023/24 Q3"): [("Hold the peer review of local plans in January, against the "
                            "priorities of the new national strategy", "KO5")],
}
NOTES = {
    ("P3", "2023/24 Q2"): "First meeting for KO16. The tobacco leads of two ICSs joined for "
                          "that item.",
}
# Support asked of the national board (beside the one added by the amendment
# of P3's 2023/24 Q1 meeting, which is answered): (objective, quarter) -> text.
ASKS = {
    ("KO8", "2023/24 Q2"): "Ask the national ADPH SLI board to press for national powers on "
                           "the display and sale of disposable vapes to children.",
}
NATIONAL_BOARD = "national board"


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
    # Councils named by actions are drawn apart, so that the rest of the
    # story (days, ids, ratings) does not depend on them.
    councils = random.Random(2023)
    taken: set[str] = set()
    done_plan: list[tuple[str, date, str]] = []
    quarters = plan.quarters()
    for qi, quarter in enumerate(quarters):
        # The plan as it stood that quarter: its leads then, and without the
        # objectives retired by then.
        then = plan.at(quarter)
        label = plan.label(quarter)
        for pi, priority in enumerate(then.priorities):
            day = meeting_day(plan, quarter, qi + pi, rnd)
            outcomes, not_discussed = [], []
            for objective in then.objectives_of(priority.id):
                letter = STORY[objective.id][qi]
                if letter == ".":
                    continue
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
                    text, council = _fill(ACTION_TEXT[rag][n % 2], objective.id), ""
                    if rag is Rating.AMBER and n == 0 and councils.random() < 0.5:
                        council = councils.choice(plan.councils).name
                        text = f"Ask {council} for its outstanding return on " \
                            + THEME[objective.id][0]
                    actions.append(Action(action_id, text, rnd.choice(OWNERS), due, council))
                    # Most actions are done, some late; recent ones may still be open.
                    # An objective that completes, or is retired, has closed all of
                    # its actions.
                    completes = "B" in STORY[objective.id][qi:] or objective.retired_in
                    recent = qi >= len(quarters) - 2
                    roll = rnd.random()
                    if completes or roll < (0.55 if recent else 0.93):
                        late = rnd.choice([-10, -3, 0, 5, 20]) if roll < 0.8 else 45
                        done_plan.append((action_id, min(due + timedelta(days=late),
                                                         date(2024, 3, 28)), ""))
                support = _fill(SUPPORT.get(rag, ""), objective.id)
                support_to = ""
                if (objective.id, label) in ASKS:
                    support, support_to = ASKS[objective.id, label], NATIONAL_BOARD
                outcomes.append(Outcome(
                    objective=objective.id,
                    rag=rag,
                    progress=_fill(rnd.choice(PROGRESS[rag]), objective.id),
                    risks=_fill(RISKS.get(rag, ""), objective.id),
                    support=support,
                    support_to=support_to,
                    next_steps=_fill(NEXT[rag], objective.id),
                    actions=tuple(actions),
                ))
            attendees: tuple[str, ...] = ("SLI lead (DPH, Wiltshire)", RECORDER,
                                          priority.dph_lead)
            apologies: tuple[str, ...] = ()
            if priority.deputy_lead:
                if rnd.random() < 0.6:
                    attendees += (priority.deputy_lead,)
                else:
                    apologies = (priority.deputy_lead,)
            decisions = tuple(Decision(text, objective) for text, objective
                              in DECISIONS.get((priority.id, label), []))
            meeting = Meeting(priority=priority.id, quarter=quarter, date=day,
                              attendees=attendees, outcomes=tuple(outcomes),
                              not_discussed=tuple(not_discussed), apologies=apologies,
                              decisions=decisions,
                              notes=NOTES.get((priority.id, label), ""))
            stamp = datetime.combine(day, datetime.min.time(), tzinfo=UTC) \
                + timedelta(hours=16)
            record_meeting(folder, plan, meeting, stamp=stamp, by=RECORDER)
    _amend(plan, folder)
    done_plan.append(("AK9RD", date(2023, 8, 4), "Letters sent; two ICSs have replied."))
    for action_id, day, note in sorted(done_plan, key=lambda d: d[1]):
        stamp = datetime.combine(day, datetime.min.time(), tzinfo=UTC) \
            + timedelta(hours=10)
        record_action_done(folder, action_id, day, note, stamp=stamp, by=RECORDER)
    _support(plan, folder)
    _outputs(plan, folder)
    _projects(plan, folder)
    _items(plan, folder)


def _amend(plan: Plan, folder: Path) -> None:
    """One correction, as happens: KO9's 2023/24 Q1 rating was lowered after the
    DPH lead read the trusts' returns, with support asked of the national board
    and the decision to replace KO9 with KO16."""
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
                "their treatment teams.",
                support="Ask the national ADPH SLI board to raise the trusts' treatment data "
                "returns with NHS England.", support_to=NATIONAL_BOARD)
        if o.objective == "KO9" else o
        for o in meeting.outcomes
    )
    decision = Decision("Retire KO9 at the end of the quarter and replace it with KO16, "
                        "working through the integrated care systems", "KO9")
    stamp = datetime.combine(meeting.date + timedelta(days=9), datetime.min.time(),
                             tzinfo=UTC) + timedelta(hours=11)
    record_meeting(folder, plan, replace(meeting, outcomes=outcomes,
                                         decisions=(*meeting.decisions, decision),
                                         change_note="KO9 lowered to red after the trusts' "
                                         "returns arrived; support asked of the national "
                                         "board; KO9 to be replaced by KO16"),
                   amend=True, stamp=stamp, by=RECORDER, based_on=meeting.version)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour)


def _support(plan: Plan, folder: Path) -> None:
    """The national board answered the ask about KO9 (the one about KO8 is
    still open when the plan ends)."""
    answered = date(2023, 9, 14)
    record_support_response(
        folder, plan, "P3-2023-24-Q1-KO9",
        "The board raised trust data returns with NHS England, which will name a regional "
        "data lead for tobacco dependency treatment.", answered,
        today=answered + timedelta(days=1), stamp=_at(answered + timedelta(days=1), 9),
        by=RECORDER)


# Outputs delivered: (output, day, note). KO8.2, KO11.2 and KO16.2 are not
# (overdue, or due at the plan's end), nor are the outputs of KO9 (retired).
DELIVERED = [
    ("KO2.1", "2022-09-02", "Method and panel agreed by the P1 leads."),
    ("KO15.1", "2022-10-05", "Register opened; the first project badged."),
    ("KO1.1", "2022-12-07", "Agreed at the December meeting of the SW ADPH network."),
    ("KO4.1", "2022-12-16", "Signed by the three police forces."),
    ("KO11.1", "2023-01-20", ""),
    ("KO7.1", "2023-02-02", "Signed off at the Smokefree South West 2030 summit."),
    ("KO13.1", "2023-03-09", ""),
    ("KO6.1", "2023-03-22", ""),
    ("KO10.1", "2023-03-29", "Pilots ran in 12 pharmacies and four workplaces."),
    ("KO3.1", "2023-05-10", "Late: two ICSs sent their returns in April."),
    ("KO13.2", "2023-06-21", ""),
    ("KO4.2", "2023-06-30", "First regional report sent to every DPH."),
    ("KO12.1", "2023-09-13", "Late: the first session moved to September."),
    ("KO6.2", "2023-09-26", ""),
    ("KO2.2", "2023-10-25", "The third peer challenge was held in Swindon."),
    ("KO5.3", "2023-11-09", "Briefing sent to every DPH and suicide prevention lead."),
    ("KO8.1", "2023-11-21", "Launched at the trading standards and schools workshop."),
    ("KO15.2", "2023-12-06", "Six QI projects shown at the SW ADPH annual event."),
    ("KO10.2", "2023-12-13", ""),
    ("KO3.2", "2024-01-18", "Late: held in January with all seven ICSs."),
    ("KO1.2", "2024-01-24", "Late: all 15 councils have now returned their self-assessment."),
    ("KO5.1", "2024-02-07", ""),
    ("KO12.2", "2024-02-08", "Case studies from five councils launched at the learning set."),
    ("KO7.2", "2024-02-28", ""),
    ("KO14.1", "2024-03-06", ""),
    ("KO14.2", "2024-03-13", "Presented at the national ADPH SLI board."),
    ("KO5.2", "2024-03-20", "Refreshed plans published by all 15 councils."),
    ("KO16.1", "2024-03-26", "Pathways agreed with the last of the seven ICSs."),
]


def _outputs(plan: Plan, folder: Path) -> None:
    """Deliveries, as ``sli output done`` records them, and one correction:
    KO4.2 was first recorded with the day it was entered."""
    for output, day, note in DELIVERED:
        delivered = date.fromisoformat(day)
        record_output_done(folder, plan, output, delivered, note,
                           stamp=_at(delivered, 15), by=RECORDER)
    record_output_correction(folder, plan, "KO4.2", day=date(2023, 6, 14),
                             change_note="sent on 14 June; 30 June was the day it was "
                             "recorded", stamp=_at(date(2023, 7, 3), 9), by=RECORDER)


# QI projects badged under SLI: the first version, then later versions as
# (day, change note, changes).
PROJECTS = [
    (dict(title="NHS Health Check invitation letters", status="active",
          badged=date(2022, 10, 12), council="Bath and North East Somerset",
          objective="KO11", contact="Consultant in Public Health, Bath and North East Somerset"),
     [(date(2023, 3, 15), "Finished: results shown at the P4 meeting",
       dict(status="complete", outcome="A plan-do-study-act cycle on the letters raised uptake "
            "in the two pilot practices from 38% to 51%."))]),
    (dict(title="Smoking in pregnancy referrals", status="active", badged=date(2023, 3, 8),
          council="Torbay", objective="KO9", contact="Consultant in Public Health, Torbay"),
     [(date(2023, 7, 12), "Badged under KO16, which replaces KO9", dict(objective="KO16")),
      (date(2024, 2, 14), "Finished in January",
       dict(status="complete", outcome="Referrals of smokers at booking rose from 41% to 78% "
            "after a change to the maternity booking form."))]),
    (dict(title="Workplace blood pressure checks", status="active", badged=date(2023, 10, 4),
          council="Swindon", objective="KO10", contact="Health Improvement Lead, Swindon"),
     [(date(2024, 2, 21), "Finished: evaluation shared with P4",
       dict(status="complete", outcome="Four large employers hosted checks; one in five "
            "readings were raised and referred to primary care."))]),
    (dict(title="Bereavement support referrals", status="active", badged=date(2023, 11, 7),
          council="Cornwall", objective="KO6", contact="Suicide Prevention Lead, Cornwall",
          outcome="Early results: time from notification to first contact fell from 14 to 5 "
          "days."), []),
]


def _projects(plan: Plan, folder: Path) -> None:
    """The register of QI projects, as ``sli project add`` and ``sli project
    update`` record it."""
    rnd = random.Random(2025)
    taken: set[str] = set()
    for first, later in PROJECTS:
        project = new_project(plan, **first)  # type: ignore[arg-type]
        project = replace(project, id=new_id("Q", taken, rnd.randrange))
        taken.add(project.id)
        add_project(folder, project, stamp=_at(project.badged, 14), by=RECORDER)
        for day, change_note, changes in later:
            update_project(folder, plan, project.id, change_note=change_note,
                           stamp=_at(day, 14), by=RECORDER, **changes)


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
    ("2023-10-25", "Inclusion health peer challenge: Swindon", "Swindon", "", "P1", "KO2"),
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

# Projects (QI badged under SLI) are in the register (PROJECTS); the Dorset
# one is an update of kind "project", as spotlights were written before the
# register, which the snapshot still reads.
UPDATES_LIST = [
    ("news", "2022-12", "Regional health inequalities framework agreed",
     "The SW ADPH network agreed the framework at its December meeting.", "KO1", False),
    ("national", "2023-01", "ADPH SLI national board: new reporting template",
     "Regions will report yearly on a common template from 2023/24.", "", False),
    ("news", "2023-06", "Real-time surveillance report now quarterly",
     "The first regional surveillance report went to all DsPH in June.", "KO4", False),
    ("news", "2023-06", "Tobacco dependency: two trusts pause treatment teams",
     "Funding for inpatient treatment teams is under review in two trusts; the network is "
     "writing to the ICS chief executives.", "KO9", True),
    ("national", "2023-09", "National suicide prevention strategy published",
     "Local plans will be reviewed against the new strategy this year.", "KO5", False),
    ("news", "2023-11", "Peer support for new DsPH: three pairings made",
     "Three new Directors of Public Health have been paired with peers.", "KO13", False),
    ("national", "2023-11", "ADPH annual conference: call for SLI case studies",
     "Regions are asked for two SLI case studies by January.", "KO14", False),
    ("national", "2023-11", "Funding for local stop smoking services to double",
     "The national plan for a smokefree generation doubles funding for local stop smoking "
     "services from April 2024; the treatment pathways agreed with the ICSs will refer "
     "into them.", "KO16", False),
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
    # Record uids (and the ids sli gives) are drawn at random so that no two
    # copies of a plan share a file name; the example draws them from a seeded
    # generator instead, so that rebuilding it gives the same files. The
    # writers import ``secrets`` when they write: this process's module is
    # the one they find.
    import secrets

    seeded = random.Random(2024)
    secrets.choice = seeded.choice
    secrets.randbelow = seeded.randrange  # type: ignore[assignment]
    build(plan, FOLDER)
    shutil.rmtree(FOLDER / STATE, ignore_errors=True)
    count = sum(1 for _ in FOLDER.rglob("*.toml")) - 1
    print(f"wrote {count} record files under {FOLDER}")


if __name__ == "__main__":
    main()
