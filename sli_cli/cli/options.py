"""Options shared by many commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from sli_cli.render.listing import OutputFormat

if TYPE_CHECKING:
    from sli_cli.core.quarters import Quarter
    from sli_cli.plan.model import Plan

PlanOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer reads the annotation at run time
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
    from sli_cli.core.errors import UsageError
    from sli_cli.core.quarters import Quarter, QuarterError

    if text is None:
        return None
    try:
        return Quarter.parse(text)
    except QuarterError as exc:
        raise UsageError(str(exc)) from None


def priority_option(plan: Plan, text: str | None) -> str | None:
    """A priority's id typed as an option, in any case: the plan's own id."""
    from sli_cli.core.errors import UsageError
    from sli_cli.plan.tomlsource import suggest

    if text is None:
        return None
    for p in plan.priorities:
        if p.id.lower() == text.strip().lower():
            return p.id
    known = [p.id for p in plan.priorities]
    raise UsageError(f"priority {text} is not defined{suggest(text, known)}; this plan has "
                     f"{', '.join(known)}")
