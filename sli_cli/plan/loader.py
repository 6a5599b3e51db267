"""Load ``plan.toml`` into a ``Plan``, reporting every problem with its line."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sli_cli.core.errors import Problem, display_path
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
    Council,
    Objective,
    ObjectiveStatus,
    Output,
    Plan,
    Priority,
    RagScheme,
    Rating,
    Term,
    id_problem,
    output_id_problem,
    tag_problem,
)
from sli_cli.plan.tomlsource import Fields, open_fields, suggest, too_large, too_long

PLAN_FILE = "plan.toml"
# 2 adds: tags, leads as terms, retired and added objectives, previous_plan
# and carried_from, councils, output ids. A version 1 plan still loads unchanged.
SCHEMA_VERSION = 2
READABLE_SCHEMA_VERSIONS = (1, 2)


def read_plan(folder: Path) -> tuple[Plan | None, list[Problem]]:
    """The plan (None when it cannot be built) and every problem found."""
    path = folder / PLAN_FILE
    where = display_path(path)
    try:
        with open(path, "rb") as handle:
            # A file over the limit is refused before it is read into memory.
            large = too_large(os.fstat(handle.fileno()).st_size, where)
            if large is not None:
                return None, [large]
            data = handle.read()
    except FileNotFoundError:
        return None, [Problem(where, None, "no plan.toml here")]
    except OSError as exc:
        return None, [Problem(where, None, f"cannot read: {exc.strerror}")]
    # Whether ``previous_plan`` can be read is checked with the folder
    # (``records.workspace``, by ``plan.previous``): it is optional.
    return parse_plan(data, where)


def parse_plan(data: bytes, where: str) -> tuple[Plan | None, list[Problem]]:
    top, problems = open_fields(data, where)
    if top is None:
        return None, problems
    doc = top.table

    version = top.integer("schema_version")
    if "schema_version" in doc and version not in READABLE_SCHEMA_VERSIONS \
            and isinstance(version, int):
        top.problem(
            f"schema_version {version} is not supported by this sli (it reads "
            f"{' and '.join(map(str, READABLE_SCHEMA_VERSIONS))})",
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
    previous_plan = top.string("previous_plan", required=False)
    if start and end and end < start:
        top.problem(f"'end' ({end.label(year_start)}) is before 'start' "
                    f"({start.label(year_start)})", "end")

    scheme = _read_scheme(top)
    priorities = _read_priorities(top, start, end, year_start)
    objectives = _read_objectives(top, {p.id for p in priorities}, start, end, year_start,
                                  plan_id)
    councils = _read_councils(top)
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
        previous_plan=previous_plan,
        councils=tuple(councils),
    )
    return plan, problems


def _read_councils(top: Fields) -> list[Council]:
    """The network's councils (optional): ``[[councils]] name = "Devon"``,
    with their DPH by role."""
    councils: list[Council] = []
    seen: dict[str, int | None] = {}
    for index, table in enumerate(top.tables("councils")):
        f = top.child("councils", index, table, f"council {table.get('name', index + 1)}")
        name = " ".join(f.string("name").split())
        if name.casefold() in seen:
            f.problem(f"listed twice (first on line {seen[name.casefold()]})", "name")
        elif name:
            seen[name.casefold()] = f.line("name")
            councils.append(Council(name, f.string("dph", required=False)))
        f.finish()
    return councils


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
        if too_long(value):
            f.too_long(key, value)
            continue
        definitions[rating] = value.strip()
    if not definitions:
        top.problem("[rag] defines no ratings; give at least red, amber and green", "rag")
        return RagScheme(dict(DEFAULT_DEFINITIONS))
    return RagScheme(definitions)


def _read_priorities(top: Fields, start: Quarter | None, end: Quarter | None,
                     year_start: int) -> list[Priority]:
    priorities: list[Priority] = []
    seen: dict[str, Fields] = {}  # where each id was first defined
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
            f.problem(f"duplicate id: priority {pid} is already defined on line "
                      f"{seen[pid].line('id')}", "id")
        seen.setdefault(pid, f)
        dph_lead, dph_leads = _read_terms(f, "dph_lead", True, start, end, year_start)
        deputy, deputies = _read_terms(f, "deputy_lead", False, start, end, year_start)
        priorities.append(
            Priority(
                id=pid,
                title=f.string("title"),
                dph_lead=dph_lead,
                deputy_lead=deputy or None,
                tags=_read_tags(f),
                dph_leads=dph_leads,
                deputy_leads=deputies,
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
    plan_id: str = "",
) -> list[Objective]:
    objectives: list[Objective] = []
    seen: dict[str, Fields] = {}  # where each id was first defined
    tables = top.tables("objectives", required=True)
    for index, table in enumerate(tables):
        oid = str(table.get("id", f"#{index + 1}"))
        f = top.child("objectives", index, table, f"objective {oid}")
        oid = f.string("id")
        if oid and (why := id_problem(oid)):
            f.problem(why, "id")
        elif oid in seen:
            f.problem(f"duplicate id: objective {oid} is already defined on line "
                      f"{seen[oid].line('id')}", "id")
        elif oid in priority_ids:
            f.problem(f"id {oid} is already used by a priority", "id")
        seen.setdefault(oid, f)
        priority = f.string("priority")
        if priority and priority not in priority_ids:
            f.problem(f"priority {priority} is not defined{suggest(priority, priority_ids)}",
                      "priority")
        outputs = [
            _read_output(f, i, t, start, end, year_start, oid)
            for i, t in enumerate(f.tables("outputs"))
        ]
        lead, leads = _read_terms(f, "lead", True, start, end, year_start)
        objectives.append(
            Objective(
                id=oid,
                title=f.string("title"),
                priority=priority,
                lead=lead,
                description=f.string("description", required=False),
                outputs=tuple(outputs),
                tags=_read_tags(f),
                leads=leads,
                **_read_retirement(f, start, end, year_start),
                carried_from=_read_carried_from(f, plan_id),
            )
        )
        f.finish()
    _check_successors(top, objectives)
    _check_output_ids(top, objectives)
    return objectives


def _read_carried_from(f: Fields, plan_id: str) -> str:
    """``carried_from = "sw-2022-24/KO9"``: the plan before's id and the
    objective's id there."""
    value = f.string("carried_from", required=False)
    if not value:
        return value
    before, slash, objective_id = value.partition("/")
    if not slash or id_problem(before) or id_problem(objective_id):
        f.problem(f"carried_from {value!r} must name the plan before and the objective in "
                  "it, e.g. \"sw-2022-24/KO9\"", "carried_from")
    elif before == plan_id:
        f.problem(f"carried_from {value!r} names this plan ({plan_id}); it names the plan "
                  "before this one", "carried_from")
    return value


def _check_output_ids(top: Fields, objectives: list[Objective]) -> None:
    seen: dict[str, str] = {}
    for index, o in enumerate(objectives):
        for n, output in enumerate(o.outputs):
            if output.id in seen:
                f = top.child("objectives", index, {}, f"objective {o.id}").child(
                    "outputs", n, {}, f"objective {o.id}: output {n + 1}")
                f.problem(f"output id {output.id} is also the id of an output of objective "
                          f"{seen[output.id]}; give one of them another id", "id")
            seen.setdefault(output.id, o.id)


def _read_terms(f: Fields, key: str, required: bool, start: Quarter | None,
                end: Quarter | None, year_start: int) -> tuple[str, tuple[Term, ...]]:
    """A role written as text (``dph_lead = "DPH, Devon"``) or, when it changed
    during the plan, as terms: ``[{ role = "DPH, Devon" }, { role = "DPH,
    Torbay", from = "2023/24 Q3" }]``. Returns the role now and the terms."""
    value = f.table.get(key)
    if not isinstance(value, list):
        return f.string(key, required=required), ()
    f.seen.add(key)
    terms: list[Term] = []
    if not value:
        f.problem(f"'{key}' is an empty list; give the role as text, or one "
                  "{ role = ..., from = ... } per term", key)
        return "", ()
    for index, entry in enumerate(value):
        if not isinstance(entry, dict):
            f.problem(f"'{key}' must be text, or a list of {{ role = ..., from = ... }} "
                      "tables", key)
            return "", ()
        g = f.child(key, index, entry, f"{f.context}: {key} {index + 1}")
        role = g.string("role")
        since = g.quarter("from", required=index > 0, year_start_month=year_start)
        if since is not None and start and end and not start <= since <= end:
            g.problem(f"'from' {since.label(year_start)} is outside the plan period "
                      f"({start.label(year_start)} to {end.label(year_start)})", "from")
        if since is not None and terms and terms[-1].since and since <= terms[-1].since:
            g.problem(f"'from' {since.label(year_start)} is not after the term before it "
                      f"({terms[-1].since.label(year_start)}); list terms oldest first",
                      "from")
        g.finish()
        terms.append(Term(role, since))
    return terms[-1].role, tuple(terms)


def _read_retirement(f: Fields, start: Quarter | None, end: Quarter | None,
                     year_start: int) -> dict[str, Any]:
    """``status = "retired"`` with ``retired_in`` (the first quarter it no
    longer runs in) and an optional ``replaced_by`` or ``merged_into``; and
    ``added_in``, the first quarter of an objective added during the plan."""
    status = f.choice("status", ObjectiveStatus, "'active' or 'retired'", required=False) \
        or ObjectiveStatus.ACTIVE
    retired_in = f.quarter("retired_in", required=False, year_start_month=year_start)
    replaced_by = f.string("replaced_by", required=False)
    merged_into = f.string("merged_into", required=False)
    if status is ObjectiveStatus.RETIRED and retired_in is None and "retired_in" not in f.table:
        f.problem("a retired objective needs 'retired_in', the first quarter it no longer "
                  "runs in, like retired_in = \"2023/24 Q2\"", "status")
    if retired_in is not None and status is not ObjectiveStatus.RETIRED:
        f.problem("'retired_in' is given but 'status' is not \"retired\"; add "
                  "status = \"retired\"", "retired_in")
        retired_in = None
    if retired_in is not None and start and end and not start < retired_in <= end.next():
        f.problem(f"'retired_in' {retired_in.label(year_start)} must be after the plan's first "
                  f"quarter and no later than the quarter after its end "
                  f"({start.label(year_start)} to {end.label(year_start)})", "retired_in")
        retired_in = None
    if (replaced_by or merged_into) and status is not ObjectiveStatus.RETIRED:
        key = "replaced_by" if replaced_by else "merged_into"
        f.problem(f"'{key}' is only for a retired objective; add status = \"retired\"", key)
    if replaced_by and merged_into:
        f.problem("give 'replaced_by' or 'merged_into', not both", "merged_into")
    added_in = f.quarter("added_in", required=False, year_start_month=year_start)
    if added_in is not None and start and end and not start < added_in <= end:
        f.problem(f"'added_in' {added_in.label(year_start)} must be after the plan's first "
                  f"quarter and within the plan ({start.label(year_start)} to "
                  f"{end.label(year_start)}); leave it out for an objective there from the "
                  "start", "added_in")
        added_in = None
    if added_in is not None and retired_in is not None and retired_in <= added_in:
        f.problem(f"'retired_in' {retired_in.label(year_start)} must be after 'added_in' "
                  f"{added_in.label(year_start)}", "retired_in")
    return {"status": status, "retired_in": retired_in, "replaced_by": replaced_by,
            "merged_into": merged_into, "added_in": added_in}


def _check_successors(top: Fields, objectives: list[Objective]) -> None:
    known = {o.id: o for o in objectives}
    for index, o in enumerate(objectives):
        for key, target in (("replaced_by", o.replaced_by), ("merged_into", o.merged_into)):
            if not target:
                continue
            f = top.child("objectives", index, {}, f"objective {o.id}")
            if target == o.id:
                f.problem(f"'{key}' names the objective itself", key)
            elif target not in known:
                f.problem(f"'{key}': objective {target} is not defined"
                          f"{suggest(target, list(known))}", key)
            elif known[target].retired_in is not None and o.retired_in is not None \
                    and known[target].retired_by(o.retired_in):
                f.problem(f"'{key}': objective {target} is itself retired by then", key)


def _read_tags(f: Fields) -> tuple[str, ...]:
    """Theme tags (``tags = ["tobacco"]``), which a network file's themes name."""
    tags: list[str] = []
    for tag in f.strings("tags"):
        if why := tag_problem(tag):
            f.problem(why, "tags")
        elif tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _read_output(
    parent: Fields,
    index: int,
    table: dict[str, Any],
    start: Quarter | None,
    end: Quarter | None,
    year_start: int,
    objective_id: str = "",
) -> Output:
    f = parent.child("outputs", index, table, f"{parent.context}: output {index + 1}")
    title = f.string("title")
    output_id = f.string("id", required=False) or f"{objective_id}.{index + 1}"
    if "id" in table and (why := output_id_problem(output_id)):
        f.problem(why, "id")
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
    return Output(title=title, due_date=due_date, due_quarter=due_quarter, id=output_id)

