"""Quality improvement projects as the snapshot's spotlight and the report's
projects section show them: the registered projects (``sli project``) and the
project updates recorded before the register existed, each project once.

A registered project is shown as an update of kind ``project`` so that the
documents render both alike; a project update whose title is that of a
registered project shown beside it is left out (the register is the source).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sli_cli.core.months import Month
from sli_cli.records import project as project_kind
from sli_cli.records.collection import Records
from sli_cli.records.common import stamp_order
from sli_cli.records.project import Project, current_projects
from sli_cli.records.update import Update, UpdateKind


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def _key(title: str) -> str:
    return " ".join(title.lower().split())


def as_update(project: Project, month: str) -> Update:
    """A project as a spotlight item of ``month``."""
    facts = [project.council, project.status.value.capitalize(),
             f"badged {project.badged:%d %B %Y}".replace(" 0", " ", 1)]
    if project.contact:
        facts.append(f"contact: {project.contact}")
    text = "; ".join(f for f in facts if f) + "."
    if project.outcome:
        text += "\n\n" + project.outcome
    return Update(id=project.id, kind=UpdateKind.PROJECT, month=month, title=project.title,
                  text=text, objective=project.objective, internal=project.internal,
                  recorded_at=project.recorded_at, uid=project.uid, path=project.path)


def _merged(registered: list[Update], older: list[Update]) -> list[Update]:
    titles = {_key(u.title) for u in registered}
    return registered + [u for u in older if _key(u.title) not in titles]


def month_spotlights(records: Records, month: Month, end: date) -> list[Update]:
    """The month's spotlight: projects badged in the month (up to ``end``) or
    given a new version in it, as they stand now (a status or outcome recorded
    late still shows), then the month's project updates not about one of them."""
    first = month.first_day()
    projects = records.of(project_kind.KIND)
    changed = {p.id for p in projects
               if first <= stamp_order(p.recorded_at).date() <= end and p.amends}
    shown = [as_update(p, month.key()) for p in current_projects(projects)
             if first <= p.badged <= end or p.id in changed]
    older = [u for u in records.updates if u.month == month.key()
             and u.kind is UpdateKind.PROJECT]
    return _merged(shown, older)


def year_projects(records: Records, first_day: date, as_of: date) -> list[Update]:
    """The year's projects: every registered project badged by ``as_of``
    that was badged in the year, is still open, or was changed since the year
    began (as it stands now), then the year's project updates not about one
    of them. A project is placed in the month it was badged, even one badged
    before the year (carried on into it)."""
    shown = []
    for p in current_projects(records.of(project_kind.KIND)):
        changed = stamp_order(p.recorded_at) >= _end_of(first_day - timedelta(days=1))
        if p.badged <= as_of and (p.badged >= first_day or p.status.is_open or changed):
            shown.append(as_update(p, f"{p.badged:%Y-%m}"))
    first_month, last_month = f"{first_day:%Y-%m}", f"{as_of:%Y-%m}"
    older = [u for u in records.updates
             if u.kind is UpdateKind.PROJECT and first_month <= u.month <= last_month]
    return sorted(_merged(shown, older), key=lambda u: (u.month, u.title))
