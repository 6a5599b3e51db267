"""A carried objective's history from the plan before.

An objective carried into this plan (``carried_from = "sw-2022-24/KO9"``) keeps
its story in the plan before, which ``previous_plan`` in ``plan.toml`` names.
That plan is read like any plan folder (its ``plan.toml`` and records, with
their checks), only ever read, and only the quarters before this plan's start
are taken from it. When it is missing or has errors, or an objective's link
does not lead to it, the history is not shown and a warning says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sli_cli.core.errors import Problem, Severity, display_path
from sli_cli.core.quarters import Quarter
from sli_cli.core.text import nearest
from sli_cli.plan.loader import PLAN_FILE
from sli_cli.plan.model import Objective, Plan
from sli_cli.plan.previous import PreviousPlanError, previous_folder, warning
from sli_cli.records.workspace import inspect_folder
from sli_cli.views.position import Cutoff, Rated, compute_position


@dataclass(frozen=True)
class Link:
    """``carried_from`` read: the plan before's id and the objective's id there."""

    plan_id: str
    objective_id: str

    @property
    def label(self) -> str:
        return f"{self.plan_id}/{self.objective_id}"


def link(objective: Objective) -> Link | None:
    """Where the objective was carried from (None when it was not carried)."""
    if not objective.carried_from:
        return None
    plan_id, _, objective_id = objective.carried_from.rpartition("/")
    return Link(plan_id, objective_id)


@dataclass(frozen=True)
class CarriedHistory:
    """One carried objective's ratings in the plan before, oldest first."""

    objective: Objective  # in this plan
    link: Link
    earlier: Objective  # the objective in the plan before
    ratings: tuple[Rated, ...]  # the quarters before this plan's start only

    @property
    def last(self) -> Rated | None:
        return self.ratings[-1] if self.ratings else None


@dataclass(frozen=True)
class Earlier:
    """What the plan before tells of this plan's carried objectives."""

    plan: Plan | None  # the plan before, when it could be read
    folder: Path | None
    quarters: tuple[Quarter, ...]  # its quarters before this plan's start
    carried: dict[str, CarriedHistory] = field(default_factory=dict)  # by this plan's id
    problems: tuple[Problem, ...] = ()  # warnings: why some history is not shown

    def of(self, objective_id: str) -> CarriedHistory | None:
        return self.carried.get(objective_id)


NOTHING = Earlier(None, None, ())


def earlier_history(folder: Path, plan: Plan, today: date) -> Earlier:
    """The history of every carried objective of ``plan`` (in ``folder``)
    from the plan before, as known on ``today``."""
    carried = [(o, linked) for o in (*plan.objectives, *plan.retired)
               if (linked := link(o)) is not None]
    if not carried or not plan.previous_plan:
        return NOTHING
    try:
        old_folder = previous_folder(folder, plan.previous_plan)
    except PreviousPlanError as exc:
        return Earlier(None, None, (), problems=(warning(folder, str(exc)),))
    found = inspect_folder(old_folder, today)
    errors = [p for p in found.problems if p.severity is Severity.ERROR]
    if found.plan is None or errors:
        count = len(errors) or len(found.problems)
        first = (errors or found.problems)[0].format()
        reason = (f"the plan in {plan.previous_plan!r} has {count} "
                  f"problem{'' if count == 1 else 's'}, the first: {first}")
        return Earlier(None, None, (), problems=(warning(folder, reason),))
    old = found.plan
    last = min(old.end, plan.start.previous())
    quarters = tuple(q for q in old.quarters() if q <= last)
    if not quarters:
        return Earlier(old, old_folder, (), problems=(warning(
            folder, f"the plan in {plan.previous_plan!r} ({old.id}) starts in "
            f"{old.label(old.start)}, not before this plan"),))
    position = compute_position(old, found.records,
                                Cutoff(last, min(today, old.last_meeting_day())))
    where = display_path(folder / PLAN_FILE)
    histories: dict[str, CarriedHistory] = {}
    problems: list[Problem] = []
    for objective, linked in carried:
        if linked.plan_id != old.id:
            problems.append(Problem(where, None, (
                f"objective {objective.id}: carried_from {objective.carried_from!r} names the "
                f"plan {linked.plan_id!r}, but previous_plan {plan.previous_plan!r} is "
                f"{old.id!r}; its earlier history is not shown"), Severity.WARNING))
            continue
        earlier = old.objective(linked.objective_id)
        if earlier is None:
            ids = [o.id for o in (*old.objectives, *old.retired)]
            close = nearest(linked.objective_id, ids)
            hint = f" (did you mean '{old.id}/{close}'?)" if close else ""
            problems.append(Problem(where, None, (
                f"objective {objective.id}: carried_from {objective.carried_from!r}: {old.id} "
                f"has no objective {linked.objective_id!r}{hint}; its earlier history is not "
                "shown"), Severity.WARNING))
            continue
        ratings = tuple(r for r in position.ratings.get(earlier.id, []) if r.quarter <= last)
        histories[objective.id] = CarriedHistory(objective, linked, earlier, ratings)
    return Earlier(old, old_folder, quarters, histories, tuple(problems))
