"""``sli history``: the ratings of the whole plan, quarter by quarter."""


from sli_cli.cli.options import PlanOption
from sli_cli.cli.status import PriorityOption


def history(plan: PlanOption = None, priority: PriorityOption = None) -> None:
    """Show every objective's rating in every quarter of the plan, as a grid.

    Objectives down, quarters across; each cell is the rating's letter on its
    colour ('·' where an objective was not rated that quarter). Objectives
    carried from the plan before (previous_plan in plan.toml) follow with
    their ratings there.
    """
    from sli_cli.cli.output import console, err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.plan import lookup
    from sli_cli.render.history import history_grid
    from sli_cli.views.earlier import earlier_history
    from sli_cli.views.position import compute_position, default_cutoff

    today = clock.today()
    ws = open_workspace(plan, today=today)
    priorities = (lookup.priorities(ws.plan, priority) if priority
                  else list(ws.plan.priorities))
    # Every quarter is on screen, so a plan that has ended needs no note.
    cutoff, _ = default_cutoff(ws.plan, today=today)
    position = compute_position(ws.plan, ws.records, cutoff)
    earlier = earlier_history(ws.folder, ws.plan, today)
    for problem in earlier.problems:
        err(problem.format())
    out(history_grid(position, priorities, console().width, earlier))
