"""Quality improvement projects badged under SLI ("if you're doing QI you're
doing SLI"): the plan's register of projects.

    projects/Q7KQ2.k3f9mq2x.toml   project Q7KQ2 as first registered
    projects/Q7KQ2.r7tw4hna.toml   a later version (``amends`` the first); both kept

A later version (a new status, the outcome) is a whole new record of the
project that names the version it replaces; the first is never rewritten.
Two copies of the plan can each update the same project: both versions are
kept and ``sli check`` reports them; until a version that amends both
settles it, the one recorded last counts.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sli_cli.core.errors import Problem
from sli_cli.plan.model import Plan
from sli_cli.plan.tomlsource import suggest
from sli_cli.records.common import (
    Amending,
    checked_id,
    divergence,
    drop_empty,
    grouped,
    open_record,
    optional_id,
    read_refs,
    read_uid,
    recorded_last,
    schema_for,
    stamp_order,
    standing,
    text,
)
from sli_cli.records.kind import CheckContext, RecordKind, RecordSet

FOLDER = "projects"


class ProjectStatus(enum.Enum):
    """Where a project stands."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    COMPLETE = "complete"
    STOPPED = "stopped"

    @property
    def is_open(self) -> bool:
        return self in (ProjectStatus.PROPOSED, ProjectStatus.ACTIVE)


STATUS_CHOICES = ", ".join(s.value for s in ProjectStatus)


@dataclass(frozen=True, slots=True)
class Project(Amending):
    """One version of a QI project badged under SLI."""

    id: str
    title: str
    status: ProjectStatus
    badged: date  # the day it was badged under SLI
    council: str = ""
    objective: str = ""
    contact: str = ""  # a role, e.g. "Consultant in Public Health, Torbay"
    outcome: str = ""
    internal: bool = False
    recorded_at: datetime | None = None
    recorded_by: str = ""
    change_note: str = ""  # why a later version was made
    uid: str = ""
    amends: tuple[str, ...] = ()  # uids of the versions this one replaces
    path: str = field(default="", compare=False)



def project_to_toml(project: Project) -> dict[str, Any]:
    doc = drop_empty({
        "schema_version": schema_for(project.uid),
        "uid": project.uid,
        "amends": list(project.amends),
        "id": project.id,
        "title": project.title,
        "status": project.status.value,
        "badged": project.badged,
        "council": project.council,
        "objective": project.objective,
        "contact": project.contact,
        "outcome": project.outcome,
        "recorded_at": project.recorded_at,
        "recorded_by": project.recorded_by,
        "change_note": project.change_note,
    })
    if project.internal:
        doc["internal"] = True
    return doc


def parse_project(data: bytes, where: str) -> tuple[Project | None, list[Problem]]:
    f, problems = open_record(data, where)
    if f is None:
        return None, problems
    before = len(problems)
    uid = read_uid(f)
    amends = read_refs(f, "amends")
    project_id = checked_id(f)
    title = f.string("title")
    status = f.choice("status", ProjectStatus, f"a project status ({STATUS_CHOICES})")
    badged = f.date("badged")
    project = Project(
        id=project_id,
        title=title,
        status=status or ProjectStatus.PROPOSED,
        badged=badged or date.min,
        council=text(f, "council"),
        objective=optional_id(f, "objective"),
        contact=text(f, "contact"),
        outcome=text(f, "outcome"),
        internal=f.boolean("internal"),
        recorded_at=f.datetime("recorded_at", required=False),
        recorded_by=text(f, "recorded_by"),
        change_note=text(f, "change_note"),
        uid=uid,
        amends=amends,
        path=where,
    )
    f.finish()
    if len(problems) != before or status is None or badged is None:
        return None, problems
    return project, problems


def versions_by_id(projects: list[Project]) -> dict[str, list[Project]]:
    """By project id: every version, oldest first."""
    return grouped(sorted(projects, key=recorded_last), lambda p: p.id)


def heads(versions: list[Project]) -> list[Project]:
    """The versions no other version amends, the one that counts last."""
    return standing(versions)


def current_projects(projects: list[Project], as_of: datetime | None = None) -> list[Project]:
    """Each project as it stands, by date badged and title. With ``as_of``,
    as it stood then: later versions recorded after ``as_of`` are left out
    (the first version is kept: a project registered late was still badged
    on its day)."""
    found = []
    for versions in versions_by_id(projects).values():
        if as_of is not None:
            versions = [p for p in versions
                        if not p.amends or stamp_order(p.recorded_at) <= as_of]
        if versions:
            found.append(heads(versions)[-1])
    return sorted(found, key=lambda p: (p.badged, p.title.lower(), p.id))


def check_projects(plan: Plan, records: RecordSet, context: CheckContext) -> list[Problem]:
    """The objective a project is about is in the plan, and it was badged
    within the plan period (or the quarter after it)."""
    problems = []
    first, last = plan.first_day(), plan.last_meeting_day()
    for p in records.of(KIND):
        if p.objective and plan.objective(p.objective) is None:
            known = [o.id for o in plan.objectives]
            problems.append(context.problem(
                p.path, ("objective",), f"project {p.id}: objective {p.objective} is not "
                f"defined{suggest(p.objective, known)}"))
        if p.council and (why := plan.council_problem(p.council)):
            problems.append(context.problem(p.path, ("council",), f"project {p.id}: {why}"))
        if not first <= p.badged <= last:
            problems.append(context.problem(
                p.path, ("badged",), f"project {p.id}: badged {p.badged.isoformat()} is "
                f"outside the plan period ({first.isoformat()} to {last.isoformat()})"))
    return problems


def check_own(records: RecordSet, context: CheckContext) -> list[Problem]:
    """A later version amends a version of the same project; two versions
    that both stand are reported."""
    problems = []
    for project_id, versions in sorted(versions_by_id(records.of(KIND)).items()):
        refs = {p.uid for p in versions}
        for p in versions:
            for ref in p.amends:
                if ref not in refs:
                    problems.append(context.problem(
                        p.path, ("amends",),
                        f"project {project_id}: 'amends' names {ref}, which is not a "
                        f"version of this project"))
        standing = heads(versions)
        problems += divergence(
            context, standing, key=("id",),
            note=f"project {project_id} was updated {len(standing)} times in different "
                 "places; showing the one recorded last",
            lead=f"project {project_id} has {len(standing)} versions that replace none of "
                 "each other",
            until="Until it is updated once more (which settles it), the one recorded last "
                  "counts")
    return problems


KIND: RecordKind[Project] = RecordKind(
    name="project",
    folder=FOLDER,
    type=Project,
    parse=parse_project,
    to_toml=project_to_toml,
    path=lambda p: (f"{FOLDER}/{p.id}.{p.uid}.toml" if p.uid else f"{FOLDER}/{p.id}.toml"),
    describe=lambda p: f"project {p.id}",
    check=check_projects,
    check_own=check_own,
    id_prefix="Q",
)
