"""What a kind of record declares: one ``RecordKind`` value per kind.

The table of every kind is ``sli_cli.records.kinds``; the store (where files
go, how they are listed and parsed), the checks, the cache and the guard on
``-o`` read it, so a new kind is one module defining its record and its
``RecordKind`` plus one entry in that table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from sli_cli.core.errors import Problem, Severity
from sli_cli.plan.tomlsource import Path_, SourceMap

if TYPE_CHECKING:
    from sli_cli.plan.model import Plan

R = TypeVar("R")


class RecordSet(Protocol):
    """What checks read of the records (``sli_cli.records.collection.Records``)."""

    def of(self, kind: RecordKind[R]) -> list[R]:
        """The records of one kind."""
        ...

    @property
    def withdrawn_ids(self) -> set[str]:
        """Ids of the events and updates withdrawn (left out of checks and views)."""
        ...


class Places:
    """Lines of keys in record files, found only when a problem needs one:
    scanning a file for lines costs more than parsing it, and most files have
    no problem."""

    def __init__(self) -> None:
        self._maps: dict[str, SourceMap | None] = {}

    def line(self, where: str, key: Path_) -> int | None:
        if where not in self._maps:
            try:
                text = Path(where).read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                self._maps[where] = None
            else:
                self._maps[where] = SourceMap.lazy(text, top=1)
        smap = self._maps[where]
        return None if smap is None else smap.line(key)


@dataclass(frozen=True)
class CheckContext:
    """What checks need beyond the plan and the records."""

    today: date
    stored: bool = True  # the records were read from their files (not about to be written)
    places: Places = field(default_factory=Places, compare=False)
    # One line per divergence (records made in two copies of the plan that do
    # not know of each other), for views to say which record they show.
    notes: list[str] = field(default_factory=list, compare=False)

    def line(self, where: str, *key: str | int) -> int | None:
        """The line of ``key`` (a path into the TOML document, such as
        ``("outcomes", 2, "rag")``) in the record file ``where``."""
        return self.places.line(where, key) if self.stored and where else None

    def problem(self, where: str, key: Path_, message: str,
                severity: Severity = Severity.ERROR) -> Problem:
        """A problem placed at ``key`` of the file ``where``."""
        return Problem(where, self.line(where, *key), message, severity)


def no_check(plan: Plan, records: RecordSet, context: CheckContext) -> list[Problem]:
    return []


def no_own_check(records: RecordSet, context: CheckContext) -> list[Problem]:
    return []


@dataclass(frozen=True, eq=False)
class RecordKind(Generic[R]):
    """Everything ``sli`` needs to know about one kind of record."""

    name: str  # in messages: "meeting"
    folder: str  # its folder in the plan folder: "meetings"
    type: type[R]
    parse: Callable[[bytes, str], tuple[R | None, list[Problem]]]  # (bytes, where shown)
    to_toml: Callable[[R], dict[str, Any]]
    path: Callable[[R], str]  # where a record belongs, relative to the plan folder
    describe: Callable[[R], str]  # "event E7KQ2", in messages
    # Problems against the plan; held back while plan.toml itself has errors.
    check: Callable[[Plan, RecordSet, CheckContext], list[Problem]] = no_check
    # Problems among the records alone (two files claiming one id, a gap).
    check_own: Callable[[RecordSet, CheckContext], list[Problem]] = no_own_check
    place_key: str = "id"  # the key whose value decides the file's name
    nested: bool = False  # files one folder further down: meetings/2023-24-Q2/P2.toml
    id_prefix: str = ""  # first letter of the short ids this kind is given (E7KQ2)
