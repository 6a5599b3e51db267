"""The monthly SLI snapshot as data: what the network is told each month.

``build_snapshot`` reads the plan's position at the end of the month (every
meeting held by then, in its latest version) and at the end of the month
before, and gathers the month's project spotlights, events, updates and
actions. Renderers in ``sli_cli.render`` turn the result into Markdown or
HTML; nothing here formats text.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta

from sli_cli.core.months import Month
from sli_cli.plan.lookup import month_in_plan
from sli_cli.plan.model import NOT_RATED, Objective, Plan, Priority, Rating, Trend, trend
from sli_cli.records import action_done, meeting
from sli_cli.records.collection import Records
from sli_cli.records.event import Event
from sli_cli.records.update import Update, UpdateKind
from sli_cli.views.position import (
    ActionState,
    Cutoff,
    ObjectivePosition,
    Position,
    compute_position,
)

EVENT_WINDOW = timedelta(weeks=8)


class Section(enum.Enum):
    """The snapshot's sections, in order, each with its heading and what is
    said in its place when it has nothing to show."""

    HEADLINE = ("headline", "Headline", "No objective has been rated yet.")
    PROGRESS = ("progress", "Progress against the plan", "The plan has no objectives.")
    SUPPORT = ("support", "Objectives needing support",
               "No objective is rated red or amber.")
    SPOTLIGHTS = ("spotlights", "Project spotlights", "No project updates this month.")
    EVENTS = ("events", "Upcoming events", "No events in the next eight weeks.")
    UPDATES = ("updates", "ADPH and national updates", "No news or national updates this month.")
    ACTIONS = ("actions", "Actions due next month", "No open actions fall due next month.")

    def __init__(self, key: str, title: str, empty: str) -> None:
        self.key = key
        self.title = title
        self.empty = empty


def choose_month(plan: Plan, wanted: Month | None, today: date) -> tuple[Month, str | None]:
    """The snapshot month: ``wanted`` (which must lie in the plan period, or in
    the quarter after it, when the last quarter's meetings are held), or this
    month clamped to the plan period with a note (one sentence, no full stop,
    so the caller can say how to choose another)."""
    if wanted is not None:
        return month_in_plan(plan, wanted), None
    first, last = Month.of(plan.first_day()), Month.of(plan.last_day())
    month = Month.of(today)
    if month > last:
        return last, (f"The plan ended in {last.label()}; drafting the snapshot for "
                      f"{last.label()}")
    if month < first:
        return first, (f"The plan starts in {first.label()}; drafting the snapshot for "
                       f"{first.label()}")
    return month, None


# -- position at a date -----------------------------------------------------
def records_held_by(records: Records, day: date) -> Records:
    """The records as they stood on ``day``: meetings held by then (latest
    version) and completions dated by then."""
    held = {key for key, versions in records.meeting_versions.items()
            if versions[-1].date <= day}
    return (records.only(meeting.KIND, lambda m: (m.quarter, m.priority) in held)
            .only(action_done.KIND, lambda d: d.date <= day))


def position_at(plan: Plan, records: Records, day: date) -> Position:
    """Where the plan stood at the end of ``day``, for the quarter under review
    then (as ``sli status`` and ``sli due``: in the first month of a quarter,
    the quarter before, whose meetings are being held)."""
    quarter = plan.clamp(plan.quarter_under_review(day))
    if day < plan.first_day():
        quarter = plan.start
    return compute_position(plan, records_held_by(records, day), Cutoff(quarter, day))


# -- the snapshot -----------------------------------------------------------
@dataclass(frozen=True)
class Move:
    """An objective whose rating changed between two month ends."""

    objective: Objective
    before: Rating | None
    after: Rating


@dataclass(frozen=True)
class Headline:
    counts: list[tuple[Rating | None, int]]  # None: not rated
    improved: list[Move]
    worsened: list[Move]
    completed: list[Move]
    newly_red: list[Move]
    since: Month

    @property
    def moved(self) -> bool:
        return bool(self.improved or self.worsened or self.completed or self.newly_red)


@dataclass(frozen=True)
class ObjectiveLine:
    objective: Objective
    rating: Rating | None
    trend: Trend | None
    rated_in: str  # the quarter label of the rating, or ""
    stale: bool


@dataclass(frozen=True)
class PriorityProgress:
    priority: Priority
    lines: list[ObjectiveLine]


@dataclass(frozen=True)
class SupportItem:
    objective: Objective
    rating: Rating
    rated_in: str
    support: str
    risks: str
    actions: list[ActionState]
    withheld: bool  # internal narrative left out of a public snapshot
    internal: bool = False  # the narrative is internal to the network


@dataclass
class Snapshot:
    plan: Plan
    month: Month
    public: bool
    position: Position
    headline: Headline
    progress: list[PriorityProgress]
    support: list[SupportItem]
    spotlights: list[Update]
    events: list[Event]
    event_window: tuple[date, date]
    updates: list[Update]
    actions_due: list[ActionState]
    overdue: int
    meetings_this_quarter: int
    withheld: int = 0
    contacts: list[tuple[str, str]] = field(default_factory=list)

    def is_empty(self, section: Section) -> bool:
        return not {
            Section.HEADLINE: any(n for r, n in self.headline.counts if r is not None),
            Section.PROGRESS: bool(self.progress),
            Section.SUPPORT: bool(self.support),
            Section.SPOTLIGHTS: bool(self.spotlights),
            Section.EVENTS: bool(self.events),
            Section.UPDATES: bool(self.updates),
            Section.ACTIONS: bool(self.actions_due),
        }[section]


def contacts(plan: Plan) -> list[tuple[str, str]]:
    """(role, who) for the closing contacts line."""
    found = [("SLI lead", plan.sli_lead), ("SLI co-ordinator", plan.coordinator)]
    if plan.contact:
        found.append(("Contact", plan.contact))
    return [(role, who) for role, who in found if who]


def _moves(before: Position, after: Position) -> dict[str, list[Move]]:
    was = {o.objective.id: o.rag for o in before.objectives}
    moves: dict[str, list[Move]] = {"improved": [], "worsened": [], "completed": [],
                                    "newly_red": []}
    for o in after.objectives:
        old, new = was.get(o.objective.id), o.rag
        if new is None or old is new:
            continue
        move = Move(o.objective, old, new)
        if new is Rating.BLUE:
            moves["completed"].append(move)
        elif new is Rating.RED:
            moves["newly_red"].append(move)
        elif (direction := trend(old, new)) is Trend.IMPROVED:
            moves["improved"].append(move)
        elif direction is Trend.WORSE:
            moves["worsened"].append(move)
    return moves


def _line(plan: Plan, o: ObjectivePosition) -> ObjectiveLine:
    return ObjectiveLine(o.objective, o.rag, o.trend,
                         plan.label(o.current.quarter) if o.current else "", o.stale)


def build_snapshot(plan: Plan, records: Records, month: Month, *,
                   public: bool = False) -> Snapshot:
    """The snapshot for ``month``; with ``public``, without internal items or
    internal outcome narrative."""
    end = month.last_day()
    now = position_at(plan, records, end)
    before = position_at(plan, records, month.previous().last_day())
    plan = now.plan  # as it stood then: who led, which objectives still ran
    withheld = 0

    counts: list[tuple[Rating | None, int]] = [
        (r, now.summary.get(r.value, 0)) for r in plan.scheme.ratings]
    counts.append((None, now.summary.get(NOT_RATED, 0)))
    moves = _moves(before, now)
    headline = Headline(counts, moves["improved"], moves["worsened"], moves["completed"],
                        moves["newly_red"], month.previous())

    progress = [PriorityProgress(p, [_line(plan, o) for o in now.objectives
                                     if o.priority.id == p.id])
                for p in plan.priorities]
    progress = [p for p in progress if p.lines]

    def open_actions(objective_id: str) -> list[ActionState]:
        return [a for a in now.actions if a.objective == objective_id and a.is_open(end)]

    support = []
    for o in now.objectives:
        if o.current is None or o.rag not in (Rating.RED, Rating.AMBER):
            continue
        hide = public and o.current.outcome.internal
        withheld += hide
        support.append(SupportItem(
            objective=o.objective, rating=o.current.rag,
            rated_in=plan.label(o.current.quarter),
            support="" if hide else o.current.outcome.support,
            risks="" if hide else o.current.outcome.risks,
            actions=[] if hide else open_actions(o.objective.id),
            withheld=hide,
            internal=o.current.outcome.internal,
        ))
    support.sort(key=lambda s: (s.rating.rank or 0, plan.objectives.index(s.objective)))

    def shown(item: Event | Update) -> bool:
        nonlocal withheld
        if public and item.internal:
            withheld += 1
            return False
        return True

    this_month = [u for u in records.updates if u.month == month.key()]
    spotlights = [u for u in this_month if u.kind is UpdateKind.PROJECT and shown(u)]
    window = (month.first_day(), month.first_day() + EVENT_WINDOW)
    events = [e for e in records.events if window[0] <= e.date <= window[1] and shown(e)]
    updates = [u for u in this_month if u.kind is not UpdateKind.PROJECT and shown(u)]
    updates.sort(key=lambda u: (u.kind is UpdateKind.NATIONAL, u.title))

    by_key = {(m.priority, m.quarter): m for m in now.meetings}

    def internal(a: ActionState) -> bool:
        if not public:
            return False
        meeting = by_key.get((a.priority, a.quarter))
        outcome = meeting.outcome(a.objective) if meeting else None
        return outcome is not None and outcome.internal

    following = month.next()
    due = []
    for a in now.actions:
        if not a.is_open(end) or not following.first_day() <= a.action.due <= following.last_day():
            continue
        if internal(a):
            withheld += 1
            continue
        due.append(a)
    due.sort(key=lambda a: (a.action.due, a.objective, a.action.id))
    overdue = sum(a.is_overdue(end) and not internal(a) for a in now.actions)
    met = sum(1 for m in now.meetings if m.quarter == now.quarter)

    return Snapshot(plan, month, public, now, headline, progress, support, spotlights,
                    events, window, updates, due, overdue, met, withheld, contacts(plan))
