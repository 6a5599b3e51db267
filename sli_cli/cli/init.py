"""``sli init``: create a new plan folder."""

from __future__ import annotations

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
