"""Shell completion of ids and quarters from the plan in use.

Each function gets what has been typed so far and offers the matching
values, with a short description. They never fail: with no plan, or a broken
one, they offer nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sli_cli.plan.model import Plan


def _plan(ctx: typer.Context) -> Plan | None:
    try:
        from sli_cli.plan.discover import find_plan
        from sli_cli.plan.loader import read_plan

        option = None
        context: typer.Context | None = ctx
        while context is not None and option is None:
            option = context.params.get("plan")
            context = context.parent  # type: ignore[assignment]
        plan, _ = read_plan(find_plan(option))
        return plan
    except Exception:  # completion must never break the shell
        return None


def _matching(pairs: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    typed = incomplete.casefold()
    return [(value, help) for value, help in pairs if value.casefold().startswith(typed)]


def objectives(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    plan = _plan(ctx)
    if plan is None:
        return []
    return _matching([(o.id, o.title) for o in plan.objectives], incomplete)


def priorities(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    plan = _plan(ctx)
    if plan is None:
        return []
    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    return _matching([(prefix + p.id, p.title) for p in plan.priorities], prefix + last)


def quarters(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    plan = _plan(ctx)
    if plan is None:
        return []
    # Offered as 2023-24-Q2 (or 2023/24-Q2 once a '/' is typed): no space, so no
    # quoting in any shell. The canonical label goes in the description.
    pairs = []
    for q in plan.quarters():
        first, last = q.first_day(plan.year_start_month), q.last_day(plan.year_start_month)
        value = q.slug()
        if "/" in incomplete:
            value = value.replace("-", "/", 1)
        pairs.append((value, f"{plan.label(q)}: {first:%b %Y} to {last:%b %Y}"))
    return _matching(pairs, incomplete)


def ratings(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    plan = _plan(ctx)
    from sli_cli.plan.model import Rating

    choices = plan.scheme.ratings if plan else list(Rating)
    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    pairs = [(prefix + r.value, r.letter) for r in choices] + [(prefix + "none", "not rated")]
    return _matching(pairs, prefix + last)
