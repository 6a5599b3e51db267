"""The annual progress return to the national ADPH SLI board, as data.

``build_report`` reads every meeting for the quarters of one financial year
(latest versions) and the completions dated within it. Renderers lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sli_cli.core.errors import UsageError
from sli_cli.core.quarters import AmbiguousQuarter, Quarter, QuarterError
from sli_cli.plan.model import Objective, Plan, Priority, Rating, Trend, trend
from sli_cli.records.collection import Records
from sli_cli.views.position import ActionState, Cutoff, Rated, compute_position


def parse_year(plan: Plan, text: str) -> list[Quarter]:
    """The plan's quarters in the financial year ``text`` (``2023/24``)."""
    try:
        first = Quarter.parse(f"{text.strip()} Q1", plan.year_start_month)
    except AmbiguousQuarter:
        starting = Quarter.parse(f"{text.strip()} Q1", None)
        ending = starting.shift(-4)
        raise UsageError(f"--year {text.strip()} names no financial year: it could be "
                         f"{_year_label(plan, starting)} or {_year_label(plan, ending)}, "
                         f"the year ending in {starting.year}; write it like "
                         f"{_year_label(plan, starting).split()[0]}") from None
    except QuarterError:
        raise UsageError(f"--year {text!r} is not a financial year; write it like 2023/24"
                         ) from None
    quarters = [q for q in (first.shift(i) for i in range(4)) if plan.in_period(q)]
    if not quarters:
        years = sorted({q.year for q in plan.quarters()})
        known = ", ".join(Quarter(y, 1).label(plan.year_start_month)[:-3] for y in years)
        raise UsageError(f"--year {text.strip()}: the plan has no quarters in that year; "
                         f"its years are {known}")
    return quarters


def _year_label(plan: Plan, first: Quarter) -> str:
    """``2023/24 (April 2023 to March 2024)``."""
    last = first.shift(3).last_day(plan.year_start_month)
    return (f"{plan.label(first)[:-3]} ({first.first_day(plan.year_start_month):%B %Y} to "
            f"{last:%B %Y})")


@dataclass(frozen=True)
class Achievement:
    objective: Objective
    before: Rating | None  # before the year, else the year's first rating
    rated: Rated
    completed: bool
    narrative: str


@dataclass(frozen=True)
class Barrier:
    objective: Objective
    rated: Rated
    support: str
    risks: str


@dataclass(frozen=True)
class CarryOver:
    objective: Objective
    rating: Rating | None
    next_steps: str


@dataclass
class Report:
    plan: Plan
    year: str
    quarters: list[Quarter]
    first_day: date
    last_day: date
    public: bool
    grid: list[tuple[Objective, list[Rating | None]]]
    achievements: list[Achievement]
    barriers: list[Barrier]
    completed: list[ActionState]
    outstanding: list[ActionState]
    carrying_over: list[CarryOver]
    to_next_plan: bool

    @property
    def priorities(self) -> tuple[Priority, ...]:
        return self.plan.priorities


def build_report(plan: Plan, records: Records, quarters: list[Quarter], *,
                 public: bool = False) -> Report:
    """The report for the year made of ``quarters`` (all within the plan)."""
    first_day = quarters[0].first_day(plan.year_start_month)
    last_day = quarters[-1].last_day(plan.year_start_month)
    position = compute_position(plan, records, Cutoff(quarters[-1], last_day))
    in_year = set(quarters)

    def narrative(rated: Rated, text: str) -> str:
        return "" if public and rated.outcome.internal else text

    grid = []
    achievements, barriers, carrying = [], [], []
    for objective in plan.objectives:
        history = position.ratings.get(objective.id, [])
        by_quarter = {r.quarter: r.rag for r in history}
        grid.append((objective, [by_quarter.get(q) for q in quarters]))
        during = [r for r in history if r.quarter in in_year]
        before = [r for r in history if r.quarter < quarters[0]]
        latest = during[-1] if during else (before[-1] if before else None)
        # The baseline: the rating before the year, else the year's first rating.
        was = before[-1].rag if before else (during[0].rag if during else None)
        if during:
            last = during[-1]
            finished = last.rag is Rating.BLUE and was is not Rating.BLUE
            if finished:
                # Reached blue in the year: say when it first did, after its last other rating.
                since = [r for r in during if r.rag is not Rating.BLUE]
                first_blue = next(r for r in during if not since or r.quarter > since[-1].quarter)
            if finished or trend(was, last.rag) is Trend.IMPROVED:
                achievements.append(Achievement(
                    objective, was, first_blue if finished else last, finished,
                    narrative(last, last.outcome.progress)))
            if last.rag in (Rating.RED, Rating.AMBER):
                barriers.append(Barrier(objective, last, narrative(last, last.outcome.support),
                                        narrative(last, last.outcome.risks)))
        if latest is None or latest.rag is not Rating.BLUE:
            carrying.append(CarryOver(
                objective, latest.rag if latest else None,
                narrative(latest, latest.outcome.next_steps) if latest else ""))
    achievements.sort(key=lambda a: (not a.completed, plan.objectives.index(a.objective)))
    barriers.sort(key=lambda b: (b.rated.rag.rank or 0, plan.objectives.index(b.objective)))

    def internal(a: ActionState) -> bool:
        for m in position.meetings:
            if m.priority == a.priority and m.quarter == a.quarter:
                outcome = m.outcome(a.objective)
                return public and outcome is not None and outcome.internal
        return False

    completed = sorted((a for a in position.actions
                        if a.done is not None and first_day <= a.done.date <= last_day
                        and not internal(a)),
                       key=lambda a: (a.done.date if a.done else last_day, a.action.id))
    outstanding = sorted((a for a in position.actions if a.is_open(last_day)
                          and not internal(a)),
                         key=lambda a: (a.action.due, a.action.id))
    year = Quarter(quarters[0].year, 1).label(plan.year_start_month)[:-3]
    return Report(plan, year, quarters, first_day, last_day, public, grid, achievements,
                  barriers, completed, outstanding, carrying, quarters[-1] == plan.end)
