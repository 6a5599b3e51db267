"""Fill the successor example plan with its first two quarters of records.

    python plans/build_successor.py

``plans/south-west-2024-26/plan.toml`` was drafted with ``sli init
plans/south-west-2024-26 --from plans/south-west --carry`` and edited by hand
(see its opening comment); this script leaves it alone. It writes the
meetings of 2024/25 Q1 and Q2 (one per priority per quarter), the actions
they raised, one action done and the outputs delivered so far, all through
``sli_cli.recording`` (the same code paths as ``sli meeting record``, ``sli
action done`` and ``sli output done``). Existing records of the plan are
removed first. The output is deterministic: building twice gives the same
files, byte for byte. Views of the plan read best with SLI_TODAY=2024-10-31,
when 2024/25 Q2 is the quarter under review.
"""

from __future__ import annotations

import random
import shutil
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sli_cli.core.quarters import Quarter
from sli_cli.plan.loader import read_plan
from sli_cli.plan.model import Plan, Rating
from sli_cli.recording.outputs import record_output_done
from sli_cli.recording.write import record_action_done, record_meeting
from sli_cli.records.kinds import all_kinds
from sli_cli.records.meeting import Action, Decision, Meeting, Outcome
from sli_cli.records.store import STATE, new_id

FOLDER = Path(__file__).resolve().parent / "south-west-2024-26"
RECORDER = "SW SLI co-ordinator"
SLI_LEAD = "SLI lead (DPH, Wiltshire)"
Q1, Q2 = Quarter(2024, 1), Quarter(2024, 2)
LETTER = {"R": Rating.RED, "A": Rating.AMBER, "G": Rating.GREEN, "B": Rating.BLUE,
          "N": Rating.GREY}

# Each priority's meeting day in each quarter.
DAYS = {
    ("P1", Q1): date(2024, 6, 12), ("P2", Q1): date(2024, 6, 18),
    ("P3", Q1): date(2024, 6, 4), ("P4", Q1): date(2024, 6, 25),
    ("P5", Q1): date(2024, 5, 22), ("P6", Q1): date(2024, 6, 27),
    ("P1", Q2): date(2024, 9, 11), ("P2", Q2): date(2024, 9, 17),
    ("P3", Q2): date(2024, 9, 3), ("P4", Q2): date(2024, 9, 24),
    ("P5", Q2): date(2024, 8, 21), ("P6", Q2): date(2024, 9, 26),
}

# What each meeting recorded per objective: rating, progress, risks, support
# needed, next steps, and the actions raised (text, owner, days to the due date).
Told = tuple[str, str, str, str, str, list[tuple[str, str, int]]]
OUTCOMES: dict[tuple[str, Quarter], Told] = {
    ("KO1", Q1): ("G", "The seven ICSs agreed the Core20PLUS5 dashboard specification; "
                  "council data leads named in twelve councils.", "", "",
                  "Build the dashboard with the ICS analysts.",
                  [("Ask the three councils without a data lead to name one",
                    "SW SLI co-ordinator", 35)]),
    ("KO1", Q2): ("G", "Dashboard in test with two ICSs; every council now has a data "
                  "lead.", "", "", "Share the dashboard with all seven ICSs in Q3.", []),
    ("KO2", Q1): ("N", "Not started: the cost of living and health briefing is scoped for "
                  "July.", "", "", "Agree the briefing's outline with the DPH lead.", []),
    ("KO2", Q2): ("G", "Regional cost of living and health briefing circulated to every "
                  "council in September.", "", "",
                  "Propose shared measures to the network.", []),
    ("KO3", Q1): ("G", "Every council has published its refreshed suicide prevention plan; "
                  "a shared delivery tracker is being designed.", "", "",
                  "Circulate the tracker for comment.", []),
    ("KO3", Q2): ("G", "Delivery tracker live for all fifteen local plans.", "", "",
                  "First review of the tracker at the Q3 meeting.", []),
    ("KO4", Q1): ("N", "Not yet due: the self-harm work starts once the acute trusts' "
                  "information governance leads have met.", "", "",
                  "Arrange the meeting with the trusts' IG leads.", []),
    ("KO4", Q2): ("A", "Two of the five acute trusts have not yet agreed to share "
                  "self-harm attendances.", "The data-sharing agreement may slip into "
                  "2025/26.", "UKHSA regional team to advise on the legal basis.",
                  "Escalate to the trusts' medical directors.",
                  [("Write to the medical directors of the two trusts",
                    "DPH, Cornwall and Isles of Scilly", 42)]),
    ("KO5", Q1): ("G", "Shared outcomes dataset agreed with the seven ICSs and delivered "
                  "in June.", "", "", "Start on the maternity pathways.", []),
    ("KO5", Q2): ("A", "Maternity pathways agreed in four ICSs; mental health trusts are "
                  "slower to commit.", "Funding for treatment advisers ends in March "
                  "2025 in two ICSs.", "",
                  "Agree a recovery plan with the mental health trusts.",
                  [("Meet the mental health trusts' tobacco leads",
                    "DPH, Somerset", 49)]),
    ("KO6", Q1): ("G", "Test-purchase exercise planned with trading standards in eight "
                  "councils.", "", "", "Run the exercise over the summer.", []),
    ("KO6", Q2): ("G", "Joint test-purchase exercise held in August: 31 sales to under-18s "
                  "in 140 attempts.", "", "",
                  "Share the results with schools and retailers.", []),
    ("KO7", Q1): ("A", "Targeted NHS Health Check invitations in six councils; four more "
                  "needed to meet the output.", "Primary care capacity over the summer.",
                  "Network support to reach the councils not yet signed up.",
                  "Agree a recovery plan with primary care partners.",
                  [("Follow up the four councils not yet using targeted invitations",
                    "SW SLI co-ordinator", 56)]),
    ("KO7", Q2): ("G", "Nine councils now use targeted invitations; community pharmacy "
                  "blood pressure checks running in five.", "", "",
                  "Tenth council expected to sign up in October.", []),
    ("KO8", Q1): ("G", "Monthly snapshots circulated on time; the 2023/24 annual return "
                  "went to the national board in March.", "", "",
                  "Plan the first return of this plan.", []),
    ("KO8", Q2): ("G", "Snapshots on time; South West case study accepted for the ADPH "
                  "annual conference.", "", "", "Present the case study in November.", []),
    ("KO9", Q1): ("G", "Register carried over from the last plan: 14 QI projects, three "
                  "new since April.", "", "", "Open the call for the annual showcase.", []),
    ("KO9", Q2): ("G", "Nine councils have offered projects for the December showcase.",
                  "", "", "Choose the showcase programme.", []),
    ("KO10", Q1): ("A", "MMR uptake by council and deprivation agreed with UKHSA; three "
                   "councils below 90% at 5 years.", "Measles cases rising nationally.",
                   "UKHSA and NHS England to share the catch-up campaign materials.",
                   "Share the uptake figures with the ICSs.",
                   [("Send the uptake figures to the seven ICS immunisation leads",
                     "DPH, North Somerset", 28)]),
    ("KO10", Q2): ("A", "Figures shared with UKHSA, not yet with every ICS; catch-up "
                   "clinics started in one of the three councils.", "Capacity in school "
                   "nursing teams.", "", "Agree catch-up offers in the other two councils.",
                   []),
}

# Support asked of someone in particular.
SUPPORT_TO = {("KO4", Q2): "UKHSA", ("KO10", Q1): "UKHSA"}

DECISIONS = {
    ("P4", Q1): [("Treat NHS Health Checks and blood pressure checks as one piece of work "
                  "(KO7)", "KO7")],
    ("P6", Q1): [("Meet every two months until the catch-up offers are in place", "")],
}
APOLOGIES = {("P2", Q2): ("DPH, Devon",), ("P4", Q1): ("DPH, South Gloucestershire",)}

OUTPUTS_DELIVERED = [
    ("KO5.1", date(2024, 6, 28), "Dataset agreed by all seven ICSs"),
    ("KO3.1", date(2024, 9, 6), ""),
    ("KO2.1", date(2024, 9, 13), "Briefing circulated to every council"),
    ("KO6.1", date(2024, 8, 30), "140 test purchases in eight councils"),
]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour)


def build(plan: Plan, folder: Path, rnd: random.Random) -> None:
    taken: set[str] = set()
    raised: list[Action] = []
    for quarter in (Q1, Q2):
        for priority in plan.at(quarter).priorities:
            day = DAYS[priority.id, quarter]
            outcomes = []
            for objective in plan.objectives_of(priority.id):
                letter, progress, risks, support, next_steps, actions = \
                    OUTCOMES[objective.id, quarter]
                made = []
                for text, owner, days in actions:
                    action_id = new_id("A", taken, rnd.randrange)
                    taken.add(action_id)
                    made.append(Action(action_id, text, owner, day + timedelta(days=days)))
                raised += made
                outcomes.append(Outcome(objective.id, LETTER[letter], progress, risks,
                                        support, next_steps, tuple(made),
                                        support_to=SUPPORT_TO.get((objective.id, quarter),
                                                                  "")))
            lead = plan.at(quarter).priority(priority.id)
            assert lead is not None
            apologies = APOLOGIES.get((priority.id, quarter), ())
            deputy = lead.deputy_lead if lead.deputy_lead not in apologies else ""
            attendees = tuple(r for r in (SLI_LEAD, RECORDER, lead.dph_lead, deputy) if r)
            meeting = Meeting(priority=priority.id, quarter=quarter, date=day,
                              attendees=attendees, outcomes=tuple(outcomes),
                              apologies=apologies,
                              decisions=tuple(Decision(text, objective) for text, objective
                                              in DECISIONS.get((priority.id, quarter), [])))
            record_meeting(folder, plan, meeting, stamp=_at(day, 16), by=RECORDER,
                           today=day + timedelta(days=1))
    # The first action raised (KO1's) was done in July; the rest are open.
    first = raised[0]
    record_action_done(folder, first.id, date(2024, 7, 10), "All fifteen councils have "
                       "a data lead.", stamp=_at(date(2024, 7, 10), 10), by=RECORDER)
    for output_id, day, note in OUTPUTS_DELIVERED:
        record_output_done(folder, plan, output_id, day, note, stamp=_at(day, 11),
                           by=RECORDER)


def rebuild(folder: Path) -> int:
    """Remove the records in ``folder`` and write them again; returns how
    many record files there are."""
    for sub in [kind.folder for kind in all_kinds()] + [STATE]:
        shutil.rmtree(folder / sub, ignore_errors=True)
    plan, problems = read_plan(folder)
    if plan is None or problems:
        raise SystemExit("\n".join(p.format() for p in problems))
    # Record uids and action ids from a seeded generator, as in
    # build_example.py, so that rebuilding gives the same files.
    import secrets

    seeded = random.Random(2026)
    secrets.choice = seeded.choice
    secrets.randbelow = seeded.randrange  # type: ignore[assignment]
    build(plan, folder, random.Random(2025))
    shutil.rmtree(folder / STATE, ignore_errors=True)
    return sum(1 for _ in folder.rglob("*.toml")) - 1


def main() -> None:
    count = rebuild(FOLDER)
    print(f"wrote {count} record files under {FOLDER}")


if __name__ == "__main__":
    main()
