"""The ``sli`` command tree. Each command lives in its own module; heavy
imports (Rich, dateutil, tomli-w) happen inside commands, never here."""

from __future__ import annotations

import typer

from sli_cli import __version__
from sli_cli.cli import (
    actions,
    check,
    documents,
    due,
    history,
    init,
    items,
    meeting,
    objective,
    status,
)

app = typer.Typer(
    name="sli",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Track a regional Sector-Led Improvement (SLI) action plan.

    Record quarterly meetings, see where the plan stands, draft the monthly
    snapshot. Every command works on a plan folder (see --plan).
    """


# In the order a co-ordinator meets them: set up, record, read, report.
app.command("init")(init.init)
app.command("check")(check.check)
app.add_typer(meeting.app, name="meeting")
app.command("actions")(actions.actions)
app.add_typer(actions.action_app, name="action")
app.command("due")(due.due)
app.command("status")(status.status)
app.command("history")(history.history)
app.add_typer(objective.app, name="objective")
app.add_typer(items.event_app, name="event")
app.add_typer(items.update_app, name="update")
app.command("snapshot")(documents.snapshot)
app.command("report")(documents.report)
app.command("export")(documents.export)
