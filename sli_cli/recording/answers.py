"""What a person gives when recording a meeting, before it becomes a record.

``Answers`` keeps everything as typed (ratings as words or letters, dates
day first) so that a draft saved after a mistake holds exactly what was
typed. ``sli_cli.recording.form`` reads and writes it as TOML,
``sli_cli.recording.build`` turns it into a ``Meeting``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sli_cli.core.quarters import Quarter
from sli_cli.plan.lookup import find_id
from sli_cli.plan.model import Plan, Priority, Rating
from sli_cli.records.collection import Records
from sli_cli.records.meeting import Meeting
from sli_cli.records.narrative import TEXT_FIELDS

SKIP_WORDS = ("s", "skip")


@dataclass
class ActionAnswer:
    text: str = ""
    owner: str = ""
    due: str = ""
    id: str = ""  # kept when amending, so an action keeps its id
    council: str = ""  # optional: the council it concerns


@dataclass
class ObjectiveAnswer:
    objective: str
    rag: str = ""  # as typed; "skip" = not discussed; "" = not answered yet
    progress: str = ""
    risks: str = ""
    support: str = ""
    next_steps: str = ""
    actions: list[ActionAnswer] = field(default_factory=list)
    internal: bool = False
    support_to: str = ""  # whom the support is asked of

    @property
    def skipped(self) -> bool:
        return self.rag.strip().lower() in SKIP_WORDS

    @property
    def answered(self) -> bool:
        return bool(self.rag or self.actions or self.support_to
                    or any(getattr(self, f) for f in TEXT_FIELDS))


@dataclass
class DecisionAnswer:
    text: str = ""
    objective: str = ""  # as typed; "" when the decision is about no one objective


def same_id(a: str, b: str) -> bool:
    """Ids are case-insensitive: ``ko5`` and ``KO5`` are one objective."""
    return find_id(a, [b]) is not None


@dataclass
class Answers:
    """A meeting as typed, possibly incomplete."""

    priority: str = ""
    date: str = ""
    quarter: str = ""
    attendees: list[str] = field(default_factory=list)
    objectives: list[ObjectiveAnswer] = field(default_factory=list)
    notes: str = ""
    change_note: str = ""
    apologies: list[str] = field(default_factory=list)
    decisions: list[DecisionAnswer] = field(default_factory=list)
    amend: bool = False
    # The version an amendment started from: it is recorded only if that is
    # still the latest, so two amendments at once cannot undo each other.
    based_on: int = 0
    # The objective whose questions were interrupted: asked again on resuming.
    unfinished: str = ""

    def objective(self, objective_id: str) -> ObjectiveAnswer:
        """The answers for an objective (any case), added if not there yet."""
        found = self.find(objective_id)
        if found is None:
            found = ObjectiveAnswer(objective_id.strip())
            self.objectives.append(found)
        return found

    def find(self, objective_id: str) -> ObjectiveAnswer | None:
        return next((a for a in self.objectives if same_id(a.objective, objective_id)), None)

    @property
    def is_empty(self) -> bool:
        return not (self.date or self.quarter or self.attendees or self.notes
                    or self.apologies or self.decisions or self.change_note
                    or any(o.answered for o in self.objectives))


def normalise_ids(plan: Plan, answers: Answers) -> None:
    """Ids typed in another case (``p2``, ``ko5``) become the plan's own."""
    answers.priority = find_id(answers.priority, [p.id for p in plan.priorities]) \
        or answers.priority.strip()
    objectives = [o.id for o in plan.objectives]
    for o in answers.objectives:
        o.objective = find_id(o.objective, objectives) or o.objective.strip()
    for d in answers.decisions:
        if d.objective.strip():
            d.objective = find_id(d.objective, objectives) or d.objective.strip()
    answers.unfinished = find_id(answers.unfinished, objectives) or answers.unfinished.strip()


def answers_from_meeting(meeting: Meeting) -> Answers:
    """A recorded meeting as answers, the starting point of an amendment."""
    objectives = [
        ObjectiveAnswer(o.objective, o.rag.value, o.progress, o.risks, o.support, o.next_steps,
                        [ActionAnswer(a.text, a.owner, a.due.isoformat(), a.id, a.council)
                         for a in o.actions], o.internal, o.support_to)
        for o in meeting.outcomes
    ]
    objectives += [ObjectiveAnswer(oid, "skip") for oid in meeting.not_discussed]
    return Answers(meeting.priority, meeting.date.isoformat(), meeting.quarter.label(),
                   list(meeting.attendees), objectives, meeting.notes,
                   apologies=list(meeting.apologies),
                   decisions=[DecisionAnswer(d.text, d.objective) for d in meeting.decisions],
                   amend=True, based_on=meeting.version)


# -- what is offered when asking ---------------------------------------------
def latest_ratings(records: Records, priority: str,
                   before: Quarter | None = None) -> dict[str, tuple[Rating, Quarter]]:
    """Each objective's latest recorded rating (before ``before`` if given)."""
    found: dict[str, tuple[Rating, Quarter]] = {}
    for meeting in records.meetings:
        if meeting.priority != priority or (before is not None and meeting.quarter >= before):
            continue
        for outcome in meeting.outcomes:
            found[outcome.objective] = (outcome.rag, meeting.quarter)
    return found


def default_attendees(plan: Plan, priority: Priority) -> list[str]:
    """The usual three at a quarterly SLI meeting."""
    people = [plan.sli_lead, plan.coordinator, priority.dph_lead]
    return list(dict.fromkeys(p for p in people if p))
