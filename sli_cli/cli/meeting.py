"""``sli meeting``: record, list and show quarterly SLI meetings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sli_cli.cli import completion
from sli_cli.cli.options import FormatOption, PlanOption
from sli_cli.render.listing import OutputFormat

if TYPE_CHECKING:
    from sli_cli.core.quarters import Quarter
    from sli_cli.plan.model import Plan
    from sli_cli.recording.answers import Answers
    from sli_cli.records.workspace import Workspace

app = typer.Typer(
    help="Record, list and show quarterly SLI meetings.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

Texts = list[str] | None
Text_ = str | None


def _pairs(name: str, what: str) -> typer.models.OptionInfo:
    option: typer.models.OptionInfo = typer.Option(name, metavar="KO=TEXT", show_default=False,
                        help=f"{what} for an objective, e.g. {name} 'KO5=...'. Repeatable.")
    return option


@app.command("record")
def record(
    priority: Annotated[Text_, typer.Option("--priority", "-p", metavar="ID",
                                            autocompletion=completion.priority,
                                            help="The priority that met, e.g. P2.")] = None,
    date: Annotated[Text_, typer.Option("--date", "-d", metavar="DATE",
                                        help="Day of the meeting, day first (12/07/2023).")]
    = None,
    quarter: Annotated[Text_, typer.Option(
        "--quarter", "-q", metavar="QUARTER", autocompletion=completion.quarters,
        help="Quarter under review, e.g. '2023/24 Q1'. Default: the quarter before the "
        "meeting's when it is held in the first month of a quarter, else its own.")] = None,
    rag: Annotated[Texts, typer.Option(
        "--rag", metavar="KO=RATING", show_default=False,
        autocompletion=completion.objective_ratings,
        help="Rating of an objective: a word or letter (--rag KO5=amber, --rag KO5=A), or "
        "'skip' when it was not discussed. Repeatable.")] = None,
    progress: Annotated[Texts, _pairs("--progress", "Progress narrative")] = None,
    risks: Annotated[Texts, _pairs("--risks", "Risks and issues")] = None,
    support: Annotated[Texts, _pairs("--support", "Support needed")] = None,
    next_steps: Annotated[Texts, _pairs("--next", "Next steps")] = None,
    action: Annotated[Texts, typer.Option(
        "--action", metavar="KO=TEXT|OWNER|DUE", show_default=False,
        help="An action: --action 'KO5=Circulate the draft|SLI co-ordinator|30/09/2023'. "
        "Repeatable.")] = None,
    attendee: Annotated[Texts, typer.Option(
        "--attendee", metavar="ROLE", show_default=False,
        help="Someone at the meeting, e.g. 'DPH, Council name'. Repeatable. Default: the SLI "
        "lead, the co-ordinator and the priority's DPH lead.")] = None,
    notes: Annotated[Text_, typer.Option("--notes", metavar="TEXT",
                                         help="Notes on the meeting.")] = None,
    from_file: Annotated[Path | None, typer.Option(
        "--from", metavar="FILE", show_default=False,
        help="Read the meeting from a TOML file (see: sli meeting template).")] = None,
    edit: Annotated[bool, typer.Option(
        "--edit", help="Write the meeting in $VISUAL or $EDITOR, starting from the "
        "template; it reopens with the problems until the meeting is valid. Empty the file "
        "(or leave it unchanged once problems are shown) to cancel.")] = False,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Continue from the draft kept when a recording did not finish.")]
    = False,
    amend: Annotated[bool, typer.Option(
        "--amend", help="Change a recorded meeting: a new version is written, the earlier "
        "one is kept.")] = False,
    change_note: Annotated[Text_, typer.Option(
        "--change-note", metavar="TEXT",
        help="What changed and why (needed with --amend).")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y",
                                      help="Record without asking for confirmation.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Refuse warnings too (such as a red rating with no action).")]
    = False,
    plan: PlanOption = None,
) -> None:
    """Record a quarterly SLI meeting of one priority.

    On a terminal, asks for anything not given as an option: the rating of each
    objective (the previous rating is the default; s skips an objective not
    discussed), progress, risks, support needed, next steps and actions, then
    shows a summary and asks before writing. Without a terminal every objective
    of the priority needs a --rag (or --rag KO=skip).

    Answers that cannot be recorded (a mistake, Ctrl-C, a "no" at the end) are
    kept as a draft: continue with sli meeting record --resume.
    """
    from sli_cli.cli.output import err
    from sli_cli.core import clock
    from sli_cli.core.errors import UsageError, display_path
    from sli_cli.recording.answers import Answers, apply_options, normalise_ids, problems_message
    from sli_cli.recording.drafts import find_draft, load_draft
    from sli_cli.records.workspace import open_workspace

    today = clock.today()
    ws = open_workspace(plan, today=today)
    if resume and from_file is not None:
        raise UsageError("--resume and --from cannot be used together")
    if edit and from_file is not None:
        raise UsageError("--edit and --from cannot be used together")
    source = ""
    draft: Path | None = None
    if resume:
        draft = find_draft(ws.folder, priority)
        answers = load_draft(draft)
        err(f"Continuing the draft {display_path(draft)}")
    elif from_file is not None:
        answers = _read_from(from_file)
        source = display_path(from_file)
    else:
        answers = Answers()
    if priority is not None:
        answers.priority = priority
    if date is not None:
        answers.date = date
    if quarter is not None:
        answers.quarter = quarter
    normalise_ids(ws.plan, answers)
    if (amend or answers.amend) and not answers.amend and from_file is None:
        answers = _amend_base(ws, answers)
    answers.amend = answers.amend or amend
    if attendee:
        answers.attendees = list(attendee)
    if notes is not None:
        answers.notes = notes
    if change_note is not None:
        answers.change_note = change_note
    problems = apply_options(answers, {"rag": rag or [], "progress": progress or [],
                                       "risks": risks or [], "support": support or [],
                                       "next_steps": next_steps or []}, action or [])
    if problems:
        raise UsageError(problems_message(problems))
    normalise_ids(ws.plan, answers)
    if not answers.attendees and ws.plan.priority(answers.priority) is not None \
            and not sys.stdin.isatty():
        from sli_cli.recording.answers import default_attendees

        found = ws.plan.priority(answers.priority)
        assert found is not None
        answers.attendees = default_attendees(ws.plan, found)

    if edit:
        _edit(ws, answers, strict)
    interactive = sys.stdin.isatty() and from_file is None and not edit
    _finish(ws, answers, source=source, draft=draft, interactive=interactive, yes=yes,
            strict=strict, today=today)


def _read_from(path: Path) -> Answers:
    from sli_cli.core.errors import PlanProblems, Problem, SliError, display_path
    from sli_cli.recording.answers import answers_from_toml

    where = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SliError(f"cannot read {where}: {exc.strerror or exc}") from None
    answers, problems = answers_from_toml(data, where)
    if answers is None:
        raise PlanProblems(problems or [Problem(where, None, "cannot be read")])
    return answers


def _amend_base(ws: Workspace, answers: Answers) -> Answers:
    """The recorded meeting to amend, as answers; the options then change it."""
    from sli_cli.core import clock
    from sli_cli.core.dates import DateError, parse_lenient
    from sli_cli.core.errors import SliError, UsageError
    from sli_cli.core.quarters import Quarter, QuarterError
    from sli_cli.recording.answers import answers_from_meeting, quarter_under_review

    if not answers.priority:
        raise UsageError("--amend needs --priority and --quarter (or --date)")
    try:
        if answers.quarter:
            quarter = Quarter.parse(answers.quarter, ws.plan.year_start_month)
        elif answers.date:
            quarter = quarter_under_review(ws.plan,
                                           parse_lenient(answers.date, today=clock.today()))
        else:
            raise UsageError("--amend needs --quarter (or --date) to find the meeting")
    except (QuarterError, DateError) as exc:
        raise UsageError(str(exc)) from None
    existing = ws.records.meeting(answers.priority, quarter)
    if existing is None:
        raise SliError(f"there is no meeting of {answers.priority} for "
                       f"{ws.plan.label(quarter)} to amend; record it without --amend")
    base = answers_from_meeting(existing)
    base.quarter = ws.plan.label(quarter)
    if answers.date:
        base.date = answers.date
    base.amend = True
    return base


def _edit(ws: Workspace, answers: Answers, strict: bool) -> None:
    """Fill ``answers`` from the editor (valid on return), or cancel (exit 1)."""
    from sli_cli.core import clock
    from sli_cli.core.errors import ExitCode, SliError
    from sli_cli.recording.answers import (
        answers_from_toml,
        build_meeting,
        format_problem,
        locate,
        normalise_ids,
        template_text,
    )
    from sli_cli.recording.edit_loop import edit_until_valid
    from sli_cli.recording.external_editor import edit_text

    def problems_of(text: str) -> list[str]:
        parsed, problems = answers_from_toml(text.encode("utf-8"), "meeting")
        if parsed is None:
            return [p.format() for p in problems]
        normalise_ids(ws.plan, parsed)
        built = build_meeting(ws.plan, parsed, today=clock.today(), where="meeting",
                              strict=strict)
        return [format_problem(p) for p in locate(built.errors, text, "meeting")]

    if not answers.date:
        answers.date = clock.today().strftime("%d/%m/%Y")
    text = edit_until_valid(template_text(ws.plan, ws.records, answers),
                            lambda t: edit_text(t, suffix=".toml"), problems_of)
    if text is None:
        raise SliError("nothing recorded: the meeting file was emptied, or left unchanged "
                       "with its problems", ExitCode.DATA)
    parsed, _ = answers_from_toml(text.encode("utf-8"), "meeting")
    assert parsed is not None
    amend = answers.amend
    answers.__dict__.update(parsed.__dict__)
    answers.amend = answers.amend or amend
    normalise_ids(ws.plan, answers)


def _finish(ws: Workspace, answers: Answers, *, source: str, draft: Path | None,
            interactive: bool, yes: bool, strict: bool, today: object) -> None:
    """Ask what is missing (on a terminal), check, confirm, record."""
    from datetime import date as date_

    from sli_cli.cli.output import err, show
    from sli_cli.core.dates import describe
    from sli_cli.core.errors import ExitCode, PlanProblems, SliError, UsageError, display_path
    from sli_cli.recording.answers import build_meeting, format_problem, locate, problems_message
    from sli_cli.recording.drafts import drafts_of, remove_draft, save_draft
    from sli_cli.recording.interview import Interview
    from sli_cli.recording.write import record_meeting
    from sli_cli.render.meetings import meeting_summary

    assert isinstance(today, date_)
    folder, plan = ws.folder, ws.plan

    saved: list[Path] = []

    def keep(reason: str) -> str:
        try:
            path = save_draft(folder, answers, replacing=draft or (saved[0] if saved else None))
        except SliError as exc:
            # A full disk or a read-only folder: the answers go to the screen.
            from sli_cli.recording.answers import answers_to_toml

            return (f"{reason}Your answers could not be kept ({exc.message}); here they "
                    "are, to save as a file and record with: sli meeting record --from FILE\n"
                    + answers_to_toml(answers))
        saved[:] = [path]
        return (f"{reason}Your answers are kept in {display_path(path)}; continue with: "
                "sli meeting record --resume" + (f" --priority {answers.priority}"
                                                 if _several_drafts(folder) else ""))

    def ask(prompt: str, default: str) -> str:
        value: str = typer.prompt(prompt, default=default, show_default=bool(default),
                                  err=True)
        return value

    if interactive:
        try:
            Interview(plan, ws.records, answers, ask=ask, say=err, today=today,
                      revisit=answers.amend and draft is None).run()
        except (typer.Abort, KeyboardInterrupt):
            if not answers.is_empty:
                err("\n" + keep(""))
            raise typer.Abort() from None

    built = build_meeting(plan, answers, today=today, where=source, strict=strict)
    if built.errors:
        if source:
            text = Path(source).read_text(encoding="utf-8", errors="replace")
            raise PlanProblems(locate(built.errors, text, source))
        message = problems_message(built.errors)
        raise UsageError(message + "\n" + keep(""))
    meeting = built.meeting
    assert meeting is not None
    label = plan.label(meeting.quarter)
    if answers.amend:
        from sli_cli.recording.diff import diff_meetings

        current = ws.records.meeting(meeting.priority, meeting.quarter)
        if current is not None and not diff_meetings(current, meeting):
            raise SliError(f"nothing changed in the meeting of {meeting.priority} for {label}; "
                           "no new version recorded")
    err(f"Quarter under review: {label}; meeting of {meeting.priority} held on "
        f"{describe(meeting.date)}")
    for warning in built.warnings:
        err(format_problem(warning))
    if interactive and not yes:
        try:
            show(meeting_summary(plan, meeting), stderr=True)
            verb = "Record this amendment" if answers.amend else "Record this meeting"
            if not typer.confirm(f"{verb} for {label}?", default=True, err=True):
                raise SliError(keep("Nothing recorded. "), ExitCode.DATA)
        except (typer.Abort, KeyboardInterrupt):
            err("\n" + keep(""))
            raise typer.Abort() from None
    try:
        written, path = record_meeting(folder, plan, meeting, amend=answers.amend,
                                       strict=strict, today=today)
    except SliError as exc:
        if source:
            raise
        from sli_cli.cli.errors import detail, exit_code

        raise SliError(detail(exc) + "\n" + keep(""), ExitCode(exit_code(exc))) from None
    if draft is not None:
        remove_draft(draft)
    ids = [a.id for _, a in written.actions]
    what = f"version {written.version} of " if written.version > 1 else ""
    err(f"Recorded {what}the meeting of {written.priority} for {label} in "
        f"{display_path(path)}" + (f"; actions {', '.join(ids)}" if ids else ""))
    for older in drafts_of(folder, written.priority):
        err(f"An earlier draft for {written.priority} is still kept in {display_path(older)}; "
            "delete it if it is no longer needed.")


def _several_drafts(folder: Path) -> bool:
    from sli_cli.recording.drafts import list_drafts

    return len(list_drafts(folder)) > 1


@app.command("template")
def template(
    priority: Annotated[str, typer.Option("--priority", "-p", metavar="ID",
                                          autocompletion=completion.priority,
                                          help="The priority, e.g. P2.")],
    date: Annotated[Text_, typer.Option("--date", "-d", metavar="DATE",
                                        help="Day of the meeting, day first.")] = None,
    quarter: Annotated[Text_, typer.Option("--quarter", "-q", metavar="QUARTER",
                                           autocompletion=completion.quarters,
                                           help="Quarter under review.")] = None,
    plan: PlanOption = None,
) -> None:
    """Print a meeting form to fill in, for sli meeting record --from FILE.

    Every objective of the priority is listed with its current rating as the
    default, and the plan's rating definitions are given as comments.
    """
    from sli_cli.cli.output import out
    from sli_cli.core import clock
    from sli_cli.plan import lookup
    from sli_cli.recording.answers import Answers, template_text
    from sli_cli.records.workspace import open_workspace

    ws = open_workspace(plan, today=clock.today())
    answers = Answers(priority=lookup.priority(ws.plan, priority).id,
                      date=date or clock.today().strftime("%d/%m/%Y"), quarter=quarter or "")
    out(template_text(ws.plan, ws.records, answers))


@app.command("list")
def list_meetings(
    quarter: Annotated[Text_, typer.Option("--quarter", "-q", metavar="QUARTER",
                                           autocompletion=completion.quarters,
                                           help="Only meetings for this quarter.")] = None,
    priority: Annotated[Text_, typer.Option("--priority", "-p", metavar="ID",
                                            autocompletion=completion.priority,
                                            help="Only meetings of this priority.")] = None,
    format: FormatOption = OutputFormat.TABLE,
    plan: PlanOption = None,
) -> None:
    """List recorded meetings (their latest versions), oldest quarter first."""
    from sli_cli.cli.output import err, out
    from sli_cli.core import clock
    from sli_cli.records.workspace import open_workspace
    from sli_cli.render.listing import render
    from sli_cli.render.meetings import MEETING_COLUMNS, meeting_json, meeting_rows

    ws = open_workspace(plan, today=clock.today())
    wanted_quarter = _quarter_option(quarter)
    wanted_priority = _priority_option(ws.plan, priority)
    meetings = [m for m in ws.records.meetings
                if (wanted_quarter is None or m.quarter == wanted_quarter)
                and (wanted_priority is None or m.priority == wanted_priority)]
    # Priorities in the plan's order, as everywhere else (not alphabetical).
    order = {p.id: index for index, p in enumerate(ws.plan.priorities)}
    meetings.sort(key=lambda m: (m.quarter, order.get(m.priority, len(order)), m.priority))
    if not meetings and format is OutputFormat.TABLE:
        err("No meetings recorded" + (" that match." if quarter or priority else " yet."))
        return
    out(render(format, MEETING_COLUMNS, meeting_rows(ws.plan, meetings),
               json_data=[meeting_json(ws.plan, m) for m in meetings]))


@app.command("show")
def show(
    priority: Annotated[str, typer.Argument(metavar="PRIORITY", help="e.g. P2",
                                            autocompletion=completion.priority,
                                            show_default=False)],
    quarter: Annotated[list[str], typer.Argument(metavar="QUARTER",
                                                 autocompletion=completion.quarters,
                                                 help="e.g. 2023/24 Q1", show_default=False)],
    history: Annotated[bool, typer.Option(
        "--history", help="Also show every version: who recorded it, when, the change "
        "note and what changed.")] = False,
    plan: PlanOption = None,
) -> None:
    """Show the full record of a meeting: sli meeting show P2 2023/24 Q1."""
    from sli_cli.cli.output import out
    from sli_cli.core import clock
    from sli_cli.core.errors import SliError
    from sli_cli.records.workspace import open_workspace
    from sli_cli.render.meetings import history as render_history
    from sli_cli.render.meetings import meeting_detail

    ws = open_workspace(plan, today=clock.today())
    wanted = _quarter_option(" ".join(quarter))
    assert wanted is not None
    priority_id = _priority_option(ws.plan, priority)
    assert priority_id is not None
    versions = ws.records.meeting_versions.get((wanted, priority_id))
    if not versions:
        raise SliError(f"no meeting of {priority_id} is recorded for {ws.plan.label(wanted)}; "
                       "see: sli meeting list")
    out(meeting_detail(ws.plan, versions[-1]))
    if history:
        out(render_history(ws.plan, versions))


def _quarter_option(text: str | None) -> Quarter | None:
    from sli_cli.plan import lookup

    return None if text is None else lookup.quarter_text(text)


def _priority_option(plan: Plan, text: str | None) -> str | None:
    from sli_cli.plan import lookup

    return None if text is None else lookup.priority(plan, text).id
