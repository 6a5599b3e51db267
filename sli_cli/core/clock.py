"""Today's date, in one place, so that tests and examples can fix it."""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    """Today, or the ISO date in ``SLI_TODAY`` when set (for tests and demos)."""
    fixed = os.environ.get("SLI_TODAY")
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass
    return date.today()
