"""Where the plan stands: each objective's rating, direction of travel,
actions and staleness, as of a quarter or a date.

Pure functions over a ``Plan`` and its ``Records``; the status, due, history,
snapshot and report commands all read the plan through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sli_cli.core import clock
from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import (
    Objective,
    Output,
    Plan,
    Priority,
    Rating,
    Trend,
    rating_counts,
    trend,
)
from sli_cli.records import output_done
from sli_cli.records.action_done import ActionDone
from sli_cli.records.collection import Records
from sli_cli.records.meeting import Action, Meeting, Outcome
from sli_cli.records.output_done import OutputDone, delivered


@dataclass(frozen=True)
class Cutoff:
    """What counts: meetings for quarters up to ``quarter``; completions up to ``as_of``.

    With ``by_date`` (``--as-of DATE``) the position is the one known on that
    date: a meeting counts if it was held by then, even when it was recorded
    later (history filled in afterwards); an amendment counts only from when
    it was recorded, so a later correction does not rewrite what was known.
    """

    quarter: Quarter
    as_of: date
    by_date: bool = False

    def meeting_version(self, versions: list[Meeting]) -> Meeting | None:
        if versions[0].quarter > self.quarter:
            return None
        if not self.by_date:
            return versions[-1]
        chosen = None
        for meeting in versions:
            if meeting.date <= self.as_of and (
                    chosen is None or not self.recorded_after(meeting.recorded_at)):
                chosen = meeting
        return chosen

    def recorded_after(self, recorded: datetime | None) -> bool:
        """Whether a record was made after the end of the ``as_of`` day."""
        if recorded is None:
            return False
        if recorded.tzinfo is None:
            recorded = recorded.replace(tzinfo=UTC)
        return recorded > datetime.combine(self.as_of, time.max, tzinfo=UTC)


def default_cutoff(plan: Plan, *, quarter: Quarter | None = None, as_of: date | None = None,
                   today: date | None = None) -> tuple[Cutoff, str | None]:
    """The cutoff for ``--quarter``/``--as-of``/today, clamped to the plan period,
    and a one-line note when it was clamped."""
    today = today or clock.today()
    if quarter is not None:
        return Cutoff(quarter, min(quarter.last_day(plan.year_start_month), today)), None
    # Like `sli due`: in the first month of a quarter, the quarter before is
    # the one under review (its meetings are still being held).
    if as_of is not None:
        q = plan.quarter_under_review(as_of)
        clamped = plan.clamp(q)
        return Cutoff(clamped, as_of, by_date=True), _clamp_note(plan, q, clamped)
    q = plan.quarter_under_review(today)
    clamped = plan.clamp(q)
    if clamped != q:
        as_of_day = min(today, clamped.last_day(plan.year_start_month)) if clamped < q \
            else today
        return Cutoff(clamped, as_of_day), _clamp_note(plan, q, clamped)
    return Cutoff(q, today), None


def _clamp_note(plan: Plan, wanted: Quarter, used: Quarter) -> str | None:
    if wanted > used:
        return (f"The plan ended in {plan.label(plan.end)}; showing its final position "
                f"({plan.label(used)}).")
    if wanted < used:
        return (f"The plan starts in {plan.label(plan.start)}; showing its first quarter.")
    return None


@dataclass(frozen=True, slots=True)
class Rated:
    """An objective's rating in one quarter, with the outcome behind it."""

    objective: str
    quarter: Quarter
    rag: Rating
    outcome: Outcome
    meeting: Meeting


@dataclass(frozen=True, slots=True)
class ActionState:
    """An action with where it came from and whether it is done."""

    action: Action
    objective: str
    priority: str
    quarter: Quarter
    meeting_date: date
    done: ActionDone | None

    def is_open(self, as_of: date) -> bool:
        return self.done is None or self.done.date > as_of

    def is_overdue(self, as_of: date) -> bool:
        return self.is_open(as_of) and self.action.due < as_of

    def age_days(self, as_of: date) -> int:
        """Days from the meeting that raised it to ``as_of``, or to its
        completion when it was done by then: a done action stops ageing."""
        end = self.done.date if self.done is not None and self.done.date <= as_of else as_of
        return (end - self.meeting_date).days


def counted_meetings(records: Records, cutoff: Cutoff) -> list[Meeting]:
    """The meetings that count at ``cutoff``, oldest quarter first."""
    chosen = []
    # Sorted on plain values: comparing the Quarter dataclasses costs a Python
    # call per comparison, and there are hundreds of thousands at scale.
    ordered = sorted(records.meeting_versions.items(),
                     key=lambda item: (item[0][0].ordinal, item[0][1]))
    for _, versions in ordered:
        meeting = cutoff.meeting_version(versions)
        if meeting is not None:
            chosen.append(meeting)
    return chosen


def ratings_by_objective(meetings: list[Meeting]) -> dict[str, list[Rated]]:
    """Each objective's ratings, oldest quarter first (one per quarter)."""
    found: dict[str, dict[int, Rated]] = {}
    for meeting in meetings:
        quarter = meeting.quarter
        key = quarter.ordinal  # an int: hashed and sorted without a Python call
        for outcome in meeting.outcomes:
            by_quarter = found.get(outcome.objective)
            if by_quarter is None:
                by_quarter = found[outcome.objective] = {}
            by_quarter[key] = Rated(outcome.objective, quarter, outcome.rag, outcome, meeting)
    return {oid: [by_q[k] for k in sorted(by_q)] for oid, by_q in found.items()}


def action_states(meetings: list[Meeting], records: Records, as_of: date) -> list[ActionState]:
    """Every action raised at the counted meetings, with its completion if any by ``as_of``."""
    states = []
    for meeting in meetings:
        for objective_id, action in meeting.actions:
            done = records.done.get(action.id)
            if done is not None and done.date > as_of:
                done = None
            states.append(ActionState(action, objective_id, meeting.priority, meeting.quarter,
                                      meeting.date, done))
    return states


@dataclass(frozen=True)
class ObjectivePosition:
    objective: Objective
    priority: Priority
    current: Rated | None
    previous: Rated | None
    trend: Trend | None
    open_actions: int
    overdue_actions: int
    stale: bool

    @property
    def rag(self) -> Rating | None:
        return self.current.rag if self.current else None


@dataclass(frozen=True)
class OutputState:
    """An output of an objective still running, with its delivery (if any by then)."""

    output: Output
    objective: Objective
    due_by: date | None
    delivered: OutputDone | None

    def is_overdue(self, as_of: date) -> bool:
        return self.delivered is None and self.due_by is not None and self.due_by < as_of

    def is_due_within(self, first: date, last: date) -> bool:
        return self.delivered is None and self.due_by is not None \
            and first <= self.due_by <= last


def output_states(plan: Plan, records: Records, as_of: date) -> list[OutputState]:
    """Every output of the objectives in ``plan`` with its delivery by ``as_of``."""
    done = delivered(records.of(output_done.KIND), as_of)
    return [OutputState(o, objective, o.due_by(plan.year_start_month), done.get(o.id))
            for objective in plan.objectives for o in objective.outputs]


def retired_output_states(plan: Plan, records: Records, as_of: date) -> list[OutputState]:
    """The outputs of the objectives retired by then: delivered (before the
    objective retired) or not, and never due any more."""
    done = delivered(records.of(output_done.KIND), as_of)
    return [OutputState(o, objective, None, done.get(o.id))
            for objective in plan.retired for o in objective.outputs]


@dataclass
class Position:
    plan: Plan
    cutoff: Cutoff
    objectives: list[ObjectivePosition]
    ratings: dict[str, list[Rated]]
    actions: list[ActionState]
    meetings: list[Meeting]
    note: str | None = None
    summary: dict[str, int] = field(default_factory=dict)
    outputs: list[OutputState] = field(default_factory=list)
    retired_outputs: list[OutputState] = field(default_factory=list)

    @property
    def quarter(self) -> Quarter:
        return self.cutoff.quarter

    def outputs_overdue(self) -> list[OutputState]:
        return [o for o in self.outputs if o.is_overdue(self.as_of)]

    @property
    def as_of(self) -> date:
        return self.cutoff.as_of

    def improved(self) -> list[ObjectivePosition]:
        return [o for o in self.objectives if o.trend is Trend.IMPROVED and o.current
                and o.current.quarter == self.quarter]

    def worsened(self) -> list[ObjectivePosition]:
        return [o for o in self.objectives if o.trend is Trend.WORSE and o.current
                and o.current.quarter == self.quarter]

    def recorded_later(self) -> list[Meeting | ActionState]:
        """With ``--as-of``: the meetings and completions shown that were
        recorded after that date (history filled in afterwards)."""
        if not self.cutoff.by_date:
            return []
        late: list[Meeting | ActionState] = [
            m for m in self.meetings if self.cutoff.recorded_after(m.recorded_at)]
        late += [a for a in self.actions if a.done is not None
                 and self.cutoff.recorded_after(a.done.recorded_at)]
        return late

    def retired(self) -> list[tuple[Objective, Rated | None]]:
        """Objectives retired by the position's quarter, each with its last rating."""
        last = {oid: history[-1] for oid, history in self.ratings.items() if history}
        return [(o, last.get(o.id)) for o in self.plan.retired]

    def meetings_owed(self) -> list[Priority]:
        """Priorities with no meeting recorded for the position's quarter."""
        met = {m.priority for m in self.meetings if m.quarter == self.quarter}
        return [p for p in self.plan.priorities if p.id not in met]


def is_stale(rated: Rated | None, quarter: Quarter, first: Quarter) -> bool:
    """No rating for this quarter or the one before it (two quarters or more).
    An objective never rated is stale only once it has run two quarters
    (``first`` is its first quarter: the plan's start, or when it was added)."""
    if rated is None:
        return quarter.minus(first) >= 1
    return quarter.minus(rated.quarter) >= 2


def first_quarter(plan: Plan, objective: Objective) -> Quarter:
    """The first quarter an objective runs in: the plan's start, or the
    quarter it was added in."""
    added = objective.added_in
    return added if added is not None and added > plan.start else plan.start


def compute_position(plan: Plan, records: Records, cutoff: Cutoff,
                     note: str | None = None) -> Position:
    # The plan as it stood in the quarter: who led then, and the objectives
    # retired by then set apart (``plan.retired``).
    plan = plan.at(cutoff.quarter)
    meetings = counted_meetings(records, cutoff)
    ratings = ratings_by_objective(meetings)
    actions = action_states(meetings, records, cutoff.as_of)
    objectives = []
    by_objective: dict[str, list[ActionState]] = {}
    for state in actions:
        by_objective.setdefault(state.objective, []).append(state)
    for objective in plan.objectives:
        history = ratings.get(objective.id, [])
        current = history[-1] if history else None
        previous = history[-2] if len(history) > 1 else None
        mine = by_objective.get(objective.id, [])
        priority = plan.priority(objective.priority)
        assert priority is not None  # the loader guarantees it
        objectives.append(ObjectivePosition(
            objective=objective,
            priority=priority,
            current=current,
            previous=previous,
            trend=trend(previous.rag if previous else None, current.rag if current else None),
            open_actions=sum(a.is_open(cutoff.as_of) for a in mine),
            overdue_actions=sum(a.is_overdue(cutoff.as_of) for a in mine),
            stale=is_stale(current, cutoff.quarter, first_quarter(plan, objective)),
        ))
    summary = rating_counts((o.rag for o in objectives), plan.scheme.ratings)
    return Position(plan, cutoff, objectives, ratings, actions, meetings, note, summary,
                    output_states(plan, records, cutoff.as_of),
                    retired_output_states(plan, records, cutoff.as_of))
