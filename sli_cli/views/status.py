"""The status overview: which objectives to show, and the fields each shows.

Built on ``sli_cli.views.position``; the fields of ``rows()`` are the JSON and CSV
contract of ``sli status`` (documented in docs/json-output.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sli_cli.plan.model import Objective, Priority, Rating, rating_counts
from sli_cli.records.meeting import Meeting
from sli_cli.views.position import ObjectivePosition, Position


@dataclass(frozen=True)
class StatusFilter:
    """Which objectives to show; empty means all."""

    priorities: tuple[str, ...] = ()
    ratings: tuple[Rating | None, ...] = ()  # None: not rated yet
    lead: str = ""

    def matches(self, o: ObjectivePosition) -> bool:
        if self.priorities and o.priority.id not in self.priorities:
            return False
        if self.ratings and o.rag not in self.ratings:
            return False
        if self.lead:
            wanted = self.lead.casefold()
            leads = (o.objective.lead, o.priority.dph_lead)
            if not any(wanted in lead.casefold() for lead in leads):
                return False
        return True

    @property
    def active(self) -> bool:
        return bool(self.priorities or self.ratings or self.lead)


@dataclass
class Status:
    """The position of the plan, narrowed to the objectives asked for."""

    position: Position
    objectives: list[ObjectivePosition]
    filter: StatusFilter

    @classmethod
    def of(cls, position: Position, status_filter: StatusFilter | None = None) -> Status:
        f = status_filter or StatusFilter()
        return cls(position, [o for o in position.objectives if f.matches(o)], f)

    @cached_property
    def groups(self) -> list[tuple[Priority, list[ObjectivePosition]]]:
        """The shown objectives by priority, in plan order."""
        by_priority: dict[str, list[ObjectivePosition]] = {}
        for o in self.objectives:
            by_priority.setdefault(o.priority.id, []).append(o)
        return [(priority, by_priority[priority.id]) for priority in self.position.plan.priorities
                if priority.id in by_priority]

    def summary(self) -> dict[str, int]:
        """How many shown objectives have each rating (the plan's ratings, then not rated)."""
        return rating_counts((o.rag for o in self.objectives),
                             self.position.plan.scheme.ratings)

    def improved(self) -> list[ObjectivePosition]:
        return self._shown(self.position.improved())

    def worsened(self) -> list[ObjectivePosition]:
        return self._shown(self.position.worsened())

    def _shown(self, objectives: list[ObjectivePosition]) -> list[ObjectivePosition]:
        # The same objects as in the position: compare identities, not whole
        # dataclasses (with thousands of objectives that is quadratic).
        shown = {id(o) for o in self.objectives}
        return [o for o in objectives if id(o) in shown]

    def meetings_owed(self) -> list[Priority]:
        """Priorities still owing this quarter's meeting: all of them, or with
        a filter, those of the objectives shown."""
        owed = self.position.meetings_owed()
        if self.filter.active:
            shown = {o.priority.id for o in self.objectives}
            owed = [p for p in owed if p.id in shown]
        return owed

    def retired(self) -> list[Objective]:
        """The objectives retired by the position's quarter that the filter
        would otherwise show: of the priorities and leads asked for (none
        when ratings are asked for: a retired objective has none now)."""
        f, plan = self.filter, self.position.plan
        if f.ratings:
            return []
        found = []
        for o, _ in self.position.retired():
            priority = plan.priority(o.priority)
            if f.priorities and o.priority not in f.priorities:
                continue
            leads = (o.lead, priority.dph_lead if priority else "")
            if f.lead and not any(f.lead.casefold() in lead.casefold() for lead in leads):
                continue
            found.append(o)
        return found

    def recorded_later_note(self) -> str | None:
        """With ``--as-of``: that the position includes records made after the date."""
        late = self.position.recorded_later()
        if not late:
            return None
        meetings = sum(isinstance(r, Meeting) for r in late)
        done = len(late) - meetings
        parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in
                 ((meetings, "meeting"), (done, "completed action")) if n]
        day = self.position.as_of
        return f"Includes {' and '.join(parts)} recorded after {day.day} {day:%B %Y}."

    def row(self, o: ObjectivePosition) -> dict[str, Any]:
        plan = self.position.plan
        return {
            "id": o.objective.id,
            "title": o.objective.title,
            "priority": o.priority.id,
            "lead": o.objective.lead,
            "rag": o.rag.value if o.rag else None,
            "previous_rag": o.previous.rag.value if o.previous else None,
            "trend": o.trend.value if o.trend else None,
            "rated_quarter": plan.label(o.current.quarter) if o.current else None,
            "open_actions": o.open_actions,
            "overdue_actions": o.overdue_actions,
            "stale": o.stale,
        }

    def rows(self) -> list[dict[str, Any]]:
        return [self.row(o) for o in self.objectives]

    def to_json(self) -> dict[str, Any]:
        plan = self.position.plan
        return {
            "plan": {"id": plan.id, "title": plan.title},
            "quarter": plan.label(self.position.quarter),
            "as_of": self.position.as_of.isoformat(),
            "note": self.position.note,
            "recorded_later": self.recorded_later_note(),
            "summary": self.summary(),
            "improved": _ids(self.improved()),
            "worsened": _ids(self.worsened()),
            "meetings_owed": [p.id for p in self.meetings_owed()],
            "retired": [{"id": o.id, "title": o.title, "priority": o.priority,
                         "retired_in": plan.label(o.retired_in) if o.retired_in else None,
                         "replaced_by": o.replaced_by or None,
                         "merged_into": o.merged_into or None} for o in self.retired()],
            "objectives": self.rows(),
        }


def _ids(objectives: Sequence[ObjectivePosition]) -> list[str]:
    return [o.objective.id for o in objectives]
