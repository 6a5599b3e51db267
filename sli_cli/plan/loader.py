"""Load ``plan.toml`` into a ``Plan``, reporting every problem with its line."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sli_cli.core.errors import PlanProblems, Problem, display_path
from sli_cli.core.quarters import (
    DEFAULT_YEAR_START_MONTH,
    FIRST_YEAR,
    LAST_YEAR,
    AmbiguousQuarter,
    Quarter,
    QuarterError,
)
from sli_cli.plan.model import (
    DEFAULT_DEFINITIONS,
    Objective,
    Output,
    Plan,
    Priority,
    RagScheme,
    Rating,
    id_problem,
)
from sli_cli.plan.tomlsource import Fields, open_fields, suggest

PLAN_FILE = "plan.toml"
SCHEMA_VERSION = 1


def load_plan(folder: Path) -> Plan:
    """Load and check a plan folder's ``plan.toml``; raise ``PlanProblems`` if wrong."""
    plan, problems = read_plan(folder)
    if plan is None or any(p.severity.value == "error" for p in problems):
        raise PlanProblems(problems)
    return plan


def read_plan(folder: Path) -> tuple[Plan | None, list[Problem]]:
    """The plan (None when it cannot be built) and every problem found."""
    path = folder / PLAN_FILE
    where = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(where, None, "no plan.toml here")]
    except OSError as exc:
        return None, [Problem(where, None, f"cannot read: {exc.strerror}")]
    return parse_plan(data, where)


def parse_plan(data: bytes, where: str) -> tuple[Plan | None, list[Problem]]:
    top, problems = open_fields(data, where)
    if top is None:
        return None, problems
    doc = top.table

    version = top.integer("schema_version")
    if "schema_version" in doc and version != SCHEMA_VERSION and isinstance(version, int):
        top.problem(
            f"schema_version {version} is not supported by this sli (it reads {SCHEMA_VERSION})",
            "schema_version",
        )
    plan_id = top.string("id")
    if plan_id and (why := id_problem(plan_id)):
        top.problem(why, "id")
    title = top.string("title")
    network = top.string("network")
    year_start = top.integer("year_start_month", required=False, default=DEFAULT_YEAR_START_MONTH)
    if not 1 <= year_start <= 12:
        top.problem(f"'year_start_month' must be 1 to 12, not {year_start}", "year_start_month")
        year_start = DEFAULT_YEAR_START_MONTH
    start = top.quarter("start", year_start_month=year_start)
    end = top.quarter("end", year_start_month=year_start)
    sli_lead = top.string("sli_lead")
    coordinator = top.string("coordinator")
    contact = top.string("contact", required=False)
    if start and end and end < start:
        top.problem(f"'end' ({end.label(year_start)}) is before 'start' "
                    f"({start.label(year_start)})", "end")

    scheme = _read_scheme(top)
    priorities = _read_priorities(top)
    objectives = _read_objectives(top, {p.id for p in priorities}, start, end, year_start)
    top.finish()

    if start is None or end is None:
        return None, problems
    plan = Plan(
        id=plan_id,
        title=title,
        network=network,
        start=start,
        end=end,
        sli_lead=sli_lead,
        coordinator=coordinator,
        contact=contact,
        scheme=scheme,
        priorities=tuple(priorities),
        objectives=tuple(objectives),
        year_start_month=year_start,
        schema_version=version,
    )
    return plan, problems


def _read_scheme(top: Fields) -> RagScheme:
    table = top.table_("rag")
    if table is None:
        return RagScheme(dict(DEFAULT_DEFINITIONS))
    definitions: dict[Rating, str] = {}
    known = [r.value for r in Rating]
    f = top.child("rag", None, table, "rag")
    for key, value in table.items():
        f.seen.add(key)
        try:
            rating = Rating(key.lower())
        except ValueError:
            f.problem(
                f"rating '{key}' is not one sli knows{suggest(key.lower(), known)}; "
                f"ratings are {', '.join(known)}",
                key,
            )
            continue
        if not isinstance(value, str) or not value.strip():
            f.problem(f"the definition of '{key}' must be text in quotes", key)
            continue
        definitions[rating] = value.strip()
    if not definitions:
        top.problem("[rag] defines no ratings; give at least red, amber and green", "rag")
        return RagScheme(dict(DEFAULT_DEFINITIONS))
    return RagScheme(definitions)


def _read_priorities(top: Fields) -> list[Priority]:
    priorities: list[Priority] = []
    seen: dict[str, int | None] = {}
    tables = top.tables("priorities", required=True)
    if "priorities" in top.table and not tables and isinstance(top.table["priorities"], list):
        top.problem("the plan has no priorities; add a [[priorities]] table")
    for index, table in enumerate(tables):
        pid = str(table.get("id", f"#{index + 1}"))
        f = top.child("priorities", index, table, f"priority {pid}")
        pid = f.string("id")
        if pid and (why := id_problem(pid)):
            f.problem(why, "id")
        elif pid in seen:
            f.problem(f"duplicate id: priority {pid} is already defined on line {seen[pid]}", "id")
        seen.setdefault(pid, f.line("id"))
        priorities.append(
            Priority(
                id=pid,
                title=f.string("title"),
                dph_lead=f.string("dph_lead"),
                deputy_lead=f.string("deputy_lead", required=False) or None,
                line=f.line(),
            )
        )
        f.string("description", required=False)
        f.finish()
    return priorities


def _read_objectives(
    top: Fields,
    priority_ids: set[str],
    start: Quarter | None,
    end: Quarter | None,
    year_start: int,
) -> list[Objective]:
    objectives: list[Objective] = []
    seen: dict[str, int | None] = {}
    tables = top.tables("objectives", required=True)
    for index, table in enumerate(tables):
        oid = str(table.get("id", f"#{index + 1}"))
        f = top.child("objectives", index, table, f"objective {oid}")
        oid = f.string("id")
        if oid and (why := id_problem(oid)):
            f.problem(why, "id")
        elif oid in seen:
            f.problem(f"duplicate id: objective {oid} is already defined on line {seen[oid]}",
                      "id")
        elif oid in priority_ids:
            f.problem(f"id {oid} is already used by a priority", "id")
        seen.setdefault(oid, f.line("id"))
        priority = f.string("priority")
        if priority and priority not in priority_ids:
            f.problem(f"priority {priority} is not defined{suggest(priority, priority_ids)}",
                      "priority")
        outputs = [
            _read_output(f, i, t, start, end, year_start)
            for i, t in enumerate(f.tables("outputs"))
        ]
        objectives.append(
            Objective(
                id=oid,
                title=f.string("title"),
                priority=priority,
                lead=f.string("lead"),
                description=f.string("description", required=False),
                outputs=tuple(outputs),
                line=f.line(),
            )
        )
        f.finish()
    return objectives


def _read_output(
    parent: Fields,
    index: int,
    table: dict[str, Any],
    start: Quarter | None,
    end: Quarter | None,
    year_start: int,
) -> Output:
    f = parent.child("outputs", index, table, f"{parent.context}: output {index + 1}")
    title = f.string("title")
    due_date: date | None = None
    due_quarter: Quarter | None = None
    f.seen.add("due")
    due = table.get("due")
    if isinstance(due, str):
        try:
            due_quarter = Quarter.parse(due, year_start)
        except AmbiguousQuarter as exc:
            f.problem(f"'due': {exc}", "due")
        except QuarterError:
            f.problem(f"'due' is {due!r}: give a date like 2023-09-30 or a quarter like "
                      "'2023/24 Q2'", "due")
    elif isinstance(due, datetime):
        due_date = due.date()
    elif isinstance(due, date):
        due_date = due
    elif due is not None:
        f.problem("'due' must be a date like 2023-09-30 or a quarter like '2023/24 Q2'", "due")
    if due_date is not None and not FIRST_YEAR <= due_date.year <= LAST_YEAR:
        f.problem(f"'due' is {due_date.isoformat()}: the year must be between {FIRST_YEAR} "
                  f"and {LAST_YEAR}", "due")
        due_date = None
    if start and end:
        q = due_quarter or (Quarter.of(due_date, year_start) if due_date else None)
        if q is not None and not start <= q <= end:
            f.problem(f"due {q.label(year_start)} is outside the plan period "
                      f"({start.label(year_start)} to {end.label(year_start)})", "due")
    f.finish()
    return Output(title=title, due_date=due_date, due_quarter=due_quarter, line=f.line())

