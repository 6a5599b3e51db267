"""Today's date, in one place, so that tests and examples can fix it."""

from __future__ import annotations

import os
import re
from datetime import date

from sli_cli.core.errors import InputError

# The days sli can reason about: quarters, ages and eight-week windows around
# today must stay inside what ``datetime.date`` can hold.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def today() -> date:
    """Today, or the ISO date in ``SLI_TODAY`` when set (for tests and demos).

    A value that is not an ISO date, or a day sli cannot reason about, is
    refused rather than ignored: a demo must not silently run on the real day.
    """
    fixed = os.environ.get("SLI_TODAY")
    if fixed is None or fixed == "":
        return date.today()
    from sli_cli.core.text import printable

    shown = printable(fixed)
    try:
        if not _ISO_DAY.match(fixed):
            raise ValueError(fixed)
        day = date.fromisoformat(fixed)
    except ValueError:
        raise InputError("SLI_TODAY", shown, f"SLI_TODAY is set to '{shown}', which is not a "
                         "date written YYYY-MM-DD (such as 2024-03-31); unset it to use "
                         "today's date") from None
    if not EARLIEST <= day <= LATEST:
        raise InputError("SLI_TODAY", fixed, f"SLI_TODAY is set to {day.isoformat()}: sli "
                         f"works with days from {EARLIEST.isoformat()} to {LATEST.isoformat()}")
    return day
