"""Checks of the records: each kind's checks against the plan and among the
records, run from the table of kinds.

Each check is a plain function returning a list of problems, so ``sli check``
can show them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sli_cli.core import clock
from sli_cli.core.errors import Problem
from sli_cli.plan.model import Plan
from sli_cli.records.collection import Records
from sli_cli.records.kind import CheckContext
from sli_cli.records.kinds import all_kinds


@dataclass(frozen=True)
class RecordProblems:
    """What the checks of the records found."""

    problems: list[Problem]
    held_back: int  # problems against a plan that has errors of its own, not shown
    notes: list[str]  # divergences, one line each, for views to mention


def check_records(plan: Plan | None, records: Records, today: date | None = None, *,
                  plan_has_errors: bool = False) -> RecordProblems:
    """Every problem among the records and against the plan.

    While the plan itself has errors, the problems of records against it are
    held back (only counted): a typo in plan.toml would otherwise come back
    once for every record that refers to what it broke.
    """
    context = CheckContext(today or clock.today())
    problems: list[Problem] = []
    against_plan: list[Problem] = []
    for kind in all_kinds():
        problems.extend(kind.check_own(records, context))
        if plan is not None:
            against_plan.extend(kind.check(plan, records, context))
    if plan_has_errors:
        return RecordProblems(problems, len(against_plan), context.notes)
    return RecordProblems(problems + against_plan, 0, context.notes)
