"""The network's website as data: which snapshots it archives and the
position its pages show.

The site shows the plan as it stood at its newest snapshot (the end of the
latest month in which a meeting was held), never "today", so the same plan
folder always gives the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sli_cli.core.months import Month
from sli_cli.plan.model import Plan
from sli_cli.records import edition
from sli_cli.records.collection import Records
from sli_cli.views.position import Position
from sli_cli.views.snapshot import Snapshot, build_snapshot, position_at


@dataclass
class Site:
    plan: Plan
    public: bool
    day: date  # the date the index, priority and objective pages show
    position: Position
    snapshots: list[Snapshot]  # newest first


def archive_months(plan: Plan, records: Records) -> list[Month]:
    """Months that have a snapshot in the archive: those in which a meeting
    was held or that have an edition, within the plan period and the quarter
    after it, newest first."""
    first, last = Month.of(plan.first_day()), Month.of(plan.last_meeting_day())
    found = {Month.of(versions[-1].date) for versions in records.meeting_versions.values()}
    found |= {Month.parse(e.month) for e in records.of(edition.KIND)}
    return sorted((m for m in found if first <= m <= last), reverse=True)


def build_site(plan: Plan, records: Records, *, public: bool = False) -> Site:
    """Everything the site's pages show; with ``public``, nothing internal."""
    months = archive_months(plan, records)
    day = months[0].last_day() if months else plan.first_day()
    day = min(day, plan.last_meeting_day())
    position = position_at(plan, records, day)
    snapshots = [build_snapshot(plan, records, m, public=public) for m in months]
    return Site(plan, public, day, position, snapshots)
