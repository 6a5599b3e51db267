"""``sli meeting``: record, list and show quarterly SLI meetings."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sli_cli.cli import completion
from sli_cli.cli.options import FormatOption, PlanOption, priority_option, quarter_option
from sli_cli.render.listing import OutputFormat

if TYPE_CHECKING:
    from sli_cli.plan.model import Plan
    from sli_cli.recording import workflow
    from sli_cli.recording.answers import DecisionAnswer
    from sli_cli.recording.options import Given

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


PriorityOpt = Annotated[Text_, typer.Option("--priority", "-p", metavar="ID",
                                            autocompletion=completion.priority,
                                            help="The priority that met, e.g. P2.")]
DateOpt = Annotated[Text_, typer.Option("--date", "-d", metavar="DATE",
                                        help="Day of the meeting, day first (12/07/2023).")]
QuarterOpt = Annotated[Text_, typer.Option(
    "--quarter", "-q", metavar="QUARTER", autocompletion=completion.quarters,
    help="Quarter under review, e.g. '2023/24 Q1'. Default: the quarter before the "
    "meeting's when it is held in the first month of a quarter, else its own.")]
RagOpt = Annotated[Texts, typer.Option(
    "--rag", metavar="KO=RATING", show_default=False,
    autocompletion=completion.objective_ratings,
    help="Rating of an objective: a word or letter (--rag KO5=amber, --rag KO5=A), or "
    "'skip' when it was not discussed. Repeatable.")]
ProgressOpt = Annotated[Texts, _pairs("--progress", "Progress narrative")]
RisksOpt = Annotated[Texts, _pairs("--risks", "Risks and issues")]
SupportOpt = Annotated[Texts, _pairs("--support", "Support needed")]
SupportToOpt = Annotated[Texts, typer.Option(
    "--support-to", metavar="KO=WHO", show_default=False,
    help="Whom an objective's support is asked of: the national board, ADPH, UKHSA, LGA, "
    "a council or a role, e.g. --support-to 'KO4=national board'. Repeatable.")]
NextOpt = Annotated[Texts, _pairs("--next", "Next steps")]
ActionOpt = Annotated[Texts, typer.Option(
    "--action", metavar="KO=TEXT|OWNER|DUE[|COUNCIL]", show_default=False,
    help="An action: --action 'KO5=Circulate the draft|SLI co-ordinator|30/09/2023', "
    "optionally with the council it concerns after another |. Repeatable.")]
AttendeeOpt = Annotated[Texts, typer.Option(
    "--attendee", metavar="ROLE", show_default=False,
    help="Someone at the meeting, e.g. 'DPH, Council name'. Repeatable. Default: the SLI "
    "lead, the co-ordinator and the priority's DPH lead.")]
ApologyOpt = Annotated[Texts, typer.Option(
    "--apology", metavar="ROLE", show_default=False,
    help="Someone who sent apologies, by role, e.g. 'DPH, Council name'. Repeatable.")]
DecisionOpt = Annotated[Texts, typer.Option(
    "--decision", metavar="[KO=]TEXT", show_default=False,
    help="A decision of the meeting, about one objective (--decision 'KO4=Adopt the "
    "framework') or the whole priority (--decision 'Meet monthly'). Repeatable.")]
NotesOpt = Annotated[Text_, typer.Option("--notes", metavar="TEXT",
                                         help="Notes on the meeting.")]
FromOpt = Annotated[Path | None, typer.Option(
    "--from", metavar="FILE", show_default=False,
    help="Read the meeting from a TOML file (see: sli meeting template).")]
EditOpt = Annotated[bool, typer.Option(
    "--edit", help="Write the meeting in $VISUAL or $EDITOR, starting from the "
    "template; it reopens with the problems until the meeting is valid. Empty the file "
    "(or leave it unchanged once problems are shown) to cancel.")]
ResumeOpt = Annotated[bool, typer.Option(
    "--resume", help="Continue from the draft kept when a recording did not finish. With "
    "--amend, record the draft as a new version of the meeting already recorded.")]
AmendOpt = Annotated[bool, typer.Option(
    "--amend", help="Change a recorded meeting: a new version is written, the earlier "
    "one is kept.")]
ChangeNoteOpt = Annotated[Text_, typer.Option(
    "--change-note", metavar="TEXT", help="What changed and why (needed with --amend).")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y",
                                      help="Record without asking for confirmation.")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Refuse warnings too (such as a red rating with no action).")]
ByOpt = Annotated[Text_, typer.Option(
    "--by", metavar="NAME", help="Who is recording, for the record's history. Default: "
    "$SLI_USER, else git's user.name when the plan folder is in a git repository.")]


@app.command("record")
def record(priority: PriorityOpt = None, date: DateOpt = None, quarter: QuarterOpt = None,
           rag: RagOpt = None, progress: ProgressOpt = None, risks: RisksOpt = None,
           support: SupportOpt = None, next_steps: NextOpt = None, action: ActionOpt = None,
           attendee: AttendeeOpt = None, apology: ApologyOpt = None,
           decision: DecisionOpt = None, notes: NotesOpt = None, from_file: FromOpt = None,
           edit: EditOpt = False, resume: ResumeOpt = False, amend: AmendOpt = False,
           change_note: ChangeNoteOpt = None, yes: YesOpt = False, strict: StrictOpt = False,
           by: ByOpt = None, support_to: SupportToOpt = None,
           plan: PlanOption = None) -> None:
    """Record a quarterly SLI meeting of one priority.

    On a terminal, asks for anything not given as an option: the rating of each
    objective (the previous rating is the default; s skips an objective not
    discussed), progress, risks, support needed, next steps and actions, then
    shows a summary and asks before writing. Without a terminal every objective
    of the priority needs a --rag (or --rag KO=skip).

    Answers that cannot be recorded (a mistake, Ctrl-C, a "no" at the end) are
    kept as a draft: continue with sli meeting record --resume.
    """
    from sli_cli.recording.options import Given

    base = Given(priority=priority, date=date, quarter=quarter, attendees=attendee or [],
                 notes=notes, change_note=change_note, apologies=apology or [],
                 decisions=[_decision(d) for d in decision or []])
    given = _given(base, {"--rag": rag, "--progress": progress, "--risks": risks,
                          "--support": support, "--support-to": support_to,
                          "--next": next_steps}, action or [])
    _record(plan, given, from_file=from_file, edit=edit, resume=resume, amend=amend, yes=yes,
            strict=strict, by=by)


_DECISION_ABOUT = re.compile(r"^\s*([A-Za-z]+[0-9][0-9A-Za-z.]*)\s*=(.*)\Z", re.DOTALL)


def _decision(value: str) -> DecisionAnswer:
    """``--decision 'KO4=text'`` (about one objective) or ``--decision 'text'``."""
    from sli_cli.core.errors import UsageError
    from sli_cli.recording.answers import DecisionAnswer

    about = _DECISION_ABOUT.match(value)
    objective, text = (about.group(1), about.group(2)) if about else ("", value)
    if not text.strip():
        raise UsageError(f"--decision {value!r}: write it as --decision 'KO4=what was "
                         "decided', or --decision 'what was decided'")
    return DecisionAnswer(text.strip(), objective)


PAIR_FIELDS = {"--rag": "rag", "--progress": "progress", "--risks": "risks",
               "--support": "support", "--support-to": "support_to", "--next": "next_steps"}


def _given(base: Given, pairs: dict[str, list[str] | None], actions: list[str]) -> Given:
    """The objectives' answers given as options (``--rag KO5=amber``,
    ``--action 'KO5=text|owner|due'``), every malformed one reported at once."""
    from dataclasses import replace

    from sli_cli.core.errors import UsageError
    from sli_cli.recording.answers import ActionAnswer

    problems, answers, given_actions = [], [], []
    for option, values in pairs.items():
        for value in values or []:
            objective, sep, text = value.partition("=")
            if not sep or not objective.strip():
                problems.append(f"{option} {value!r}: write it as {option} OBJECTIVE=VALUE, "
                                "like KO5=amber")
            else:
                answers.append((objective.strip(), PAIR_FIELDS[option], text.strip()))
    for value in actions:
        objective, sep, text = value.partition("=")
        parts = [p.strip() for p in text.split("|")]
        if not sep or not objective.strip() or len(parts) not in (3, 4) \
                or not all(parts[:3]):
            problems.append(f"--action {value!r}: write it as --action "
                            "'KO5=what is to be done|owner|due date'")
        else:
            given_actions.append((objective.strip(), ActionAnswer(
                parts[0], parts[1], parts[2], council=parts[3] if len(parts) == 4 else "")))
    if len(problems) > 1:
        raise UsageError("this meeting cannot be recorded:\n"
                         + "\n".join(f"  {p}" for p in problems))
    if problems:
        raise UsageError(problems[0])
    return replace(base, answers=answers, actions=given_actions)


def _advice(field: str, objective: str) -> str:
    """How to give, as options, what a meeting is missing."""
    return {
        "priority": " (--priority P2)",
        "date": " (--date 12/07/2023)",
        "rating": f" (--rag {objective}=RATING, or --rag {objective}=skip when it was not "
                  "discussed)",
        "change note": " (--change-note)",
    }.get(field, "")


def _record(plan_option: Path | None, given: Given, *, from_file: Path | None, edit: bool,
            resume: bool, amend: bool, yes: bool, strict: bool, by: str | None) -> None:
    """Run the recording workflow with the terminal as the person; print the result."""
    from sli_cli.cli.errors import exit_code
    from sli_cli.cli.output import editor_text_kept, open_workspace
    from sli_cli.cli.signals import signals_as_interrupts
    from sli_cli.core import clock
    from sli_cli.core.errors import ExitCode, SliError, UsageError
    from sli_cli.recording import workflow
    from sli_cli.recording.write import UnknownRecorder

    if resume and from_file is not None:
        raise UsageError("--resume and --from cannot be used together")
    if edit and from_file is not None:
        raise UsageError("--edit and --from cannot be used together")
    today = clock.today()
    ws = open_workspace(plan_option, today=today)
    start = _start(ws.folder, from_file, resume, given.priority)
    mode = workflow.Mode(terminal=sys.stdin.isatty(), edit=edit, confirm=not yes,
                         amend=amend, strict=strict, by=by)
    with signals_as_interrupts() as caught:
        try:
            result = workflow.record(ws, start, given, _person(ws.plan), mode, today=today)
        except workflow.Interrupted as exc:
            editor = (f"\n{editor_text_kept(exc.editor_text)}\n" if exc.editor_text else "")
            _say_quietly(("\n" + _kept_message(exc.kept) + "\n" if exc.kept else "")
                         + editor + "\nInterrupted.")
            raise typer.Exit(caught.exit_code) from None
        except workflow.NotRecorded as exc:
            raise SliError(_not_recorded_message(exc), ExitCode(exit_code(exc.cause))) from None
        except UnknownRecorder:
            raise UsageError("who is recording? sli names the person in each record's history; "
                             "give --by NAME, or set SLI_USER to your name (or, in a git "
                             "repository, git config user.name)") from None
    if isinstance(result, workflow.Declined):
        raise SliError("Nothing recorded. " + _kept_message(result.kept), ExitCode.DATA)
    _report(ws.plan, result)


def _start(folder: Path, from_file: Path | None, resume: bool,
           priority: str | None) -> workflow.Start:
    """What the recording starts from: a draft, a file, or nothing."""
    from sli_cli.cli.output import err
    from sli_cli.core.errors import PlanProblems, Problem, SliError, display_path
    from sli_cli.recording.drafts import find_draft, load_draft
    from sli_cli.recording.form import answers_from_toml
    from sli_cli.recording.workflow import Start

    if resume:
        draft = find_draft(folder, priority)
        err(f"Continuing the draft {display_path(draft)}")
        return Start(load_draft(draft), draft=draft)
    if from_file is None:
        return Start()
    where = display_path(from_file)
    try:
        data = from_file.read_bytes()
    except OSError as exc:
        raise SliError(f"cannot read {where}: {exc.strerror or exc}") from None
    answers, problems = answers_from_toml(data, where)
    if answers is None:
        raise PlanProblems(problems or [Problem(where, None, "cannot be read")])
    return Start(answers, source=where, source_text=data.decode("utf-8", errors="replace"))


def _person(plan: Plan) -> workflow.Person:
    """The person at the terminal: questions and messages on stderr, every
    earlier answer shown escaped, Ctrl-C as ``KeyboardInterrupt``."""
    from sli_cli.cli.output import err, show
    from sli_cli.core.text import printable
    from sli_cli.recording.external_editor import edit_text
    from sli_cli.recording.workflow import Person
    from sli_cli.render.meetings import meeting_summary

    def ask(prompt: str, default: str) -> str:
        shown = f"{prompt} [{printable(default)}]" if default else prompt
        try:
            value: str = typer.prompt(shown, default="", show_default=False, err=True)
        except typer.Abort:
            raise KeyboardInterrupt from None
        return value or default

    def confirm(question: str) -> bool:
        try:
            return typer.confirm(question, default=True, err=True)
        except typer.Abort:
            raise KeyboardInterrupt from None

    return Person(ask=ask, say=err, confirm=confirm,
                  show=lambda m: show(meeting_summary(plan, m), stderr=True),
                  edit=lambda text: edit_text(text, suffix=".toml"), advise=_advice)


def _kept_message(kept: workflow.Kept) -> str:
    from sli_cli.core.errors import display_path

    if kept.draft is None:
        return (f"Your answers could not be kept ({kept.why}); here they are, to save as a "
                "file and record with: sli meeting record --from FILE\n" + kept.text)
    return (f"Your answers are kept in {display_path(kept.draft)}; continue with: "
            "sli meeting record --resume"
            + (f" --priority {kept.priority}" if kept.several else ""))


def _not_recorded_message(exc: workflow.NotRecorded) -> str:
    from sli_cli.cli.errors import detail
    from sli_cli.core.errors import AlreadyRecorded, display_path
    from sli_cli.recording.write import Superseded

    draft = exc.kept.draft
    if isinstance(exc.cause, AlreadyRecorded) and draft is not None:
        return (f"{exc.message}\nYour answers are kept in {display_path(draft)}; "
                "to record them as a new version of that meeting: sli meeting record "
                f"--resume --amend --priority {exc.cause.priority} --change-note "
                "'what changed and why'")
    if isinstance(exc.cause, Superseded) and draft is not None:
        return (f"{exc.message}\nYour answers are kept in {display_path(draft)}. To make "
                "your change over the latest version: sli meeting record --amend --edit "
                f"--priority {exc.cause.priority} --quarter '{exc.cause.quarter}'; then: "
                f"sli meeting discard-draft {draft.name.removesuffix('.toml')}")
    return detail(exc.cause) + "\n" + _kept_message(exc.kept)


def _report(plan: Plan, result: workflow.Recorded) -> None:
    from sli_cli.cli.output import err
    from sli_cli.core.errors import display_path

    written = result.meeting
    ids = [a.id for _, a in written.actions]
    what = f"version {written.version} of " if written.version > 1 else ""
    err(f"Recorded {what}the meeting of {written.priority} for "
        f"{plan.label(written.quarter)} in {display_path(result.path)}"
        + (f"; actions {', '.join(ids)}" if ids else ""))
    for older in result.older_drafts:
        err(f"An earlier draft for {written.priority} is still kept in {display_path(older)}; "
            f"if it is no longer needed: sli meeting discard-draft {older.name[:-5]}")


def _say_quietly(message: str) -> None:
    """A message while stopping: a closed terminal may no longer take it."""
    import contextlib

    from sli_cli.cli.output import err

    with contextlib.suppress(OSError):
        err(message)


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
    from sli_cli.cli.output import open_workspace, out
    from sli_cli.core import clock
    from sli_cli.plan import lookup
    from sli_cli.recording.answers import Answers
    from sli_cli.recording.template import template_text

    ws = open_workspace(plan, today=clock.today())
    answers = Answers(priority=lookup.priority(ws.plan, priority).id,
                      date=date or clock.today().strftime("%d/%m/%Y"), quarter=quarter or "")
    out(template_text(ws.plan, ws.records, answers))


@app.command("drafts")
def drafts(format: FormatOption = OutputFormat.TABLE, plan: PlanOption = None) -> None:
    """List the drafts kept when a recording did not finish.

    Continue one with sli meeting record --resume --priority ID; delete one
    you no longer need with sli meeting discard-draft NAME.
    """
    from sli_cli.cli.output import err, out
    from sli_cli.plan.discover import find_plan
    from sli_cli.recording.drafts import summarise_drafts
    from sli_cli.render.drafts import DRAFT_COLUMNS, draft_rows
    from sli_cli.render.listing import render

    found = summarise_drafts(find_plan(plan))
    if not found and format is OutputFormat.TABLE:
        err("No drafts kept.")
        return
    rows = draft_rows(found)
    out(render(format, DRAFT_COLUMNS, rows, json_data=rows))


@app.command("discard-draft")
def discard_draft(
    names: Annotated[list[str], typer.Argument(metavar="NAME...", show_default=False,
                                               autocompletion=completion.drafts,
                                               help="Drafts to delete, as listed by sli "
                                               "meeting drafts (P1, P1.2).")],
    plan: PlanOption = None,
) -> None:
    """Delete drafts that are no longer needed (what they held is lost)."""
    from sli_cli.cli.output import err
    from sli_cli.core.errors import display_path
    from sli_cli.plan.discover import find_plan
    from sli_cli.recording.drafts import discard_drafts

    for path in discard_drafts(find_plan(plan), names):
        err(f"Discarded the draft {display_path(path)}")


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
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.core import clock
    from sli_cli.render.listing import render
    from sli_cli.render.meetings import MEETING_COLUMNS, meeting_json, meeting_rows

    ws = open_workspace(plan, today=clock.today())
    wanted_quarter = quarter_option(ws.plan, quarter)
    wanted_priority = priority_option(ws.plan, priority)
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
    from sli_cli.cli.output import open_workspace, out
    from sli_cli.core import clock
    from sli_cli.core.errors import SliError
    from sli_cli.render.meetings import history as render_history
    from sli_cli.render.meetings import meeting_detail

    ws = open_workspace(plan, today=clock.today())
    wanted = quarter_option(ws.plan, " ".join(quarter))
    assert wanted is not None
    priority_id = priority_option(ws.plan, priority)
    assert priority_id is not None
    versions = ws.records.meeting_versions.get((wanted, priority_id))
    if not versions:
        raise SliError(f"no meeting of {priority_id} is recorded for {ws.plan.label(wanted)}; "
                       "see: sli meeting list")
    from sli_cli.records import support_response

    responses = {ask: found[-1] for ask, found in support_response.current_responses(
        ws.records.of(support_response.KIND)).items()}
    out(meeting_detail(ws.plan, versions[-1], responses))
    if history:
        out(render_history(ws.plan, versions))
