"""Reading what a person typed against a plan: ids, quarters, years, months,
ratings. The one place where an id typed in any case becomes the plan's own.

A mistyped id gets the nearest match; a quarter or month outside the plan
names the plan's period. Errors are the typed ``InputError``s of
``sli_cli.core.errors``; each carries the field it is about (``month``,
``quarter``...), which the command line maps to its option.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date
from typing import TypeVar

from sli_cli.core.errors import BadValue, InputError, NotFound, OutOfPeriod
from sli_cli.core.months import Month
from sli_cli.core.quarters import (
    DEFAULT_YEAR_START_MONTH,
    FIRST_YEAR,
    LAST_YEAR,
    AmbiguousQuarter,
    Quarter,
    QuarterError,
)
from sli_cli.core.text import nearest, printable
from sli_cli.plan.model import Council, Objective, Output, Plan, Priority, Rating

T = TypeVar("T")

# Why a month or day after the plan period is still allowed.
AFTER_THE_PLAN = "the quarter after the plan, when its last quarter's meetings are held"


def find_id(text: str, ids: Iterable[str]) -> str | None:
    """The id in ``ids`` that ``text`` names, in any case and with spaces
    around; None when there is none."""
    wanted = text.strip()
    known = list(ids)
    if wanted in known:
        return wanted
    folded = wanted.upper()
    return next((i for i in known if i.upper() == folded), None)


def resolve_id(kind: str, text: str, ids: Iterable[str], *, list_known: bool = False,
               field: str | None = None) -> str:
    """The id ``text`` names, or ``NotFound`` with the nearest id (and, with
    ``list_known``, every id)."""
    known = list(ids)
    found = find_id(text, known)
    if found is None:
        shown = printable(text.strip())
        raise NotFound(kind, shown, nearest(shown.upper(), known),
                       known if list_known else (), field=field)
    return found


def objective(plan: Plan, text: str, field: str | None = None) -> Objective:
    """The objective with this id (any case)."""
    found = resolve_id("objective", text, [o.id for o in plan.objectives], field=field)
    return next(o for o in plan.objectives if o.id == found)


def council(plan: Plan, text: str, field: str | None = None) -> Council:
    """The council of the plan with this name (any case), or ``NotFound``
    with the nearest name and every name."""
    found = plan.council(text)
    if found is not None:
        return found
    names = [c.name for c in plan.councils]
    if not names:
        raise InputError(field or "council", text, "this plan lists no councils; add "
                         "[[councils]] tables (name, dph) to plan.toml")
    folded = {n.casefold(): n for n in names}
    close = nearest(" ".join(text.split()).casefold(), folded)
    raise NotFound("council", printable(text.strip()), folded[close] if close else None, names,
                   field=field)


def priority(plan: Plan, text: str, field: str | None = None) -> Priority:
    """The priority with this id (any case)."""
    found = resolve_id("priority", text, [p.id for p in plan.priorities], list_known=True,
                       field=field)
    return next(p for p in plan.priorities if p.id == found)


def priorities(plan: Plan, text: str) -> list[Priority]:
    """Priorities from a comma-separated list: ``P1,P3``."""
    return [priority(plan, part) for part in _parts("priority", text)]


def output(plan: Plan, text: str) -> Output:
    """An output of the plan by its id (``KO5.2``, any case)."""
    outputs = {o.id: o for objective in (*plan.objectives, *plan.retired)
               for o in objective.outputs}
    return outputs[resolve_id("output", text, outputs)]


def action(ids: Iterable[str], text: str) -> str:
    """The id of a recorded action (any case)."""
    return resolve_id("action", text, ids)


def quarter_text(text: str, field: str = "quarter",
                 year_start_month: int | None = DEFAULT_YEAR_START_MONTH) -> Quarter:
    """A quarter in any of the forms ``Quarter.parse`` reads, plan or not."""
    try:
        return Quarter.parse(text, year_start_month)
    except QuarterError as exc:
        raise InputError(field, text, str(exc)) from None


def quarter(plan: Plan, text: str, field: str = "quarter",
            today: date | None = None) -> Quarter:
    """A quarter of the plan period (and, given ``today``, one that has started)."""
    q = quarter_text(text, field, plan.year_start_month)
    if not plan.in_period(q):
        raise OutOfPeriod(field, plan.label(q), plan.period_label())
    if today is not None and q > plan.quarter_of(today):
        raise OutOfPeriod(field, plan.label(q), plan.period_label(),
                          started=plan.label(plan.quarter_of(today)))
    return q


def financial_year(text: str, field: str = "year",
                   year_start_month: int = DEFAULT_YEAR_START_MONTH) -> Quarter:
    """The first quarter of the financial year ``text`` (``2023/24``)."""
    try:
        return Quarter.parse(f"{text.strip()} Q1", year_start_month)
    except AmbiguousQuarter:
        starting = Quarter.parse(f"{text.strip()} Q1", None)
        ending = starting.shift(-4)
        raise BadValue(field, text.strip(), "names no financial year: it could be "
                       f"{_year_label(starting, year_start_month)} or "
                       f"{_year_label(ending, year_start_month)}, the year ending in "
                       f"{starting.year}; write it like "
                       f"{_year_label(starting, year_start_month).split()[0]}",
                       quote=False) from None
    except QuarterError:
        raise BadValue(field, text, "is not a financial year; write it like 2023/24") from None


def year(plan: Plan, text: str, field: str = "year") -> list[Quarter]:
    """The plan's quarters in the financial year ``text`` (``2023/24``)."""
    first = financial_year(text, field, plan.year_start_month)
    quarters = [q for q in (first.shift(i) for i in range(4)) if plan.in_period(q)]
    if not quarters:
        years = sorted({q.year for q in plan.quarters()})
        known = ", ".join(Quarter(y, 1).label(plan.year_start_month)[:-3] for y in years)
        raise BadValue(field, text.strip(), "has no quarters in the plan; the plan's years "
                       f"are {known}", quote=False)
    return quarters


def _year_label(first: Quarter, year_start_month: int) -> str:
    """``2023/24 (April 2023 to March 2024)``."""
    last = first.shift(3).last_day(year_start_month)
    return (f"{first.label(year_start_month)[:-3]} ({first.first_day(year_start_month):%B %Y} "
            f"to {last:%B %Y})")


_MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_name)
                if name}
_MONTH_NAMES.update({name.lower(): number for number, name in enumerate(calendar.month_abbr)
                     if name})
_MONTH_NAMES["sept"] = 9
_NUMBERS_MONTH = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{4})$")  # 11/2023
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[/.-]\s*(\d{1,2})$")  # 2023-11, 2023/11
_WORDS_MONTH = re.compile(r"^([a-z]+)[\s,]+(\d{4})$|^(\d{4})[\s,]+([a-z]+)$")


def month(text: str, field: str = "month") -> Month:
    """A month typed by a person: ``2023-11``, ``Nov 2023``, ``November 2023``
    or ``11/2023``; the year in full, so that no month reads two ways."""
    cleaned = " ".join(text.strip().lower().split())
    found: tuple[int, int] | None = None
    if m := _YEAR_MONTH.match(cleaned):
        found = int(m[1]), int(m[2])
    elif m := _NUMBERS_MONTH.match(cleaned):
        found = int(m[2]), int(m[1])
    elif (m := _WORDS_MONTH.match(cleaned)) and (m[1] or m[4]) in _MONTH_NAMES:
        found = int(m[2] or m[3]), _MONTH_NAMES[m[1] or m[4]]
    if found is None or not 1 <= found[1] <= 12 or not FIRST_YEAR <= found[0] <= LAST_YEAR:
        raise BadValue(field, printable(text), "is not a month; write it like 2023-11, "
                       "Nov 2023 or 11/2023") from None
    return Month(*found)


def month_in_plan(plan: Plan, chosen: Month, field: str = "month", *,
                  defaulted: bool = False) -> Month:
    """``chosen`` when it lies in the plan period or in the quarter after it,
    when the last quarter's meetings are held."""
    first, last = Month.of(plan.first_day()), Month.of(plan.last_day())
    closing = Month.of(plan.last_meeting_day())
    if not first <= chosen <= closing:
        value = f"this month ({chosen.key()})" if defaulted else chosen.key()
        raise OutOfPeriod(field, value, f"{first.key()} to {last.key()}, or up to "
                          f"{closing.key()}: {AFTER_THE_PLAN}", defaulted=defaulted)
    return chosen


def ratings(plan: Plan, text: str, field: str = "rating") -> list[Rating | None]:
    """Ratings from a comma-separated list (``red,amber``, ``R,A``); ``none``
    stands for objectives not rated yet."""
    found: list[Rating | None] = []
    for part in _parts(field, text):
        if part.lower() in ("none", "not-rated", "unrated"):
            found.append(None)
            continue
        try:
            found.append(Rating.parse(part))
        except ValueError:
            words = [r.value for r in plan.scheme.ratings]
            close = nearest(part.lower(), words)
            raise BadValue(field, part, "is not a rating"
                           + (f" (did you mean '{close}'?)" if close else "")
                           + f"; use {plan.scheme.describe_choices()} or none") from None
    return found


def _parts(field: str, text: str) -> list[str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise BadValue(field, text, "names nothing to look for")
    return parts
