"""Shell completion of ids and quarters from the plan in use.

Each function gets what has been typed so far and offers the matching
values, with a short description. They never fail: with no plan, or a broken
one, they offer nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from pathlib import Path

    from sli_cli.plan.model import Plan


def _folder(ctx: typer.Context) -> Path:
    """The plan folder in use: ``--plan`` wherever it was given, else found."""
    from sli_cli.plan.discover import find_plan

    option = None
    context: typer.Context | None = ctx
    while context is not None and option is None:
        option = context.params.get("plan")
        context = context.parent  # type: ignore[assignment]
    return find_plan(option)


def _plan(ctx: typer.Context) -> Plan | None:
    try:
        from sli_cli.plan.loader import read_plan

        plan, _ = read_plan(_folder(ctx))
        return plan
    except Exception:  # completion must never break the shell
        return None


def matching(pairs: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """The pairs whose value starts with what was typed, in any case. Ids are
    read in any case, and a shell keeps only values that start with exactly
    what was typed: typed in lower case, they are offered in lower case."""
    typed = incomplete.casefold()
    lower = incomplete != incomplete.upper() and incomplete == incomplete.lower()
    return [(value.lower() if lower else value, help) for value, help in pairs
            if value.casefold().startswith(typed)]


def objectives(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    plan = _plan(ctx)
    if plan is None:
        return []
    return matching([(o.id, o.title) for o in plan.objectives], incomplete)


def priorities(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    plan = _plan(ctx)
    if plan is None:
        return []
    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    return matching([(prefix + p.id, p.title) for p in plan.priorities], prefix + last)


def priority(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """One priority id."""
    plan = _plan(ctx)
    if plan is None:
        return []
    return matching([(p.id, p.title) for p in plan.priorities], incomplete)


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
    return matching(pairs, incomplete)


def ratings(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    plan = _plan(ctx)
    from sli_cli.plan.model import Rating

    choices = plan.scheme.ratings if plan else list(Rating)
    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    pairs = [(prefix + r.value, r.letter) for r in choices] + [(prefix + "none", "not rated")]
    return matching(pairs, prefix + last)


def months(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The plan's months (and those of the quarter after it), as ``2023-11``."""
    plan = _plan(ctx)
    if plan is None:
        return []
    pairs = []
    year, month = plan.first_day().year, plan.first_day().month
    last = plan.last_meeting_day()
    while (year, month) <= (last.year, last.month):
        pairs.append((f"{year:04d}-{month:02d}",
                      f"{_MONTH_NAMES[month - 1]} {year}"))
        year, month = year + month // 12, month % 12 + 1
    return matching(pairs, incomplete)


def years(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The plan's financial years, as ``2023-24`` (no quoting needed)."""
    plan = _plan(ctx)
    if plan is None:
        return []
    pairs: list[tuple[str, str]] = []
    for q in plan.quarters():
        label = plan.label(q)[:-3]
        value = label.replace("/", "-")
        if "/" in incomplete:
            value = label
        if not any(v == value for v, _ in pairs):
            pairs.append((value, f"financial year {label}"))
    return matching(pairs, incomplete)


def actions(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Ids of the actions raised at recorded meetings, open ones first."""
    try:
        from sli_cli.records.load import read_records

        records, _ = read_records(_folder(ctx))
        done = set(records.done)
        pairs = [(a.id, f"{'done: ' if a.id in done else ''}{a.text} ({a.owner})")
                 for m in records.meetings for _, a in m.actions]
        pairs.sort(key=lambda pair: (pair[1].startswith("done: "), pair[0]))
        return matching(pairs, incomplete)
    except Exception:  # completion must never break the shell
        return []


def events(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Ids of the events shown (not those withdrawn)."""
    try:
        from sli_cli.records.load import read_records

        records, _ = read_records(_folder(ctx))
        return matching([(e.id, f"{e.date.isoformat()} {e.title}") for e in records.events],
                        incomplete)
    except Exception:  # completion must never break the shell
        return []


def updates(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Ids of the updates shown (not those withdrawn)."""
    try:
        from sli_cli.records.load import read_records

        records, _ = read_records(_folder(ctx))
        return matching([(u.id, f"{u.month} {u.title}") for u in records.updates], incomplete)
    except Exception:  # completion must never break the shell
        return []


def drafts(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Names of the drafts kept (``P1``, ``P1.2``)."""
    try:
        from sli_cli.recording.drafts import summarise_drafts

        return matching([(d.name, f"saved {d.saved:%Y-%m-%d %H:%M} UTC")
                         for d in summarise_drafts(_folder(ctx))], incomplete)
    except Exception:  # completion must never break the shell
        return []


def any_quarters(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Quarters for a plan not yet made (``sli init``): this year's and the next three."""
    from sli_cli.core import clock
    from sli_cli.core.quarters import Quarter

    start = Quarter(Quarter.of(clock.today()).year - 1, 1)
    pairs: list[tuple[str, str]] = []
    for q in (start.shift(n) for n in range(20)):
        value = q.slug() if "/" not in incomplete else q.slug().replace("-", "/", 1)
        pairs.append((value, f"{q.label()}: {q.first_day():%b %Y} to {q.last_day():%b %Y}"))
    return matching(pairs, incomplete)


def objective_ratings(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """``KO4=`` for the objectives of the priority given, then ``KO4=amber``."""
    plan = _plan(ctx)
    if plan is None:
        return []
    objective, equals, _ = incomplete.partition("=")
    if not equals:
        wanted = str(ctx.params.get("priority") or "").strip().casefold()
        pairs = [(f"{o.id}=", o.title) for o in plan.objectives
                 if not wanted or o.priority.casefold() == wanted]
        return matching(pairs, incomplete)
    pairs = [(f"{objective}={r.value}", r.letter) for r in plan.scheme.ratings]
    pairs.append((f"{objective}=skip", "not discussed"))
    return matching(pairs, incomplete)


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


def any_years(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Financial years around today, as ``2023-24`` (for several plans at once)."""
    from sli_cli.core import clock
    from sli_cli.core.quarters import Quarter

    this = Quarter.of(clock.today()).year
    pairs = []
    for year in range(this - 4, this + 2):
        label = Quarter(year, 1).label()[:-3]
        value = label if "/" in incomplete else label.replace("/", "-")
        pairs.append((value, f"financial year {label}"))
    return matching(pairs, incomplete)
