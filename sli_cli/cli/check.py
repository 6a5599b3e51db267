"""``sli check``: every problem in a plan folder, each with its place."""


from typing import Annotated

import typer

from sli_cli.cli.options import PlanOption, format_option
from sli_cli.render.listing import OutputFormat


def check(
    plan: PlanOption = None,
    format: Annotated[OutputFormat, format_option(OutputFormat.TEXT, OutputFormat.JSON)
                      ] = OutputFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict",
                                         help="Treat warnings (such as a red rating with "
                                         "no action) as errors.")] = False,
) -> None:
    """Check the plan and every record for problems.

    Prints nothing and exits 0 when all is well; otherwise prints one line per
    problem (file:line: message) and exits 1. Warnings are printed but only
    fail the check with --strict.
    """
    from sli_cli.cli.output import err, out
    from sli_cli.core import clock
    from sli_cli.core.errors import ExitCode, Severity, display_path, sort_problems
    from sli_cli.plan.discover import find_plan
    from sli_cli.records.sharing import tracked_state
    from sli_cli.records.workspace import inspect_folder
    from sli_cli.render.listing import to_json
    from sli_cli.views.earlier import earlier_history

    folder = find_plan(plan)
    found = inspect_folder(folder)
    extra = tracked_state(folder)
    if found.plan is not None and not any(p.severity is Severity.ERROR
                                          for p in found.problems):
        # What the carried objectives' links lead to in the plan before.
        extra += [p for p in earlier_history(folder, found.plan, clock.today()).problems
                  if p not in found.problems]
    problems = sort_problems(found.problems + extra)
    failing = [p for p in problems if strict or p.severity is Severity.ERROR]
    if format is OutputFormat.JSON:
        out(to_json({
            "plan": display_path(folder),
            "ok": not failing,
            "problems": [p.as_dict() for p in problems],
            "held_back": found.held_back,
        }))
    elif problems:
        # The problems are this command's result, so they go to stdout.
        out("\n".join(problem.format() for problem in problems))
    if found.held_back and format is OutputFormat.TEXT:
        n = found.held_back
        err(f"{n} problem{'s' if n != 1 else ''} of records against the plan "
            f"{'were' if n != 1 else 'was'} held back: they may only repeat the errors in "
            f"{display_path(folder / 'plan.toml')}; fix those and run sli check again.")
    if failing:
        raise typer.Exit(int(ExitCode.DATA))
