"""Every record of a plan folder, by kind: the model views and checks read.

Plain data, no I/O: ``sli_cli.records.load`` reads the files and builds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any, TypeVar

from sli_cli.core.errors import Problem
from sli_cli.core.quarters import Quarter
from sli_cli.records import action_done, event, meeting, update, withdrawal
from sli_cli.records.action_done import ActionDone
from sli_cli.records.event import Event
from sli_cli.records.kind import Places, RecordKind
from sli_cli.records.meeting import Meeting
from sli_cli.records.update import Update
from sli_cli.records.withdrawal import Withdrawal

R = TypeVar("R")


class Records:
    """Every record in a plan folder. Meetings keep all their versions.

    ``of(kind)`` gives the records of any kind in the order their files were
    listed; the properties below index the kinds every view uses.
    """

    def __init__(self, by_kind: dict[str, list[Any]] | None = None) -> None:
        self._by_kind: dict[str, list[Any]] = by_kind or {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Records) and self._by_kind == other._by_kind

    __hash__ = None  # type: ignore[assignment]

    def of(self, kind: RecordKind[R]) -> list[R]:
        """The records of one kind."""
        return self._by_kind.get(kind.name, [])

    def only(self, kind: RecordKind[R], keep: Callable[[R], bool]) -> Records:
        """These records with only the records of ``kind`` that ``keep`` accepts."""
        return Records({**self._by_kind, kind.name: [r for r in self.of(kind) if keep(r)]})

    @cached_property
    def meeting_versions(self) -> dict[tuple[Quarter, str], list[Meeting]]:
        """Every version of each meeting, oldest version first."""
        return meeting.versions_by_meeting(self.of(meeting.KIND))

    @property
    def meetings(self) -> list[Meeting]:
        """The current (latest) version of each meeting, oldest quarter first."""
        return [versions[-1] for _, versions in sorted(self.meeting_versions.items())]

    def meeting(self, priority: str, quarter: Quarter) -> Meeting | None:
        versions = self.meeting_versions.get((quarter, priority))
        return versions[-1] if versions else None

    @cached_property
    def done_versions(self) -> dict[str, list[ActionDone]]:
        """Every version of each action's completion (corrections after the
        first), the one that counts last."""
        return action_done.versions_by_action(self.of(action_done.KIND))

    @cached_property
    def done(self) -> dict[str, ActionDone]:
        """The actions done now, by id: the completion that counts (of several
        recorded in different places, the one recorded last), unless a
        correction said the action was not done."""
        return {action: versions[-1] for action, versions in self.done_versions.items()
                if versions[-1].done}

    @cached_property
    def withdrawals(self) -> list[Withdrawal]:
        return self.of(withdrawal.KIND)

    @cached_property
    def withdrawn_ids(self) -> set[str]:
        """Ids of the events and updates withdrawn."""
        return {w.item for w in self.withdrawals}

    @cached_property
    def withdrawn(self) -> list[Event | Update]:
        """The events and updates a withdrawal took back."""
        items: list[Event | Update] = [*self.of(event.KIND), *self.of(update.KIND)]
        return [i for i in items if i.id in self.withdrawn_ids]

    @cached_property
    def events(self) -> list[Event]:
        """Events by date (not those withdrawn)."""
        return sorted((e for e in self.of(event.KIND) if e.id not in self.withdrawn_ids),
                      key=lambda e: (e.date, e.title))

    @cached_property
    def updates(self) -> list[Update]:
        """Updates by month (not those withdrawn)."""
        return sorted((u for u in self.of(update.KIND) if u.id not in self.withdrawn_ids),
                      key=lambda u: (u.month, u.title))


Parsed = tuple[RecordKind[Any], str, Any, list[Problem]]  # kind, relative path, record, problems


def join_display(prefix: str, relative: str) -> str:
    """A record's path as shown: the plan folder as shown, then the relative path."""
    return relative if prefix == "." else f"{prefix}/{relative}"


def assemble(prefix: str, parsed: Iterable[Parsed]) -> tuple[Records, list[Problem]]:
    """Records from parsed files, with the problems of files in the wrong place
    (a record whose content says it belongs in another file is left out)."""
    by_kind: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    places = Places()
    for kind, relative, record, found in parsed:
        problems.extend(found)
        if record is None:
            continue
        expected = kind.path(record)
        if expected != relative:
            where = join_display(prefix, relative)
            problems.append(Problem(where, places.line(where, (kind.place_key,)),
                                    f"{kind.describe(record)} belongs in {expected}"))
            continue
        by_kind.setdefault(kind.name, []).append(record)
    return Records(by_kind), problems
