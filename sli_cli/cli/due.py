"""``sli due``: what is still owed for a quarter, per DPH lead."""


from typing import Annotated

import typer

from sli_cli.cli import completion
from sli_cli.cli.options import FormatOption, PlanOption
from sli_cli.render.listing import OutputFormat


def due(
    quarter: Annotated[str | None, typer.Option(
        "--quarter", "-q", metavar="QUARTER", autocompletion=completion.quarters,
        help="The quarter. Default: the quarter under review today (the previous quarter "
        "in the first month of a quarter).")] = None,
    format: FormatOption = OutputFormat.TABLE,
    plan: PlanOption = None,
) -> None:
    """Show what each DPH lead still owes: meetings not yet recorded for the
    quarter, objectives with no rating for two quarters or more, and overdue
    actions. Exits 0 when nothing is owed and 1 otherwise, for scripts."""
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.core.errors import ExitCode
    from sli_cli.plan import lookup
    from sli_cli.render.listing import render
    from sli_cli.render.meetings import DUE_COLUMNS, due_json, due_rows, due_tables
    from sli_cli.views.due import owed

    today = clock.today()
    ws = open_workspace(plan, today=today)
    if quarter is None:
        wanted = ws.plan.clamp(ws.plan.quarter_under_review(today))
    else:
        wanted = lookup.quarter(ws.plan, quarter)
    as_of = min(today, wanted.next().last_day(ws.plan.year_start_month))
    result = owed(ws.plan, ws.records, wanted, as_of)
    rows = due_rows(ws.plan, result)
    label = ws.plan.label(wanted)
    if format is OutputFormat.TABLE:
        if not rows:
            err(f"Nothing is owed for {label} (as of {as_of.isoformat()}).")
        else:
            out(due_tables(ws.plan, result))
    else:
        out(render(format, DUE_COLUMNS, rows, json_data=due_json(ws.plan, result)))
    if result.anything:
        raise typer.Exit(int(ExitCode.DATA))
