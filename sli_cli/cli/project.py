"""``sli project``: the register of quality improvement projects badged under
SLI ("if you're doing QI you're doing SLI")."""


from typing import Annotated, Any

import typer

from sli_cli.cli import completion
from sli_cli.cli.options import FormatOption, PlanOption
from sli_cli.render.listing import OutputFormat

app = typer.Typer(
    help="Register and list quality improvement projects badged under SLI; they are "
    "shown in the snapshot's spotlight and the annual report.",
    no_args_is_help=True, rich_markup_mode=None)

Opt = str | None


def _statuses(incomplete: str) -> list[str]:
    from sli_cli.records.project import ProjectStatus

    return [s.value for s in ProjectStatus if s.value.startswith(incomplete.strip().lower())]


StatusHelp = "proposed, active, complete or stopped."
ObjectiveOption = Annotated[Opt, typer.Option("--objective", metavar="ID",
                                              autocompletion=completion.objectives,
                                              help="The key objective it serves, e.g. KO3.")]
CouncilOption = Annotated[Opt, typer.Option("--council", metavar="NAME",
                                            help="The council running it.")]
ContactOption = Annotated[Opt, typer.Option("--contact", metavar="ROLE",
                                            help="Who to ask about it, as a role.")]
OutcomeOption = Annotated[Opt, typer.Option("--outcome", metavar="TEXT",
                                            help="What it achieved, a few sentences.")]


@app.command("add")
def project_add(
    title: Annotated[str, typer.Option("--title", show_default=False, help="What it is.")],
    status: Annotated[str, typer.Option("--status", metavar="STATUS", autocompletion=_statuses,
                                        help=StatusHelp)] = "active",
    date_text: Annotated[Opt, typer.Option("--date", metavar="DATE",
                                           help="When it was badged under SLI, day first: "
                                           "16/11/2023 or 2023-11-16. Default: today.")] = None,
    council: CouncilOption = None,
    objective: ObjectiveOption = None,
    contact: ContactOption = None,
    outcome: OutcomeOption = None,
    edit: Annotated[bool, typer.Option("--edit", help="Write the outcome in your editor "
                                       "($VISUAL or $EDITOR).")] = False,
    internal: Annotated[bool, typer.Option(
        "--internal", help="Internal to the network: left out of documents made with "
        "--public.")] = False,
    plan: PlanOption = None,
) -> None:
    """Register a project badged under SLI and print its new id."""
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.core.dates import DateError, describe, parse_lenient
    from sli_cli.core.errors import UsageError
    from sli_cli.core.text import printable
    from sli_cli.recording.projects import add_project, new_project

    if outcome is not None and edit:
        raise UsageError("give the outcome with --outcome or write it with --edit, not both")
    ws = open_workspace(plan)
    today = clock.today()
    try:
        day = parse_lenient(date_text, today) if date_text else today
    except DateError as exc:
        raise UsageError(f"--date: {exc}") from None
    project = new_project(ws.plan, title=title, status=status, badged=day, council=council,
                          objective=objective, contact=contact, outcome=outcome,
                          internal=internal, badged_defaulted=date_text is None)
    if edit:
        from dataclasses import replace

        project = replace(project, outcome=_edit_outcome(project.title))
    project = add_project(ws.folder, project)
    err(f"Registered project {project.id} ({project.status.value}, badged "
        f"{describe(project.badged)}): {printable(project.title)}")
    out(project.id)


EDIT_HELP = "# Write the project's outcome above. Lines starting with '#' are left out.\n"


def _edit_outcome(title: str) -> str:
    from sli_cli.cli.output import edit_in_editor
    from sli_cli.core.errors import UsageError

    written = edit_in_editor(f"\n\n{EDIT_HELP}# {title}\n", suffix=".txt")
    kept = "\n".join(line for line in written.splitlines() if not line.startswith("#"))
    if not kept.strip():
        raise UsageError("no outcome was written; nothing was recorded")
    return kept.strip()


@app.command("list")
def project_list(
    status: Annotated[Opt, typer.Option("--status", metavar="STATUS", autocompletion=_statuses,
                                        help="Only projects with this status: "
                                        + StatusHelp)] = None,
    format: FormatOption = OutputFormat.TABLE,
    plan: PlanOption = None,
) -> None:
    """List the projects as they stand, by the date they were badged."""
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.recording.projects import checked_status, registered
    from sli_cli.records import project as project_kind
    from sli_cli.render.listing import Column, render

    wanted = checked_status(status) if status is not None else None
    ws = open_workspace(plan)
    projects = registered(ws.records.of(project_kind.KIND), wanted)
    rows: list[dict[str, Any]] = [{
        "id": p.id, "badged": p.badged, "status": p.status.value, "title": p.title,
        "council": p.council, "objective": p.objective, "contact": p.contact,
        "outcome": p.outcome, "internal": p.internal,
    } for p in projects]
    columns = [Column("id", "Id", no_wrap=True), Column("badged", "Badged", no_wrap=True),
               Column("status", "Status", no_wrap=True), Column("title", "Title", min_width=16),
               Column("council", "Council"),
               Column("objective", "Objective", no_wrap=True)]
    if format is not OutputFormat.TABLE:
        columns += [Column("contact", "Contact"), Column("outcome", "Outcome"),
                    Column("internal", "Internal")]
    if not rows and format is OutputFormat.TABLE:
        err(f"No {wanted.value} projects." if wanted else
            "No projects yet; register one with: sli project add --title TITLE")
        return
    out(render(format, columns, rows, json_data=rows))


@app.command("update")
def project_update(
    project_id: Annotated[str, typer.Argument(metavar="ID", show_default=False,
                                              help="The project's id, e.g. Q7KQ2.")],
    change_note: Annotated[str, typer.Option("--change-note", metavar="TEXT",
                                             show_default=False,
                                             help="What changed and why.")],
    status: Annotated[Opt, typer.Option("--status", metavar="STATUS",
                                        autocompletion=_statuses, help=StatusHelp)] = None,
    outcome: OutcomeOption = None,
    title: Annotated[Opt, typer.Option("--title", help="A new title.")] = None,
    council: CouncilOption = None,
    objective: ObjectiveOption = None,
    contact: ContactOption = None,
    plan: PlanOption = None,
) -> None:
    """Record a new version of a project (its status, its outcome); the
    earlier versions are kept."""
    from pathlib import Path

    from sli_cli.cli.output import err, open_workspace
    from sli_cli.core.errors import display_path
    from sli_cli.recording.projects import update_project

    ws = open_workspace(plan)
    version = update_project(ws.folder, ws.plan, project_id, change_note=change_note,
                             status=status, outcome=outcome, title=title, objective=objective,
                             council=council, contact=contact)
    err(f"Recorded project {version.id} as {version.status.value} in "
        f"{display_path(Path(version.path))}; earlier versions are kept")
