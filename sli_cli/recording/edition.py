"""Writing a month's edition: its foreword and highlights, and the record
that it was sent. Every change is a new version file that amends the current
one; the earlier versions stay as they were."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sli_cli.core.errors import (
    AddressInCirculation,
    ExitCode,
    InputError,
    SliError,
    display_path,
)
from sli_cli.core.months import Month
from sli_cli.core.text import email_in, is_email_address, printable
from sli_cli.records import edition
from sli_cli.records.common import new_uid
from sli_cli.records.edition import Edition
from sli_cli.records.load import read_records
from sli_cli.records.store import locked, write_record

FORM_SPLIT = "# --- Highlights below: one a line, each starting with '- ' ---"


class NothingChanged(SliError):
    """A new version that would say what the current one says (exit 1, as
    an amendment or a project update that changes nothing)."""


class AlreadySent(SliError):
    """The month's snapshot was recorded as sent before."""


class NotSentYet(SliError):
    """A correction of the sending of a snapshot not recorded as sent."""

    code = ExitCode.USAGE


def edition_form(month_label: str, current: Edition | None) -> str:
    """The text a person edits: the foreword, then the highlights."""
    foreword = current.foreword if current else ""
    highlights = "\n".join(f"- {h}" for h in current.highlights) if current else ""
    return (f"# The foreword of the {month_label} snapshot, from the SLI lead.\n"
            "# Lines starting with '#' are left out. Empty the file to cancel.\n"
            f"{foreword}\n\n{FORM_SPLIT}\n{highlights}\n")


def read_form(text: str) -> tuple[str, tuple[str, ...]]:
    """(foreword, highlights) from an edited form."""
    top, _, bottom = text.partition(FORM_SPLIT)
    foreword = "\n".join(line for line in top.splitlines() if not line.startswith("#")).strip()
    items = [line.strip() for line in bottom.splitlines()]
    highlights = tuple(item[1:].strip() for item in items
                       if item.startswith("-") and item[1:].strip())
    return foreword, highlights


def current_edition(folder: Path, month: Month) -> Edition | None:
    """The edition of ``month`` that counts now, if it has one."""
    records, _ = read_records(folder)
    return edition.current(records.of(edition.KIND), month.key())


def _next_version(folder: Path, month: Month, change: Callable[[Edition], Edition], *,
                  stamp: datetime, by: str,
                  check: Callable[[Edition | None], None] | None = None,
                  ) -> tuple[Edition, Path]:
    """Write ``month``'s edition with ``change`` applied to the current
    version, as a new version amending every current one."""
    with locked(folder):
        records, _ = read_records(folder)
        found = edition.by_month(records.of(edition.KIND)).get(month.key(), [])
        heads = edition.heads(found) if found else []
        base = heads[-1] if heads else Edition(month.key())
        if check is not None:
            check(heads[-1] if heads else None)
        new = replace(change(base), version=1 + max((e.version for e in heads), default=0),
                      recorded_at=stamp, recorded_by=by, uid=new_uid(),
                      amends=tuple(sorted(e.ref for e in heads)), path="")
        if not new.foreword.strip() and new.sent == base.sent \
                and new.recipients == base.recipients:
            raise InputError("foreword", "", f"the edition of {month.label()} has no foreword; "
                             "an edition needs a few sentences from the SLI lead",
                             defaulted=True)
        if len(heads) == 1 and new.says() == base.says():
            raise NothingChanged(f"the edition of {month.label()} already says this; nothing "
                                 "was written")
        path = write_record(folder, new)
    return replace(new, path=display_path(path)), path


def write_edition(folder: Path, month: Month, *, foreword: str | None = None,
                  highlights: tuple[str, ...] | None = None, stamp: datetime,
                  by: str) -> tuple[Edition, Path]:
    """Write the next version of ``month``'s edition: the foreword and the
    highlights given (highlights replace the earlier ones), the rest as in
    the current version."""
    if foreword is not None and not foreword.strip():
        raise InputError("foreword", foreword, "the foreword is empty; write a few sentences "
                         "from the SLI lead")

    def change(base: Edition) -> Edition:
        return replace(
            base, foreword=base.foreword if foreword is None else foreword.strip(),
            highlights=base.highlights if highlights is None
            else tuple(h.strip() for h in highlights if h.strip()))

    return _next_version(folder, month, change, stamp=stamp, by=by)


def record_sent(folder: Path, month: Month, *, day: date, today: date,
                circulation: tuple[str, ...], addresses: tuple[str, ...] = (),
                stamp: datetime, by: str, correct: bool = False) -> tuple[Edition, Path]:
    """Record that ``month``'s snapshot went out on ``day`` to the roles or
    lists of ``circulation`` (and the email ``addresses`` typed as such).
    With ``correct``, the sending already recorded was wrong: the new version
    says when and to whom instead (the earlier one is kept)."""
    if day > today:
        raise InputError("date", day.isoformat(), f"{day.isoformat()} is in the future")
    if day < month.first_day():
        raise InputError("date", day.isoformat(), f"{day.isoformat()} is before "
                         f"{month.label()}, the month of the snapshot")
    names = tuple(" ".join(c.split()) for c in circulation if c.strip())
    if not names and not addresses:
        raise InputError("circulation", "", "say who it was sent to: a role or a list, e.g. "
                         "'All DsPH in the region'")
    for name in names:
        if (address := email_in(name)) is not None:
            raise AddressInCirculation(name, address)
    typed = tuple(a.strip() for a in addresses)
    for address in typed:
        if not is_email_address(address):
            raise InputError("address", address, f"'{printable(address)}' is not an email "
                             "address", follows_name=False)

    def not_sent_yet(current: Edition | None) -> None:
        if current is not None and current.sent is not None:
            raise AlreadySent(f"the {month.label()} snapshot was already recorded as sent on "
                              f"{current.sent.isoformat()} to {'; '.join(current.recipients)} "
                              f"({current.path})")

    def sent_before(current: Edition | None) -> None:
        if current is None or current.sent is None:
            raise NotSentYet(f"the {month.label()} snapshot is not recorded as sent, so there "
                             "is no sending to correct")

    return _next_version(
        folder, month, lambda base: replace(base, sent=day, circulation=names, addresses=typed),
        stamp=stamp, by=by, check=sent_before if correct else not_sent_yet)
