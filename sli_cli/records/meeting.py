"""Meeting records: what one quarterly SLI meeting of one priority recorded
(outcomes per objective, with their actions), one file per version.

    meetings/2023-24-Q2/P2.toml      version 1
    meetings/2023-24-Q2/P2.v2.toml   an amendment (version 2); version 1 is kept
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from sys import intern
from typing import Any

from sli_cli.core import clock
from sli_cli.core.errors import Problem, Severity
from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Plan, Rating
from sli_cli.plan.tomlsource import suggest
from sli_cli.records.common import (
    RECORD_SCHEMA_VERSION,
    checked_id,
    drop_empty,
    open_record,
    reduce_by_fields,
    text,
)
from sli_cli.records.kind import CheckContext, RecordKind, RecordSet

FOLDER = "meetings"


@dataclass(frozen=True, slots=True)
class Action:
    """Something to be done, raised at a meeting for one objective."""

    id: str
    text: str
    owner: str
    due: date


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a meeting recorded for one key objective."""

    objective: str
    rag: Rating
    progress: str = ""
    risks: str = ""
    support: str = ""
    next_steps: str = ""
    actions: tuple[Action, ...] = ()
    internal: bool = False


@dataclass(frozen=True, slots=True)
class Meeting:
    """One quarterly SLI meeting of one priority (one version of its record)."""

    priority: str
    quarter: Quarter
    date: date
    attendees: tuple[str, ...]
    outcomes: tuple[Outcome, ...]
    not_discussed: tuple[str, ...] = ()
    version: int = 1
    recorded_at: datetime | None = None
    recorded_by: str = ""
    change_note: str = ""
    notes: str = ""
    path: str = field(default="", compare=False)

    def outcome(self, objective_id: str) -> Outcome | None:
        for outcome in self.outcomes:
            if outcome.objective == objective_id:
                return outcome
        return None

    @property
    def actions(self) -> list[tuple[str, Action]]:
        """(objective id, action) for every action raised at this meeting."""
        return [(o.objective, a) for o in self.outcomes for a in o.actions]


for _cls in (Action, Outcome, Meeting):
    reduce_by_fields(_cls)


# -- where it lives ---------------------------------------------------------
def relative_path(priority: str, quarter: Quarter, version: int) -> str:
    name = f"{priority}.toml" if version == 1 else f"{priority}.v{version}.toml"
    return f"{FOLDER}/{quarter.slug()}/{name}"


def meeting_path(folder: Path, priority: str, quarter: Quarter, version: int) -> Path:
    """The file of one version of a meeting."""
    return folder / relative_path(priority, quarter, version)


def versions_by_meeting(meetings: Iterable[Meeting]) -> dict[tuple[Quarter, str], list[Meeting]]:
    """Every version of each meeting (by quarter and priority), oldest first."""
    versions: dict[tuple[Quarter, str], list[Meeting]] = {}
    for m in meetings:
        versions.setdefault((m.quarter, m.priority), []).append(m)
    for found in versions.values():
        found.sort(key=lambda m: m.version)
    return versions


def describe(meeting: Meeting) -> str:
    return (f"a meeting of {meeting.priority} for {meeting.quarter.label()} version "
            f"{meeting.version}")


# -- writing ----------------------------------------------------------------
def meeting_to_toml(meeting: Meeting) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema_version": RECORD_SCHEMA_VERSION,
        "priority": meeting.priority,
        "quarter": meeting.quarter.label(),
        "date": meeting.date,
        "version": meeting.version,
        "recorded_at": meeting.recorded_at,
        "recorded_by": meeting.recorded_by,
        "change_note": meeting.change_note,
        "attendees": list(meeting.attendees),
        "not_discussed": list(meeting.not_discussed),
        "notes": meeting.notes,
    }
    outcomes = []
    for o in meeting.outcomes:
        table = drop_empty({
            "objective": o.objective,
            "rag": o.rag.value,
            "progress": o.progress,
            "risks": o.risks,
            "support": o.support,
            "next_steps": o.next_steps,
        })
        if o.internal:
            table["internal"] = True
        if o.actions:
            table["actions"] = [
                {"id": a.id, "text": a.text, "owner": a.owner, "due": a.due} for a in o.actions
            ]
        outcomes.append(table)
    doc = drop_empty(doc)
    doc["outcomes"] = outcomes
    return doc


# -- reading ----------------------------------------------------------------
def parse_meeting(data: bytes, where: str) -> tuple[Meeting | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    priority = intern(checked_id(f, "priority"))
    quarter = f.quarter("quarter")
    day = f.date("date")
    version = f.integer("version")
    if version < 1:
        f.problem("'version' must be 1 or more", "version")
    recorded_at = f.datetime("recorded_at", required=False)
    recorded_by = intern(text(f, "recorded_by"))
    change_note = text(f, "change_note")
    notes = text(f, "notes")
    # Names and ids recur in every record: one shared string each keeps a large
    # plan (and its cache) smaller in memory.
    attendees = [intern(a) for a in f.strings("attendees")]
    not_discussed = [intern(o) for o in f.strings("not_discussed")]
    outcomes = []
    for index, table in enumerate(f.tables("outcomes")):
        label = str(table.get("objective", f"#{index + 1}"))
        o = f.child("outcomes", index, table, f"outcome for {label}")
        objective = intern(checked_id(o, "objective"))
        rag = o.choice("rag", Rating.parse, "a rating (red, amber, green, blue, grey)")
        actions = []
        for a_index, a_table in enumerate(o.tables("actions")):
            a = o.child("actions", a_index, a_table,
                        f"outcome for {label}: action {a_table.get('id', a_index + 1)}")
            action = Action(id=checked_id(a), text=a.string("text"),
                            owner=intern(a.string("owner")),
                            due=a.date("due") or date.min)
            a.finish()
            actions.append(action)
        outcome = Outcome(
            objective=objective,
            rag=rag or Rating.GREY,
            progress=text(o, "progress"),
            risks=text(o, "risks"),
            support=text(o, "support"),
            next_steps=text(o, "next_steps"),
            actions=tuple(actions),
            internal=o.boolean("internal"),
        )
        o.finish()
        outcomes.append(outcome)
    f.finish()
    if len(problems) != before or quarter is None or day is None:
        return None, problems
    return Meeting(
        priority=priority,
        quarter=quarter,
        date=day,
        attendees=tuple(attendees),
        outcomes=tuple(outcomes),
        not_discussed=tuple(not_discussed),
        version=version,
        recorded_at=recorded_at,
        recorded_by=recorded_by,
        change_note=change_note,
        notes=notes,
        path=where,
    ), problems


# -- checks -----------------------------------------------------------------
def check_meeting(plan: Plan, meeting: Meeting, today: date | None = None, *,
                  stored: bool = False, context: CheckContext | None = None) -> list[Problem]:
    """Problems with one meeting record against the plan.

    A meeting dated in the future is refused when it is recorded; in a stored
    record (``stored``) it is only a warning, so that a wrong clock or an
    earlier ``SLI_TODAY`` does not lock the whole plan. Problems in a stored
    record carry the line they are about.
    """
    where = meeting.path
    ctx = context or CheckContext(today or clock.today(), stored=stored)
    problems: list[Problem] = []

    def label() -> str:  # built only when there is a problem: most meetings have none
        return f"meeting of {meeting.priority} for {plan.label(meeting.quarter)}"

    def add(key: tuple[str | int, ...], message: str,
            severity: Severity = Severity.ERROR) -> None:
        problems.append(ctx.problem(where, key, f"{label()}: {message}", severity))

    if plan.priority(meeting.priority) is None:
        known = [p.id for p in plan.priorities]
        add(("priority",),
            f"priority {meeting.priority} is not defined{suggest(meeting.priority, known)}")
    if not plan.in_period(meeting.quarter):
        add(("quarter",), f"quarter {plan.label(meeting.quarter)} is outside the plan period "
            f"({plan.period_label()})")
    if not plan.first_day() <= meeting.date <= plan.last_day() or today is None \
            or meeting.date > today:
        problems.extend(check_meeting_date(plan, meeting.date, where, label, today,
                                           stored=stored, line=ctx.line(where, "date")))
    held_in = plan.quarter_of(meeting.date)
    if meeting.quarter > held_in:
        add(("date",), f"a meeting held on {meeting.date.isoformat()} ({plan.label(held_in)}) "
            f"cannot review {plan.label(meeting.quarter)}: that quarter had not started")
    seen: set[str] = set()
    for index, outcome in enumerate(meeting.outcomes):
        at = ("outcomes", index)
        if why := _objective_ref_problem(plan, meeting.priority, outcome.objective):
            add((*at, "objective"), why)
        if outcome.objective in seen:
            add((*at, "objective"), f"objective {outcome.objective} is recorded twice")
        seen.add(outcome.objective)
        if not plan.scheme.allows(outcome.rag):
            add((*at, "rag"), f"objective {outcome.objective}: rating '{outcome.rag.value}' "
                f"is not in this plan's scheme ({plan.scheme.describe_choices()})")
        if outcome.rag is Rating.RED and not outcome.actions:
            add((*at, "rag"), f"objective {outcome.objective} is rated red with no action; "
                "record a corrective action with an owner and a due date", Severity.WARNING)
    for objective_id in meeting.not_discussed:
        if why := _objective_ref_problem(plan, meeting.priority, objective_id):
            add(("not_discussed",), why)
        if objective_id in seen:
            add(("not_discussed",),
                f"objective {objective_id} is both rated and listed as not discussed")
    return problems


def check_meeting_date(plan: Plan, day: date, where: str, label: str | Callable[[], str],
                       today: date | None = None, *, stored: bool = False,
                       line: int | None = None) -> list[Problem]:
    """A meeting happens within the plan period (or in the quarter after it, to
    review the last quarter) and not in the future."""
    problems = []
    if callable(label):
        label = label()
    latest = plan.last_meeting_day()
    if not plan.first_day() <= day <= latest:
        problems.append(Problem(where, line, f"{label}: date {day.isoformat()} is outside the "
                                f"plan period ({plan.first_day().isoformat()} to "
                                f"{latest.isoformat()})"))
    if day > (today or clock.today()):
        problems.append(Problem(where, line, f"{label}: date {day.isoformat()} is in the future",
                                Severity.WARNING if stored else Severity.ERROR))
    return problems


def _objective_ref_problem(plan: Plan, priority: str, objective_id: str) -> str | None:
    objective = plan.objective(objective_id)
    if objective is not None and objective.priority == priority:
        return None
    if objective is None:
        known = [o.id for o in plan.objectives]
        return f"objective {objective_id} is not defined{suggest(objective_id, known)}"
    if plan.priority(priority) is not None:
        return f"objective {objective_id} belongs to priority {objective.priority}, not {priority}"
    return None


def check_meetings(plan: Plan, records: RecordSet, context: CheckContext) -> list[Problem]:
    """The current version of every meeting against the plan."""
    problems: list[Problem] = []
    for _, versions in sorted(versions_by_meeting(records.of(KIND)).items()):
        problems.extend(check_meeting(plan, versions[-1], context.today, stored=True,
                                      context=context))
    return problems


def check_meetings_own(records: RecordSet, context: CheckContext) -> list[Problem]:
    """Versions without a gap; an action id used by one meeting only."""
    problems: list[Problem] = []
    action_owner: dict[str, str] = {}
    for (quarter, priority), versions in sorted(versions_by_meeting(records.of(KIND)).items()):
        previous = 0
        for meeting in versions:
            if meeting.version > previous + 1:
                missing = (f"version {previous + 1} is" if meeting.version == previous + 2
                           else f"versions {previous + 1} to {meeting.version - 1} are")
                problems.append(context.problem(
                    meeting.path, ("version",),
                    f"meeting of {priority} for {quarter.label()}: {missing} missing "
                    f"(found version {meeting.version})"))
            previous = meeting.version
            key = f"{meeting.priority} {meeting.quarter.slug()}"
            for o_index, outcome in enumerate(meeting.outcomes):
                for a_index, action in enumerate(outcome.actions):
                    first = action_owner.setdefault(action.id, key)
                    if first != key:
                        problems.append(context.problem(
                            meeting.path, ("outcomes", o_index, "actions", a_index, "id"),
                            f"action id {action.id} is also used by the meeting of {first}"))
    return problems


def _path(meeting: Meeting) -> str:
    return relative_path(meeting.priority, meeting.quarter, meeting.version)


KIND: RecordKind[Meeting] = RecordKind(
    name="meeting",
    folder=FOLDER,
    type=Meeting,
    parse=parse_meeting,
    to_toml=meeting_to_toml,
    path=_path,
    describe=describe,
    check=check_meetings,
    check_own=check_meetings_own,
    place_key="priority",
    nested=True,
)
