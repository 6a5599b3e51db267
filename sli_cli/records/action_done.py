"""Action completions: the record that an action raised at a meeting was done.

    actions/A3F9K.k3f9mq2x.toml   action A3F9K is done (the meeting is left as it was)
    actions/A3F9K.r7tw4hna.toml   a correction of it (``amends`` the first); both kept
    actions/A3F9K.toml            written before uids (a correction: A3F9K.v2.toml)

A correction is a later version: another date or note, or ``done = false``
when the action was recorded as done by mistake. Two copies of the plan can
each record the same action as done (or correct it): both are kept and
``sli check`` reports them; until a completion that amends both settles it,
the one recorded last counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sli_cli.core.errors import Problem
from sli_cli.plan.tomlsource import suggest
from sli_cli.records import meeting
from sli_cli.records.common import (
    Numbered,
    checked_id,
    divergence,
    drop_empty,
    grouped,
    open_record,
    read_refs,
    read_uid,
    recorded_last,
    schema_for,
    standing,
    text,
)
from sli_cli.records.kind import CheckContext, RecordKind, RecordSet

FOLDER = "actions"


@dataclass(frozen=True, slots=True)
class ActionDone(Numbered):
    """The record that an action was completed."""

    action: str
    date: date
    note: str = ""
    recorded_at: datetime | None = None
    # A correction is a later version: why it was made, and False when the
    # action was recorded as done by mistake.
    version: int = 1
    change_note: str = ""
    done: bool = True
    recorded_by: str = ""
    uid: str = ""  # "" in a completion written before uids
    amends: tuple[str, ...] = ()  # uids of completions of the same action this one replaces
    path: str = field(default="", compare=False)



def action_done_to_toml(done: ActionDone) -> dict[str, Any]:
    doc = drop_empty({
        "schema_version": schema_for(done.uid),
        "uid": done.uid,
        "amends": list(done.amends),
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
    version = f.integer("version", required=False, default=1)
    if version < 1:
        f.problem(f"'version' must be 1 or more, not {version}", "version")
    change_note = text(f, "change_note")
    done = f.boolean("done", default=True)
    recorded_by = text(f, "recorded_by")
    f.finish()
    if len(problems) != before or day is None:
        return None, problems
    return ActionDone(action=action, date=day, note=note, recorded_at=recorded_at,
                      version=version, change_note=change_note, done=done,
                      recorded_by=recorded_by, uid=uid, amends=amends, path=where), problems


def _by_action(completions: list[ActionDone]) -> dict[str, list[ActionDone]]:
    return grouped(completions, lambda done: done.action)


def current_completions(completions: list[ActionDone]) -> dict[str, list[ActionDone]]:
    """By action: the versions no other version amends, the one that counts
    (recorded last) last."""
    return {action: standing(found) for action, found in _by_action(completions).items()}


def versions_by_action(completions: list[ActionDone]) -> dict[str, list[ActionDone]]:
    """By action: every version of its completion, each after those it
    corrects, the one that counts last."""
    ordered = {}
    for action, found in _by_action(completions).items():
        if len(found) == 1 and not found[0].bases:  # most actions: done once
            ordered[action] = found
            continue
        current = standing(found)[-1]
        depth = {d.ref: d.version for d in found}  # a correction is numbered past its base
        ordered[action] = sorted(found, key=lambda d: (d is current, depth[d.ref],
                                                       recorded_last(d)))
    return ordered


def check_own(records: RecordSet, context: CheckContext) -> list[Problem]:
    """Every completion names an action raised at some meeting (any version)."""
    raised = {action.id for m in records.of(meeting.KIND) for _, action in m.actions}
    problems = [context.problem(done.path, ("action",),
                                f"action {done.action} is not in any meeting"
                                f"{suggest(done.action, raised)}")
                for done in records.of(KIND) if done.action not in raised]
    for action, found in sorted(_by_action(records.of(KIND)).items()):
        legacy = sorted(d.version for d in found if not d.uid)
        if legacy and legacy != list(range(1, len(legacy) + 1)):
            last = max((d for d in found if not d.uid), key=lambda d: d.version)
            problems.append(context.problem(
                last.path, ("version",), f"completion of action {action}: versions {legacy} "
                "have a gap"))
        current = standing(found)
        told = f"action {action} was recorded as done {len(current)} times in different places"
        problems += divergence(
            context, current, key=("action",), item=lambda d: f"done {d.date.isoformat()} in ",
            note=f"{told}; counting the one recorded last", lead=told,
            until="Until it is recorded as done once more (which settles it), the one "
                  f"recorded last counts ({current[-1].path})")
    return problems


def _path(done: ActionDone) -> str:
    if done.uid:
        return f"{FOLDER}/{done.action}.{done.uid}.toml"
    return f"{FOLDER}/{done.action}{'' if done.version == 1 else f'.v{done.version}'}.toml"


KIND: RecordKind[ActionDone] = RecordKind(
    name="action completion",
    folder=FOLDER,
    type=ActionDone,
    parse=parse_action_done,
    to_toml=action_done_to_toml,
    path=_path,
    describe=lambda done: f"completion of action {done.action}",
    check_own=check_own,
    place_key="action",
)
