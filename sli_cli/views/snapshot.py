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
from sli_cli.core.quarters import Quarter
from sli_cli.plan.lookup import month_in_plan
from sli_cli.plan.model import (
    NOT_RATED,
    Objective,
    Output,
    Plan,
    Priority,
    Rating,
    Trend,
    trend,
)
from sli_cli.records import action_done, edition, meeting
from sli_cli.records.collection import Records
from sli_cli.records.edition import Edition
from sli_cli.records.event import Event
from sli_cli.records.update import Update, UpdateKind
from sli_cli.views.position import (
    ActionState,
    Cutoff,
    ObjectivePosition,
    OutputState,
    Position,
    compute_position,
)
from sli_cli.views.projects import month_spotlights
from sli_cli.views.support import SupportAsk, open_asks

EVENT_WINDOW = timedelta(weeks=8)


class Section(enum.Enum):
    """The snapshot's sections, in order, each with its heading and what is
    said in its place when it has nothing to show. Sections marked optional
    are left out, heading and all, when empty."""

    FOREWORD = ("foreword", "Foreword", "", True)
    HIGHLIGHTS = ("highlights", "Highlights", "", True)
    HEADLINE = ("headline", "The month at a glance", "No objective has been rated yet.",
                False)
    GOOD_NEWS = ("good-news", "Good news",
                 "No objective was completed or improved this month.", False)
    PROGRESS = ("progress", "Progress against the plan", "The plan has no objectives.", False)
    SUPPORT = ("support", "Where support is needed", "No objective is rated red or amber.",
               False)
    SPOTLIGHTS = ("spotlights", "Quality improvement projects", "No project updates this month.",
                  False)
    THIS_MONTH = ("this-month", "Events this month", "No events were held this month.", False)
    EVENTS = ("events", "Coming up", "No events in the next eight weeks.", False)
    NEWS = ("news", "Regional news", "No regional news this month.", False)
    NATIONAL = ("national", "ADPH and national updates", "No ADPH or national updates this month.",
                False)
    DUE = ("due", "Due next month", "No outputs or open actions fall due next month.", False)
    OWED = ("owed", "For the co-ordinator: what is owed",
            "Every priority has met this quarter, no action or output is overdue and all "
            "support asked has been answered.", True)

    def __init__(self, key: str, title: str, empty: str, optional: bool) -> None:
        self.key = key
        self.title = title
        self.empty = empty
        self.optional = optional


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
    """An objective whose rating changed between two dates, with what the
    meeting that moved it said (empty when withheld from a public snapshot)."""

    objective: Objective
    before: Rating | None
    after: Rating
    rated_in: str = ""
    narrative: str = ""
    internal: bool = False  # the narrative is internal to the network


@dataclass(frozen=True)
class Headline:
    counts: list[tuple[Rating | None, int]]  # None: not rated
    improved: list[Move]
    worsened: list[Move]
    completed: list[Move]
    newly_red: list[Move]
    since: Month
    started: list[Move] = field(default_factory=list)  # rated Amber or Green after Grey
    now_grey: list[Move] = field(default_factory=list)  # Grey after a rating on the scale
    first_rated: list[Move] = field(default_factory=list)  # rated for the first time
    retired: list[Objective] = field(default_factory=list)  # retired since the month before

    @property
    def moved(self) -> bool:
        return bool(self.improved or self.worsened or self.completed or self.newly_red
                    or self.started or self.now_grey or self.first_rated)


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


@dataclass(frozen=True)
class OutputDue:
    """A deliverable of an objective falling due next month."""

    objective: Objective
    output: Output
    due: date  # its due date, or the last day of its due quarter


@dataclass(frozen=True)
class OutputDelivered:
    """A deliverable of an objective recorded as delivered in the month."""

    objective: Objective
    output: Output
    day: date
    note: str


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
    day: date = date.min  # the snapshot's date: the end of the month, or today within it
    earlier: list[Event] = field(default_factory=list)  # events this month up to ``day``
    outputs_due: list[OutputDue] = field(default_factory=list)
    outputs_delivered: list[OutputDelivered] = field(default_factory=list)
    owed: list[Priority] = field(default_factory=list)  # no meeting in the quarter reviewed
    overdue_actions: list[ActionState] = field(default_factory=list)
    overdue_outputs: list[OutputState] = field(default_factory=list)  # co-ordinator's only
    with_ids: bool = False
    review: Quarter | None = None  # the quarter whose meetings are counted
    open_asks: list[SupportAsk] = field(default_factory=list)  # co-ordinator's version only
    edition: Edition | None = None  # the month's edition: foreword, highlights, sent

    @property
    def news(self) -> list[Update]:
        return [u for u in self.updates if u.kind is UpdateKind.NEWS]

    @property
    def national(self) -> list[Update]:
        return [u for u in self.updates if u.kind is UpdateKind.NATIONAL]

    @property
    def good_news(self) -> list[Move]:
        return self.headline.completed + self.headline.improved

    def is_empty(self, section: Section) -> bool:
        return not {
            Section.FOREWORD: bool(self.edition and self.edition.foreword.strip()),
            Section.HIGHLIGHTS: bool(self.edition and self.edition.highlights),
            Section.HEADLINE: any(n for r, n in self.headline.counts if r is not None),
            Section.GOOD_NEWS: bool(self.good_news or self.outputs_delivered),
            Section.PROGRESS: bool(self.progress),
            Section.SUPPORT: bool(self.support),
            Section.SPOTLIGHTS: bool(self.spotlights),
            Section.THIS_MONTH: bool(self.earlier),
            Section.EVENTS: bool(self.events),
            Section.NEWS: bool(self.news),
            Section.NATIONAL: bool(self.national),
            Section.DUE: bool(self.actions_due or self.outputs_due),
            Section.OWED: bool(self.owed or self.overdue_actions or self.overdue_outputs
                               or self.open_asks),
        }[section]

    def shows(self, section: Section) -> bool:
        """Whether ``section`` appears at all: the co-ordinator's list is
        never in a public snapshot, and optional sections only when full."""
        if section is Section.OWED and self.public:
            return False
        return not (section.optional and section is not Section.OWED
                    and self.is_empty(section))


def contacts(plan: Plan) -> list[tuple[str, str]]:
    """(role, who) for the closing contacts line."""
    found = [("SLI lead", plan.sli_lead), ("SLI co-ordinator", plan.coordinator)]
    if plan.contact:
        found.append(("Contact", plan.contact))
    return [(role, who) for role, who in found if who]


def _moves(plan: Plan, before: Position, after: Position, public: bool) -> dict[str, list[Move]]:
    was = {o.objective.id: o.rag for o in before.objectives}
    moves: dict[str, list[Move]] = {"improved": [], "worsened": [], "completed": [],
                                    "newly_red": [], "started": [], "now_grey": [],
                                    "first_rated": []}
    for o in after.objectives:
        old, new = was.get(o.objective.id), o.rag
        if new is None or old is new or o.current is None:
            continue
        outcome = o.current.outcome
        said = "" if public and outcome.internal else outcome.progress
        move = Move(o.objective, old, new, plan.label(o.current.quarter), said,
                    outcome.internal)
        if old is None:
            moves["first_rated"].append(move)
        elif new is Rating.BLUE:
            moves["completed"].append(move)
        elif new is Rating.RED:
            moves["newly_red"].append(move)
        elif (direction := trend(old, new)) is Trend.IMPROVED:
            moves["improved"].append(move)
        elif direction is Trend.WORSE:
            moves["worsened"].append(move)
        elif direction is Trend.NEW:
            moves["started"].append(move)
        elif direction is Trend.GREY:
            moves["now_grey"].append(move)
    return moves


def _line(plan: Plan, o: ObjectivePosition) -> ObjectiveLine:
    return ObjectiveLine(o.objective, o.rag, o.trend,
                         plan.label(o.current.quarter) if o.current else "", o.stale)


def outputs_due(plan: Plan, now: Position, month: Month) -> list[OutputDue]:
    """Outputs due in ``month`` (by date, or by a quarter ending in it) of
    objectives not yet complete."""
    done = {o.objective.id for o in now.objectives if o.rag is Rating.BLUE}
    delivered = {s.output.id for s in now.outputs if s.delivered is not None}
    found = []
    for objective in plan.objectives:
        if objective.id in done:
            continue
        for output in objective.outputs:
            if output.id in delivered:
                continue
            due = output.due_date
            if due is None and output.due_quarter is not None:
                due = output.due_quarter.last_day(plan.year_start_month)
            if due is not None and month.first_day() <= due <= month.last_day():
                found.append(OutputDue(objective, output, due))
    found.sort(key=lambda o: (o.due, plan.objectives.index(o.objective)))
    return found


def outputs_delivered(now: Position, month: Month) -> list[OutputDelivered]:
    """Outputs recorded as delivered on a day of ``month`` (up to the
    position's date), in the order they were delivered."""
    found = [OutputDelivered(s.objective, s.output, s.delivered.date, s.delivered.note)
             for s in now.outputs if s.delivered is not None
             and month.first_day() <= s.delivered.date <= month.last_day()]
    found.sort(key=lambda o: (o.day, o.output.id))
    return found


def snapshot_day(month: Month, today: date) -> date:
    """The snapshot's date: today when drafting this month's, else the month's end."""
    return today if Month.of(today) == month else month.last_day()


def build_snapshot(plan: Plan, records: Records, month: Month, *,
                   public: bool = False, day: date | None = None,
                   with_ids: bool = False) -> Snapshot:
    """The snapshot for ``month`` as it stands on ``day`` (default: the end
    of the month); with ``public``, without internal items or internal
    outcome narrative, and without the co-ordinator's list of what is owed.
    The month's edition, when it has one, gives the foreword and highlights."""
    end = month.last_day() if day is None else min(max(day, month.first_day()),
                                                    month.last_day())
    now = position_at(plan, records, end)
    plan = now.plan  # as it stood then: who led, which objectives still ran
    before = position_at(plan, records, month.previous().last_day())
    withheld = 0

    counts: list[tuple[Rating | None, int]] = [
        (r, now.summary.get(r.value, 0)) for r in plan.scheme.ratings]
    counts.append((None, now.summary.get(NOT_RATED, 0)))
    moves = _moves(plan, before, now, public)
    running = {o.objective.id for o in now.objectives}
    gone = {r.id for r in now.plan.retired}
    retired = [o.objective for o in before.objectives
               if o.objective.id not in running and o.objective.id in gone]
    headline = Headline(counts, moves["improved"], moves["worsened"], moves["completed"],
                        moves["newly_red"], month.previous(), moves["started"],
                        moves["now_grey"], moves["first_rated"], retired)

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
    spotlights = [u for u in month_spotlights(records, month, end) if shown(u)]
    earlier = sorted((e for e in records.events if month.first_day() <= e.date <= end
                      and shown(e)), key=lambda e: (e.date, e.title))
    window = (end + timedelta(days=1), end + EVENT_WINDOW)
    events = sorted((e for e in records.events if window[0] <= e.date <= window[1]
                     and shown(e)), key=lambda e: (e.date, e.title))
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
    late = sorted((a for a in now.actions if a.is_overdue(end) and not internal(a)),
                  key=lambda a: (a.action.due, a.action.id))
    # The quarter under review: in a quarter's first month, the one before.
    review = plan.clamp(plan.quarter_under_review(end))
    met_ids = {m.priority for m in now.meetings if m.quarter == review}
    met = len(met_ids)
    owed = [] if public else [p for p in plan.priorities if p.id not in met_ids]

    return Snapshot(plan, month, public, now, headline, progress, support, spotlights,
                    events, window, updates, due, len(late), met, withheld, contacts(plan),
                    day=end, earlier=earlier, outputs_due=outputs_due(plan, now, following),
                    outputs_delivered=outputs_delivered(now, month),
                    owed=owed, overdue_actions=[] if public else late,
                    overdue_outputs=[] if public else now.outputs_overdue(),
                    with_ids=with_ids, review=review,
                    edition=edition.current(records.of(edition.KIND), month.key()),
                    open_asks=[] if public else open_asks(records_held_by(records, end),
                                                          Cutoff(now.quarter, end)))
