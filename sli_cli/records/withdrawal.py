"""Withdrawals: an event or update recorded by mistake, taken back. The
item's own file is kept; the views leave it out.

    withdrawals/E7KQ2.k3f9mq2x.toml   event E7KQ2 withdrawn
    withdrawals/E7KQ2.toml            the same, written before uids
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sli_cli.core.errors import Problem
from sli_cli.plan.tomlsource import suggest
from sli_cli.records import event, update
from sli_cli.records.common import (
    checked_id,
    drop_empty,
    open_record,
    read_uid,
    schema_for,
    text,
)
from sli_cli.records.kind import CheckContext, RecordKind, RecordSet

FOLDER = "withdrawals"


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """An event or update (``item``, its id) recorded by mistake, taken back:
    its own file is kept, the views leave it out."""

    item: str
    reason: str
    recorded_at: datetime | None = None
    recorded_by: str = ""
    uid: str = ""  # "" in a withdrawal written before uids
    path: str = field(default="", compare=False)



def withdrawal_to_toml(withdrawal: Withdrawal) -> dict[str, Any]:
    return drop_empty({
        "schema_version": schema_for(withdrawal.uid),
        "uid": withdrawal.uid,
        "item": withdrawal.item,
        "reason": withdrawal.reason,
        "recorded_at": withdrawal.recorded_at,
        "recorded_by": withdrawal.recorded_by,
    })


def parse_withdrawal(data: bytes, where: str) -> tuple[Withdrawal | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    withdrawal = Withdrawal(item=checked_id(f, "item"), reason=f.string("reason"),
                            recorded_at=f.datetime("recorded_at", required=False),
                            recorded_by=text(f, "recorded_by"), uid=read_uid(f), path=where)
    f.finish()
    if len(problems) != before:
        return None, problems
    return withdrawal, problems


def check_own(records: RecordSet, context: CheckContext) -> list[Problem]:
    """Every withdrawal names an event or update."""
    items = {e.id for e in records.of(event.KIND)} | {u.id for u in records.of(update.KIND)}
    problems = []
    for withdrawal in records.of(KIND):
        if withdrawal.item not in items:
            problems.append(context.problem(
                withdrawal.path, ("item",), f"withdrawal of {withdrawal.item}: there is no "
                f"event or update {withdrawal.item}{suggest(withdrawal.item, items)}"))
    return problems


KIND: RecordKind[Withdrawal] = RecordKind(
    name="withdrawal",
    folder=FOLDER,
    type=Withdrawal,
    parse=parse_withdrawal,
    to_toml=withdrawal_to_toml,
    path=lambda w: (f"{FOLDER}/{w.item}.{w.uid}.toml" if w.uid else f"{FOLDER}/{w.item}.toml"),
    describe=lambda w: f"withdrawal of {w.item}",
    check_own=check_own,
    place_key="item",
)
