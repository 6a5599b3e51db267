"""``sli init``: create a new plan folder."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer


def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to create.",
                                              show_default=False)],
    example: Annotated[bool, typer.Option("--example", help="Copy the bundled example plan "
                                          "(South West, 2022-2024) instead.")] = False,
    title: Annotated[Optional[str], typer.Option(help="Plan title.")] = None,  # noqa: UP045
    network: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="Regional network, e.g. 'South West'.")] = None,
    start: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="First quarter, e.g. '2024/25 Q1'.")] = None,
    end: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="Last quarter, e.g. '2025/26 Q4'.")] = None,
    plan_id: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--id", help="Plan id (letters, digits, - and _). Default: the folder name.")] = None,
) -> None:
    """Create a new plan folder with a commented plan.toml to fill in.

    On a terminal, asks for anything not given as an option. Without a
    terminal, --title, --start and --end are required. With --example, copies
    the bundled example plan instead.
    """
    from sli_cli.cli.output import err
    from sli_cli.core.errors import UsageError, display_path
    from sli_cli.core.quarters import Quarter, QuarterError
    from sli_cli.records.scaffold import copy_example, create_plan

    if example:
        target = copy_example(directory)
        err(f"Created {display_path(target)} from the bundled example plan. "
            f"Try: sli status --plan {display_path(target)}")
        return

    interactive = sys.stdin.isatty()

    def ask_quarter(value: str | None, option: str, default: Quarter) -> Quarter:
        while True:
            if value is None:
                if not interactive:
                    raise UsageError(f"{option} is required without a terminal "
                                     f"(e.g. {option} '2024/25 Q1')")
                value = typer.prompt(f"{option.lstrip('-').capitalize()} quarter",
                                     default=default.label())
            try:
                return Quarter.parse(value)
            except QuarterError as exc:
                if not interactive:
                    raise UsageError(f"{option}: {exc}") from None
                err(str(exc))
                value = None

    if title is None:
        if not interactive:
            raise UsageError("--title is required without a terminal")
        title = typer.prompt("Plan title", default="SLI Action Plan")
    title = " ".join(title.split())
    if not title:
        raise UsageError("--title is empty; give the plan a title")
    if network is None:
        network = typer.prompt("Network", default="South West") if interactive else "Region"
    this_year = Quarter.of(date.today()).year
    first = ask_quarter(start, "--start", Quarter(this_year, 1))
    last = ask_quarter(end, "--end", first.shift(7))
    path = create_plan(directory, plan_id=plan_id or _id_from(directory), title=title,
                       network=network, start=first, end=last)
    err(f"Created {display_path(path)} for {first.label()} to {last.label()}. "
        "Edit it, then run: sli check --plan " + display_path(directory))


def _id_from(directory: Path) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_-]+", "-", directory.resolve().name).strip("-_") or "plan"
