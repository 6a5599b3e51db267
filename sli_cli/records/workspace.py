"""A loaded plan folder: the plan, its records, and the checks that bind them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sli_cli.core.errors import PlanProblems, Problem, Severity
from sli_cli.plan.discover import find_plan
from sli_cli.plan.loader import read_plan
from sli_cli.plan.model import Plan
from sli_cli.plan.previous import previous_problem
from sli_cli.records.checks import check_records
from sli_cli.records.collection import Records
from sli_cli.records.load import read_records


@dataclass
class Workspace:
    folder: Path
    plan: Plan
    records: Records
    warnings: list[Problem]
    notes: list[str] = field(default_factory=list)  # divergences: which record views show


@dataclass
class FolderCheck:
    """Everything wrong with a plan folder."""

    plan: Plan | None
    records: Records
    problems: list[Problem]
    held_back: int  # problems of records against a plan.toml that has errors, not shown
    notes: list[str] = field(default_factory=list)  # divergences: which record views show


def inspect_folder(folder: Path, today: date | None = None) -> FolderCheck:
    """Everything wrong with a plan folder, warnings included."""
    plan, problems = read_plan(folder)
    if plan is not None and (missing := previous_problem(folder, plan)) is not None:
        problems.append(missing)  # optional: a warning, the history is not shown
    plan_has_errors = any(p.severity is Severity.ERROR for p in problems)
    records, record_problems = read_records(folder)
    problems.extend(record_problems)
    checked = check_records(plan, records, today, plan_has_errors=plan_has_errors)
    problems.extend(checked.problems)
    return FolderCheck(plan, records, problems, checked.held_back, checked.notes)


def check_folder(folder: Path, today: date | None = None) -> tuple[Plan | None, Records,
                                                                   list[Problem]]:
    """Everything wrong with a plan folder, warnings included."""
    found = inspect_folder(folder, today)
    return found.plan, found.records, found.problems


def open_workspace(plan_option: str | Path | None = None, today: date | None = None) -> Workspace:
    """Find and load a plan folder; raise ``PlanProblems`` when it has errors."""
    folder = find_plan(plan_option)
    found = inspect_folder(folder, today)
    plan, problems = found.plan, found.problems
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if plan is None or errors:
        raise PlanProblems(errors or problems)
    return Workspace(folder, plan, found.records, [p for p in problems if p not in errors],
                     found.notes)
