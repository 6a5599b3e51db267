"""Today's date, in one place so that output can be reproduced (tests, examples)."""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    """Today, or the date in the SLI_TODAY environment variable (YYYY-MM-DD)."""
    value = os.environ.get("SLI_TODAY")
    return date.fromisoformat(value) if value else date.today()
