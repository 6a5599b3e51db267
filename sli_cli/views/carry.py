"""What a plan hands on to the next: the objectives not completed at its end
(not rated Blue, not retired), each with its last rating, its open actions and
its outputs. ``sli init --from OLD --carry`` and the report's "carrying over"
section use the same rule (``Objective.carries_on`` and a last rating that is
not Blue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sli_cli.plan.model import Objective, Output, Plan, Priority, Rating
from sli_cli.records.collection import Records
from sli_cli.views.position import ActionState, Cutoff, Rated, compute_position


@dataclass(frozen=True)
class Carried:
    objective: Objective
    priority: Priority
    last: Rated | None
    open_actions: tuple[ActionState, ...]
    outputs: tuple[Output, ...]  # not recorded as delivered by the plan's end


@dataclass(frozen=True)
class Handover:
    plan: Plan  # as it stood at its last quarter: who led then
    as_of: date
    carried: tuple[Carried, ...]
    completed: tuple[Objective, ...]
    retired: tuple[Objective, ...]


def handover(plan: Plan, records: Records, today: date) -> Handover:
    """The plan's final position (or today's, if it has not ended) and what
    carries over from it."""
    as_of = min(today, plan.last_meeting_day())
    position = compute_position(plan, records, Cutoff(plan.end, as_of))
    carried, completed = [], []
    for o in position.objectives:
        if not o.objective.carries_on(plan.end):
            continue
        if o.current is not None and o.current.rag is Rating.BLUE:
            completed.append(o.objective)
            continue
        actions = tuple(a for a in position.actions
                        if a.objective == o.objective.id and a.is_open(as_of))
        delivered = {s.output.id for s in position.outputs if s.delivered is not None}
        carried.append(Carried(o.objective, o.priority, o.current, actions,
                               tuple(out for out in o.objective.outputs
                                     if out.id not in delivered)))
    retired = tuple(x for x in (*position.plan.objectives, *position.plan.retired)
                    if not x.carries_on(plan.end))
    return Handover(position.plan, as_of, tuple(carried), tuple(completed), retired)
