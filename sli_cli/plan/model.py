"""The plan model: what a regional SLI action plan holds.

Plain data, no I/O. ``sli_cli.plan.loader`` builds these from ``plan.toml``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from sli_cli.core.quarters import DEFAULT_YEAR_START_MONTH, Quarter

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")
ID_RULE = "letters, digits, '-' and '_' only, starting with a letter or digit, at most 64"


TAG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
TAG_RULE = "lower-case letters, digits and '-', at most 40"


def tag_problem(value: str) -> str | None:
    """Why ``value`` cannot be a theme tag, or None when it can."""
    if TAG_PATTERN.fullmatch(value):
        return None
    return f"tag {value!r} is not allowed: use {TAG_RULE}"


OUTPUT_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def output_id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an output id (like ``KO5.2``), or None."""
    if OUTPUT_ID_PATTERN.fullmatch(value) and ".." not in value:
        return None
    return (f"output id {value!r} is not allowed: use letters, digits, '.', '-' and '_', "
            "like KO5.2")


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id, or None when it can.

    Ids end up in file names and on command lines, hence the narrow set.
    """
    if ID_PATTERN.match(value):
        return None
    return f"id {value!r} is not allowed: use {ID_RULE}"


class Rating(enum.Enum):
    """The RAG ratings ``sli`` knows. A plan chooses which of them it uses."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"
    GREY = "grey"

    @property
    def letter(self) -> str:
        return RATING_LETTERS[self]

    @property
    def word(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int | None:
        """Order for direction of travel; grey (not started) has none."""
        return RATING_RANKS.get(self)

    @classmethod
    def parse(cls, text: str) -> Rating:
        """A rating from its word or letter, any case (``amber``, ``A``)."""
        try:
            return RATING_NAMES[text.strip().lower()]
        except KeyError:
            raise ValueError(text) from None


RATING_LETTERS = {
    Rating.RED: "R",
    Rating.AMBER: "A",
    Rating.GREEN: "G",
    Rating.BLUE: "B",
    Rating.GREY: "N",  # "not started": G is taken by green
}
RATING_RANKS = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2, Rating.BLUE: 3}
# Every way a rating may be written, in lower case: word, letter, US spelling.
RATING_NAMES = {name: r for r in Rating for name in (r.value, RATING_LETTERS[r].lower())}

# The key counting objectives with no rating yet: a documented JSON field.
NOT_RATED = "not_rated"


def rating_counts(rags: Iterable[Rating | None],
                  ratings: Iterable[Rating] = tuple(Rating)) -> dict[str, int]:
    """How many of ``rags`` have each rating: every one of ``ratings`` (a
    plan's scheme, say) in order, then ``not_rated``; a rating outside them
    is counted after."""
    counts = {r.value: 0 for r in ratings}
    counts[NOT_RATED] = 0
    for rag in rags:
        key = rag.value if rag else NOT_RATED
        counts[key] = counts.get(key, 0) + 1
    return counts
RATING_NAMES["gray"] = Rating.GREY

DEFAULT_DEFINITIONS: dict[Rating, str] = {
    Rating.RED: "Significant problems: off track, needs escalation or corrective action.",
    Rating.AMBER: "Issues or risks identified: may slip without action.",
    Rating.GREEN: "On track.",
    Rating.BLUE: "Complete.",
    Rating.GREY: "Not started, not yet due, or no data.",
}


class Trend(enum.Enum):
    """Direction of travel against the previous rated quarter.

    ``NEW``: rated on the scale for the first time after Grey (not started,
    no data), so there is no direction to show, but there was a rating.
    ``GREY``: Grey after a rating on the scale: no direction either, but not
    "no earlier rating".
    """

    IMPROVED = "improved"
    SAME = "same"
    WORSE = "worse"
    NEW = "new"
    GREY = "grey"

    @property
    def arrow(self) -> str:
        """The short form: an arrow, ``new`` or a dash."""
        return {Trend.IMPROVED: "↑", Trend.SAME: "→", Trend.WORSE: "↓",
                Trend.NEW: "new", Trend.GREY: "–"}[self]

    @property
    def words(self) -> str:
        """The long form: ``↑ improved``, ``new (was Grey)``, ``– now Grey``."""
        if self is Trend.NEW:
            return f"new (was {Rating.GREY.word})"
        if self is Trend.GREY:
            return f"– now {Rating.GREY.word}"
        return f"{self.arrow} {self.value}"


def trend(previous: Rating | None, current: Rating | None) -> Trend | None:
    """Improved, same or worse; new after Grey, grey after a colour; None when
    there is no earlier rating."""
    if previous is None or current is None:
        return None
    if previous.rank is None or current.rank is None:
        if previous is current:
            return Trend.SAME
        if previous is Rating.GREY and current.rank is not None:
            return Trend.NEW
        return Trend.GREY if current is Rating.GREY and previous.rank is not None else None
    if current.rank > previous.rank:
        return Trend.IMPROVED
    if current.rank < previous.rank:
        return Trend.WORSE
    return Trend.SAME


@dataclass(frozen=True)
class RagScheme:
    """The ratings a plan uses, each with the plan's own definition."""

    definitions: dict[Rating, str]

    @property
    def ratings(self) -> list[Rating]:
        return [r for r in Rating if r in self.definitions]

    def allows(self, rating: Rating) -> bool:
        return rating in self.definitions

    def describe_choices(self) -> str:
        return ", ".join(f"{r.value} ({r.letter})" for r in self.ratings)


@dataclass(frozen=True)
class Output:
    """A deliverable of an objective, due on a date or within a quarter."""

    title: str
    due_date: date | None = None
    due_quarter: Quarter | None = None
    # "KO5.2": the objective's id and the output's place in its list, unless
    # plan.toml gives one (needed when outputs are inserted later).
    id: str = ""

    def due_by(self, year_start_month: int = DEFAULT_YEAR_START_MONTH) -> date | None:
        """The last day it is due: its date, or the last day of its quarter."""
        if self.due_date is not None:
            return self.due_date
        if self.due_quarter is not None:
            return self.due_quarter.last_day(year_start_month)
        return None

    def due_label(self, year_start_month: int = DEFAULT_YEAR_START_MONTH) -> str:
        if self.due_date is not None:
            return self.due_date.isoformat()
        if self.due_quarter is not None:
            return self.due_quarter.label(year_start_month)
        return ""


@dataclass(frozen=True)
class Term:
    """Who held a role from a quarter on (``since`` None: from the plan's start)."""

    role: str
    since: Quarter | None = None


def holder(terms: tuple[Term, ...], quarter: Quarter) -> str | None:
    """Who held the role in ``quarter``: the last term started by then (the
    first term when ``quarter`` is before every start)."""
    if not terms:
        return None
    current = terms[0].role
    for term in terms:
        if term.since is None or term.since <= quarter:
            current = term.role
    return current


@dataclass(frozen=True)
class Priority:
    id: str
    title: str
    dph_lead: str  # the lead now (the last term); see ``Plan.at`` for a past quarter
    deputy_lead: str | None = None
    tags: tuple[str, ...] = ()  # themes shared across regions, e.g. "tobacco"
    dph_leads: tuple[Term, ...] = ()  # every term, when the lead changed during the plan
    deputy_leads: tuple[Term, ...] = ()


class ObjectiveStatus(enum.Enum):
    ACTIVE = "active"
    RETIRED = "retired"


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    priority: str
    lead: str
    description: str = ""
    outputs: tuple[Output, ...] = ()
    tags: tuple[str, ...] = ()
    leads: tuple[Term, ...] = ()
    status: ObjectiveStatus = ObjectiveStatus.ACTIVE
    retired_in: Quarter | None = None  # the first quarter it no longer runs in
    replaced_by: str = ""
    merged_into: str = ""
    carried_from: str = ""  # "previous-plan-id/KO9": carried over from the plan before
    added_in: Quarter | None = None  # the first quarter it runs in, when added mid-plan

    def retired_by(self, quarter: Quarter) -> bool:
        """Whether the objective no longer runs in ``quarter``."""
        return self.retired_in is not None and self.retired_in <= quarter

    def added_after(self, quarter: Quarter) -> bool:
        """Whether the objective had not yet been added to the plan in ``quarter``."""
        return self.added_in is not None and quarter < self.added_in

    @property
    def successor(self) -> str:
        return self.replaced_by or self.merged_into

    def carries_on(self, plan_end: Quarter) -> bool:
        """Still running after the plan's last quarter (not retired by then)."""
        return not self.retired_by(plan_end.next())


@dataclass(frozen=True)
class Council:
    """A council of the network, with its Director of Public Health (by role)."""

    name: str
    dph: str = ""


@dataclass(frozen=True)
class Plan:
    """A regional SLI action plan as written in ``plan.toml``."""

    id: str
    title: str
    network: str
    start: Quarter
    end: Quarter
    sli_lead: str
    coordinator: str
    scheme: RagScheme
    priorities: tuple[Priority, ...]
    objectives: tuple[Objective, ...]
    year_start_month: int = DEFAULT_YEAR_START_MONTH
    contact: str = ""
    schema_version: int = 1
    previous_plan: str = ""  # the folder of the plan before, relative to this one
    councils: tuple[Council, ...] = ()  # the network's councils, when the plan lists them
    _priority_index: dict[str, Priority] = field(default_factory=dict, repr=False, compare=False)
    _objective_index: dict[str, Objective] = field(default_factory=dict, repr=False, compare=False)

    retired: tuple[Objective, ...] = ()  # in a plan ``at`` a quarter: those retired by then
    later: tuple[Objective, ...] = ()  # in a plan ``at`` a quarter: those added after it
    _at: dict[Quarter, Plan] = field(default_factory=dict, repr=False, compare=False)
    _order: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._priority_index.update({p.id: p for p in self.priorities})
        self._objective_index.update({o.id: o for o in self.objectives})
        self._objective_index.update({o.id: o for o in self.retired})
        self._objective_index.update({o.id: o for o in self.later})
        if not self._order:
            self._order.update({o.id: i for i, o in enumerate(self.objectives)})

    def at(self, quarter: Quarter) -> Plan:
        """The plan as it stood in ``quarter``: each lead and deputy who held
        the role then, the objectives retired by then set apart in ``retired``
        and those added after it in ``later`` (both still found by
        ``objective()``). Editing today's lead never rewrites a past quarter,
        nor does adding an objective."""
        if quarter in self._at:
            return self._at[quarter]
        changes = any(p.dph_leads or p.deputy_leads for p in self.priorities) or any(
            o.leads or o.retired_in or o.added_in for o in self.objectives)
        if not changes:
            self._at[quarter] = self
            return self
        priorities = tuple(replace(
            p, dph_lead=holder(p.dph_leads, quarter) or p.dph_lead,
            deputy_lead=holder(p.deputy_leads, quarter) if p.deputy_leads else p.deputy_lead)
            for p in self.priorities)
        everything = [replace(o, lead=holder(o.leads, quarter) or o.lead)
                      for o in (*self.objectives, *self.retired, *self.later)]
        everything.sort(key=lambda o: self._order.get(o.id, len(self._order)))
        plan = replace(self, priorities=priorities,
                       objectives=tuple(o for o in everything if not o.retired_by(quarter)
                                        and not o.added_after(quarter)),
                       retired=tuple(o for o in everything if o.retired_by(quarter)),
                       later=tuple(o for o in everything if o.added_after(quarter)),
                       _priority_index={}, _objective_index={}, _at={}, _order=self._order)
        self._at[quarter] = plan
        return plan

    # -- look-ups -----------------------------------------------------------
    def priority(self, priority_id: str) -> Priority | None:
        return self._priority_index.get(priority_id)

    def objective(self, objective_id: str) -> Objective | None:
        return self._objective_index.get(objective_id)

    def council(self, name: str) -> Council | None:
        """The council of the network with this name (any case)."""
        wanted = " ".join(name.split()).casefold()
        return next((c for c in self.councils if c.name.casefold() == wanted), None)

    def council_problem(self, name: str) -> str | None:
        """Why ``name`` cannot name a council of this plan (None when it can,
        or when the plan lists no councils)."""
        if not self.councils or self.council(name) is not None:
            return None
        from sli_cli.core.text import nearest

        names = [c.name for c in self.councils]
        folded = {n.casefold(): n for n in names}
        close = nearest(" ".join(name.split()).casefold(), folded)
        hint = f" (did you mean '{folded[close]}'?)" if close else ""
        return (f"council {name!r} is not one of the plan's councils{hint}; the plan lists "
                f"{', '.join(names)}")

    def objectives_of(self, priority_id: str) -> list[Objective]:
        return [o for o in self.objectives if o.priority == priority_id]

    def objectives_ever_of(self, priority_id: str) -> list[Objective]:
        """A priority's objectives in plan order, those retired included."""
        every = sorted((*self.objectives, *self.retired), key=lambda o: self._order.get(o.id, 0))
        return [o for o in every if o.priority == priority_id]

    # -- quarters -----------------------------------------------------------
    def quarters(self) -> list[Quarter]:
        return [Quarter.from_ordinal(o) for o in range(self.start.ordinal, self.end.ordinal + 1)]

    def label(self, quarter: Quarter) -> str:
        return quarter.label(self.year_start_month)

    def quarter_of(self, day: date) -> Quarter:
        return Quarter.of(day, self.year_start_month)

    def quarter_under_review(self, day: date) -> Quarter:
        """The quarter reviewed on ``day``: the previous quarter in the first
        month of a quarter (its meetings are still being held), else ``day``'s."""
        own = self.quarter_of(day)
        if day.month == own.first_day(self.year_start_month).month:
            return own.previous()
        return own

    def in_period(self, quarter: Quarter) -> bool:
        return self.start <= quarter <= self.end

    @cached_property
    def _first_day(self) -> date:
        return self.start.first_day(self.year_start_month)

    @cached_property
    def _last_day(self) -> date:
        return self.end.last_day(self.year_start_month)

    def first_day(self) -> date:
        return self._first_day

    def last_meeting_day(self) -> date:
        """The last day of the quarter after the plan: the last quarter's
        meetings (and the closing snapshot) can fall after the plan ends."""
        return self.end.next().last_day(self.year_start_month)

    def last_day(self) -> date:
        return self._last_day

    def clamp(self, quarter: Quarter) -> Quarter:
        return min(max(quarter, self.start), self.end)

    def period_label(self) -> str:
        return f"{self.label(self.start)} to {self.label(self.end)}"
