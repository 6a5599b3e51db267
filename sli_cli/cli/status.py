"""``sli status``: where every objective stands, at a glance."""


from typing import Annotated

import typer

from sli_cli.cli import completion
from sli_cli.cli.options import FormatOption, PlanOption
from sli_cli.render.listing import OutputFormat

QuarterOption = Annotated[
    str | None,
    typer.Option("--quarter", "-q", metavar="QUARTER", show_default=False,
                 autocompletion=completion.quarters,
                 help="Show the position at the end of this quarter, e.g. '2023/24 Q2'. "
                 "Default: the current quarter (the last one once the plan has ended)."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", show_default=False,
                 help="Show the position as it was known on this date (day first, e.g. "
                 "30/09/2023): the meetings held by then, even if recorded later, with "
                 "only the amendments recorded by then."),
]
PriorityOption = Annotated[
    str | None,
    typer.Option("--priority", "-p", metavar="P", show_default=False,
                 autocompletion=completion.priorities,
                 help="Only these priorities, e.g. P2 or P1,P3."),
]


def status(
    plan: PlanOption = None,
    quarter: QuarterOption = None,
    as_of: AsOfOption = None,
    priority: PriorityOption = None,
    rag: Annotated[str | None, typer.Option(
        "--rag", metavar="RATINGS", show_default=False, autocompletion=completion.ratings,
        help="Only objectives with these ratings, e.g. red,amber ('none': not rated)."),
    ] = None,
    lead: Annotated[str | None, typer.Option(
        "--lead", metavar="TEXT", show_default=False,
        help="Only objectives whose lead, or whose priority's DPH lead, contains TEXT "
        "(any case), e.g. a council's name."),
    ] = None,
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show where every objective stands: rating, direction of travel, actions.

    Grouped by priority: each objective's latest rating, its direction of
    travel against the previous rating, the quarter it was rated in, its open
    and overdue actions, and 'stale' when it has no rating this quarter or
    last. Below: counts per rating, what improved or got worse, and which
    meetings are still owed this quarter.
    """
    from sli_cli.cli.output import console, err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.core.dates import DateError, parse_lenient
    from sli_cli.core.errors import UsageError
    from sli_cli.plan import lookup
    from sli_cli.render.status import render_status
    from sli_cli.views.position import compute_position, default_cutoff
    from sli_cli.views.status import Status, StatusFilter

    today = clock.today()
    if quarter is not None and as_of is not None:
        raise UsageError("give --quarter or --as-of, not both")
    ws = open_workspace(plan, today=today)
    the_plan = ws.plan
    wanted_quarter = lookup.quarter(the_plan, quarter, today=today) if quarter is not None else None
    day = None
    if as_of is not None:
        try:
            day = parse_lenient(as_of, today=today)
        except DateError as exc:
            raise UsageError(f"--as-of: {exc}") from None
    for option, value in (("--priority", priority), ("--rag", rag), ("--lead", lead)):
        if value is not None and not value.strip():
            raise UsageError(f"{option} is empty; leave it out to show every objective")
    status_filter = StatusFilter(
        priorities=tuple(p.id for p in lookup.priorities(the_plan, priority)) if priority
        else (),
        ratings=tuple(lookup.ratings(the_plan, rag)) if rag else (),
        lead=lead or "",
    )
    cutoff, note = default_cutoff(the_plan, quarter=wanted_quarter, as_of=day, today=today)
    position = compute_position(the_plan, ws.records, cutoff, note)
    result = Status.of(position, status_filter)
    if note:
        err(note)
    later = result.recorded_later_note()
    if later and format in (OutputFormat.MD, OutputFormat.CSV):
        err(later)  # the table shows it under its heading, JSON as a field
    if not result.objectives and format is OutputFormat.TABLE:
        err("No objectives match the filters given.")
        return
    # Only the table needs the terminal's width, and only it needs Rich.
    width = console().width if format is OutputFormat.TABLE else 80
    out(render_status(result, format, width))
