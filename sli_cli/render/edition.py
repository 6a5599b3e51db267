"""The snapshot editions for the terminal: one row per month (``sli edition
list``) and one month's edition in full, with its versions (``sli edition
show``)."""

from __future__ import annotations

from typing import Any

from sli_cli.core.months import Month
from sli_cli.core.text import printable
from sli_cli.records.common import who_and_when
from sli_cli.records.edition import Edition
from sli_cli.render.listing import Column

COLUMNS = [Column("month", "Month", no_wrap=True), Column("version", "Version", no_wrap=True),
           Column("foreword", "Foreword", min_width=20),
           Column("highlights", "Highlights"),
           Column("sent", "Sent", no_wrap=True), Column("circulation", "To")]
# The table (80 columns): the version and the number of highlights are in
# the other formats and in ``sli edition show``.
TABLE_COLUMNS = [Column("month", "Month", no_wrap=True),
                 Column("foreword", "Foreword", min_width=20, ratio=3),
                 Column("sent", "Sent", no_wrap=True),
                 Column("circulation", "Sent to", min_width=12, ratio=2)]
FOREWORD_SHOWN = 60  # characters of the foreword in the table


def edition_row(current: Edition, *, table: bool = False, lists: bool = False,
                one_a_line: bool = False) -> dict[str, Any]:
    """A month's edition as a row: the foreword cut short in the ``table``,
    whole in every other format; highlights and circulation as ``lists``
    (JSON), one a line in a cell (``one_a_line``: CSV, where a highlight may
    itself hold '; '), or joined by '; ' (the table, Markdown)."""
    foreword = current.foreword if lists or one_a_line else " ".join(current.foreword.split())
    if table and len(foreword) > FOREWORD_SHOWN:
        foreword = foreword[:FOREWORD_SHOWN - 1].rstrip() + "…"
    joiner = "\n" if one_a_line else "; "
    return {"month": current.month, "version": current.version, "foreword": foreword,
            "highlights": list(current.highlights) if lists
            else joiner.join(current.highlights),
            "sent": current.sent, "circulation": list(current.circulation) if lists
            else joiner.join(current.circulation)}


def edition_detail(current: Edition, versions: list[Edition], history: bool) -> str:
    """The edition as it stands, and with ``history`` each version: who
    recorded it when, and what it changed."""
    month = Month.parse(current.month)
    lines = [f"The {month.label()} snapshot: edition version {current.version} "
             f"({current.path})", ""]
    lines += ["Foreword:", *(f"  {printable(line)}" for line in
                             (current.foreword.splitlines() or ["(none)"])), ""]
    lines.append("Highlights:" if current.highlights else "Highlights: none")
    lines += [f"  - {printable(h)}" for h in current.highlights]
    lines.append("")
    if current.sent is None:
        lines.append("Sent: not yet recorded as sent")
    else:
        lines.append(f"Sent: {current.sent.isoformat()} to "
                     f"{printable('; '.join(current.recipients))}")
    if history:
        lines += ["", f"Versions ({len(versions)}, oldest first):"]
        before: Edition | None = None
        for version in versions:
            lines += [f"  version {version.version}: {_changed(before, version)}",
                      f"    {who_and_when(version.recorded_by, version.recorded_at)}",
                      f"    {version.path}"]
            before = version
    return "\n".join(lines) + "\n"


def _changed(before: Edition | None, after: Edition) -> str:
    if before is None:
        return "first written" if after.sent is None or after.foreword else "recorded as sent"
    parts = []
    if after.foreword != before.foreword:
        parts.append("the foreword")
    if after.highlights != before.highlights:
        parts.append("the highlights")
    if before.sent is None and after.sent is not None:
        parts.append("recorded as sent")
    elif after.sent != before.sent or after.recipients != before.recipients:
        was = before.sent.isoformat() if before.sent else "not sent"
        parts.append(f"corrected the sending (was {was} to "
                     f"{printable('; '.join(before.recipients))})")
    return ", ".join(parts) if parts else "no change"
