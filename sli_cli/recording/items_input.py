"""Events and updates for the snapshot: checking what a person typed before
it is recorded, and choosing which items to list.

Typed input is checked here, raising errors that carry the field; records
read back from files are checked again, strictly, by ``sli_cli.records.kinds``.
"""

from __future__ import annotations

from datetime import date

from sli_cli.core.errors import BadValue, InputError, OutOfPeriod
from sli_cli.core.months import Month
from sli_cli.core.text import is_web_address, printable
from sli_cli.plan import lookup
from sli_cli.plan.model import Plan
from sli_cli.records.event import Event
from sli_cli.records.update import Update, UpdateKind

__all__ = ["printable"]  # the commands show typed text through it


def checked_title(title: str, field: str = "title") -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise InputError(field, title, "is empty; give a short title", follows_name=True)
    if printable(cleaned) != cleaned:
        raise BadValue(field, printable(cleaned), "contains control characters")
    return cleaned


def checked_link(link: str | None) -> str:
    """A web address starting http:// or https://, or '' when none was given."""
    if link is None or not link.strip():
        return ""
    cleaned = link.strip()
    if not is_web_address(cleaned):
        raise BadValue("link", f"'{printable(cleaned)}'", "is not a well-formed web address; "
                       "give one starting http:// or https:// with no spaces, quotes, "
                       "'|', '<', '>' or brackets", quote=False)
    return cleaned


def checked_kind(text: str) -> UpdateKind:
    """A kind of update, in any case."""
    try:
        return UpdateKind(text.strip().lower())
    except ValueError:
        kinds = ", ".join(k.value for k in UpdateKind)
        raise BadValue("kind", printable(text), f"is not a kind of update ({kinds})") from None


def checked_priority(plan: Plan, priority: str | None) -> str:
    if not priority:
        return ""
    return lookup.priority(plan, priority).id


def checked_objective(plan: Plan, objective: str | None) -> str:
    if not objective:
        return ""
    return lookup.objective(plan, objective).id


def checked_event_date(plan: Plan, day: date) -> date:
    """An event falls within the plan period (or the quarter after it)."""
    first, last = plan.first_day(), plan.last_meeting_day()
    if not first <= day <= last:
        raise OutOfPeriod("date", day.isoformat(), f"{first.isoformat()} to "
                          f"{plan.last_day().isoformat()}, or up to {last.isoformat()}: "
                          f"{lookup.AFTER_THE_PLAN}")
    return day


def checked_update_month(plan: Plan, month: str | None, today: date) -> str:
    """The month given, or this month, within the plan period (or the quarter after it)."""
    chosen = lookup.month(month) if month else Month.of(today)
    return lookup.month_in_plan(plan, chosen, defaulted=not month).key()


def upcoming_events(events: list[Event], start: date) -> list[Event]:
    """Events on or after ``start``, soonest first."""
    return sorted((e for e in events if e.date >= start), key=lambda e: (e.date, e.title))


def updates_in(updates: list[Update], month: str | None) -> list[Update]:
    return [u for u in updates if month is None or u.month == month]
