"""From what a tracker holds to what sli writes: a plan (when the folder has
none) and one meeting record per priority per quarter, each checked against
the plan and against the records already in the folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sli_cli.core.errors import Problem
from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import DEFAULT_DEFINITIONS, RATING_NAMES, Plan, Rating, id_problem
from sli_cli.plan.tomlsource import suggest
from sli_cli.recording.importing.mapping import Mapping, QuarterField, RowField, normalise
from sli_cli.recording.importing.tracker import QuarterEntry, TrackerContent
from sli_cli.recording.importing.workbook import Workbook, place
from sli_cli.records.collection import Records
from sli_cli.records.meeting import ImportSource, Meeting, Outcome

LEAD_PLACEHOLDER = "DPH lead (to be named)"


@dataclass
class ImportResult:
    """What an import would write, and what it found already there."""

    plan_text: str | None  # a new plan.toml, when the folder has none
    plan: Plan
    meetings: list[Meeting]  # to write
    already: list[Meeting] = field(default_factory=list)  # recorded the same before


# -- a new plan -------------------------------------------------------------
@dataclass
class _Found:
    priorities: list[tuple[str, str, str, str | None]]  # id, title, lead, deputy
    objectives: list[tuple[str, str, str, str]]  # id, priority, title, lead
    of_row: dict[str, tuple[str, str]]  # row key -> (objective id, priority id)


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-_").lower()[:64]
    return slug or "imported"


def _gather(content: TrackerContent, problem: object) -> _Found:
    """Priorities and objectives in the order the tracker gives them."""
    assert callable(problem)
    found = _Found([], [], {})
    priority_ids: dict[str, str] = {}
    taken: set[str] = set()
    for row in content.rows:
        if row.key in found.of_row:
            continue
        fields = row.fields
        title = fields.get(RowField.PRIORITY) or fields.get(RowField.PRIORITY_ID) or ""
        if not title:
            problem(row.where[RowField.OBJECTIVE], "no priority for this key objective (the "
                    "priority's cell above it is empty)")
            continue
        pkey = fields.get(RowField.PRIORITY_ID) or normalise(title)
        if pkey not in priority_ids:
            pid = fields.get(RowField.PRIORITY_ID) or f"P{len(priority_ids) + 1}"
            if why := id_problem(pid):
                problem(row.where[RowField.PRIORITY_ID], f"priority {why}")
            elif pid in taken:
                problem(row.where[RowField.PRIORITY_ID], f"priority id {pid} is used twice")
            taken.add(pid)
            priority_ids[pkey] = pid
            found.priorities.append((pid, title, fields.get(RowField.LEAD) or LEAD_PLACEHOLDER,
                                     fields.get(RowField.DEPUTY)))
        pid = priority_ids[pkey]
        oid = fields.get(RowField.OBJECTIVE_ID) or f"KO{len(found.objectives) + 1}"
        if why := id_problem(oid):
            problem(row.where[RowField.OBJECTIVE_ID], f"objective {why}")
        elif oid in taken:
            problem(row.where.get(RowField.OBJECTIVE_ID, row.where[RowField.OBJECTIVE]),
                    f"objective id {oid} is already used")
        taken.add(oid)
        lead = (fields.get(RowField.OBJECTIVE_LEAD) or fields.get(RowField.LEAD)
                or LEAD_PLACEHOLDER)
        found.objectives.append((oid, pid, fields[RowField.OBJECTIVE], lead))
        found.of_row[row.key] = (oid, pid)
    return found


def plan_text(book: Workbook, mapping: Mapping, found: _Found, first: Quarter,
              last: Quarter) -> str:
    """A ``plan.toml`` for what the tracker holds, commented for the person to edit."""
    from sli_cli.core.text import toml_string as q

    details = mapping.plan
    stem = book.name.rsplit(".", 1)[0]
    definitions = key_definitions(book)
    lines = [
        f"# An SLI action plan, made by sli import from {book.name}. This file is yours:",
        "# check the titles, leads and period, fill in what the tracker did not say, and",
        "# add outputs. sli reads it and never writes it again. The format is in",
        "# docs/plan-format.md of sli.",
        "schema_version = 1",
        "",
        f"id = {q(details.id or _slug(stem))}",
        f"title = {q(details.title or stem)}",
        f"network = {q(details.network or 'Regional ADPH network')}",
        f"start = {q(first.label())}",
        f"end = {q(last.label())}",
        f"sli_lead = {q(details.sli_lead or 'DPH SLI lead')}",
        f"coordinator = {q(details.coordinator or 'SLI co-ordinator')}",
        "",
        "# What each rating means: from the tracker's key sheet where it says.",
        "[rag]",
        *(f"{r.value} = {q(definitions.get(r, DEFAULT_DEFINITIONS[r]))}" for r in Rating),
    ]
    for pid, title, lead, deputy in found.priorities:
        lines += ["", "[[priorities]]", f"id = {q(pid)}", f"title = {q(title)}",
                  f"dph_lead = {q(lead)}"]
        if deputy:
            lines.append(f"deputy_lead = {q(deputy)}")
    for oid, pid, title, lead in found.objectives:
        lines += ["", "[[objectives]]", f"id = {q(oid)}", f"priority = {q(pid)}",
                  f"title = {q(title)}", f"lead = {q(lead)}"]
    return "\n".join(lines) + "\n"


def key_definitions(book: Workbook) -> dict[Rating, str]:
    """Rating definitions from a key (or legend) sheet: a row naming a rating
    ("Red", "R") in one cell and explaining it in a longer one."""
    found: dict[Rating, str] = {}
    for sheet in book.sheets:
        if not any(word in sheet.name.lower() for word in ("key", "legend")):
            continue
        for row in sheet.rows:
            texts = [c.text for c in row if c.text]
            rating = next((RATING_NAMES[normalise(t)] for t in texts
                           if normalise(t) in RATING_NAMES), None)
            if rating is None or rating in found:
                continue
            longer = [t for t in texts if normalise(t) not in RATING_NAMES and len(t) > 12]
            if longer:
                found[rating] = longer[0]
    return found


# -- matching an existing plan ------------------------------------------------
def _match(plan: Plan, content: TrackerContent, problem: object) -> dict[str, tuple[str, str]]:
    """Row key -> (objective id, priority id) of the plan's objective."""
    assert callable(problem)
    by_id = {o.id.lower(): o for o in plan.objectives}
    by_title = {normalise(o.title): o for o in plan.objectives}
    matched: dict[str, tuple[str, str]] = {}
    for row in content.rows:
        if row.key in matched:
            continue
        given_id = row.fields.get(RowField.OBJECTIVE_ID)
        if given_id:
            objective = by_id.get(given_id.lower())
            if objective is None:
                problem(row.where[RowField.OBJECTIVE_ID], f"objective {given_id!r} is not in "
                        f"the plan{suggest(given_id, [o.id for o in plan.objectives])}")
                continue
        else:
            title = row.fields[RowField.OBJECTIVE]
            objective = by_title.get(normalise(title))
            if objective is None:
                problem(row.where[RowField.OBJECTIVE], f"objective {title!r} is not in the plan"
                        f"{suggest(title, [o.title for o in plan.objectives])}; give the tracker "
                        "an id column, or make the titles the same")
                continue
        matched[row.key] = (objective.id, objective.priority)
    return matched


# -- meetings ---------------------------------------------------------------
def build_import(book: Workbook, mapping: Mapping, content: TrackerContent, plan: Plan | None,
                 records: Records, *, today: date) -> ImportResult | list[Problem]:
    """What to write, or every problem found (nothing is written then)."""
    from sli_cli.plan.loader import parse_plan

    problems: list[Problem] = []

    def problem(where: object, message: str) -> None:
        problems.append(Problem(book.name, None, f"{where}: {message}"))

    text = None
    if plan is None:
        if not (mapping.headers_for(RowField.PRIORITY)
                or mapping.headers_for(RowField.PRIORITY_ID)):
            return [Problem(book.name, None, "a new plan needs each key objective's priority, "
                            "and the mapping names no priority column; map one, or import "
                            "into a folder whose plan.toml has the objectives")]
        found = _gather(content, problem)
        quarters = list(content.quarters) or [Quarter.of(today)]
        first = mapping.plan.start or Quarter(min(quarters).year, 1)
        last = mapping.plan.end or Quarter(max(quarters).year, 4)
        text = plan_text(book, mapping, found, first, last)
        if problems:
            return problems
        plan, plan_problems = parse_plan(text.encode("utf-8"), "plan.toml")
        if plan is None or plan_problems:
            return problems + [Problem(book.name, None, f"the plan made from it: {p.format()}")
                               for p in plan_problems]
        of_row = found.of_row
    else:
        of_row = _match(plan, content, problem)
    if problems:
        return problems
    dated: set[tuple[Quarter, str]] = set()  # meetings whose date the tracker gives
    meetings = _meetings(book, plan, content.entries, of_row, today, problem, dated)
    if problems:
        return problems
    from sli_cli.records.meeting import check_meeting

    first_where = {(e.quarter, of_row[e.row.key][1]): e.where for e in content.entries}
    for meeting in meetings:
        where = first_where[(meeting.quarter, meeting.priority)]
        label = plan.label(meeting.quarter)
        if not plan.in_period(meeting.quarter):
            problem(where, f"{label} is outside the plan period ({plan.period_label()})")
            continue
        if meeting.quarter.first_day(plan.year_start_month) > today:
            problem(where, f"{label} has not started (today is {today.isoformat()})")
            continue
        for p in check_meeting(plan, meeting, today):
            if p.severity.value == "error":
                problem(where, p.message)
    if problems:
        return problems
    result = ImportResult(text, plan, [])
    conflicts: list[Problem] = []
    for meeting in meetings:
        existing = records.meeting(meeting.priority, meeting.quarter)
        if existing is None:
            result.meetings.append(meeting)
        elif not (differences := _differences(existing, meeting,
                                              (meeting.quarter, meeting.priority) in dated)):
            result.already.append(meeting)
        else:
            conflicts.append(Problem(book.name, None,
                                     _conflict(plan, existing, meeting, differences)))
    if conflicts:
        return conflicts
    return result


def _meetings(book: Workbook, plan: Plan, entries: list[QuarterEntry],
              of_row: dict[str, tuple[str, str]], today: date, problem: object,
              dated: set[tuple[Quarter, str]]) -> list[Meeting]:
    assert callable(problem)
    groups: dict[tuple[Quarter, str], list[QuarterEntry]] = {}
    for entry in entries:
        groups.setdefault((entry.quarter, of_row[entry.row.key][1]), []).append(entry)
    order = {o.id: i for i, o in enumerate(plan.objectives)}
    meetings = []
    for (quarter, priority), group in sorted(groups.items()):
        dates = {e.date: str(e.date_where) for e in group if e.date is not None}
        if len(dates) > 1:
            shown = ", ".join(f"{d.isoformat()} ({w})" for d, w in sorted(dates.items()))
            problem(group[0].where, f"the meeting of {priority} for {plan.label(quarter)} has "
                    f"two dates: {shown}")
            continue
        if dates:
            dated.add((quarter, priority))
        day = next(iter(dates)) if dates else min(quarter.last_day(plan.year_start_month),
                                                  max(today, quarter.first_day(
                                                      plan.year_start_month)))
        outcomes: dict[str, Outcome] = {}
        for entry in group:
            oid = of_row[entry.row.key][0]
            if oid in outcomes:
                continue
            texts = entry.texts
            outcomes[oid] = Outcome(
                objective=oid, rag=entry.rag,
                progress=texts.get(QuarterField.PROGRESS, ""),
                risks=texts.get(QuarterField.RISKS, ""),
                support=texts.get(QuarterField.SUPPORT, ""),
                next_steps=texts.get(QuarterField.NEXT_STEPS, ""))
        sources: dict[str, list[int]] = {}
        for entry in group:
            sources.setdefault(entry.row.sheet, []).append(entry.row.row)
        meetings.append(Meeting(
            priority=priority, quarter=quarter, date=day, attendees=(),
            outcomes=tuple(sorted(outcomes.values(), key=lambda o: order[o.objective])),
            imported=tuple(ImportSource(book.name, sheet, tuple(sorted(set(rows))))
                           for sheet, rows in sources.items())))
    return meetings


def _differences(existing: Meeting, new: Meeting, dated: bool) -> list[str]:
    """How a recorded meeting differs from the tracker's. What the tracker does
    not say (no date column, an empty narrative) is no difference."""
    differences = []
    if dated and existing.date != new.date:
        differences.append(f"date {new.date.isoformat()} here, {existing.date.isoformat()} "
                           "recorded")
    for outcome in new.outcomes:
        old = existing.outcome(outcome.objective)
        if old is None:
            differences.append(f"{outcome.objective} not rated in the record")
        elif old.rag is not outcome.rag:
            differences.append(f"{outcome.objective} {outcome.rag.value} here, "
                               f"{old.rag.value} recorded")
        elif any(mine and mine != theirs for mine, theirs in (
                (outcome.progress, old.progress), (outcome.risks, old.risks),
                (outcome.support, old.support), (outcome.next_steps, old.next_steps))):
            differences.append(f"{outcome.objective} narrative differs")
    for outcome in existing.outcomes:
        if new.outcome(outcome.objective) is None:
            differences.append(f"{outcome.objective} rated in the record, not here")
    return differences


def _conflict(plan: Plan, existing: Meeting, new: Meeting, differences: list[str]) -> str:
    label = f"{new.priority} {plan.label(new.quarter)}"
    source = new.imported[0]
    where = place(source.sheet, source.rows[0])
    return (f"{where}: the meeting of {label} is already recorded ({existing.path}) "
            f"differently: {'; '.join(differences)}")
