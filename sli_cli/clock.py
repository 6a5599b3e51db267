"""Today's date, in one place, so that tests (and anyone reproducing a past
run) can pin it with ``SLI_TODAY=YYYY-MM-DD``."""

from __future__ import annotations

import os
from datetime import date

from sli_cli.errors import UsageError


def today() -> date:
    """Today, or the date in ``$SLI_TODAY`` (ISO) when it is set."""
    pinned = os.environ.get("SLI_TODAY", "").strip()
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        raise UsageError(f"SLI_TODAY={pinned!r} is not a date like 2023-07-12") from None
