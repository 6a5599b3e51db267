"""``sli output``: outputs (deliverables) recorded as delivered, corrected,
and listed with what is due and overdue."""


from typing import Annotated

import typer

from sli_cli.cli.options import FormatOption, PlanOption
from sli_cli.render.listing import OutputFormat

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                  help="Record outputs delivered, correct them, list what is due.")

OutputId = Annotated[str, typer.Argument(metavar="ID", show_default=False,
                                         help="The output's id, e.g. KO5.2 (see: sli output "
                                         "list).")]
Text_ = str | None


def _day(text: str | None, today: object) -> object:
    from datetime import date

    from sli_cli.core.dates import DateError, parse_lenient
    from sli_cli.core.errors import UsageError

    assert isinstance(today, date)
    if not text:
        return today
    try:
        day = parse_lenient(text, today=today)
    except DateError as exc:
        raise UsageError(f"--date: {exc}") from None
    if day > today:
        raise UsageError(f"--date: {day.isoformat()} is in the future")
    return day


@app.command("done")
def done(
    output_id: OutputId,
    date: Annotated[Text_, typer.Option("--date", "-d", metavar="DATE",
                                        help="When it was delivered, day first. Default: "
                                        "today.")] = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT",
                                      help="A note on what was delivered.")] = "",
    plan: PlanOption = None,
) -> None:
    """Record that an output was delivered (a new record; plan.toml is not edited)."""
    from datetime import date as date_

    from sli_cli.cli.output import err, open_workspace
    from sli_cli.core import clock
    from sli_cli.core.dates import describe
    from sli_cli.core.errors import display_path
    from sli_cli.recording.outputs import record_output_done

    today = clock.today()
    ws = open_workspace(plan, today=today)
    day = _day(date, today)
    assert isinstance(day, date_)
    path = record_output_done(ws.folder, ws.plan, output_id, day, note.strip())
    err(f"Recorded output {path.name.rsplit('.', 2)[0]} as delivered on {describe(day)} in "
        f"{display_path(path)}")


@app.command("correct")
def correct(
    output_id: OutputId,
    change_note: Annotated[str, typer.Option(
        "--change-note", metavar="TEXT", help="What was wrong, and why it is corrected.")],
    date: Annotated[Text_, typer.Option("--date", "-d", metavar="DATE",
                                        help="The day it was really delivered.")] = None,
    note: Annotated[Text_, typer.Option("--note", metavar="TEXT", help="A new note.")] = None,
    not_delivered: Annotated[bool, typer.Option(
        "--not-delivered", help="It was recorded as delivered by mistake.")] = False,
    plan: PlanOption = None,
) -> None:
    """Correct a recorded delivery: a new record that amends it (the original is
    kept), with another date or note, or --not-delivered."""
    from datetime import date as date_

    from sli_cli.cli.output import err, open_workspace
    from sli_cli.core import clock
    from sli_cli.core.errors import UsageError, display_path
    from sli_cli.recording.outputs import record_output_correction

    today = clock.today()
    ws = open_workspace(plan, today=today)
    if not_delivered and (date or note is not None):
        raise UsageError("--not-delivered takes no --date or --note")
    day = _day(date, today) if date else None
    assert day is None or isinstance(day, date_)
    path = record_output_correction(ws.folder, ws.plan, output_id, change_note=change_note,
                                    day=day, note=None if note is None else note.strip(),
                                    not_done=not_delivered)
    err(f"Recorded the correction in {display_path(path)}")


@app.command("list")
def list_outputs(
    overdue: Annotated[bool, typer.Option("--overdue", help="Only outputs overdue.")] = False,
    format: FormatOption = OutputFormat.TABLE,
    plan: PlanOption = None,
) -> None:
    """List every output of the objectives still running: its id, objective,
    due date, and when it was delivered or OVERDUE."""
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.render.listing import Column, render
    from sli_cli.views.position import compute_position, default_cutoff

    today = clock.today()
    ws = open_workspace(plan, today=today)
    cutoff, _ = default_cutoff(ws.plan, today=today)
    position = compute_position(ws.plan, ws.records, cutoff)
    states = position.outputs_overdue() if overdue else position.outputs
    rows = [{"id": s.output.id, "objective": s.objective.id, "title": s.output.title,
             "due": s.output.due_label(ws.plan.year_start_month),
             "delivered": s.delivered.date if s.delivered else None,
             "status": "OVERDUE" if s.is_overdue(position.as_of) else
             ("delivered" if s.delivered else "")} for s in states]
    columns = [Column("id", "ID", no_wrap=True), Column("title", "Output", ratio=3),
               Column("due", "Due", no_wrap=True), Column("delivered", "Delivered",
                                                         no_wrap=True),
               Column("status", "Status", no_wrap=True)]
    if not rows and format is OutputFormat.TABLE:
        err(f"No output is overdue (as of {position.as_of.isoformat()})." if overdue
            else "The plan's running objectives list no outputs.")
        return
    out(render(format, columns, rows, json_data={"as_of": position.as_of.isoformat(),
                                                 "outputs": rows}))
