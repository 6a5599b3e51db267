"""Updates for the monthly snapshot: project spotlights, regional news and
national updates.

    updates/U2M4X.toml   update U2M4X (the file name is its id)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sli_cli.core.errors import Problem
from sli_cli.core.months import Month
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

FOLDER = "updates"


class UpdateKind(enum.Enum):
    """Kinds of snapshot update."""

    PROJECT = "project"
    NEWS = "news"
    NATIONAL = "national"


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
    uid: str = ""  # "" in a record written before uids
    path: str = field(default="", compare=False)



def parse_month(text: str) -> str:
    """A month as stored, ``YYYY-MM``; raises ValueError otherwise."""
    return Month.parse(text).key()


def update_to_toml(update: Update) -> dict[str, Any]:
    doc = drop_empty({
        "schema_version": schema_for(update.uid),
        "uid": update.uid,
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


def parse_update(data: bytes, where: str) -> tuple[Update | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    update_id = checked_id(f)
    kind = f.choice("kind", UpdateKind, "a kind of update (project, news, national)")
    month = f.choice("month", parse_month, "a month like 2023-11")
    update = Update(
        id=update_id,
        kind=kind or UpdateKind.NEWS,
        month=month or "",
        title=f.string("title"),
        text=text(f, "text"),
        link=link(f),
        objective=optional_id(f, "objective"),
        internal=f.boolean("internal"),
        recorded_at=f.datetime("recorded_at", required=False),
        uid=read_uid(f),
        path=where,
    )
    f.finish()
    if len(problems) != before:
        return None, problems
    return update, problems


def check_updates(plan: Plan, records: RecordSet, context: CheckContext) -> list[Problem]:
    """The objective an update is about is in the plan."""
    return [context.problem(u.path, ("objective",),
                            f"update {u.id}: objective {u.objective} is not defined")
            for u in records.of(KIND) if u.objective and u.id not in records.withdrawn_ids
            and plan.objective(u.objective) is None]


KIND: RecordKind[Update] = RecordKind(
    name="update",
    folder=FOLDER,
    type=Update,
    parse=parse_update,
    to_toml=update_to_toml,
    path=lambda update: (f"{FOLDER}/{update.id}.{update.uid}.toml" if update.uid
                      else f"{FOLDER}/{update.id}.toml"),
    describe=lambda update: f"update {update.id}",
    check=check_updates,
    check_own=lambda records, context: shared_ids(records.of(KIND), "update", context),
    id_prefix="U",
)
