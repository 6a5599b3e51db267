"""Options shared by many commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sli_cli.render.listing import LISTING, OutputFormat

if TYPE_CHECKING:
    from sli_cli.core.quarters import Quarter
    from sli_cli.plan.model import Plan

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        metavar="DIR",
        help="Plan folder. Default: $SLI_PLAN, else the nearest plan.toml in this folder "
        "or its parents, else the single plan under ./plans.",
        show_default=False,
    ),
]


def format_option(*choices: OutputFormat, help: str = "Output format.") -> Any:
    """``--format``/``-f`` offering ``choices`` of the one ``OutputFormat``:
    shown in help, completed, and the only values accepted (any case)."""
    names = [c.value for c in choices]

    def parse(text: str | OutputFormat) -> OutputFormat:
        if isinstance(text, OutputFormat):  # the default
            return text
        chosen = text.strip().lower()
        if chosen not in names:
            raise typer.BadParameter(f"{text!r} is not one of "
                                     + ", ".join(repr(n) for n in names) + ".")
        return OutputFormat(chosen)

    def complete(incomplete: str) -> list[str]:
        return [n for n in names if n.startswith(incomplete.lower())]

    return typer.Option("--format", "-f", help=help, metavar="<" + "|".join(names) + ">",
                        parser=parse, autocompletion=complete)


FormatOption = Annotated[OutputFormat, format_option(*LISTING)]


def quarter_option(plan: Plan, text: str | None) -> Quarter | None:
    """A quarter typed as an option, read in the plan's financial year (its
    first month), not yet checked against the plan's period."""
    from sli_cli.plan import lookup

    return None if text is None else lookup.quarter_text(
        text, year_start_month=plan.year_start_month)


def priority_option(plan: Plan, text: str | None) -> str | None:
    """A priority's id typed as an option, in any case: the plan's own id."""
    from sli_cli.plan import lookup

    return None if text is None else lookup.priority(plan, text).id


def council_option(plan: Plan, text: str) -> str:
    """A council's name typed as an option, in any case: the plan's own spelling."""
    from sli_cli.plan import lookup

    return lookup.council(plan, text).name
