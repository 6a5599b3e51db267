"""``sli objective``: list the objectives, or show one with its history."""


from typing import TYPE_CHECKING, Annotated, Any

import typer

from sli_cli.cli import completion
from sli_cli.cli.options import FormatOption, PlanOption
from sli_cli.cli.status import PriorityOption
from sli_cli.render.listing import OutputFormat

if TYPE_CHECKING:
    from rich.text import Text

app = typer.Typer(
    help="List the plan's key objectives, or show one with its story.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("show")
def show(
    objective: Annotated[str, typer.Argument(
        metavar="ID", show_default=False, autocompletion=completion.objectives,
        help="Objective id, e.g. KO14.")],
    plan: PlanOption = None,
) -> None:
    """Show one objective: its outputs, lead, ratings and what happened each quarter.

    A strip of the plan's quarters with the rating of each, then quarter by
    quarter the progress, risks, support asked for, and actions raised and
    closed. An objective carried from the plan before (previous_plan in
    plan.toml) shows its last rating and its ratings there too.
    """
    from sli_cli.cli.output import console, err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.plan import lookup
    from sli_cli.render.history import objective_view
    from sli_cli.views.earlier import earlier_history
    from sli_cli.views.position import compute_position, default_cutoff

    today = clock.today()
    ws = open_workspace(plan, today=today)
    found = lookup.objective(ws.plan, objective)
    # The plan having ended is plain from the timeline: no note needed here.
    cutoff, _ = default_cutoff(ws.plan, today=today)
    position = compute_position(ws.plan, ws.records, cutoff)
    earlier = earlier_history(ws.folder, ws.plan, today)
    for problem in earlier.problems:
        err(problem.format())
    out(objective_view(position, found, earlier, console().width))


@app.command("list")
def list_(
    plan: PlanOption = None,
    priority: PriorityOption = None,
    format: FormatOption = OutputFormat.TABLE,
) -> None:
    """List the key objectives: id, title, priority, lead and number of outputs;
    an objective retired or added during the plan says when (and in JSON,
    carried_from: where a carried objective came from)."""
    from sli_cli.cli.output import open_workspace, out
    from sli_cli.plan import lookup
    from sli_cli.render.listing import Column, render

    ws = open_workspace(plan)
    wanted = {p.id for p in lookup.priorities(ws.plan, priority)} if priority else None
    columns = [
        Column("id", "ID", no_wrap=True),
        Column("title", "Objective", ratio=3),
        Column("priority", "Priority", no_wrap=True),
        Column("lead", "Lead", ratio=1),
        Column("outputs", "Outputs", justify="right", no_wrap=True),
    ]
    # carried_from is in the JSON only: the table keeps to 80 columns.
    label = ws.plan.label
    rows = [{"id": o.id, "title": o.title, "priority": o.priority, "lead": o.lead,
             "outputs": len(o.outputs), "carried_from": o.carried_from or None,
             "added_in": label(o.added_in) if o.added_in else None,
             "retired_in": label(o.retired_in) if o.retired_in else None,
             "replaced_by": o.replaced_by or None, "merged_into": o.merged_into or None}
            for o in ws.plan.objectives if wanted is None or o.priority in wanted]

    def when(row: dict[str, Any]) -> str:
        """`` (retired in 2023/24 Q2, now KO16)``, `` (added in 2023/24 Q2)``."""
        said = [f"added in {row['added_in']}"] if row["added_in"] else []
        if row["retired_in"]:
            successor = row["replaced_by"] or row["merged_into"]
            said.append(f"retired in {row['retired_in']}"
                        + (f", now {successor}" if successor else ""))
        return f" ({'; '.join(said)})" if said else ""

    def cell(key: str, row: dict[str, Any]) -> "Text | None":
        from rich.text import Text

        from sli_cli.core.text import printable

        return Text(printable(row["title"] + when(row))) if key == "title" else None

    def md_cell(key: str, row: dict[str, Any]) -> str:
        from sli_cli.core.text import md_inline
        from sli_cli.render.listing import plain

        value = row["title"] + when(row) if key == "title" else row.get(key)
        return md_inline(plain(value))

    out(render(format, columns, rows, cell=cell, md_cell=md_cell))
