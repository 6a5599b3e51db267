"""Checks of the plan that records rely on.

Each check is a plain function returning a list of problems, so ``sli check``
can show them all at once. The checks of each kind of record live with the
kind (``sli_cli.records``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sli_cli.core import clock
from sli_cli.core.errors import Problem, Severity
from sli_cli.plan.model import Plan


def check_meeting_date(plan: Plan, day: date, where: str, label: str | Callable[[], str],
                       today: date | None = None, *, stored: bool = False,
                       line: int | None = None) -> list[Problem]:
    """A meeting happens within the plan period (or in the quarter after it, to
    review the last quarter) and not in the future."""
    problems = []
    if callable(label):
        label = label()
    latest = plan.last_meeting_day()
    if not plan.first_day() <= day <= latest:
        problems.append(Problem(where, line, f"{label}: date {day.isoformat()} is outside the "
                                f"plan period ({plan.first_day().isoformat()} to "
                                f"{latest.isoformat()})"))
    if day > (today or clock.today()):
        problems.append(Problem(where, line, f"{label}: date {day.isoformat()} is in the future",
                                Severity.WARNING if stored else Severity.ERROR))
    return problems
