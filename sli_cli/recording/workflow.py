"""Recording a meeting: one use case, however the answers are given.

A recording starts from answers (none yet, a draft, a ``--from`` file, or the
recorded meeting when amending), puts what was given up front on top, lets the
person fill in the rest (the interview on a terminal, or their editor),
checks, confirms and records. The person is reached only through the
callables of ``Person``, so the terminal, the editor loop and tests drive the
same code. Answers that are not recorded are kept as a draft, and the result
or the error says where.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sli_cli.core.dates import DateError, describe, parse_lenient
from sli_cli.core.errors import (
    EditorError,
    EditorInterrupted,
    ExitCode,
    InputError,
    NothingToAmend,
    PlanProblems,
    SliError,
)
from sli_cli.core.quarters import Quarter
from sli_cli.plan import lookup
from sli_cli.recording.answers import Answers, answers_from_meeting, normalise_ids
from sli_cli.recording.build import (
    Advise,
    Built,
    build_meeting,
    format_problem,
    no_advice,
    problems_message,
)
from sli_cli.recording.drafts import drafts_of, list_drafts, remove_draft, save_draft
from sli_cli.recording.edit_loop import edit_until_valid
from sli_cli.recording.form import answers_from_toml, answers_to_toml, locate
from sli_cli.recording.interview import Interview
from sli_cli.recording.options import Given
from sli_cli.recording.template import template_text
from sli_cli.recording.write import record_meeting, who
from sli_cli.records.diff import diff_meetings
from sli_cli.records.meeting import Meeting
from sli_cli.records.workspace import Workspace


def _no_editor(text: str) -> str | None:
    raise EditorError("no editor to write the meeting in")


@dataclass(frozen=True)
class Person:
    """How the workflow reaches the person recording."""

    ask: Callable[[str, str], str]  # a question and its default; returns the answer
    say: Callable[[str], None]  # a line to show
    confirm: Callable[[str], bool] = lambda question: True  # a yes/no question
    show: Callable[[Meeting], None] = lambda meeting: None  # the meeting about to be recorded
    edit: Callable[[str], str | None] = _no_editor  # text in the editor; the text saved
    # How to give a missing priority, date, rating or change note, the way
    # this person gives answers (options, say): see ``build.build_meeting``.
    advise: Advise = no_advice


@dataclass(frozen=True)
class Start:
    """What a recording starts from."""

    answers: Answers = field(default_factory=Answers)
    draft: Path | None = None  # the draft being resumed: brought up to date, removed at the end
    source: str = ""  # the file the answers were read from: its problems name its lines
    source_text: str = ""


@dataclass(frozen=True)
class Mode:
    """How the person takes part."""

    terminal: bool = False  # the person can be asked (answers not given are asked for)
    edit: bool = False  # the answers are written in the editor
    confirm: bool = True  # on a terminal, ask before writing
    amend: bool = False  # a new version of a recorded meeting
    strict: bool = False  # warnings are errors
    by: str | None = None  # who is recording; default: ``write.who``


@dataclass(frozen=True)
class Kept:
    """Where answers that were not recorded are kept."""

    draft: Path | None  # None when no draft could be written ...
    text: str = ""  # ... then the answers, to save by hand
    why: str = ""  # ... and why
    priority: str = ""
    several: bool = False  # other priorities have drafts too


@dataclass(frozen=True)
class Recorded:
    meeting: Meeting
    path: Path
    older_drafts: list[Path]  # drafts of the same priority left from other attempts


@dataclass(frozen=True)
class Declined:
    """The person answered "no" at the confirmation."""

    kept: Kept


class NotRecorded(SliError):
    """The answers could not be recorded; they are kept (``kept``)."""

    def __init__(self, cause: SliError, kept: Kept) -> None:
        super().__init__(cause.message, cause.code)
        self.cause, self.kept = cause, kept


class Interrupted(KeyboardInterrupt):
    """The person stopped (Ctrl-C, a closed terminal); ``kept`` holds what
    was answered, or None when nothing was; ``editor_text`` is where the text
    saved in an editor that was open was left, if anywhere."""

    def __init__(self, kept: Kept | None, editor_text: Path | None = None) -> None:
        super().__init__()
        self.kept = kept
        self.editor_text = editor_text


def record(ws: Workspace, start: Start, given: Given, person: Person, mode: Mode,
           *, today: date) -> Recorded | Declined:
    """Record a meeting from ``start`` with ``given`` on top; raise
    ``NotRecorded`` or ``Interrupted`` with the answers kept as a draft."""
    return _Recording(ws, start, person, mode, today).run(given)


class _Recording:
    def __init__(self, ws: Workspace, start: Start, person: Person, mode: Mode,
                 today: date) -> None:
        self.ws, self.person, self.mode, self.today = ws, person, mode, today
        self.start = start
        self.answers = start.answers
        self.draft = start.draft  # where the answers are kept, once they are

    def run(self, given: Given) -> Recorded | Declined:
        by = self.mode.by if self.mode.by is not None else who(self.ws.folder)
        self._prepare(given)
        # Answers in a file are complete: only answers typed as options are
        # completed by asking.
        interview = self.mode.terminal and not self.mode.edit and not self.start.source
        try:
            if self.mode.edit:
                self._edit()
            if interview:
                Interview(self.ws.plan, self.ws.records, self.answers, ask=self.person.ask,
                          say=self.person.say, today=self.today,
                          revisit=self.answers.amend and self.start.draft is None).run()
            meeting = self._check()
            if interview and self.mode.confirm:
                self.person.show(meeting)
                verb = "Record this amendment" if self.answers.amend else "Record this meeting"
                if not self.person.confirm(f"{verb} for {self.ws.plan.label(meeting.quarter)}?"):
                    return Declined(self._keep())
        except KeyboardInterrupt as exc:
            editor_text = exc.kept if isinstance(exc, EditorInterrupted) else None
            raise Interrupted(None if self.answers.is_empty else self._keep(),
                              editor_text) from None
        return self._write(meeting, by)

    # -- the answers ----------------------------------------------------------
    def _prepare(self, given: Given) -> None:
        given.apply_meeting(self.answers)
        normalise_ids(self.ws.plan, self.answers)
        if self.mode.amend and not self.answers.amend:
            fresh = self.start.draft is None and not self.start.source
            self.answers = self._amend_base(rebase=not fresh)
        given.apply(self.answers)
        normalise_ids(self.ws.plan, self.answers)
        priority = self.ws.plan.priority(self.answers.priority)
        if not self.answers.attendees and priority is not None and not self.mode.terminal:
            from sli_cli.recording.answers import default_attendees

            self.answers.attendees = default_attendees(self.ws.plan, priority)

    def _amend_base(self, *, rebase: bool) -> Answers:
        """The answers of an amendment: the recorded meeting's (the options
        then change them), or, with ``rebase``, the answers already given
        (a draft, a file) as a new version of the recorded meeting."""
        answers = self.answers
        if not answers.priority:
            raise InputError("priority", "", "an amendment needs the priority and the quarter "
                             "(or the date) of the meeting to amend", defaulted=True)
        quarter = self._quarter_of(answers)
        versions = self.ws.records.meeting_versions.get((quarter, answers.priority))
        if not versions:
            raise NothingToAmend(answers.priority, self.ws.plan.label(quarter))
        if rebase:
            answers.amend, answers.based_on = True, versions[-1].version
            return answers
        base = answers_from_meeting(versions[-1])
        base.quarter = self.ws.plan.label(quarter)
        if answers.date:
            base.date = answers.date
        return base

    def _quarter_of(self, answers: Answers) -> Quarter:
        """The quarter of the meeting to amend."""
        if answers.quarter:
            return lookup.quarter_text(answers.quarter,
                                       year_start_month=self.ws.plan.year_start_month)
        if answers.date:
            try:
                day = parse_lenient(answers.date, today=self.today)
            except DateError as exc:
                raise InputError("date", answers.date, str(exc)) from None
            return self.ws.plan.quarter_under_review(day)
        raise InputError("quarter", "", "an amendment needs the quarter (or the date) of the "
                         "meeting to amend", defaulted=True)

    def _edit(self) -> None:
        """Fill the answers in the editor until they are valid, or cancel."""
        plan = self.ws.plan

        def problems_of(text: str) -> list[str]:
            parsed, problems = answers_from_toml(text.encode("utf-8"), "meeting")
            if parsed is None:
                return [p.format() for p in problems]
            normalise_ids(plan, parsed)
            built = build_meeting(plan, parsed, today=self.today, where="meeting",
                                  strict=self.mode.strict)
            return [format_problem(p) for p in locate(built.errors, text, "meeting")]

        if not self.answers.date:
            self.answers.date = self.today.strftime("%d/%m/%Y")
        text = edit_until_valid(template_text(plan, self.ws.records, self.answers),
                                self.person.edit, problems_of)
        if text is None:
            raise SliError("nothing recorded: the meeting file was emptied, or left unchanged "
                           "with its problems", ExitCode.DATA)
        parsed, _ = answers_from_toml(text.encode("utf-8"), "meeting")
        if parsed is None:  # problems_of found none: cannot happen
            raise SliError("the meeting file cannot be read")
        # What the form does not show stays as it was.
        parsed.amend = parsed.amend or self.answers.amend
        parsed.based_on = parsed.based_on or self.answers.based_on
        normalise_ids(plan, parsed)
        self.answers = parsed

    # -- checking and writing -------------------------------------------------
    def _check(self) -> Meeting:
        built: Built = build_meeting(self.ws.plan, self.answers, today=self.today,
                                     where=self.start.source, strict=self.mode.strict,
                                     advise=None if self.start.source else self.person.advise)
        if built.errors:
            if self.start.source:
                raise PlanProblems(locate(built.errors, self.start.source_text,
                                          self.start.source))
            raise NotRecorded(SliError(problems_message(built.errors)), self._keep())
        meeting = built.meeting
        assert meeting is not None  # no errors: built
        label = self.ws.plan.label(meeting.quarter)
        if self.answers.amend:
            current = self.ws.records.meeting(meeting.priority, meeting.quarter)
            if current is not None and not diff_meetings(current, meeting):
                raise SliError(f"nothing changed in the meeting of {meeting.priority} for "
                               f"{label}; no new version recorded")
        self.person.say(f"Quarter under review: {label}; meeting of {meeting.priority} held on "
                        f"{describe(meeting.date)}")
        for warning in built.warnings:
            self.person.say(format_problem(warning))
        return meeting

    def _write(self, meeting: Meeting, by: str) -> Recorded:
        try:
            written, path = record_meeting(
                self.ws.folder, self.ws.plan, meeting, amend=self.answers.amend,
                strict=self.mode.strict, today=self.today, by=by,
                based_on=self.answers.based_on)
        except SliError as exc:
            if self.start.source:
                raise
            raise NotRecorded(exc, self._keep()) from None
        except KeyboardInterrupt:
            # Stopped while waiting for another sli writing the same plan (the
            # lock), or while writing: what was answered is kept. Had the
            # record been written already, resuming says it is recorded.
            raise Interrupted(None if self.start.source else self._keep()) from None
        if self.start.draft is not None:
            remove_draft(self.start.draft)
        return Recorded(written, path, drafts_of(self.ws.folder, written.priority))

    def _keep(self) -> Kept:
        """Keep the answers as a draft (the same one all through a run)."""
        folder, answers = self.ws.folder, self.answers
        try:
            self.draft = save_draft(folder, answers, replacing=self.draft)
        except SliError as exc:
            # A full disk or a read-only folder: the answers go to the person.
            return Kept(None, answers_to_toml(answers), exc.message, answers.priority)
        several = len(list_drafts(folder)) > 1
        return Kept(self.draft, priority=answers.priority, several=several)
