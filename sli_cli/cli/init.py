"""``sli init``: create a new plan folder."""


import sys
from pathlib import Path
from typing import Annotated

import typer

from sli_cli.cli import completion
from sli_cli.core.quarters import Quarter, QuarterError


def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to create.",
                                              show_default=False)],
    example: Annotated[bool, typer.Option("--example", help="Copy the bundled example plan "
                                          "(South West, 2022-2024) instead.")] = False,
    title: Annotated[str | None, typer.Option(help="Plan title.")] = None,
    network: Annotated[str | None, typer.Option(
        help="The regional ADPH network the plan belongs to.")] = None,
    start: Annotated[str | None, typer.Option(
        autocompletion=completion.any_quarters,
        help="First quarter, e.g. '2024/25 Q1'.")] = None,
    end: Annotated[str | None, typer.Option(
        autocompletion=completion.any_quarters,
        help="Last quarter, e.g. '2025/26 Q4'.")] = None,
    plan_id: Annotated[str | None, typer.Option(
        "--id", help="Plan id (letters, digits, - and _). Default: the folder name.")] = None,
    previous: Annotated[Path | None, typer.Option(
        "--from", metavar="OLD", show_default=False,
        help="Start from the plan in folder OLD: its priorities, objectives and today's "
        "leads; the new plan starts the quarter after OLD ends.")] = None,
    carry: Annotated[bool, typer.Option(
        "--carry", help="With --from: carry only the objectives not completed (not Blue, not "
        "retired), each linked back to OLD, with its last rating, open actions and outputs "
        "in comments.")] = False,
) -> None:
    """Create a new plan folder with a commented plan.toml to fill in.

    On a terminal, asks for anything not given as an option. Without a
    terminal, --title, --start and --end are required. With --example, copies
    the bundled example plan instead.
    """
    from sli_cli.cli.output import err
    from sli_cli.core import clock
    from sli_cli.core.errors import UsageError, display_path
    from sli_cli.records.scaffold import copy_example, create_plan

    if carry and previous is None:
        raise UsageError("--carry needs --from OLD, the plan to carry objectives from")
    if previous is not None:
        if example:
            raise UsageError("give --example or --from, not both")
        _successor(directory, previous, carry=carry, title=title, network=network,
                   start=start, end=end, plan_id=plan_id)
        return
    if example:
        target = copy_example(directory)
        err(f"Created {display_path(target)} from the bundled example plan. "
            f"Try: sli status --plan {display_path(target)}")
        return

    interactive = sys.stdin.isatty()
    if not interactive:
        first, last = _from_options(title, start, end)
        assert title is not None
    else:
        if title is None:
            title = typer.prompt("Plan title", default="SLI Action Plan")
        if network is None:
            network = typer.prompt("Network (the regional ADPH network)")
        this_year = Quarter.of(clock.today()).year
        first = _ask_quarter(start, "--start", Quarter(this_year, 1))
        last = _ask_quarter(end, "--end", first.shift(7))
    title = " ".join(title.split())
    if not title:
        raise UsageError("--title is empty; give the plan a title")
    network = " ".join((network or "").split()) or "Region"
    path = create_plan(directory, plan_id=plan_id or _id_from(directory), title=title,
                       network=network, start=first, end=last)
    err(f"Created {display_path(path)} for {first.label()} to {last.label()}. "
        "Edit it, then run: sli check --plan " + display_path(directory))


def _from_options(title: str | None, start: str | None, end: str | None
                  ) -> tuple[Quarter, Quarter]:
    """Without a terminal: every option missing or wrong, reported at once."""
    from sli_cli.core.errors import UsageError

    problems: list[str] = []
    missing = [option for option, value in (("--title", title), ("--start", start),
                                            ("--end", end)) if value is None]
    if missing:
        names = (", ".join(missing[:-1]) + " and " + missing[-1]) if len(missing) > 1 \
            else missing[0]
        problems.append(f"{names} {'are' if len(missing) > 1 else 'is'} required without a "
                        "terminal, e.g. --title 'SLI Action Plan 2024-2026' --start '2024/25 "
                        "Q1' --end '2025/26 Q4'")
    quarters: list[Quarter] = []
    for option, value in (("--start", start), ("--end", end)):
        if value is None:
            continue
        try:
            quarters.append(Quarter.parse(value))
        except QuarterError as exc:
            problems.append(f"{option}: {exc}")
    if problems:
        raise UsageError("\nsli: ".join(problems))
    return quarters[0], quarters[1]


def _ask_quarter(value: str | None, option: str, default: Quarter) -> Quarter:
    """A quarter from its option, or asked for until it reads."""
    from sli_cli.cli.output import err

    while True:
        if value is None:
            value = typer.prompt(f"{option.lstrip('-').capitalize()} quarter",
                                 default=default.label())
        try:
            return Quarter.parse(value)
        except QuarterError as exc:
            err(str(exc))
            value = None


def _id_from(directory: Path) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_-]+", "-", directory.resolve().name).strip("-_") or "plan"


def _successor(directory: Path, previous: Path, *, carry: bool, title: str | None,
               network: str | None, start: str | None, end: str | None,
               plan_id: str | None) -> None:
    """``sli init NEW --from OLD [--carry]``: the next plan drafted from OLD."""
    import os

    from sli_cli.cli.output import err
    from sli_cli.core import clock
    from sli_cli.core.errors import PlanNotFound, UsageError, display_path
    from sli_cli.plan.model import id_problem
    from sli_cli.plan.previous import allowed
    from sli_cli.records.scaffold import write_plan_file
    from sli_cli.records.workspace import open_workspace
    from sli_cli.render.successor import successor_toml
    from sli_cli.views.carry import handover

    try:
        ws = open_workspace(previous)
    except PlanNotFound as exc:
        raise UsageError(f"--from: {exc.message}; give the folder of the plan before (the one "
                         "with its plan.toml)") from None
    old = ws.plan
    try:
        first = Quarter.parse(start, old.year_start_month) if start else old.end.next()
        last = Quarter.parse(end, old.year_start_month) if end else first.shift(7)
    except QuarterError as exc:
        raise UsageError(f"{'--end' if start is None or end else '--start'}: {exc}") from None
    if last < first:
        raise UsageError(f"--end {last.label()} is before the start ({first.label()})")
    new_id = plan_id or _id_from(directory)
    if why := id_problem(new_id):
        raise UsageError(f"--id: {why}")
    if new_id == old.id:
        raise UsageError(f"the new plan needs an id other than {old.id!r}; give one with --id")
    years = f"{first.first_day(old.year_start_month).year}-" \
        f"{last.last_day(old.year_start_month).year}"
    title = " ".join((title or f"{old.network} SLI Action Plan {years}").split())
    h = handover(old, ws.records, clock.today())
    # The old plan's folder as seen from the new one (which may not exist yet).
    relative = os.path.relpath(ws.folder.resolve(), directory.resolve()).replace(os.sep, "/")
    # previous_plan is read only under the new plan's parent folder: a plan
    # before elsewhere is named in a comment instead, so that the new plan
    # starts without a warning.
    beside = allowed(relative)
    text = successor_toml(h, plan_id=new_id, title=title, network=network or old.network,
                          start=first, end=last, previous_plan=relative, carry=carry,
                          linked=beside)
    path = write_plan_file(directory, text)
    carried = f"; {len(h.carried)} objective(s) carried over" if carry else ""
    err(f"Created {display_path(path)} for {first.label()} to {last.label()} from "
        f"{display_path(ws.folder)}{carried}. Edit it, then run: sli check --plan "
        f"{display_path(directory)}")
    if not beside:
        err(f"Note: {display_path(ws.folder)} is not beside the new plan's folder, so "
            "previous_plan is left out and the carried objectives' earlier history is not "
            "shown; put the two folders side by side and add previous_plan = "
            f"\"../{ws.folder.resolve().name}\" to show it.")
