"""``sli actions`` and ``sli action done``: the actions raised at meetings."""


from typing import Annotated

import typer

from sli_cli.cli import completion
from sli_cli.cli.options import FormatOption, PlanOption
from sli_cli.render.listing import OutputFormat

action_app = typer.Typer(help="Work with one action.", no_args_is_help=True,
                         rich_markup_mode=None)

Text_ = str | None


def actions(
    open_: Annotated[bool, typer.Option("--open", help="Open actions (the default).")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue actions.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Every action, done ones too.")] = False,
    owner: Annotated[Text_, typer.Option("--owner", metavar="TEXT",
                                         help="Only actions whose owner contains TEXT.")]
    = None,
    priority: Annotated[Text_, typer.Option("--priority", "-p", metavar="ID",
                                            autocompletion=completion.priority,
                                            help="Only actions of this priority.")] = None,
    council: Annotated[Text_, typer.Option("--council", metavar="NAME",
                                           help="Only actions concerning this council "
                                           "(one of the plan's [[councils]]).")] = None,
    format: FormatOption = OutputFormat.TABLE,
    plan: PlanOption = None,
) -> None:
    """List actions raised at meetings: id, due date, status, age in days,
    owner (and council) and the meeting they came from. Overdue actions are
    marked OVERDUE."""
    from sli_cli.cli.options import council_option, priority_option
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.core.errors import UsageError
    from sli_cli.render.listing import render
    from sli_cli.render.meetings import (
        ACTION_COLUMNS,
        ACTION_TABLE_COLUMNS,
        action_cell,
        action_rows,
    )
    from sli_cli.views.position import Cutoff, action_states, counted_meetings

    if open_ + overdue + all_ > 1:
        raise UsageError("choose one of --open, --overdue and --all")
    today = clock.today()
    ws = open_workspace(plan, today=today)
    wanted_priority = priority_option(ws.plan, priority)
    wanted_council = council_option(ws.plan, council) if council is not None else None
    meetings = counted_meetings(ws.records, Cutoff(ws.plan.end.next(), today))
    states = action_states(meetings, ws.records, today)
    if overdue:
        states = [s for s in states if s.is_overdue(today)]
    elif not all_:
        states = [s for s in states if s.is_open(today)]
    if owner:
        states = [s for s in states if owner.casefold() in s.action.owner.casefold()]
    if wanted_priority:
        states = [s for s in states if s.priority == wanted_priority]
    if wanted_council is not None:
        states = [s for s in states if s.action.council.casefold() == wanted_council.casefold()]
    states.sort(key=lambda s: (s.action.due, s.action.id))
    if not states and format is OutputFormat.TABLE:
        kind = "overdue " if overdue else "" if all_ else "open "
        err(f"No {kind}actions" + (" that match." if owner or priority or council else "."))
        return
    rows = action_rows(ws.plan, states, today)
    columns = ACTION_TABLE_COLUMNS if format is OutputFormat.TABLE else ACTION_COLUMNS
    out(render(format, columns, rows, cell=action_cell,
               json_data=[{k: v for k, v in r.items() if k != "source"} for r in rows]))


@action_app.command("done")
def done(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="The action's id, e.g. A3F9K.",
                                             autocompletion=completion.actions,
                                             show_default=False)],
    date: Annotated[Text_, typer.Option("--date", "-d", metavar="DATE",
                                        help="When it was done, day first. Default: today.")]
    = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT",
                                      help="A note on how it was done.")] = "",
    plan: PlanOption = None,
) -> None:
    """Record that an action is done (a new record; the meeting is not edited)."""
    from sli_cli.cli.output import err, open_workspace
    from sli_cli.core import clock
    from sli_cli.core.dates import DateError, describe, parse_lenient
    from sli_cli.core.errors import UsageError, display_path
    from sli_cli.recording.write import record_action_done

    today = clock.today()
    ws = open_workspace(plan, today=today)
    try:
        day = parse_lenient(date, today=today) if date else today
    except DateError as exc:
        raise UsageError(f"--date: {exc}") from None
    if day > today:
        raise UsageError(f"--date: {day.isoformat()} is in the future")
    path = record_action_done(ws.folder, action_id, day, note.strip())
    action = path.name.split(".")[0]
    err(f"Recorded action {action} as done on {describe(day)} in {display_path(path)}")


@action_app.command("correct")
def correct(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="The action's id, e.g. A3F9K.",
                                             autocompletion=completion.actions,
                                             show_default=False)],
    change_note: Annotated[str, typer.Option(
        "--change-note", metavar="TEXT", help="What was wrong, and why it is corrected.")],
    date: Annotated[Text_, typer.Option("--date", "-d", metavar="DATE",
                                        help="The day it was really done, day first.")]
    = None,
    note: Annotated[Text_, typer.Option("--note", metavar="TEXT",
                                        help="A new note on how it was done.")] = None,
    not_done: Annotated[bool, typer.Option(
        "--not-done", help="It was recorded as done by mistake: the action is open again.")]
    = False,
    plan: PlanOption = None,
) -> None:
    """Correct a recorded completion: a new record that amends it (the original
    is kept), with another date or note, or --not-done to open the action again."""
    from sli_cli.cli.output import err, open_workspace
    from sli_cli.core import clock
    from sli_cli.core.dates import DateError, describe, parse_lenient
    from sli_cli.core.errors import UsageError, display_path
    from sli_cli.plan import lookup
    from sli_cli.recording.write import record_action_correction

    today = clock.today()
    ws = open_workspace(plan, today=today)
    if not_done and (date or note is not None):
        raise UsageError("--not-done takes no --date or --note")
    try:
        day = parse_lenient(date, today=today) if date else None
    except DateError as exc:
        raise UsageError(f"--date: {exc}") from None
    if day is not None and day > today:
        raise UsageError(f"--date: {day.isoformat()} is in the future")
    # The completion as read now: if another correction lands before this one
    # is written, this one is refused rather than undoing it.
    known = [a.id for m in ws.records.meetings for _, a in m.actions]
    seen = ws.records.done_versions.get(lookup.action(known, action_id), [])
    done, path = record_action_correction(
        ws.folder, action_id, change_note=change_note, day=day,
        note=None if note is None else note.strip(), not_done=not_done,
        based_on=seen[-1].version if seen else None)
    state = f"done on {describe(done.date)}" if done.done else "not done: it is open again"
    err(f"Recorded action {done.action} as {state} in {display_path(path)}")
