"""Action completions: the record that an action raised at a meeting was done.

    actions/A3F9K.k3f9mq2x.toml   action A3F9K is done (the meeting is left as it was)
    actions/A3F9K.toml            the same, written before uids

Two copies of the plan can each record the same action as done: both
completions are kept and ``sli check`` reports them; until a completion that
amends both settles it, the one recorded last counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sli_cli.core.errors import Problem, Severity
from sli_cli.plan.tomlsource import suggest
from sli_cli.records import meeting
from sli_cli.records.common import (
    checked_id,
    drop_empty,
    open_record,
    read_refs,
    read_uid,
    reduce_by_fields,
    schema_for,
    stamp_order,
    text,
    who_and_when,
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
    recorded_by: str = ""
    uid: str = ""  # "" in a completion written before uids
    amends: tuple[str, ...] = ()  # uids of completions of the same action this one replaces
    path: str = field(default="", compare=False)

    @property
    def ref(self) -> str:
        """How a later completion names this one: its uid, or ``v1`` before uids."""
        return self.uid or "v1"


reduce_by_fields(ActionDone)


def action_done_to_toml(done: ActionDone) -> dict[str, Any]:
    return drop_empty({
        "schema_version": schema_for(done.uid),
        "uid": done.uid,
        "amends": list(done.amends),
        "action": done.action,
        "date": done.date,
        "note": done.note,
        "recorded_at": done.recorded_at,
        "recorded_by": done.recorded_by,
    })


def parse_action_done(data: bytes, where: str) -> tuple[ActionDone | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    uid = read_uid(f)
    amends = read_refs(f, "amends") if uid else ()
    action = checked_id(f, "action")
    day = f.date("date")
    note = text(f, "note")
    recorded_at = f.datetime("recorded_at", required=False)
    recorded_by = text(f, "recorded_by")
    f.finish()
    if len(problems) != before or day is None:
        return None, problems
    return ActionDone(action=action, date=day, note=note, recorded_at=recorded_at,
                      recorded_by=recorded_by, uid=uid, amends=amends, path=where), problems


def _recorded_last(done: ActionDone) -> tuple[datetime, str]:
    return stamp_order(done.recorded_at), done.ref


def current_completions(completions: list[ActionDone]) -> dict[str, list[ActionDone]]:
    """By action: the completions no other completion of it amends, the one
    that counts (recorded last) last."""
    by_action: dict[str, list[ActionDone]] = {}
    for done in completions:
        by_action.setdefault(done.action, []).append(done)
    current = {}
    for action, found in by_action.items():
        amended = {ref for d in found for ref in d.amends}
        heads = [d for d in found if d.ref not in amended] or found
        current[action] = sorted(heads, key=_recorded_last)
    return current


def check_own(records: RecordSet, context: CheckContext) -> list[Problem]:
    """Every completion names an action raised at some meeting (any version)."""
    raised = {action.id for m in records.of(meeting.KIND) for _, action in m.actions}
    problems = [context.problem(done.path, ("action",),
                                f"action {done.action} is not in any meeting"
                                f"{suggest(done.action, raised)}")
                for done in records.of(KIND) if done.action not in raised]
    for action, current in sorted(current_completions(records.of(KIND)).items()):
        if len(current) > 1:
            shown = current[-1]
            context.notes.append(f"action {action} was recorded as done {len(current)} times "
                                 f"in different places; counting the one recorded last "
                                 f"({shown.path})")
            each = "; ".join(f"done {d.date.isoformat()} in {d.path}, "
                             f"{who_and_when(d.recorded_by, d.recorded_at)}" for d in current)
            problems.append(context.problem(
                shown.path, ("action",),
                f"action {action} was recorded as done {len(current)} times in different "
                f"places: {each}. Until it is recorded as done once more (which settles it), "
                f"the one recorded last counts ({shown.path})", Severity.WARNING))
    return problems


KIND: RecordKind[ActionDone] = RecordKind(
    name="action completion",
    folder=FOLDER,
    type=ActionDone,
    parse=parse_action_done,
    to_toml=action_done_to_toml,
    path=lambda done: (f"{FOLDER}/{done.action}.{done.uid}.toml" if done.uid
                       else f"{FOLDER}/{done.action}.toml"),
    describe=lambda done: f"completion of action {done.action}",
    check_own=check_own,
    place_key="action",
)
