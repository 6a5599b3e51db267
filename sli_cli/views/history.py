"""An objective's story, quarter by quarter, and the ratings of the whole plan
over time. Built on ``sli_cli.views.position``."""

from __future__ import annotations

from dataclasses import dataclass

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Objective, Rating
from sli_cli.records.meeting import Meeting
from sli_cli.views.position import ActionState, Position, Rated


@dataclass(frozen=True)
class QuarterStory:
    """One quarter of an objective: its rating and the actions raised and closed."""

    quarter: Quarter
    rated: Rated | None
    meeting: Meeting | None  # the priority's meeting that quarter, if any
    raised: list[ActionState]
    closed: list[ActionState]
    running: bool = True  # False: retired by then, or not yet added to the plan

    @property
    def not_discussed(self) -> bool:
        return self.meeting is not None and self.rated is None

    @property
    def empty(self) -> bool:
        return self.meeting is None and not self.raised and not self.closed


def shown_quarters(position: Position) -> list[Quarter]:
    """The plan's quarters up to the position's quarter."""
    return [q for q in position.plan.quarters() if q <= position.quarter]


def objective_story(position: Position, objective: Objective) -> list[QuarterStory]:
    """Each quarter of the plan up to the position, oldest first. In a
    quarter the objective did not run (retired by then, or not yet added)
    its priority's meeting is not its own: only actions of it are told."""
    plan = position.plan
    rated = {r.quarter: r for r in position.ratings.get(objective.id, [])}
    meetings = {m.quarter: m for m in position.meetings if m.priority == objective.priority}
    mine = [a for a in position.actions if a.objective == objective.id]
    story = []
    for quarter in shown_quarters(position):
        closed = [a for a in mine if a.done is not None
                  and plan.quarter_of(a.done.date) == quarter]
        running = not (objective.retired_by(quarter) or objective.added_after(quarter))
        story.append(QuarterStory(
            quarter=quarter,
            rated=rated.get(quarter),
            meeting=meetings.get(quarter) if running or quarter in rated else None,
            raised=[a for a in mine if a.quarter == quarter],
            closed=closed,
            running=running,
        ))
    return story


def rating_grid(position: Position) -> dict[str, dict[Quarter, Rating]]:
    """Each objective's rating in each quarter it was rated."""
    return {objective_id: {r.quarter: r.rag for r in rated}
            for objective_id, rated in position.ratings.items()}
