"""Options shared by many commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sli_cli.render.listing import OutputFormat

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

FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]


def quarter_option(text: str | None) -> Quarter | None:
    """A quarter typed as an option, not yet checked against the plan."""
    from sli_cli.plan import lookup

    return None if text is None else lookup.quarter_text(text)


def priority_option(plan: Plan, text: str | None) -> str | None:
    """A priority's id typed as an option, in any case: the plan's own id."""
    from sli_cli.plan import lookup

    return None if text is None else lookup.priority(plan, text).id
