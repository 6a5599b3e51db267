"""Records that ``sli`` writes: meetings (with outcomes and actions), action
completions, events and updates.

Each record is one TOML file of its own inside the plan folder (see
``sli_cli.records.store`` for where). This module turns records into TOML documents
and back, strictly: a record file that does not read back is reported with
its line, like the plan.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from sys import intern
from typing import Any

from sli_cli.core.errors import Problem
from sli_cli.core.months import Month
from sli_cli.core.quarters import Quarter
from sli_cli.core.text import is_web_address, printable
from sli_cli.plan.model import Rating, id_problem
from sli_cli.plan.tomlsource import Fields, open_fields

RECORD_SCHEMA_VERSION = 1
LINK_PATTERN = re.compile(r"^https?://[^\s<>\"']+\Z", re.IGNORECASE)


class UpdateKind(enum.Enum):
    """Kinds of snapshot update."""

    PROJECT = "project"
    NEWS = "news"
    NATIONAL = "national"


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
class ImportSource:
    """Where an imported meeting's ratings were read: a tracker file, its
    sheet ("" for a CSV file) and the rows of the objectives."""

    file: str
    sheet: str
    rows: tuple[int, ...]


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
    imported: tuple[ImportSource, ...] = ()  # set by ``sli import``
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


@dataclass(frozen=True, slots=True)
class ActionDone:
    """The record that an action was completed."""

    action: str
    date: date
    note: str = ""
    recorded_at: datetime | None = None
    # A correction is a later version (actions/A3F9K.v2.toml): why it was
    # made, and False when the action was recorded as done by mistake.
    version: int = 1
    change_note: str = ""
    done: bool = True
    recorded_by: str = ""
    path: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Event:
    """A webinar, workshop, peer challenge or conference for the snapshot."""

    id: str
    date: date
    title: str
    where: str = ""
    link: str = ""
    priority: str = ""
    objective: str = ""
    internal: bool = False
    recorded_at: datetime | None = None
    path: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Update:
    """A project spotlight, regional news or national update for the snapshot."""

    id: str
    kind: UpdateKind
    month: str  # YYYY-MM
    title: str
    text: str = ""
    link: str = ""
    objective: str = ""
    internal: bool = False
    recorded_at: datetime | None = None
    path: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """An event or update (``item``, its id) recorded by mistake, taken back:
    its own file is kept, the views leave it out."""

    item: str
    reason: str
    recorded_at: datetime | None = None
    recorded_by: str = ""
    path: str = field(default="", compare=False)


Record = Meeting | ActionDone | Event | Update | Withdrawal


def _reduce_by_fields(cls: type) -> None:
    """Pickle by field values: several times faster to load than the default
    for slotted frozen dataclasses (the record cache holds many of them)."""
    names = tuple(f.name for f in fields(cls))

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, tuple(getattr(self, name) for name in names)

    cls.__reduce__ = __reduce__  # type: ignore[assignment, method-assign]


for _cls in (Action, Outcome, ImportSource, Meeting, ActionDone, Event, Update, Withdrawal):
    _reduce_by_fields(_cls)


# -- writing ----------------------------------------------------------------
def _drop_empty(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if v not in ("", None, [], ())}


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
        table = _drop_empty({
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
    doc = _drop_empty(doc)
    if meeting.imported:
        doc["imported"] = [_drop_empty({"file": s.file, "sheet": s.sheet, "rows": list(s.rows)})
                           for s in meeting.imported]
    doc["outcomes"] = outcomes
    return doc


def action_done_to_toml(done: ActionDone) -> dict[str, Any]:
    doc = _drop_empty({
        "schema_version": RECORD_SCHEMA_VERSION,
        "action": done.action,
        "date": done.date,
        "note": done.note,
        "recorded_at": done.recorded_at,
        "recorded_by": done.recorded_by,
        "change_note": done.change_note,
    })
    if done.version > 1:
        doc["version"] = done.version
    if not done.done:
        doc["done"] = False
    return doc


def withdrawal_to_toml(withdrawal: Withdrawal) -> dict[str, Any]:
    return _drop_empty({
        "schema_version": RECORD_SCHEMA_VERSION,
        "item": withdrawal.item,
        "reason": withdrawal.reason,
        "recorded_at": withdrawal.recorded_at,
        "recorded_by": withdrawal.recorded_by,
    })


def event_to_toml(event: Event) -> dict[str, Any]:
    doc = _drop_empty({
        "schema_version": RECORD_SCHEMA_VERSION,
        "id": event.id,
        "date": event.date,
        "title": event.title,
        "where": event.where,
        "link": event.link,
        "priority": event.priority,
        "objective": event.objective,
        "recorded_at": event.recorded_at,
    })
    if event.internal:
        doc["internal"] = True
    return doc


def update_to_toml(update: Update) -> dict[str, Any]:
    doc = _drop_empty({
        "schema_version": RECORD_SCHEMA_VERSION,
        "id": update.id,
        "kind": update.kind.value,
        "month": update.month,
        "title": update.title,
        "text": update.text,
        "link": update.link,
        "objective": update.objective,
        "recorded_at": update.recorded_at,
    })
    if update.internal:
        doc["internal"] = True
    return doc


def to_toml(record: Record) -> dict[str, Any]:
    if isinstance(record, Meeting):
        return meeting_to_toml(record)
    if isinstance(record, ActionDone):
        return action_done_to_toml(record)
    if isinstance(record, Event):
        return event_to_toml(record)
    if isinstance(record, Withdrawal):
        return withdrawal_to_toml(record)
    return update_to_toml(record)


# -- reading ----------------------------------------------------------------
def _open(data: bytes, where: str) -> tuple[Fields | None, list[Problem]]:
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        return None, [Problem(where, None, "file is empty")]
    f, problems = open_fields(data, where)
    if f is None:
        return None, problems
    doc = f.table
    version = f.integer("schema_version")
    if "schema_version" in doc and version != RECORD_SCHEMA_VERSION:
        f.problem(f"schema_version {version!r} is not supported (this sli reads "
                  f"{RECORD_SCHEMA_VERSION})", "schema_version")
    return f, problems


def _checked_id(f: Fields, key: str = "id") -> str:
    value = f.string(key)
    if value and (why := id_problem(value)):
        f.problem(why, key)
    return value


def _text(f: Fields, key: str) -> str:
    return f.string(key, required=False)


def _ok(problems: list[Problem], before: int) -> bool:
    return len(problems) == before


def parse_meeting(data: bytes, where: str) -> tuple[Meeting | None, list[Problem]]:
    f, problems = _open(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    priority = intern(_checked_id(f, "priority"))
    quarter = f.quarter("quarter")
    day = f.date("date")
    version = f.integer("version")
    if version < 1:
        f.problem("'version' must be 1 or more", "version")
    recorded_at = f.datetime("recorded_at", required=False)
    recorded_by = intern(_text(f, "recorded_by"))
    change_note = _text(f, "change_note")
    notes = _text(f, "notes")
    # Names and ids recur in every record: one shared string each keeps a large
    # plan (and its cache) smaller in memory.
    attendees = [intern(a) for a in f.strings("attendees")]
    not_discussed = [intern(o) for o in f.strings("not_discussed")]
    imported = []
    for index, table in enumerate(f.tables("imported")):
        i = f.child("imported", index, table, f"imported #{index + 1}")
        rows = i.table.get("rows", [])
        i.seen.add("rows")
        if not isinstance(rows, list) or not all(
                isinstance(r, int) and not isinstance(r, bool) and r > 0 for r in rows):
            i.problem("'rows' must be a list of row numbers, like [5, 6]", "rows")
            rows = []
        imported.append(ImportSource(i.string("file"), _text(i, "sheet"), tuple(rows)))
        i.finish()
    outcomes = []
    for index, table in enumerate(f.tables("outcomes")):
        label = str(table.get("objective", f"#{index + 1}"))
        o = f.child("outcomes", index, table, f"outcome for {label}")
        objective = intern(_checked_id(o, "objective"))
        rag = o.choice("rag", Rating.parse, "a rating (red, amber, green, blue, grey)")
        actions = []
        for a_index, a_table in enumerate(o.tables("actions")):
            a = o.child("actions", a_index, a_table,
                        f"outcome for {label}: action {a_table.get('id', a_index + 1)}")
            action = Action(id=_checked_id(a), text=a.string("text"),
                            owner=intern(a.string("owner")),
                            due=a.date("due") or date.min)
            a.finish()
            actions.append(action)
        outcome = Outcome(
            objective=objective,
            rag=rag or Rating.GREY,
            progress=_text(o, "progress"),
            risks=_text(o, "risks"),
            support=_text(o, "support"),
            next_steps=_text(o, "next_steps"),
            actions=tuple(actions),
            internal=o.boolean("internal"),
        )
        o.finish()
        outcomes.append(outcome)
    f.finish()
    if not _ok(problems, before) or quarter is None or day is None:
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
        path=where,
    ), problems


def parse_action_done(data: bytes, where: str) -> tuple[ActionDone | None, list[Problem]]:
    f, problems = _open(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    action = _checked_id(f, "action")
    day = f.date("date")
    note = _text(f, "note")
    recorded_at = f.datetime("recorded_at", required=False)
    version = f.integer("version", required=False, default=1)
    if version < 1:
        f.problem(f"'version' must be 1 or more, not {version}", "version")
    change_note = _text(f, "change_note")
    done = f.boolean("done", default=True)
    recorded_by = _text(f, "recorded_by")
    f.finish()
    if not _ok(problems, before) or day is None:
        return None, problems
    return ActionDone(action=action, date=day, note=note, recorded_at=recorded_at,
                      version=version, change_note=change_note, done=done,
                      recorded_by=recorded_by, path=where), problems


def parse_withdrawal(data: bytes, where: str) -> tuple[Withdrawal | None, list[Problem]]:
    f, problems = _open(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    withdrawal = Withdrawal(item=_checked_id(f, "item"), reason=f.string("reason"),
                            recorded_at=f.datetime("recorded_at", required=False),
                            recorded_by=_text(f, "recorded_by"), path=where)
    f.finish()
    if not _ok(problems, before):
        return None, problems
    return withdrawal, problems


def _link(f: Fields) -> str:
    link = _text(f, "link")
    if link and not is_web_address(link):
        f.problem("'link' must be a well-formed web address starting http:// or https://, "
                  f"not '{printable(link)}'", "link")
    return link


def _optional_id(f: Fields, key: str) -> str:
    value = _text(f, key)
    if value and (why := id_problem(value)):
        f.problem(why, key)
    return value


def parse_event(data: bytes, where: str) -> tuple[Event | None, list[Problem]]:
    f, problems = _open(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    event_id = _checked_id(f)
    day = f.date("date")
    event = Event(
        id=event_id,
        date=day or date.min,
        title=f.string("title"),
        where=_text(f, "where"),
        link=_link(f),
        priority=_optional_id(f, "priority"),
        objective=_optional_id(f, "objective"),
        internal=f.boolean("internal"),
        recorded_at=f.datetime("recorded_at", required=False),
        path=where,
    )
    f.finish()
    if not _ok(problems, before) or day is None:
        return None, problems
    return event, problems


def parse_month(text: str) -> str:
    """A month as stored, ``YYYY-MM``; raises ValueError otherwise."""
    return Month.parse(text).key()


def parse_update(data: bytes, where: str) -> tuple[Update | None, list[Problem]]:
    f, problems = _open(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    update_id = _checked_id(f)
    kind = f.choice("kind", UpdateKind, "a kind of update (project, news, national)")
    month = f.choice("month", parse_month, "a month like 2023-11")
    update = Update(
        id=update_id,
        kind=kind or UpdateKind.NEWS,
        month=month or "",
        title=f.string("title"),
        text=_text(f, "text"),
        link=_link(f),
        objective=_optional_id(f, "objective"),
        internal=f.boolean("internal"),
        recorded_at=f.datetime("recorded_at", required=False),
        path=where,
    )
    f.finish()
    if not _ok(problems, before):
        return None, problems
    return update, problems
