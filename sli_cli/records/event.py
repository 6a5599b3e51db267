"""Events for the monthly snapshot: webinars, workshops, peer challenges.

    events/E7KQ2.toml   event E7KQ2 (the file name is its id)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sli_cli.core.errors import Problem
from sli_cli.plan.model import Plan
from sli_cli.records.common import (
    checked_id,
    drop_empty,
    link,
    open_record,
    optional_id,
    read_uid,
    schema_for,
    shared_ids,
    text,
)
from sli_cli.records.kind import CheckContext, RecordKind, RecordSet

FOLDER = "events"


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
    uid: str = ""  # "" in a record written before uids
    path: str = field(default="", compare=False)



def event_to_toml(event: Event) -> dict[str, Any]:
    doc = drop_empty({
        "schema_version": schema_for(event.uid),
        "uid": event.uid,
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


def parse_event(data: bytes, where: str) -> tuple[Event | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    event_id = checked_id(f)
    day = f.date("date")
    event = Event(
        id=event_id,
        date=day or date.min,
        title=f.string("title"),
        where=text(f, "where"),
        link=link(f),
        priority=optional_id(f, "priority"),
        objective=optional_id(f, "objective"),
        internal=f.boolean("internal"),
        recorded_at=f.datetime("recorded_at", required=False),
        uid=read_uid(f),
        path=where,
    )
    f.finish()
    if len(problems) != before or day is None:
        return None, problems
    return event, problems


def check_events(plan: Plan, records: RecordSet, context: CheckContext) -> list[Problem]:
    """The priority and objective an event is about are in the plan."""
    problems = []
    for event in records.of(KIND):
        if event.id in records.withdrawn_ids:
            continue
        if event.priority and plan.priority(event.priority) is None:
            problems.append(context.problem(event.path, ("priority",), f"event {event.id}: "
                                            f"priority {event.priority} is not defined"))
        if event.objective and plan.objective(event.objective) is None:
            problems.append(context.problem(event.path, ("objective",), f"event {event.id}: "
                                            f"objective {event.objective} is not defined"))
    return problems


KIND: RecordKind[Event] = RecordKind(
    name="event",
    folder=FOLDER,
    type=Event,
    parse=parse_event,
    to_toml=event_to_toml,
    path=lambda event: (f"{FOLDER}/{event.id}.{event.uid}.toml" if event.uid
                      else f"{FOLDER}/{event.id}.toml"),
    describe=lambda event: f"event {event.id}",
    check=check_events,
    check_own=lambda records, context: shared_ids(records.of(KIND), "event", context),
    id_prefix="E",
)
