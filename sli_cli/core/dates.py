"""Dates: strict when read from files, lenient when typed by a person.

Stored dates are ISO (``2023-07-12``, or a TOML date). A person typing at a
prompt or on the command line may write ``12/07/2023``, ``12/7/23``,
``12 July 2023`` or ``today``: UK users write the day first.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sli_cli.core.quarters import FIRST_YEAR, LAST_YEAR

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DateError(ValueError):
    """Text that is not a date."""


def plausible(day: date, text: str) -> date:
    """``day``, if its year is one a plan can use (see ``quarters``)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DateError(f"'{text}' is not a date this tool can use: the year must be between "
                        f"{FIRST_YEAR} and {LAST_YEAR}")
    return day


def parse_iso(text: str) -> date:
    """Strict ISO date, as stored in files."""
    if not _ISO.match(text.strip()):
        raise DateError(f"'{text}' is not an ISO date (YYYY-MM-DD)")
    try:
        return plausible(date.fromisoformat(text.strip()), text)
    except ValueError as exc:
        if isinstance(exc, DateError):
            raise
        raise DateError(f"'{text}' is not a real date ({exc})") from None


def parse_lenient(text: str, today: date | None = None) -> date:
    """A date as a person types it, day first; a day, month and year are needed."""
    raw = text.strip()
    if not raw:
        raise DateError("no date given")
    lowered = raw.lower()
    base = today or date.today()
    if lowered == "today":
        return base
    if lowered == "yesterday":
        return base - timedelta(days=1)
    if lowered == "tomorrow":
        return base + timedelta(days=1)
    if _ISO.match(raw):
        return parse_iso(raw)
    # dateutil is imported here, not at start-up: most commands never need it.
    from dateutil import parser

    results = []
    for default in (datetime(2000, 1, 1), datetime(2001, 2, 2)):
        try:
            results.append(parser.parse(raw, dayfirst=True, default=default).date())
        except (ValueError, OverflowError):
            raise DateError(
                f"'{text}' is not a date; write it day first, like 12/07/2023 or 12 July 2023"
            ) from None
    if results[0] != results[1]:
        raise DateError(
            f"'{text}' is not a full date; give a day, month and year, like 12/07/2023"
        )
    return plausible(results[0], text)


def describe(day: date) -> str:
    """Unambiguous echo of a date: ``Wed 12 July 2023 (2023-07-12)``."""
    return f"{day:%a} {day.day} {day:%B %Y} ({day.isoformat()})"
