"""Reading ids and quarters typed on the command line against a plan.

A mistyped id gets the nearest match; a quarter outside the plan names the
plan's period. All raise ``UsageError`` (exit 2).
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from sli_cli.core.errors import UsageError
from sli_cli.core.quarters import Quarter, QuarterError
from sli_cli.plan.model import Objective, Plan, Priority, Rating
from sli_cli.plan.tomlsource import suggest

T = TypeVar("T")


def objective(plan: Plan, text: str) -> Objective:
    """The objective with this id (any case)."""
    found = _by_id({o.id: o for o in plan.objectives}, text)
    if found is None:
        ids = [o.id for o in plan.objectives]
        raise UsageError(f"no objective {text.strip()!r} in this plan"
                         f"{suggest(text.strip().upper(), ids)}; see: sli objective list")
    return found


def priority(plan: Plan, text: str) -> Priority:
    """The priority with this id (any case)."""
    found = _by_id({p.id: p for p in plan.priorities}, text)
    if found is None:
        ids = [p.id for p in plan.priorities]
        raise UsageError(f"no priority {text.strip()!r} in this plan"
                         f"{suggest(text.strip().upper(), ids)}; "
                         f"the plan's priorities are {', '.join(ids)}")
    return found


def priorities(plan: Plan, text: str) -> list[Priority]:
    """Priorities from a comma-separated list: ``P1,P3``."""
    return [priority(plan, part) for part in _parts(text)]


def quarter(plan: Plan, text: str, option: str = "--quarter",
            today: date | None = None) -> Quarter:
    """A quarter of the plan period (and, given ``today``, one that has started)."""
    try:
        q = Quarter.parse(text, plan.year_start_month)
    except QuarterError as exc:
        raise UsageError(f"{option}: {exc}") from None
    if not plan.in_period(q):
        raise UsageError(f"{option}: {plan.label(q)} is outside the plan period "
                         f"({plan.period_label()})")
    if today is not None and q > plan.quarter_of(today):
        raise UsageError(f"{option}: {plan.label(q)} has not started yet (today is in "
                         f"{plan.label(plan.quarter_of(today))})")
    return q


def ratings(plan: Plan, text: str, option: str = "--rag") -> list[Rating | None]:
    """Ratings from a comma-separated list (``red,amber``, ``R,A``); ``none``
    stands for objectives not rated yet."""
    found: list[Rating | None] = []
    for part in _parts(text):
        if part.lower() in ("none", "not-rated", "unrated"):
            found.append(None)
            continue
        try:
            found.append(Rating.parse(part))
        except ValueError:
            words = [r.value for r in plan.scheme.ratings]
            raise UsageError(f"{option}: {part!r} is not a rating"
                             f"{suggest(part.lower(), words)}; use "
                             f"{plan.scheme.describe_choices()} or none") from None
    return found


def _parts(text: str) -> list[str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise UsageError(f"{text!r}: nothing to look for")
    return parts


def _by_id(index: dict[str, T], text: str) -> T | None:
    wanted = text.strip()
    if wanted in index:
        return index[wanted]
    folded = {key.upper(): value for key, value in index.items()}
    return folded.get(wanted.upper())
