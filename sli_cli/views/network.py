"""The national roll-up: every region's plan read side by side, grouped by
theme, and summarised for a financial year.

A region whose plan cannot be read (a missing folder, errors in its files, an
unsupported schema version) is kept in the roll-up with its problems; the
other regions are unaffected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sli_cli.core.errors import Problem, Severity
from sli_cli.core.quarters import DEFAULT_YEAR_START_MONTH, Quarter
from sli_cli.plan.model import Objective, Plan, Priority, Rating, rating_counts
from sli_cli.plan.network import Network, Region, unknown_tags
from sli_cli.records.collection import Records
from sli_cli.records.workspace import check_folder
from sli_cli.views.position import Cutoff, Position, Rated, compute_position, default_cutoff

if TYPE_CHECKING:
    from sli_cli.views.report import Report


@dataclass
class LoadedRegion:
    """A region with its plan and records, or the problems that stop them loading."""

    region: Region
    plan: Plan | None
    records: Records | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return self.plan is not None and self.records is not None and not self.errors


def load_region(region: Region, today: date) -> LoadedRegion:
    """Read one region's plan folder; never raises for what is in the folder."""
    folder = region.folder
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        return LoadedRegion(region, None, None,
                            [Problem(str(folder), None, f"the plan folder {what}")])
    try:
        plan, records, problems = check_folder(folder, today)
    except RecursionError:
        problems = [Problem(str(folder), None, "a file is nested too deeply to read")]
        return LoadedRegion(region, None, None, problems)
    if plan is None and not problems:
        problems = [Problem(str(folder), None, "no plan could be read")]
    return LoadedRegion(region, plan, records, problems)


def objective_tags(plan: Plan, objective: Objective) -> tuple[str, ...]:
    """An objective's themes: its own tags, then its priority's."""
    priority = plan.priority(objective.priority)
    tags = list(objective.tags)
    for tag in priority.tags if priority else ():
        if tag not in tags:
            tags.append(tag)
    return tuple(tags)


def plan_tags(plan: Plan) -> set[str]:
    return {t for o in plan.objectives for t in objective_tags(plan, o)}


# -- network status ----------------------------------------------------------
@dataclass(frozen=True)
class RedObjective:
    objective: Objective
    priority: Priority
    rated: Rated

    @property
    def support(self) -> str:
        return "" if self.rated.outcome.internal else self.rated.outcome.support


@dataclass
class RegionStatus:
    loaded: LoadedRegion
    position: Position | None = None
    note: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    owed: list[Priority] = field(default_factory=list)
    red: list[RedObjective] = field(default_factory=list)
    unknown_tags: list[str] = field(default_factory=list)

    @property
    def region(self) -> Region:
        return self.loaded.region

    @property
    def ok(self) -> bool:
        return self.position is not None


@dataclass
class NetworkStatus:
    network: Network
    today: date
    regions: list[RegionStatus]
    ratings: list[Rating]  # every rating any region uses, in the usual order

    @property
    def broken(self) -> list[RegionStatus]:
        return [r for r in self.regions if not r.ok]


def _ratings_used(plans: list[Plan]) -> list[Rating]:
    used = {r for plan in plans for r in plan.scheme.ratings}
    return [r for r in Rating if r in used] or list(Rating)


def network_status(network: Network, today: date) -> NetworkStatus:
    """Each region's position at its quarter under review (the same rule as
    ``sli status``), side by side."""
    statuses = []
    for region in network.regions:
        loaded = load_region(region, today)
        status = RegionStatus(loaded)
        if loaded.ok:
            assert loaded.plan is not None and loaded.records is not None
            plan = loaded.plan
            cutoff, note = default_cutoff(plan, today=today)
            position = compute_position(plan, loaded.records, cutoff, note)
            status.position, status.note = position, note
            status.counts = rating_counts(o.rag for o in position.objectives)
            status.owed = position.meetings_owed()
            status.red = [RedObjective(o.objective, o.priority, o.current)
                          for o in position.objectives
                          if o.current is not None and o.current.rag is Rating.RED]
            status.unknown_tags = unknown_tags(network, plan_tags(plan))
        statuses.append(status)
    plans = [s.loaded.plan for s in statuses if s.loaded.plan is not None]
    return NetworkStatus(network, today, statuses, _ratings_used(plans))


# -- themes ------------------------------------------------------------------
@dataclass(frozen=True)
class ThemeEntry:
    region: Region
    objective: Objective
    priority: Priority
    rag: Rating | None
    quarter: Quarter | None
    plan: Plan


@dataclass
class Theme:
    tag: str
    name: str
    entries: list[ThemeEntry]

    @property
    def regions(self) -> list[str]:
        names: list[str] = []
        for e in self.entries:
            if e.region.name not in names:
                names.append(e.region.name)
        return names

    def count(self, rating: Rating) -> int:
        return sum(1 for e in self.entries if e.rag is rating)


@dataclass
class NetworkThemes:
    network: Network
    today: date
    themes: list[Theme]
    untagged: dict[str, int]  # region name -> objectives with no theme
    broken: list[RegionStatus]


def network_themes(status: NetworkStatus) -> NetworkThemes:
    """Every region's objectives grouped by theme at each region's current
    position: the vocabulary's order first, then tags only plans use."""
    positions = [(r.region, r.position) for r in status.regions if r.position is not None]
    return themes_of(status.network, status.today, positions, status.broken)


def themes_of(network: Network, today: date, positions: list[tuple[Region, Position]],
              broken: list[RegionStatus]) -> NetworkThemes:
    by_tag: dict[str, list[ThemeEntry]] = {}
    untagged: dict[str, int] = {}
    for region, position in positions:
        plan = position.plan
        untagged[region.name] = 0
        for o in position.objectives:
            tags = objective_tags(plan, o.objective)
            if not tags:
                untagged[region.name] += 1
            for tag in tags:
                by_tag.setdefault(tag, []).append(ThemeEntry(
                    region, o.objective, o.priority, o.rag,
                    o.current.quarter if o.current else None, plan))
    order = [t for t in network.themes if t in by_tag]
    order += sorted(t for t in by_tag if t not in network.themes)
    themes = [Theme(t, network.theme_name(t), by_tag[t]) for t in order]
    return NetworkThemes(network, today, themes, untagged, broken)


# -- the board's annual summary ----------------------------------------------
@dataclass
class RegionYear:
    loaded: LoadedRegion
    report: Report | None = None
    note: str = ""
    expected_meetings: int = 0
    missed: list[tuple[Priority, Quarter]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    position: Position | None = None

    @property
    def region(self) -> Region:
        return self.loaded.region

    @property
    def held(self) -> int:
        return self.expected_meetings - len(self.missed)


@dataclass
class NetworkReport:
    network: Network
    year: str
    today: date
    regions: list[RegionYear]
    themes: NetworkThemes

    @property
    def broken(self) -> list[RegionYear]:
        return [r for r in self.regions if not r.loaded.ok]


def _region_year(loaded: LoadedRegion, first_year: int, today: date) -> RegionYear:
    result = RegionYear(loaded)
    if not loaded.ok:
        return result
    assert loaded.plan is not None and loaded.records is not None
    plan = loaded.plan
    quarters = [q for q in (Quarter(first_year, n) for n in range(1, 5)) if plan.in_period(q)]
    if not quarters:
        result.note = f"the plan ({plan.period_label()}) has no quarters in this year"
        return result
    from sli_cli.views.report import build_report  # the year's report only

    report = build_report(plan, loaded.records, quarters, public=True, today=today)
    result.report = report
    end = min(quarters[-1].last_day(plan.year_start_month), today)
    result.position = compute_position(plan, loaded.records, Cutoff(quarters[-1], end))
    # Meetings owed only for quarters up to the one under review (as in `sli
    # due`): in the first month of a quarter, its meetings are not owed yet.
    under_review = plan.quarter_under_review(today)
    due = [q for q in quarters if q <= under_review]
    result.expected_meetings = len(due) * len(plan.priorities)
    for q in due:
        for p in plan.priorities:
            if loaded.records.meeting(p.id, q) is None:
                result.missed.append((p, q))
    result.counts = rating_counts(
        next((r for r in reversed(row) if r is not None), None) for _objective, row in report.grid)
    return result


def network_report(network: Network, first_year: int, today: date) -> NetworkReport:
    """The financial year starting in ``first_year``: per region (meetings
    held, ratings at year end, completed, support asked), per theme, and the
    asks still open at the year's end."""
    label = Quarter(first_year, 1).label(DEFAULT_YEAR_START_MONTH)[:-3]
    status = network_status(network, today)
    regions = [_region_year(s.loaded, first_year, today) for s in status.regions]
    positions = [(r.region, r.position) for r in regions if r.position is not None]
    return NetworkReport(network, label, today, regions,
                         themes_of(network, today, positions, status.broken))
