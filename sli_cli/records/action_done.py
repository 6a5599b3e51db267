"""Action completions: the record that an action raised at a meeting was done.

    actions/A3F9K.toml   action A3F9K is done (the meeting is left as it was)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sli_cli.core.errors import Problem
from sli_cli.plan.tomlsource import suggest
from sli_cli.records import meeting
from sli_cli.records.common import (
    RECORD_SCHEMA_VERSION,
    checked_id,
    drop_empty,
    open_record,
    reduce_by_fields,
    text,
)
from sli_cli.records.kind import CheckContext, RecordKind, RecordSet

FOLDER = "actions"


@dataclass(frozen=True, slots=True)
class ActionDone:
    """The record that an action was completed."""

    action: str
    date: date
    note: str = ""
    recorded_at: datetime | None = None
    path: str = field(default="", compare=False)


reduce_by_fields(ActionDone)


def action_done_to_toml(done: ActionDone) -> dict[str, Any]:
    return drop_empty({
        "schema_version": RECORD_SCHEMA_VERSION,
        "action": done.action,
        "date": done.date,
        "note": done.note,
        "recorded_at": done.recorded_at,
    })


def parse_action_done(data: bytes, where: str) -> tuple[ActionDone | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    action = checked_id(f, "action")
    day = f.date("date")
    note = text(f, "note")
    recorded_at = f.datetime("recorded_at", required=False)
    f.finish()
    if len(problems) != before or day is None:
        return None, problems
    return ActionDone(action=action, date=day, note=note, recorded_at=recorded_at,
                      path=where), problems


def check_own(records: RecordSet, context: CheckContext) -> list[Problem]:
    """Every completion names an action raised at some meeting (any version)."""
    raised = {action.id for m in records.of(meeting.KIND) for _, action in m.actions}
    return [context.problem(done.path, ("action",), f"action {done.action} is not in any meeting"
                            f"{suggest(done.action, raised)}")
            for done in records.of(KIND) if done.action not in raised]


KIND: RecordKind[ActionDone] = RecordKind(
    name="action completion",
    folder=FOLDER,
    type=ActionDone,
    parse=parse_action_done,
    to_toml=action_done_to_toml,
    path=lambda done: f"{FOLDER}/{done.action}.toml",
    describe=lambda done: f"completion of action {done.action}",
    check_own=check_own,
    place_key="action",
)
