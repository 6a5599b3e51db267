"""Events and updates for the snapshot: checking what a person typed before
it is recorded, and choosing which items to list.

Typed input is checked here with messages that name the option; records read
back from files are checked again, strictly, by ``sli_cli.records.kinds``.
"""

from __future__ import annotations

from datetime import date

from sli_cli.core.errors import UsageError
from sli_cli.core.text import is_web_address, printable
from sli_cli.plan.model import Plan
from sli_cli.plan.tomlsource import suggest
from sli_cli.records.event import Event
from sli_cli.records.update import Update, parse_month

__all__ = ["printable"]  # the commands show typed text through it


def checked_title(title: str, option: str = "--title") -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise UsageError(f"{option} is empty; give a short title")
    if printable(cleaned) != cleaned:
        raise UsageError(f"{option} contains control characters: {printable(cleaned)!r}")
    return cleaned


def checked_link(link: str | None) -> str:
    """A web address starting http:// or https://, or '' when none was given."""
    if link is None or not link.strip():
        return ""
    cleaned = link.strip()
    if not is_web_address(cleaned):
        raise UsageError(f"--link '{printable(cleaned)}' is not a well-formed web address; "
                         "give one starting http:// or https:// with no spaces, quotes, "
                         "'|', '<', '>' or brackets")
    return cleaned


def checked_priority(plan: Plan, priority: str | None) -> str:
    if not priority:
        return ""
    known = [p.id for p in plan.priorities]
    match = next((p for p in known if p.upper() == priority.strip().upper()), None)
    if match is None:
        raise UsageError(f"--priority {printable(priority)}: no such priority in the plan"
                         f"{suggest(priority.strip().upper(), known)}; "
                         f"the plan has {', '.join(known)}")
    return match


def checked_objective(plan: Plan, objective: str | None) -> str:
    if not objective:
        return ""
    known = [o.id for o in plan.objectives]
    match = next((o for o in known if o.upper() == objective.strip().upper()), None)
    if match is None:
        raise UsageError(f"--objective {printable(objective)}: no such objective in the plan"
                         f"{suggest(objective.strip().upper(), known)}")
    return match


def checked_month(text: str, option: str = "--month") -> str:
    """A month typed as ``YYYY-MM`` (``2023-11``)."""
    try:
        return parse_month(text)
    except ValueError:
        raise UsageError(f"{option} {printable(text)!r} is not a month; write it like 2023-11"
                         ) from None


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def checked_event_date(plan: Plan, day: date) -> date:
    """An event falls within the plan period (or the quarter after it)."""
    first, last = plan.first_day(), plan.last_meeting_day()
    if not first <= day <= last:
        raise UsageError(f"--date {day.isoformat()} is outside the plan period "
                         f"({first.isoformat()} to {plan.last_day().isoformat()}, or up to "
                         f"{last.isoformat()}: the quarter after the plan, when its last "
                         "quarter's meetings are held)")
    return day


def checked_update_month(plan: Plan, month: str | None, today: date) -> str:
    """``--month``, or this month, within the plan period (or the quarter after it)."""
    first, last = month_of(plan.first_day()), month_of(plan.last_meeting_day())
    chosen = checked_month(month) if month else month_of(today)
    if not first <= chosen <= last:
        given = f"--month {chosen}" if month else f"this month ({chosen})"
        raise UsageError(f"{given} is outside the plan period ({first} to "
                         f"{month_of(plan.last_day())}, or up to {last}: the quarter after the "
                         "plan, when its last quarter's meetings are held)"
                         + ("" if month else "; give the month with --month"))
    return chosen


def upcoming_events(events: list[Event], start: date) -> list[Event]:
    """Events on or after ``start``, soonest first."""
    return sorted((e for e in events if e.date >= start), key=lambda e: (e.date, e.title))


def updates_in(updates: list[Update], month: str | None) -> list[Update]:
    return [u for u in updates if month is None or u.month == month]
