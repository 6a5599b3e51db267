"""``sli event`` and ``sli update``: the items a snapshot carries besides ratings."""


from typing import Annotated, Any

import typer

from sli_cli.cli import completion
from sli_cli.cli.options import FormatOption, PlanOption
from sli_cli.render.listing import OutputFormat

event_app = typer.Typer(
    help="Add and list events for the snapshot (webinars, workshops, peer challenges, "
    "conferences).",
    no_args_is_help=True, rich_markup_mode=None)
update_app = typer.Typer(
    help="Add and list updates for the snapshot (QI projects badged under SLI, regional "
    "news, ADPH and national updates).",
    no_args_is_help=True, rich_markup_mode=None)


Opt = str | None

LinkOption = Annotated[Opt, typer.Option("--link", metavar="URL",
                                         help="A web address (http:// or https://).")]
ObjectiveOption = Annotated[Opt, typer.Option("--objective", metavar="ID",
                                              autocompletion=completion.objectives,
                                              help="The key objective it relates to, e.g. KO3.")]
InternalOption = Annotated[bool, typer.Option(
    "--internal", help="Internal to the network: left out of snapshots made with --public.")]


@event_app.command("add")
def event_add(
    date_text: Annotated[str, typer.Option("--date", metavar="DATE", show_default=False,
                                           help="When, day first: 16/11/2023, "
                                           "16 Nov 2023 or 2023-11-16.")],
    title: Annotated[str, typer.Option("--title", show_default=False, help="What it is.")],
    where: Annotated[Opt, typer.Option("--where", metavar="PLACE",
                                       help="Where: a venue, a town, or 'Online'.")] = None,
    link: LinkOption = None,
    priority: Annotated[Opt, typer.Option("--priority", metavar="ID",
                                          autocompletion=completion.priority,
                                          help="The priority it relates to, e.g. P2.")] = None,
    objective: ObjectiveOption = None,
    internal: InternalOption = False,
    plan: PlanOption = None,
) -> None:
    """Add an event to the plan folder and print its new id."""
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.core.dates import DateError, describe, parse_lenient
    from sli_cli.core.errors import UsageError
    from sli_cli.recording import items_input as items
    from sli_cli.recording.write import add_event
    from sli_cli.records.event import Event

    ws = open_workspace(plan)
    try:
        day = parse_lenient(date_text, clock.today())
    except DateError as exc:
        raise UsageError(f"--date: {exc}") from None
    day = items.checked_event_date(ws.plan, day)
    event = Event(
        id="",
        date=day,
        title=items.checked_title(title),
        where=" ".join((where or "").split()),
        link=items.checked_link(link),
        priority=items.checked_priority(ws.plan, priority),
        objective=items.checked_objective(ws.plan, objective),
        internal=internal,
    )
    if event.priority and event.objective:
        obj = ws.plan.objective(event.objective)
        if obj is not None and obj.priority != event.priority:
            raise UsageError(f"--objective {event.objective} belongs to priority "
                             f"{obj.priority}, not {event.priority}")
    event = add_event(ws.folder, event)
    err(f"Added event {event.id} on {describe(event.date)}: {items.printable(event.title)}")
    out(event.id)


@event_app.command("list")
def event_list(
    upcoming: Annotated[bool, typer.Option("--upcoming",
                                           help="Only events from today on.")] = False,
    format: FormatOption = OutputFormat.TABLE,
    plan: PlanOption = None,
) -> None:
    """List the events, soonest first."""
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.recording import items_input as items
    from sli_cli.render.listing import Column, render

    ws = open_workspace(plan)
    events = ws.records.events
    if upcoming:
        events = items.upcoming_events(events, clock.today())
    rows: list[dict[str, Any]] = [{
        "id": e.id, "date": e.date, "title": e.title, "where": e.where,
        "priority": e.priority, "objective": e.objective, "link": e.link,
        "internal": e.internal, "for": " ".join(x for x in (e.priority, e.objective) if x),
    } for e in events]
    columns = [Column("id", "Id", no_wrap=True), Column("date", "Date", no_wrap=True),
               Column("title", "Title"), Column("where", "Where"),
               Column("for", "For"), Column("internal", "Internal")]
    if format in (OutputFormat.CSV, OutputFormat.JSON):
        columns[4:5] = [Column("priority", "Priority"), Column("objective", "Objective"),
                        Column("link", "Link")]
        for row in rows:
            del row["for"]
    if not rows and format is OutputFormat.TABLE:
        err("No upcoming events." if upcoming else
            "No events yet; add one with: sli event add --date DATE --title TITLE")
        return
    out(render(format, columns, rows, json_data=rows))


def _update_kinds(incomplete: str) -> list[str]:
    # Read when completing only: sli --help need not load the record kinds.
    from sli_cli.records.update import UpdateKind

    return [k.value for k in UpdateKind if k.value.startswith(incomplete.strip().lower())]


@update_app.command("add")
def update_add(
    kind: Annotated[str, typer.Option("--kind", metavar="KIND", show_default=False,
                                      autocompletion=_update_kinds,
                                      help="project (a QI project badged under SLI), "
                                      "news (regional news) or national (ADPH and "
                                      "national updates).")],
    title: Annotated[str, typer.Option("--title", show_default=False, help="A headline.")],
    text: Annotated[Opt, typer.Option("--text", help="The update itself, a few "
                                      "sentences.")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Write the text in your editor "
                                       "($VISUAL or $EDITOR).")] = False,
    link: LinkOption = None,
    month: Annotated[Opt, typer.Option("--month", metavar="MONTH",
                                       autocompletion=completion.months,
                                       help="The snapshot month it belongs to, e.g. 2023-11 "
                                       "or 'Nov 2023'. Default: this month.")] = None,
    objective: ObjectiveOption = None,
    internal: InternalOption = False,
    plan: PlanOption = None,
) -> None:
    """Add an update to the plan folder and print its new id."""
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.core.errors import UsageError
    from sli_cli.recording import items_input as items
    from sli_cli.recording.write import add_update
    from sli_cli.records.update import Update

    if text is not None and edit:
        raise UsageError("give the text with --text or write it with --edit, not both")
    ws = open_workspace(plan)
    update = Update(
        id="",
        kind=items.checked_kind(kind),
        month=items.checked_update_month(ws.plan, month, clock.today()),
        title=items.checked_title(title),
        text=(text or "").strip(),
        link=items.checked_link(link),
        objective=items.checked_objective(ws.plan, objective),
        internal=internal,
    )
    if edit:
        update = _edit_text(update)
    try:
        update = add_update(ws.folder, update)
    except Exception:
        if edit and update.text:
            _keep_draft(ws.folder, update.text)
        raise
    err(f"Added {update.kind.value} update {update.id} for {update.month}: "
        f"{items.printable(update.title)}")
    out(update.id)


EDIT_HELP = "# Write the update above. Lines starting with '#' are left out.\n"


def _edit_text(update: Any) -> Any:
    from dataclasses import replace

    from sli_cli.cli.output import edit_in_editor
    from sli_cli.core.errors import UsageError

    written = edit_in_editor(f"\n\n{EDIT_HELP}# {update.title}\n", suffix=".txt")
    kept = "\n".join(line for line in written.splitlines() if not line.startswith("#"))
    if not kept.strip():
        raise UsageError("no text was written; nothing was recorded")
    return replace(update, text=kept.strip())


def _keep_draft(folder: Any, text: str) -> None:
    from sli_cli.cli.output import err
    from sli_cli.core.errors import display_path
    from sli_cli.recording.write import now
    from sli_cli.records.store import STATE, replace_file

    path = folder / STATE / "drafts" / f"update-{now():%Y%m%dT%H%M%S}.txt"
    try:
        replace_file(path, text.encode("utf-8"), within=folder)
        err(f"Your text is kept in {display_path(path)}")
    except Exception:
        err("Your text could not be kept; here it is:\n" + text)


@update_app.command("list")
def update_list(
    month: Annotated[Opt, typer.Option("--month", metavar="MONTH",
                                       autocompletion=completion.months,
                                       help="Only updates for this month.")] = None,
    format: FormatOption = OutputFormat.TABLE,
    plan: PlanOption = None,
) -> None:
    """List the updates, by month."""
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.plan import lookup
    from sli_cli.recording import items_input as items
    from sli_cli.render.listing import Column, render

    wanted = lookup.month(month).key() if month else None
    ws = open_workspace(plan)
    updates = items.updates_in(ws.records.updates, wanted)
    rows: list[dict[str, Any]] = [{
        "id": u.id, "month": u.month, "kind": u.kind.value, "title": u.title, "text": u.text,
        "objective": u.objective, "link": u.link, "internal": u.internal,
    } for u in updates]
    columns = [Column("id", "Id", no_wrap=True), Column("month", "Month", no_wrap=True),
               Column("kind", "Kind", no_wrap=True), Column("title", "Title"),
               Column("objective", "Objective"), Column("internal", "Internal")]
    if format in (OutputFormat.CSV, OutputFormat.JSON):
        columns[4:4] = [Column("text", "Text"), Column("link", "Link")]
    if not rows and format is OutputFormat.TABLE:
        err(f"No updates for {wanted}." if wanted else
            "No updates yet; add one with: sli update add --kind news --title TITLE")
        return
    out(render(format, columns, rows, json_data=rows))


ReasonOption = Annotated[str, typer.Option("--reason", metavar="TEXT",
                                           help="Why it is withdrawn.")]


def _withdraw(plan: Any, item_id: str, reason: str) -> None:
    from sli_cli.cli.output import err
    from sli_cli.core.errors import display_path
    from sli_cli.plan.discover import find_plan
    from sli_cli.recording.write import withdraw_item

    withdrawal, path = withdraw_item(find_plan(plan), item_id, reason)
    err(f"Withdrew {withdrawal.item} in {display_path(path)}; it is no longer shown")


@event_app.command("withdraw")
def event_withdraw(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id, e.g. E7KQ2.",
                                            autocompletion=completion.events,
                                            show_default=False)],
    reason: ReasonOption,
    plan: PlanOption = None,
) -> None:
    """Withdraw an event recorded by mistake: a new record says so, the event's
    file is kept, and listings and snapshots stop showing it."""
    _withdraw(plan, event_id, reason)


@update_app.command("withdraw")
def update_withdraw(
    update_id: Annotated[str, typer.Argument(metavar="ID", help="The update's id, e.g. U2M4X.",
                                             autocompletion=completion.updates,
                                             show_default=False)],
    reason: ReasonOption,
    plan: PlanOption = None,
) -> None:
    """Withdraw an update recorded by mistake: a new record says so, the
    update's file is kept, and listings and snapshots stop showing it."""
    _withdraw(plan, update_id, reason)
