"""What is owed for a quarter: meetings not yet held, objectives left
unrated for two quarters or more, overdue actions, grouped by DPH lead; and
support asked of someone and not answered yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Objective, Plan, Priority
from sli_cli.records.collection import Records
from sli_cli.views.position import (
    ActionState,
    Cutoff,
    OutputState,
    Rated,
    compute_position,
    first_quarter,
    is_stale,
)
from sli_cli.views.support import SupportAsk, open_asks


@dataclass
class LeadOwes:
    dph_lead: str
    meetings: list[Priority] = field(default_factory=list)
    stale: list[tuple[Objective, Rated | None]] = field(default_factory=list)
    overdue: list[ActionState] = field(default_factory=list)
    outputs: list[OutputState] = field(default_factory=list)  # overdue, not delivered

    @property
    def anything(self) -> bool:
        return bool(self.meetings or self.stale or self.overdue or self.outputs)


@dataclass
class Owed:
    quarter: Quarter
    as_of: date
    leads: list[LeadOwes]
    asks: list[SupportAsk] = field(default_factory=list)  # open support asks

    @property
    def anything(self) -> bool:
        return bool(self.asks) or any(lead.anything for lead in self.leads)


def unrated_too_long(plan: Plan, objective: Objective, rated: Rated | None,
                     quarter: Quarter) -> bool:
    """No rating in ``quarter`` or the one before: two quarters or more.

    An objective never rated counts only once it has run two quarters (from
    the plan's start, or from the quarter it was added in).
    """
    return is_stale(rated, quarter, first_quarter(plan, objective))


def owed(plan: Plan, records: Records, quarter: Quarter, as_of: date) -> Owed:
    """What each DPH lead owes for ``quarter``, as of ``as_of``."""
    position = compute_position(plan, records, Cutoff(quarter, as_of))
    leads: dict[str, LeadOwes] = {}
    for priority in plan.priorities:
        leads.setdefault(priority.dph_lead, LeadOwes(priority.dph_lead))
    for priority in position.meetings_owed():
        leads[priority.dph_lead].meetings.append(priority)
    for o in position.objectives:
        if unrated_too_long(plan, o.objective, o.current, quarter):
            leads[o.priority.dph_lead].stale.append((o.objective, o.current))
    for action in position.actions:
        if action.is_overdue(as_of):
            owner = plan.priority(action.priority)
            if owner is not None:
                leads[owner.dph_lead].overdue.append(action)
    for state in position.outputs_overdue():
        owner = plan.priority(state.objective.priority)
        if owner is not None:
            leads[owner.dph_lead].outputs.append(state)
    for lead in leads.values():
        lead.overdue.sort(key=lambda a: (a.action.due, a.action.id))
    return Owed(quarter, as_of, list(leads.values()),
                open_asks(records, Cutoff(quarter, as_of)))
