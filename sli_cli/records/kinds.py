"""The table of record kinds: every kind of file ``sli`` records in a plan
folder, in the order they are listed and checked.

To add a kind, write one module beside this one that defines the record, its
parse and TOML functions and a ``KIND = RecordKind(...)`` (see
``sli_cli.records.kind``), then add ``KIND`` below. The store, the checks,
the record cache and the guard that keeps ``-o`` out of the plan's own files
all read this table; nothing else needs to change for the new files to be
loaded, checked and protected. See docs/record-kinds.md.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sli_cli.records import (
    action_done,
    edition,
    event,
    meeting,
    output_done,
    project,
    support_response,
    update,
    withdrawal,
)
from sli_cli.records.kind import RecordKind

R = TypeVar("R")

KINDS: tuple[RecordKind[Any], ...] = (
    meeting.KIND,
    action_done.KIND,
    event.KIND,
    update.KIND,
    withdrawal.KIND,
    output_done.KIND,
    support_response.KIND,
    edition.KIND,
    project.KIND,
)


def all_kinds() -> tuple[RecordKind[Any], ...]:
    """Every registered kind (read at call time, so a kind added to ``KINDS``
    is seen everywhere)."""
    return KINDS


def kind_of(record: R) -> RecordKind[R]:
    """The kind a record belongs to."""
    for kind in KINDS:
        if type(record) is kind.type:
            return kind
    raise TypeError(f"{type(record).__name__} is not a registered kind of record")


def kind_named(name: str) -> RecordKind[Any]:
    """The kind with this name (``meeting``) or folder (``meetings``)."""
    for kind in KINDS:
        if name in (kind.name, kind.folder):
            return kind
    raise KeyError(name)
