"""The annual progress return to the national ADPH SLI board, as data.

``build_report`` reads every meeting for the quarters of one financial year
(latest versions) and the completions dated within it. Renderers lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sli_cli.core import clock
from sli_cli.core.errors import BadValue
from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Objective, Output, Plan, Priority, Rating, Trend, trend
from sli_cli.records import support_response
from sli_cli.records.collection import Records
from sli_cli.records.event import Event
from sli_cli.records.meeting import Meeting
from sli_cli.records.support_response import ask_id, current_responses
from sli_cli.records.update import Update
from sli_cli.views.position import ActionState, Cutoff, Rated, compute_position
from sli_cli.views.projects import year_projects


@dataclass(frozen=True)
class Achievement:
    objective: Objective
    before: Rating | None  # before the year, else the year's first rating
    rated: Rated
    completed: bool
    narrative: str
    internal: bool = False  # the narrative is internal to the network


@dataclass(frozen=True)
class Barrier:
    objective: Objective
    rated: Rated
    support: str
    risks: str
    internal: bool = False


@dataclass(frozen=True)
class CarryOver:
    objective: Objective
    rating: Rating | None
    next_steps: str
    internal: bool = False
    rated_before: Quarter | None = None  # the quarter of a rating from before the year


@dataclass(frozen=True)
class OutputInYear:
    """An output due in the year, and whether it was delivered by the end of
    it: recorded as delivered, or its objective complete (Blue)."""

    objective: Objective
    output: Output
    due: str
    delivered: bool


@dataclass(frozen=True)
class SupportAsked:
    """Support asked at one quarter's meeting for one objective."""

    objective: Objective
    quarter: Quarter
    text: str
    internal: bool = False
    to: str = ""  # whom it was asked of ("" for no one in particular: not tracked)
    answered_on: date | None = None  # the response by the report's day, if any
    response: str = ""


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
    # The day the report is drafted for: the year's last day, or today when
    # the year has not ended (a provisional report).
    as_of: date | None = None
    meetings_in_year: int = 0
    year_end: list[tuple[Rating | None, int]] = field(default_factory=list)
    meetings_due: int = 0  # one per priority per quarter reviewed so far
    missed: list[tuple[Priority, Quarter]] = field(default_factory=list)
    outputs: list[OutputInYear] = field(default_factory=list)
    projects: list[Update] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    support: list[SupportAsked] = field(default_factory=list)
    # The year's meetings that recorded apologies or decisions, in order.
    minutes: list[Meeting] = field(default_factory=list)

    @property
    def priorities(self) -> tuple[Priority, ...]:
        return self.plan.priorities

    @property
    def position_day(self) -> date:
        return self.as_of or self.last_day

    @property
    def provisional(self) -> bool:
        """Drafted before the year ended: the position so far."""
        return self.position_day < self.last_day


def build_report(plan: Plan, records: Records, quarters: list[Quarter], *,
                 public: bool = False, today: date | None = None) -> Report:
    """The report for the year made of ``quarters`` (all within the plan), as
    of ``today`` when the year has not ended: a provisional report, with
    actions judged overdue against today. A year not yet started is refused."""
    first_day = quarters[0].first_day(plan.year_start_month)
    last_day = quarters[-1].last_day(plan.year_start_month)
    today = today or clock.today()
    year_label = Quarter(quarters[0].year, 1).label(plan.year_start_month)[:-3]
    if today < first_day:
        raise BadValue("year", year_label, f"has not started: it starts on {first_day.day} "
                       f"{first_day:%B %Y}", quote=False)
    as_of = min(today, last_day)
    # A year that has ended counts every meeting for its quarters, even those
    # held after its last day (the last quarter's meetings); a provisional
    # report counts the meetings held so far.
    position = compute_position(plan, records,
                                Cutoff(quarters[-1], as_of, by_date=as_of < last_day))
    # The plan as it stood at the year's end (who led then); an objective
    # retired during the year still has its line for the quarters it ran.
    plan = position.plan
    in_year = set(quarters)

    def narrative(rated: Rated, text: str) -> str:
        return "" if public and rated.outcome.internal else text

    def shown_internal(rated: Rated) -> bool:
        """Internal narrative in a report that is not public: labelled so."""
        return rated.outcome.internal and not public

    grid = []
    achievements, barriers, carrying = [], [], []
    ran = [o for p in plan.priorities for o in plan.objectives_ever_of(p.id)
           if not o.retired_by(quarters[0])]
    for objective in ran:
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
            if finished or trend(was, last.rag) in (Trend.IMPROVED, Trend.NEW):
                achievements.append(Achievement(
                    objective, was, first_blue if finished else last, finished,
                    narrative(last, last.outcome.progress), shown_internal(last)))
            if last.rag in (Rating.RED, Rating.AMBER):
                barriers.append(Barrier(objective, last, narrative(last, last.outcome.support),
                                        narrative(last, last.outcome.risks),
                                        shown_internal(last)))
        if (latest is None or latest.rag is not Rating.BLUE) \
                and objective.carries_on(quarters[-1]):
            carrying.append(CarryOver(
                objective, latest.rag if latest else None,
                narrative(latest, latest.outcome.next_steps) if latest else "",
                latest is not None and shown_internal(latest),
                latest.quarter if latest is not None and not during else None))
    order = {o.id: i for i, o in enumerate(ran)}
    achievements.sort(key=lambda a: (not a.completed, order[a.objective.id]))
    barriers.sort(key=lambda b: (b.rated.rag.rank or 0, order[b.objective.id]))

    def internal(a: ActionState) -> bool:
        for m in position.meetings:
            if m.priority == a.priority and m.quarter == a.quarter:
                outcome = m.outcome(a.objective)
                return public and outcome is not None and outcome.internal
        return False

    completed = sorted((a for a in position.actions
                        if a.done is not None and first_day <= a.done.date <= as_of
                        and not internal(a)),
                       key=lambda a: (a.done.date if a.done else as_of, a.action.id))
    outstanding = sorted((a for a in position.actions if a.is_open(as_of)
                          and not internal(a)),
                         key=lambda a: (a.action.due, a.action.id))
    held = sum(1 for m in position.meetings if m.quarter in in_year)
    minutes = sorted((m for m in position.meetings if m.quarter in in_year
                      and (m.apologies or m.decisions)), key=lambda m: (m.quarter, m.priority))
    if public:  # decisions about an objective whose outcome is internal stay internal
        minutes = [replace(m, decisions=tuple(
            d for d in m.decisions if not (d.objective and (o := m.outcome(d.objective))
                                           and o.internal))) for m in minutes]

    # Each objective's rating at the end of the year (or so far).
    latest_rag = {o.objective.id: o.rag for o in position.objectives}
    year_end: list[tuple[Rating | None, int]] = [
        (r, sum(1 for v in latest_rag.values() if v is r)) for r in [*plan.scheme.ratings, None]]
    # Meetings: one per priority for each quarter of the year reviewed by then.
    reviewed = [q for q in quarters
                if q <= plan.quarter_under_review(as_of) or as_of >= last_day]
    met = {(m.priority, m.quarter) for m in position.meetings}
    missed = [(p, q) for q in reviewed for p in plan.priorities if (p.id, q) not in met]
    # Delivered: recorded as delivered by the year's end (sli output done), or
    # its objective complete (Blue). An objective retired during the year
    # counts the outputs due while it ran.
    delivered_ids = {s.output.id for s in position.outputs if s.delivered is not None}
    outputs = []
    for objective in ran:
        for output in objective.outputs:
            due_by = output.due_by(plan.year_start_month)
            due_in = due_by is not None and first_day <= due_by <= last_day and (
                objective.retired_in is None
                or due_by < objective.retired_in.first_day(plan.year_start_month))
            if due_in:
                outputs.append(OutputInYear(objective, output,
                                            output.due_label(plan.year_start_month),
                                            output.id in delivered_ids
                                            or latest_rag.get(objective.id) is Rating.BLUE))
    projects = [u for u in year_projects(records, first_day, as_of)
                if not (public and u.internal)]
    events = sorted((e for e in records.events
                     if first_day <= e.date <= as_of and not (public and e.internal)),
                    key=lambda e: (e.date, e.title))
    support = []
    responses = {ask: found[-1] for ask, found in current_responses(
        records.of(support_response.KIND)).items() if found[-1].date <= as_of}
    for objective in ran:  # support asked for an objective retired since is kept
        for rated in position.ratings.get(objective.id, []):
            text = narrative(rated, rated.outcome.support)
            if rated.quarter in in_year and text:
                answer = responses.get(ask_id(rated.meeting, rated.outcome)) \
                    if rated.outcome.support_to else None
                support.append(SupportAsked(objective, rated.quarter, text,
                                            shown_internal(rated), rated.outcome.support_to,
                                            answer.date if answer else None,
                                            answer.text if answer else ""))
    return Report(plan, year_label, quarters, first_day, last_day, public, grid, achievements,
                  barriers, completed, outstanding, carrying, quarters[-1] == plan.end,
                  as_of, held, year_end, len(reviewed) * len(plan.priorities), missed,
                  outputs, projects, events, support, minutes=minutes)
