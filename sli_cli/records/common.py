"""What every kind of record shares: the schema version, strict reading of
ids, text and links, and the compact TOML each kind writes."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from sli_cli.core.errors import Problem, Severity
from sli_cli.core.text import is_web_address, printable
from sli_cli.plan.model import id_problem
from sli_cli.plan.tomlsource import Fields, open_fields
from sli_cli.records.kind import CheckContext

# Version 2 records carry a ``uid`` that is also in their file name, so that no
# two copies of a plan (git clones) can write the same file; version 1 records
# (named after their id alone) are still read as they are.
RECORD_SCHEMA_VERSION = 2
READABLE_SCHEMA_VERSIONS = (1, 2)
UID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/i/l
UID_LENGTH = 8  # 31**8, about 850 thousand million: two clones never draw the same
UID_PATTERN = re.compile(rf"^[{UID_ALPHABET}]{{{UID_LENGTH}}}\Z")
LEGACY_REF = re.compile(r"^v[1-9][0-9]*\Z")  # a version written before uids: v1, v2
LINK_PATTERN = re.compile(r"^https?://[^\s<>\"']+\Z", re.IGNORECASE)


def new_uid() -> str:
    """A fresh uid for a record about to be written."""
    import secrets  # only commands that write need it

    return "".join(secrets.choice(UID_ALPHABET) for _ in range(UID_LENGTH))


def schema_for(uid: str) -> int:
    """The schema version a record is written with: 1 for one without a uid."""
    return RECORD_SCHEMA_VERSION if uid else 1


def stamp_order(recorded_at: datetime | None) -> datetime:
    """When a record was recorded, comparable across records (unknown: earliest)."""
    if recorded_at is None:
        return datetime.min.replace(tzinfo=UTC)
    return recorded_at if recorded_at.tzinfo else recorded_at.replace(tzinfo=UTC)


class Versioned(Protocol):
    """A record of which later versions are written: each names the versions
    it replaces (``bases``) by their ``ref`` (the uid, or ``v2`` before uids)."""

    @property
    def uid(self) -> str: ...

    @property
    def recorded_at(self) -> datetime | None: ...

    @property
    def ref(self) -> str: ...

    @property
    def bases(self) -> tuple[str, ...]: ...


class Amending:
    """A record whose versions are named by their uid, each naming the
    versions it replaces in ``amends`` (a base of the record's dataclass)."""

    __slots__ = ()
    uid: str
    amends: tuple[str, ...]

    @property
    def ref(self) -> str:
        """How a later version names this one: its uid."""
        return self.uid

    @property
    def bases(self) -> tuple[str, ...]:
        """The refs of the versions this one replaces."""
        return self.amends


class Numbered(Amending):
    """A record that may also have been written before uids, its versions
    then numbered 1, 2, 3, each replacing the one before."""

    __slots__ = ()
    version: int

    @property
    def ref(self) -> str:
        """Its uid, or ``v2`` for a version written before uids."""
        return self.uid or f"v{self.version}"

    @property
    def bases(self) -> tuple[str, ...]:
        if self.uid:
            return self.amends
        return (f"v{self.version - 1}",) if self.version > 1 else ()


class Kept(Versioned, Protocol):
    """A version as written to its file: where, and by whom."""

    @property
    def path(self) -> str: ...

    @property
    def recorded_by(self) -> str: ...


V = TypeVar("V", bound=Versioned)
R = TypeVar("R", bound=Kept)
K = TypeVar("K", bound=Hashable)


def recorded_last(record: Versioned) -> tuple[datetime, str]:
    """The order in which versions count: recorded last, then the larger ref."""
    return stamp_order(record.recorded_at), record.ref


def standing(versions: Iterable[V]) -> list[V]:
    """The versions no other version replaces, the one that counts (recorded
    last) last. Versions written before uids form one line: each replaces
    every lower number, even when one in between is missing."""
    found = list(versions)
    if len(found) == 1 and not found[0].bases:
        return found
    amended = {ref for r in found for ref in r.bases}
    amended |= {f"v{n}" for r in found if not r.uid
                for n in range(1, getattr(r, "version", 1))}
    return sorted([r for r in found if r.ref not in amended] or found, key=recorded_last)


def divergence(context: CheckContext, current: list[R], *, note: str, lead: str, until: str,
               item: Callable[[R], str] = lambda r: "",
               key: tuple[str | int, ...] | None = None) -> list[Problem]:
    """When several versions stand at once (written in two copies of the
    plan): a note for the views, ``note`` and the path of the one that counts
    (recorded last, ``current[-1]``), and a warning, ``lead: <every version>.
    until``, each version told by ``item``, its path, who recorded it and
    when. ``key`` is the field the warning points at; by default the uid, or
    the version of a record written without one."""
    if len(current) < 2:
        return []
    shown = current[-1]
    context.notes.append(f"{note} ({shown.path})")
    each = "; ".join(f"{item(r)}{r.path}, {who_and_when(r.recorded_by, r.recorded_at)}"
                     for r in current)
    where = key if key is not None else ("uid",) if shown.uid else ("version",)
    return [context.problem(shown.path, where, f"{lead}: {each}. {until}", Severity.WARNING)]


def grouped(records: Iterable[V], key: Callable[[V], K]) -> dict[K, list[V]]:
    """Records by ``key`` (the action, output, ask, month they are about)."""
    found: dict[K, list[V]] = {}
    for record in records:
        found.setdefault(key(record), []).append(record)
    return found


def who_and_when(recorded_by: str, recorded_at: datetime | None) -> str:
    """``recorded 2023-10-02 10:00 UTC by Alice``, as far as it is known."""
    when = (f"recorded {stamp_order(recorded_at).astimezone(UTC):%Y-%m-%d %H:%M} UTC"
            if recorded_at else "recorded at an unknown time")
    return f"{when} by {recorded_by}" if recorded_by else when


# -- writing ----------------------------------------------------------------
def drop_empty(table: dict[str, Any]) -> dict[str, Any]:
    """The table without empty values: records stay short and readable."""
    return {k: v for k, v in table.items() if v not in ("", None, [], ())}


# -- reading ----------------------------------------------------------------
def open_record(data: bytes, where: str) -> tuple[Fields | None, list[Problem]]:
    """A record file's top table, or the problems that stop it being read; a
    schema version this sli does not read is a problem."""
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        return None, [Problem(where, 1, "file is empty")]
    # A key missing from the top table is placed on the file's first line.
    f, problems = open_fields(data, where, top_line=1)
    if f is None:
        return None, problems
    version = f.integer("schema_version")
    if "schema_version" in f.table and version not in READABLE_SCHEMA_VERSIONS:
        f.problem(f"schema_version {version!r} is not supported (this sli reads "
                  f"{' and '.join(map(str, READABLE_SCHEMA_VERSIONS))})", "schema_version")
    return f, problems


def read_uid(f: Fields) -> str:
    """The record's uid: required from schema version 2, absent before."""
    schema = f.table.get("schema_version")
    if schema == 1 and "uid" in f.table:
        f.seen.add("uid")
        f.problem("'uid' is only read from schema_version 2 on", "uid")
        return ""
    if schema != RECORD_SCHEMA_VERSION and "uid" not in f.table:
        return ""
    value = f.string("uid")
    if value and not UID_PATTERN.match(value):
        f.problem(f"'uid' must be {UID_LENGTH} letters and digits like 'k3f9mq2x', "
                  f"not {value!r}", "uid")
    return value


def read_refs(f: Fields, key: str) -> tuple[str, ...]:
    """Uids of other records (or ``v2``, a version written before uids)."""
    refs = f.strings(key)
    for ref in refs:
        if not (UID_PATTERN.match(ref) or LEGACY_REF.match(ref)):
            f.problem(f"'{key}' holds {ref!r}, which is not the uid of a record", key)
    return tuple(refs)


def checked_id(f: Fields, key: str = "id") -> str:
    """A required id (``KO4``, ``A3F9K``), well formed."""
    value = f.string(key)
    if value and (why := id_problem(value)):
        f.problem(why, key)
    return value


def optional_id(f: Fields, key: str) -> str:
    """An id that may be left out; well formed when given."""
    value = text(f, key)
    if value and (why := id_problem(value)):
        f.problem(why, key)
    return value


def text(f: Fields, key: str) -> str:
    """Optional free text."""
    return f.string(key, required=False)


def link(f: Fields) -> str:
    """An optional web address."""
    value = text(f, "link")
    if value and not is_web_address(value):
        f.problem("'link' must be a well-formed web address starting http:// or https://, "
                  f"not '{printable(value)}'", "link")
    return value


def shared_ids(items: list[Any], name: str, context: CheckContext) -> list[Problem]:
    """A warning for every id that two records of one kind use: two copies
    of a plan each gave out the same id (both records are kept)."""
    by_id: dict[str, list[Any]] = {}
    for item in items:
        by_id.setdefault(item.id, []).append(item)
    return [context.problem(
        found[-1].path, ("id",),
        f"{name} id {item_id} is used by {len(found)} {name}s: "
        + "; ".join(f"{x.path}, {who_and_when('', x.recorded_at)}" for x in found)
        + "; both are kept and shown", Severity.WARNING)
        for item_id, found in sorted(by_id.items()) if len(found) > 1]
