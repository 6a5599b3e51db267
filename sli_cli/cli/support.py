"""``sli support``: support asked at meetings, and the responses to it."""


from typing import Annotated

import typer

from sli_cli.cli.options import FormatOption, PlanOption
from sli_cli.render.listing import OutputFormat

app = typer.Typer(help="Support asked at meetings, and the responses to it.",
                  no_args_is_help=True, rich_markup_mode=None)

Text_ = str | None


@app.command("list")
def list_asks(
    open_: Annotated[bool, typer.Option("--open", help="Only asks not answered yet.")] = False,
    to: Annotated[Text_, typer.Option("--to", metavar="TEXT",
                                      help="Only asks of someone whose name contains TEXT, "
                                      "e.g. 'national board'.")] = None,
    format: FormatOption = OutputFormat.TABLE,
    plan: PlanOption = None,
) -> None:
    """List the support asked at meetings: its id (priority-quarter-objective),
    age in days (until answered, or until today; once the plan has ended,
    until the last day of its meetings), whether it was answered, whom it was
    asked of, and the response."""
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.render.listing import render
    from sli_cli.render.support import SUPPORT_COLUMNS, SUPPORT_TABLE_COLUMNS, support_rows
    from sli_cli.views.position import Cutoff
    from sli_cli.views.support import support_asks

    today = clock.today()
    ws = open_workspace(plan, today=today)
    asks = support_asks(ws.records, Cutoff(ws.plan.end.next(), today))
    if open_:
        asks = [a for a in asks if not a.answered]
    if to:
        asks = [a for a in asks if to.strip().casefold() in a.to.casefold()]
    if not asks and format is OutputFormat.TABLE:
        kind = "open " if open_ else ""
        err(f"No {kind}support asks" + (" that match." if to else "."))
        return
    # Once the plan has ended, an ask still open is aged to the plan's end,
    # as every other view of an ended plan shows its final position.
    until = min(today, ws.plan.last_meeting_day())
    if until < today and any(not a.answered for a in asks):
        err(f"The plan has ended: open asks are aged to {until.isoformat()}, the last day "
            "of its meetings.")
    rows = support_rows(ws.plan, asks, until)
    columns = SUPPORT_TABLE_COLUMNS if format is OutputFormat.TABLE else SUPPORT_COLUMNS
    out(render(format, columns, rows,
               json_data=[{k: v for k, v in r.items() if k != "shown"} for r in rows]))


@app.command("respond")
def respond(
    ask_id: Annotated[str, typer.Argument(metavar="ID", show_default=False,
                                          help="The ask's id, e.g. P2-2023-24-Q1-KO4 "
                                          "(see: sli support list).")],
    text: Annotated[str, typer.Option("--text", metavar="TEXT", show_default=False,
                                      help="The response: what was offered or decided.")],
    date: Annotated[Text_, typer.Option("--date", "-d", metavar="DATE",
                                        help="When it was answered, day first. Default: "
                                        "today.")] = None,
    change_note: Annotated[Text_, typer.Option(
        "--change-note", metavar="TEXT",
        help="Correct the response already recorded (a new record that amends it; the "
        "first is kept): what was wrong.")] = None,
    plan: PlanOption = None,
) -> None:
    """Record the response to support asked at a meeting (a new record; the
    meeting is not edited). An ask is answered once: give --change-note to
    correct its response."""
    from sli_cli.cli.output import err, open_workspace
    from sli_cli.core import clock
    from sli_cli.core.dates import DateError, describe, parse_lenient
    from sli_cli.core.errors import SliError, UsageError, display_path
    from sli_cli.recording.support import AlreadyAnswered, record_support_response

    today = clock.today()
    ws = open_workspace(plan, today=today)
    try:
        day = parse_lenient(date, today=today) if date else today
    except DateError as exc:
        raise UsageError(f"--date: {exc}") from None
    try:
        response, path = record_support_response(ws.folder, ws.plan, ask_id, text, day,
                                                 today=today, change_note=change_note)
    except AlreadyAnswered as exc:
        raise SliError(f"{exc.message}; to correct that response, give --change-note "
                       "saying what was wrong") from None
    what = "Corrected the response to" if response.amends else "Recorded the response to"
    err(f"{what} support ask {response.ask} on {describe(day)} in {display_path(path)}")
