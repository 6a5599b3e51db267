"""Registering QI projects badged under SLI and recording later versions of
them: what a person typed is checked here (errors carry the field, never an
option), then written as a new record; nothing already written is changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sli_cli.core.errors import BadValue, InputError, OutOfPeriod, SliError
from sli_cli.core.text import printable
from sli_cli.plan import lookup
from sli_cli.plan.model import Plan
from sli_cli.recording.items_input import checked_objective, checked_title
from sli_cli.recording.write import now, who
from sli_cli.records import project as project_kind
from sli_cli.records.common import new_uid
from sli_cli.records.load import read_records
from sli_cli.records.project import STATUS_CHOICES, Project, ProjectStatus, current_projects
from sli_cli.records.store import locked, new_id, write_record


def checked_status(text: str) -> ProjectStatus:
    """A project status, in any case."""
    try:
        return ProjectStatus(text.strip().lower())
    except ValueError:
        raise BadValue("status", printable(text),
                       f"is not a project status ({STATUS_CHOICES})") from None


def checked_badged(plan: Plan, day: date, *, defaulted: bool = False) -> date:
    """The day a project was badged falls within the plan period (or the
    quarter after it)."""
    first, last = plan.first_day(), plan.last_meeting_day()
    if not first <= day <= last:
        raise OutOfPeriod("date", day.isoformat(), f"{first.isoformat()} to "
                          f"{plan.last_day().isoformat()}, or up to {last.isoformat()}: "
                          f"{lookup.AFTER_THE_PLAN}", defaulted=defaulted)
    return day


def _clean(text: str | None) -> str:
    return " ".join((text or "").split()) if text and "\n" not in text else (text or "").strip()


def checked_council(plan: Plan, text: str | None) -> str:
    """A council: one of the plan's (in its own spelling) when the plan lists
    its councils, else the name as typed."""
    if not text or not text.strip():
        return ""
    if plan.councils:
        return lookup.council(plan, text).name
    return _clean(text)


def new_project(plan: Plan, *, title: str, status: str, badged: date, council: str | None = None,
                objective: str | None = None, contact: str | None = None,
                outcome: str | None = None, internal: bool = False,
                badged_defaulted: bool = False) -> Project:
    """A project as typed, checked against the plan (not yet recorded)."""
    day = checked_badged(plan, badged, defaulted=badged_defaulted)
    objective_id = checked_objective(plan, objective)
    if objective_id:
        _running_on(plan, objective_id, day)
    return Project(
        id="",
        title=checked_title(title),
        status=checked_status(status),
        badged=day,
        council=checked_council(plan, council),
        objective=objective_id,
        contact=_clean(contact),
        outcome=_clean(outcome),
        internal=internal,
    )


def _running_on(plan: Plan, objective_id: str, day: date) -> None:
    """A project is badged under an objective that runs on that day (a later
    version may link it to the objective that carries the work on)."""
    objective = plan.objective(objective_id)
    if objective is None:
        return
    quarter = plan.quarter_of(day)
    if objective.added_after(quarter):
        assert objective.added_in is not None
        raise InputError("objective", objective_id, f"{objective_id} was added in "
                         f"{plan.label(objective.added_in)}, after {day.isoformat()}, the day "
                         "the project was badged")
    if objective.retired_by(quarter):
        assert objective.retired_in is not None
        successor = objective.replaced_by or objective.merged_into
        raise InputError("objective", objective_id, f"{objective_id} retired in "
                         f"{plan.label(objective.retired_in)}"
                         + (f" (now {successor})" if successor else "")
                         + f", before {day.isoformat()}, the day the project was badged; "
                         "link it to the objective that carries the work on")


def add_project(folder: Path, project: Project, *, stamp: datetime | None = None,
                by: str | None = None) -> Project:
    """Record a project under a new id (``Q`` and four letters and digits)."""
    by = who(folder) if by is None else by
    with locked(folder):
        records, _ = read_records(folder)
        taken = {p.id for p in records.of(project_kind.KIND)}
        project = replace(project, id=project.id or new_id("Q", taken),
                          recorded_at=stamp or now(), recorded_by=by, uid=new_uid())
        path = write_record(folder, project)
    return replace(project, path=str(path))


class NothingChanged(SliError):
    """An update of a project that changes nothing."""


def update_project(folder: Path, plan: Plan, project_id: str, *, change_note: str,
                   status: str | None = None, outcome: str | None = None,
                   title: str | None = None, objective: str | None = None,
                   council: str | None = None, contact: str | None = None,
                   stamp: datetime | None = None, by: str | None = None) -> Project:
    """Record a later version of a project: the version that counts with the
    changes given, amending every version that stands (which settles two
    copies of the plan that each updated it). The earlier versions are kept."""
    if not change_note.strip():
        raise InputError("change note", change_note, "a new version of a project needs a "
                         "change note saying what changed and why", defaulted=True)
    by = who(folder) if by is None else by
    with locked(folder):
        records, _ = read_records(folder)
        projects = records.of(project_kind.KIND)
        match = lookup.resolve_id("project", project_id, sorted({p.id for p in projects}))
        versions = [p for p in projects if p.id == match]
        standing = project_kind.heads(versions)
        base = standing[-1]
        changed = replace(
            base,
            status=checked_status(status) if status is not None else base.status,
            outcome=_clean(outcome) if outcome is not None else base.outcome,
            title=checked_title(title) if title is not None else base.title,
            objective=(checked_objective(plan, objective) if objective is not None
                       else base.objective),
            council=checked_council(plan, council) if council is not None else base.council,
            contact=_clean(contact) if contact is not None else base.contact,
        )
        if changed == base and len(standing) == 1:
            raise NothingChanged(f"project {match} already reads like that; nothing was "
                                 "recorded")
        version = replace(changed, recorded_at=stamp or now(), recorded_by=by,
                          change_note=" ".join(change_note.split()), uid=new_uid(),
                          amends=tuple(sorted(p.uid for p in standing)), path="")
        path = write_record(folder, version)
    return replace(version, path=str(path))


def registered(projects: list[Project], status: ProjectStatus | None = None) -> list[Project]:
    """Each project as it stands, optionally only those with ``status``."""
    return [p for p in current_projects(projects) if status is None or p.status is status]
