"""The edition of a month's snapshot: what the SLI lead and co-ordinator add
by hand (a foreword, highlights) and, once it has gone out, when it was sent
and to whom.

    snapshots/2023-11.k3f9mq2x.toml   a version of the November 2023 edition
    snapshots/2023-11.r7tw4hna.toml   a later one (``amends`` the first); both kept
    snapshots/2023-11.toml            written by hand without a uid (then .v2.toml)

Each change is a new version that names the versions it amends; the version
no other amends is the edition (of two made in different copies of the plan,
the one recorded last, until a later version settles it). The circulation
names roles or lists ("All DsPH in the region"); email addresses are kept
apart, under ``addresses``, and only when a person typed them as addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sli_cli.core.errors import Problem, Severity
from sli_cli.core.months import Month
from sli_cli.core.text import email_in, is_email_address, printable
from sli_cli.plan.model import Plan
from sli_cli.plan.tomlsource import Fields
from sli_cli.records.common import (
    Numbered,
    divergence,
    drop_empty,
    grouped,
    open_record,
    read_refs,
    read_uid,
    schema_for,
    standing,
    text,
)
from sli_cli.records.kind import CheckContext, RecordKind, RecordSet

FOLDER = "snapshots"


@dataclass(frozen=True, slots=True)
class Edition(Numbered):
    """One version of a month's edition."""

    month: str  # YYYY-MM
    foreword: str = ""
    highlights: tuple[str, ...] = ()
    sent: date | None = None
    circulation: tuple[str, ...] = ()  # roles or lists
    addresses: tuple[str, ...] = ()  # email addresses, typed as such
    version: int = 1
    recorded_at: datetime | None = None
    recorded_by: str = ""
    uid: str = ""  # "" in a version written without one (by hand)
    amends: tuple[str, ...] = ()  # refs of the versions this one replaces
    path: str = field(default="", compare=False)

    @property
    def recipients(self) -> tuple[str, ...]:
        """Everyone it was sent to: the roles and lists, then the addresses."""
        return self.circulation + self.addresses

    def says(self) -> tuple[object, ...]:
        """What the version says, apart from who recorded it when."""
        return (self.foreword, self.highlights, self.sent, self.circulation, self.addresses)



def edition_path(edition: Edition) -> str:
    if edition.uid:
        return f"{FOLDER}/{edition.month}.{edition.uid}.toml"
    suffix = "" if edition.version == 1 else f".v{edition.version}"
    return f"{FOLDER}/{edition.month}{suffix}.toml"


def edition_to_toml(edition: Edition) -> dict[str, Any]:
    doc = drop_empty({
        "schema_version": schema_for(edition.uid),
        "uid": edition.uid,
        "amends": list(edition.amends),
        "month": edition.month,
        "foreword": edition.foreword,
        "highlights": list(edition.highlights),
        "sent": edition.sent,
        "circulation": list(edition.circulation),
        "addresses": list(edition.addresses),
        "recorded_at": edition.recorded_at,
        "recorded_by": edition.recorded_by,
    })
    if edition.version > 1:
        doc["version"] = edition.version
    return doc


def _month(value: str) -> str:
    return Month.parse(value).key()


def _circulation(f: Fields) -> tuple[tuple[str, ...], tuple[str, ...]]:
    circulation = f.strings("circulation")
    for item in circulation:
        if not item.strip():
            f.problem("'circulation' holds an empty name", "circulation")
        elif (address := email_in(item)) is not None:
            f.problem(f"'circulation' holds the email address '{printable(address)}'; it names "
                      "roles or lists, and an address typed on purpose goes under 'addresses'",
                      "circulation")
    addresses = f.strings("addresses")
    for item in addresses:
        if not is_email_address(item):
            f.problem(f"'addresses' holds '{printable(item)}', which is not an email address",
                      "addresses")
    return tuple(circulation), tuple(addresses)


def parse_edition(data: bytes, where: str) -> tuple[Edition | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    uid = read_uid(f)
    amends = read_refs(f, "amends") if uid else ()
    month = f.choice("month", _month, "a month like 2023-11")
    foreword = text(f, "foreword")
    if "foreword" in f.table and isinstance(f.table["foreword"], str) and not foreword.strip():
        f.problem("'foreword' is empty", "foreword")
    highlights = tuple(f.strings("highlights"))
    if any(not h.strip() for h in highlights):
        f.problem("'highlights' holds an empty highlight", "highlights")
    sent = f.date("sent", required=False)
    circulation, addresses = _circulation(f)
    if sent is None and (circulation or addresses) and "sent" not in f.table:
        f.problem("'circulation' says to whom it was sent, but 'sent' (the day) is missing",
                  "circulation")
    if sent is not None and not (circulation or addresses):
        f.problem("'sent' needs a 'circulation': the roles or lists it was sent to", "sent")
    version = f.integer("version", required=False, default=1)
    if version < 1:
        f.problem(f"'version' must be 1 or more, not {version}", "version")
    recorded_at = f.datetime("recorded_at", required=False)
    recorded_by = text(f, "recorded_by")
    f.finish()
    if len(problems) != before or month is None:
        return None, problems
    return Edition(month=month, foreword=foreword, highlights=highlights, sent=sent,
                   circulation=circulation, addresses=addresses, version=version,
                   recorded_at=recorded_at, recorded_by=recorded_by, uid=uid, amends=amends,
                   path=where), problems


# -- versions ---------------------------------------------------------------
def heads(versions: list[Edition]) -> list[Edition]:
    """The versions no other version amends, the one that counts (recorded
    last) last."""
    return standing(versions)


def by_month(editions: list[Edition]) -> dict[str, list[Edition]]:
    return grouped(editions, lambda e: e.month)


def current(editions: list[Edition], month: str) -> Edition | None:
    """The edition of ``month`` that counts, if it has one."""
    mine = by_month(editions).get(month)
    return heads(mine)[-1] if mine else None


# -- checks -----------------------------------------------------------------
def check_editions(plan: Plan, records: RecordSet, context: CheckContext) -> list[Problem]:
    """An edition's month lies in the plan period (or the quarter after it)."""
    first, closing = Month.of(plan.first_day()), Month.of(plan.last_meeting_day())
    problems = []
    for e in records.of(KIND):
        month = Month.parse(e.month)
        if not first <= month <= closing:
            problems.append(context.problem(
                e.path, ("month",), f"the edition of {e.month} is outside the plan period "
                f"({first.key()} to {closing.key()})"))
        if e.sent is not None and e.sent < month.first_day():
            problems.append(context.problem(
                e.path, ("sent",), f"the edition of {e.month} was sent on "
                f"{e.sent.isoformat()}, before its month began"))
    return problems


def check_editions_own(records: RecordSet, context: CheckContext) -> list[Problem]:
    """Versions written without uids run 1, 2, 3; two versions made in
    different copies of the plan are reported."""
    problems = []
    for month, found in sorted(by_month(records.of(KIND)).items()):
        legacy = sorted(e.version for e in found if not e.uid)
        if legacy and legacy != list(range(1, len(legacy) + 1)):
            last = max((e for e in found if not e.uid), key=lambda e: e.version)
            problems.append(context.problem(
                last.path, ("version",), f"edition of {month}: versions "
                f"{', '.join(map(str, legacy))} have a gap (each version is a new file "
                "numbered from 1)"))
        refs = {e.ref for e in found}
        for e in found:
            for ref in e.amends:
                if ref not in refs:
                    problems.append(context.problem(
                        e.path, ("amends",), f"edition of {month}: version {e.version} amends "
                        f"{ref}, which is not in the plan folder (not pulled yet, or removed?)",
                        Severity.WARNING))
        now = heads(found)
        told = f"the edition of {month} has {len(now)} versions"
        problems += divergence(
            context, now, item=lambda e: f"version {e.version} in ",
            note=f"{told} made in different places; showing the one recorded last",
            lead=f"{told} that do not know of each other (written in two places at once)",
            until="Until a later version settles it, the one recorded last counts "
                  f"({now[-1].path})")
    return problems


def describe(edition: Edition) -> str:
    return f"the edition of {edition.month}" + (f" version {edition.version}"
                                                if edition.version != 1 else "")


KIND: RecordKind[Edition] = RecordKind(
    name="edition",
    folder=FOLDER,
    type=Edition,
    parse=parse_edition,
    to_toml=edition_to_toml,
    path=edition_path,
    describe=describe,
    check=check_editions,
    check_own=check_editions_own,
    place_key="month",
)
