"""The DPH lead's pre-meeting pack for one priority, as data: where each
objective stands, what it said last time, outputs due this quarter and
next (and those overdue), the open and overdue actions, and the plan's
rating definitions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Objective, Output, Plan, Priority, Rating
from sli_cli.records.collection import Records
from sli_cli.records.meeting import Meeting
from sli_cli.views.position import ActionState, Cutoff, Rated, compute_position
from sli_cli.views.snapshot import records_held_by

RECENT = 4  # quarters of ratings shown for each objective


@dataclass(frozen=True)
class OutputDue:
    output: Output
    due: str  # its due date or quarter, as written for a reader
    delivered: date | None = None  # recorded as delivered by the pack's date
    overdue: bool = False  # due before the pack's date and not delivered


@dataclass(frozen=True)
class Brief:
    objective: Objective
    # Oldest first, ending with the pack's quarter; None: not rated (or the
    # objective not yet added then).
    recent: list[tuple[Quarter, Rating | None]]
    latest: Rated | None
    outputs: list[OutputDue]
    actions: list[ActionState]  # open at the pack's date


@dataclass
class Pack:
    plan: Plan
    priority: Priority
    quarter: Quarter
    day: date
    briefs: list[Brief]
    actions: list[ActionState]  # every open action of the priority, most overdue first
    definitions: list[tuple[Rating, str]]
    # The priority's last meeting before the pack's quarter: its apologies and decisions.
    last_meeting: Meeting | None = None


def pack_day(plan: Plan, quarter: Quarter, today: date) -> date:
    """The date a pack for ``quarter`` is drawn up: today, within the quarter
    or the one after it (when its meetings may still be held)."""
    first = quarter.first_day(plan.year_start_month)
    last = quarter.next().last_day(plan.year_start_month)
    return min(max(today, first), last)


def _due_in(plan: Plan, output: Output, quarters: tuple[Quarter, ...]) -> bool:
    if output.due_quarter is not None:
        return output.due_quarter in quarters
    if output.due_date is not None:
        return plan.quarter_of(output.due_date) in quarters
    return False


def build_pack(plan: Plan, records: Records, priority: Priority, quarter: Quarter,
               day: date) -> Pack:
    """The pack for ``priority``'s meeting for ``quarter``, as of ``day``."""
    position = compute_position(plan, records_held_by(records, day), Cutoff(quarter, day))
    window = tuple(q for q in (quarter, quarter.next()) if plan.in_period(q))
    recent_quarters = [q for q in plan.quarters() if q <= quarter][-RECENT:]
    states = {s.output.id: s for s in position.outputs}
    briefs = []
    for o in position.objectives:
        if o.priority.id != priority.id:
            continue
        history = {r.quarter: r.rag for r in position.ratings.get(o.objective.id, [])}
        outputs = []
        for out in o.objective.outputs:
            state = states.get(out.id)
            done = state.delivered.date if state and state.delivered else None
            overdue = state is not None and state.is_overdue(day)
            if overdue or _due_in(plan, out, window):
                outputs.append(OutputDue(out, out.due_label(plan.year_start_month), done,
                                         overdue))
        briefs.append(Brief(
            objective=o.objective,
            recent=[(q, history.get(q)) for q in recent_quarters],
            latest=o.current,
            outputs=outputs,
            actions=[a for a in position.actions
                     if a.objective == o.objective.id and a.is_open(day)],
        ))
    actions = sorted((a for a in position.actions if a.priority == priority.id
                      and a.is_open(day)), key=lambda a: (a.action.due, a.action.id))
    definitions = [(r, plan.scheme.definitions[r]) for r in plan.scheme.ratings]
    earlier = [m for m in position.meetings if m.priority == priority.id and m.quarter < quarter]
    last = max(earlier, key=lambda m: m.quarter) if earlier else None
    return Pack(plan, priority, quarter, day, briefs, actions, definitions, last)
