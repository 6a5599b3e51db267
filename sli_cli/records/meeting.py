"""Meeting records: what one quarterly SLI meeting of one priority recorded
(outcomes per objective, with their actions), one file per version.

    meetings/2023-24-Q2/P2.k3f9mq2x.toml   a version, named by its uid
    meetings/2023-24-Q2/P2.toml            version 1, written before uids
    meetings/2023-24-Q2/P2.v2.toml         version 2, written before uids

Each version names the versions it amends (``amends``, by uid; a version
written before uids amends the one numbered before it). The versions no other
version amends are the current ones: one, unless two copies of the plan each
amended the same version (a divergence, reported by ``sli check``). Until an
amendment naming both settles it, the one recorded last counts, then the one
whose uid sorts last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
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
    Numbered,
    checked_id,
    divergence,
    drop_empty,
    new_uid,
    open_record,
    optional_id,
    read_refs,
    read_uid,
    recorded_last,
    schema_for,
    standing,
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
    council: str = ""  # the council it concerns, one of the plan's councils


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
    support_to: str = ""  # whom the support is asked of: "national board", "UKHSA"...


@dataclass(frozen=True, slots=True)
class Decision:
    """Something a meeting decided, optionally about one key objective."""

    text: str
    objective: str = ""


@dataclass(frozen=True, slots=True)
class ImportSource:
    """Where an imported meeting's ratings were read: a tracker file, its
    sheet ("" for a CSV file) and the rows of the objectives."""

    file: str
    sheet: str
    rows: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Meeting(Numbered):
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
    imported: tuple[ImportSource, ...] = ()  # set by ``sli import``
    apologies: tuple[str, ...] = ()  # roles who sent apologies
    decisions: tuple[Decision, ...] = ()
    uid: str = ""  # unique to this version; "" in a version written before uids
    amends: tuple[str, ...] = ()  # refs of the versions this one replaces
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


# -- where it lives ---------------------------------------------------------
def relative_path(priority: str, quarter: Quarter, version: int, uid: str = "") -> str:
    if uid:
        name = f"{priority}.{uid}.toml"
    else:
        name = f"{priority}.toml" if version == 1 else f"{priority}.v{version}.toml"
    return f"{FOLDER}/{quarter.slug()}/{name}"


def meeting_path(folder: Path, priority: str, quarter: Quarter, version: int,
                 uid: str = "") -> Path:
    """The file of one version of a meeting."""
    return folder / relative_path(priority, quarter, version, uid)


# -- versions ---------------------------------------------------------------
def heads(versions: Iterable[Meeting]) -> list[Meeting]:
    """The versions no other version amends: the current ones, the one that
    counts last."""
    return standing(versions)


def order_versions(found: list[Meeting]) -> list[Meeting]:
    """The versions of one meeting, each after those it amends; the current
    one last (of several, the one recorded last)."""
    if len(found) == 1:  # most meetings: nothing amended
        return list(found)
    by_ref = {m.ref: m for m in found}
    depth: dict[str, int] = {}

    def depth_of(m: Meeting, seen: frozenset[str]) -> int:
        if m.ref not in depth:
            below = [by_ref[b] for b in m.bases if b in by_ref and b not in seen]
            depth[m.ref] = 1 + max((depth_of(b, seen | {m.ref}) for b in below), default=0)
        return depth[m.ref]

    current = max(heads(found), key=recorded_last)
    return sorted(found, key=lambda m: (m is current, depth_of(m, frozenset()),
                                        recorded_last(m)))


def versions_by_meeting(meetings: Iterable[Meeting]) -> dict[tuple[Quarter, str], list[Meeting]]:
    """Every version of each meeting (by quarter and priority), oldest first
    and the current one last."""
    versions: dict[tuple[Quarter, str], list[Meeting]] = {}
    for m in meetings:
        versions.setdefault((m.quarter, m.priority), []).append(m)
    return {key: order_versions(found) for key, found in versions.items()}


def next_version(meeting: Meeting, versions: list[Meeting]) -> Meeting:
    """``meeting`` as a new version amending every current version of
    ``versions`` (so an amendment made during a divergence settles it), under
    a fresh uid."""
    current = heads(versions) if versions else []
    return replace(meeting, uid=new_uid(), amends=tuple(sorted(m.ref for m in current)),
                   version=1 + max((m.version for m in current), default=0))


def describe(meeting: Meeting) -> str:
    uid = f" ({meeting.uid})" if meeting.uid else ""
    return (f"a meeting of {meeting.priority} for {meeting.quarter.label()} version "
            f"{meeting.version}{uid}")


# -- writing ----------------------------------------------------------------
def meeting_to_toml(meeting: Meeting) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema_version": schema_for(meeting.uid),
        "uid": meeting.uid,
        "amends": list(meeting.amends),
        "priority": meeting.priority,
        "quarter": meeting.quarter.label(),
        "date": meeting.date,
        "version": meeting.version,
        "recorded_at": meeting.recorded_at,
        "recorded_by": meeting.recorded_by,
        "change_note": meeting.change_note,
        "attendees": list(meeting.attendees),
        "apologies": list(meeting.apologies),
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
            "support_to": o.support_to,
            "next_steps": o.next_steps,
        })
        if o.internal:
            table["internal"] = True
        if o.actions:
            table["actions"] = [
                {"id": a.id, "text": a.text, "owner": a.owner, "due": a.due,
                 **({"council": a.council} if a.council else {})} for a in o.actions
            ]
        outcomes.append(table)
    doc = drop_empty(doc)
    if meeting.imported:
        doc["imported"] = [drop_empty({"file": s.file, "sheet": s.sheet, "rows": list(s.rows)})
                           for s in meeting.imported]
    if meeting.decisions:
        doc["decisions"] = [drop_empty({"text": d.text, "objective": d.objective})
                            for d in meeting.decisions]
    doc["outcomes"] = outcomes
    return doc


# -- reading ----------------------------------------------------------------
def parse_meeting(data: bytes, where: str) -> tuple[Meeting | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    uid = read_uid(f)
    amends = read_refs(f, "amends") if uid else ()
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
    apologies = [intern(a) for a in f.strings("apologies")]
    decisions = []
    for index, table in enumerate(f.tables("decisions")):
        d = f.child("decisions", index, table, f"decision {index + 1}")
        decisions.append(Decision(d.string("text"), intern(optional_id(d, "objective"))))
        d.finish()
    imported = []
    for index, table in enumerate(f.tables("imported")):
        i = f.child("imported", index, table, f"imported #{index + 1}")
        rows = i.table.get("rows", [])
        i.seen.add("rows")
        if not isinstance(rows, list) or not all(
                isinstance(r, int) and not isinstance(r, bool) and r > 0 for r in rows):
            i.problem("'rows' must be a list of row numbers, like [5, 6]", "rows")
            rows = []
        imported.append(ImportSource(i.string("file"), text(i, "sheet"), tuple(rows)))
        i.finish()
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
                            due=a.date("due") or date.min, council=text(a, "council"))
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
            support_to=text(o, "support_to"),
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
        imported=tuple(imported),
        apologies=tuple(apologies),
        decisions=tuple(decisions),
        uid=uid,
        amends=amends,
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
        rated = plan.objective(outcome.objective)
        if rated is not None and rated.retired_in is not None \
                and rated.retired_by(meeting.quarter):
            add((*at, "objective"), f"objective {outcome.objective} was retired in "
                f"{plan.label(rated.retired_in)}, before this meeting's quarter",
                Severity.WARNING)
        if rated is not None and rated.added_in is not None \
                and rated.added_after(meeting.quarter):
            add((*at, "objective"), f"objective {outcome.objective} was added in "
                f"{plan.label(rated.added_in)}, after this meeting's quarter",
                Severity.WARNING)
        if why := _objective_ref_problem(plan, meeting.priority, outcome.objective):
            add((*at, "objective"), why)
        if outcome.objective in seen:
            add((*at, "objective"), f"objective {outcome.objective} is recorded twice")
        seen.add(outcome.objective)
        if not plan.scheme.allows(outcome.rag):
            add((*at, "rag"), f"objective {outcome.objective}: rating '{outcome.rag.value}' "
                f"is not in this plan's scheme ({plan.scheme.describe_choices()})")
        for a_index, action in enumerate(outcome.actions):
            if action.council and (why := plan.council_problem(action.council)):
                add((*at, "actions", a_index, "council"),
                    f"objective {outcome.objective}: action {action.id or a_index + 1}: {why}")
        if outcome.support_to and (why := _support_to_problem(plan, outcome.support_to)):
            add((*at, "support_to"), f"objective {outcome.objective}: support asked of "
                f"{why}", Severity.WARNING)
        if outcome.rag is Rating.RED and not outcome.actions:
            add((*at, "rag"), f"objective {outcome.objective} is rated red with no action; "
                "record a corrective action with an owner and a due date", Severity.WARNING)
    for index, decision in enumerate(meeting.decisions):
        if decision.objective and plan.objective(decision.objective) is None:
            known = [o.id for o in plan.objectives]
            add(("decisions", index, "objective"), f"decision {index + 1}: objective "
                f"{decision.objective} is not defined{suggest(decision.objective, known)}")
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
                                f"{plan.last_day().isoformat()}, or up to {latest.isoformat()}: "
                                "the quarter after the plan, when its last quarter's "
                                "meetings are held)"))
    if day > (today or clock.today()):
        problems.append(Problem(where, line, f"{label}: date {day.isoformat()} is in the future",
                                Severity.WARNING if stored else Severity.ERROR))
    return problems


def _support_to_problem(plan: Plan, to: str) -> str | None:
    """Support may be asked of anyone (the national board, a role); a name
    close to one of the plan's councils but not quite it is most likely a typo."""
    if not plan.councils or plan.council(to) is not None:
        return None
    import difflib

    folded = {c.name.casefold(): c.name for c in plan.councils}
    close = difflib.get_close_matches(" ".join(to.split()).casefold(), folded, n=1, cutoff=0.8)
    if not close:
        return None
    return f"{to!r}, which is not one of the plan's councils (did you mean '{folded[close[0]]}'?)"


def _objective_ref_problem(plan: Plan, priority: str, objective_id: str) -> str | None:
    objective = plan.objective(objective_id)
    if objective is not None and objective.priority == priority:
        return None
    if objective is None:
        known = [o.id for o in plan.objectives]
        # A stored record was valid when written: the objective has most
        # likely been deleted from plan.toml instead of being retired.
        return (f"objective {objective_id} is not defined{suggest(objective_id, known)}; if it "
                "was retired, keep it in plan.toml with status = \"retired\" and retired_in = "
                "the first quarter it no longer ran in: its records stay valid")
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
    """Versions without a gap, divergences to settle, and an action id used
    by one meeting only."""
    problems: list[Problem] = []
    action_owner: dict[str, str] = {}
    for (quarter, priority), versions in sorted(versions_by_meeting(records.of(KIND)).items()):
        label = f"meeting of {priority} for {quarter.label()}"
        problems += _missing_versions(label, versions, context)
        problems += _divergence(label, versions, context)
        for meeting in versions:
            key = f"{meeting.priority} {meeting.quarter.slug()}"
            for o_index, outcome in enumerate(meeting.outcomes):
                for a_index, action in enumerate(outcome.actions):
                    first = action_owner.setdefault(action.id, key)
                    if first != key:
                        # Two copies of the plan can each give out the same id:
                        # a warning, so that amending one of them stays possible.
                        problems.append(context.problem(
                            meeting.path, ("outcomes", o_index, "actions", a_index, "id"),
                            f"action id {action.id} is also used by the meeting of {first}; "
                            "amend this meeting without the action's id to give it a new one",
                            Severity.WARNING))
    return problems


def _missing_versions(label: str, versions: list[Meeting],
                      context: CheckContext) -> list[Problem]:
    problems = []
    previous = 0
    for meeting in sorted((m for m in versions if not m.uid), key=lambda m: m.version):
        if meeting.version > previous + 1:
            missing = (f"version {previous + 1} is" if meeting.version == previous + 2
                       else f"versions {previous + 1} to {meeting.version - 1} are")
            problems.append(context.problem(meeting.path, ("version",),
                                            f"{label}: {missing} missing "
                                            f"(found version {meeting.version})"))
        previous = meeting.version
    refs = {m.ref for m in versions}
    for meeting in versions:
        for ref in meeting.amends:
            if ref not in refs:
                problems.append(context.problem(
                    meeting.path, ("amends",),
                    f"{label}: version {meeting.version} amends {ref}, which is not in the "
                    "plan folder (not pulled yet, or removed?)", Severity.WARNING))
    return problems


def _divergence(label: str, versions: list[Meeting], context: CheckContext) -> list[Problem]:
    current = heads(versions)  # the one that counts (``versions[-1]``) last
    return divergence(
        context, current, item=lambda m: f"version {m.version} in ",
        note=f"the {label} has {len(current)} versions made in different places; showing the "
             "one recorded last",
        lead=f"{label} has {len(current)} versions that do not know of each other (amended "
             "in two places at once)",
        until=f"Until an amendment settles it, the one recorded last counts "
              f"({versions[-1].path}); amend the meeting to settle it")


def _path(meeting: Meeting) -> str:
    return relative_path(meeting.priority, meeting.quarter, meeting.version, meeting.uid)


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
