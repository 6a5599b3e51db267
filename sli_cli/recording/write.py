"""Writing records: validate against the plan, take the folder lock, write a
new file. The one code path for every command (and script) that records.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

from sli_cli.core.errors import (
    AlreadyRecorded,
    ExitCode,
    InputError,
    NothingToAmend,
    PlanProblems,
    Problem,
    Severity,
    SliError,
    display_path,
)
from sli_cli.plan import lookup
from sli_cli.plan.model import Plan
from sli_cli.records import action_done
from sli_cli.records.action_done import ActionDone, current_completions
from sli_cli.records.common import new_uid
from sli_cli.records.diff import diff_meetings
from sli_cli.records.event import Event
from sli_cli.records.load import read_records
from sli_cli.records.meeting import Meeting, check_meeting, meeting_path, next_version
from sli_cli.records.store import locked, new_id, record_path, write_record
from sli_cli.records.update import Update
from sli_cli.records.withdrawal import Withdrawal


class Superseded(SliError):
    """An amendment (or correction) started from a version that is no longer
    the current one: recording it would undo what the later one changed.
    ``what`` is what was changed; ``since`` says how it stands now."""

    def __init__(self, what: str, since: str, changes: list[str], *, priority: str = "",
                 quarter: str = "") -> None:
        lines = "".join(f"\n  {c}" for c in changes) or "\n  (no change to the record)"
        super().__init__(f"{what} was changed by someone else while this change was being "
                         f"written: {since}, which changed:{lines}\nNothing was recorded, so "
                         "that nothing they changed is undone.")
        self.what, self.since, self.changes = what, since, changes
        self.priority, self.quarter = priority, quarter  # a meeting's, for advice


class UnknownRecorder(SliError):
    """Nobody to name as the one recording: every record says who made it."""

    def __init__(self) -> None:
        super().__init__("who is recording? sli names the person in each record's history; "
                         "set SLI_USER to your name (or, in a git repository, git config "
                         "user.name)", ExitCode.USAGE)


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def who(folder: Path) -> str:
    """Who is recording, for the record's history: ``$SLI_USER``, else git's
    ``user.name`` when the plan folder is inside a git work tree. Never the
    login name alone: on shared and council machines it names no one."""
    name = os.environ.get("SLI_USER", "").strip()
    if name:
        return name
    if not _in_git_work_tree(folder):
        raise UnknownRecorder()
    try:
        found = subprocess.run(["git", "-C", str(folder), "config", "user.name"],
                               capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        raise UnknownRecorder() from None
    if found.returncode == 0 and found.stdout.strip():
        return found.stdout.strip()
    raise UnknownRecorder()


def _in_git_work_tree(folder: Path) -> bool:
    """Whether a ``.git`` (a folder, or a file in a linked work tree) is in
    ``folder`` or a folder above it."""
    here = folder.resolve()
    return any((p / ".git").exists() for p in (here, *here.parents))


def validate_meeting(plan: Plan, meeting: Meeting, *, strict: bool = False,
                     today: date | None = None) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) for a meeting about to be recorded."""
    problems = check_meeting(plan, meeting, today)
    errors = [p for p in problems if p.severity is Severity.ERROR or strict]
    warnings = [p for p in problems if p not in errors]
    return errors, warnings


def check_given_action_ids(meeting: Meeting, others: dict[str, Meeting], where: str) -> None:
    """Action ids written in the input (a TOML form, an amendment) must be
    well formed and not belong to another meeting's action."""
    from sli_cli.plan.model import id_problem

    problems = []
    seen: set[str] = set()
    for objective_id, action in meeting.actions:
        if not action.id:
            continue
        label = f"objective {objective_id}: action {action.id!r}"
        if why := id_problem(action.id):
            problems.append(Problem(where, None, f"{label}: {why}"))
        elif action.id in others:
            other = others[action.id]
            problems.append(Problem(where, None, f"{label}: that id belongs to an action of the "
                                    f"meeting of {other.priority} for {other.quarter.label()}; "
                                    "leave 'id' out and sli gives the action a new one"))
        elif action.id in seen:
            problems.append(Problem(where, None, f"{label}: the id is used twice"))
        seen.add(action.id)
    if problems:
        raise PlanProblems(problems)


def assign_action_ids(meeting: Meeting, taken: set[str]) -> Meeting:
    """Give every action without an id a new short id."""
    taken = set(taken) | {a.id for _, a in meeting.actions if a.id}
    outcomes = []
    for outcome in meeting.outcomes:
        actions = []
        for action in outcome.actions:
            if not action.id:
                action = replace(action, id=new_id("A", taken))
            taken.add(action.id)
            actions.append(action)
        outcomes.append(replace(outcome, actions=tuple(actions)))
    return replace(meeting, outcomes=tuple(outcomes))


def record_meeting(folder: Path, plan: Plan, meeting: Meeting, *, amend: bool = False,
                   strict: bool = False, today: date | None = None,
                   stamp: datetime | None = None, by: str | None = None,
                   based_on: int = 0) -> tuple[Meeting, Path]:
    """Record a meeting (or, with ``amend``, a new version of one) and return
    the record as written and its path.

    Validation problems raise ``PlanProblems`` and nothing is written. An
    amendment ``based_on`` a version is refused (``Superseded``) unless that
    version is still the latest when the lock is held. ``by`` names who is
    recording (default: ``who``).
    """
    by = who(folder) if by is None else by
    where = display_path(meeting_path(folder, meeting.priority, meeting.quarter, 1))
    meeting = replace(meeting, path=where)
    errors, _ = validate_meeting(plan, meeting, strict=strict, today=today)
    if errors:
        raise PlanProblems(errors)
    with locked(folder):
        records, _ = read_records(folder)
        versions = records.meeting_versions.get((meeting.quarter, meeting.priority), [])
        label = f"{meeting.priority} {plan.label(meeting.quarter)}"
        if versions and not amend:
            raise AlreadyRecorded(
                meeting.priority, plan.label(meeting.quarter), versions[-1].path)
        if amend and not versions:
            raise NothingToAmend(meeting.priority, plan.label(meeting.quarter))
        if amend and based_on and versions[-1].version != based_on:
            base = next((v for v in versions if v.version == based_on), versions[0])
            raise Superseded(f"the meeting of {label}",
                             f"this amendment started from version {based_on}, and version "
                             f"{versions[-1].version} is now the latest",
                             diff_meetings(base, versions[-1]), priority=meeting.priority,
                             quarter=plan.label(meeting.quarter))
        own = {a.id for m in versions for _, a in m.actions}
        others = {a.id: m for m in records.meetings for _, a in m.actions if a.id not in own}
        check_given_action_ids(meeting, others, where)
        meeting = assign_action_ids(meeting, set(others) | own)
        meeting = replace(
            next_version(meeting, versions if amend else []),
            recorded_at=stamp or now(),
            recorded_by=by,
        )
        path = write_record(folder, meeting)
    return replace(meeting, path=display_path(path)), path


def record_meetings(folder: Path, plan: Plan, meetings: list[Meeting], *,
                    today: date | None = None, stamp: datetime | None = None,
                    by: str | None = None) -> list[Path]:
    """Record several new meetings at once (an import): every one is validated
    before any is written, and the folder is read once, under one lock.

    Validation problems raise ``PlanProblems`` and nothing is written; a
    meeting already recorded raises ``AlreadyRecorded`` before any write.
    """
    located = []
    errors: list[Problem] = []
    for meeting in meetings:
        where = display_path(meeting_path(folder, meeting.priority, meeting.quarter, 1))
        meeting = replace(meeting, path=where)
        errors += validate_meeting(plan, meeting, today=today)[0]
        located.append(meeting)
    if errors:
        raise PlanProblems(errors)
    stamp = stamp or now()
    by = who(folder) if by is None else by
    paths = []
    with locked(folder):
        records, _ = read_records(folder)
        taken_keys = [m for m in located
                      if (m.quarter, m.priority) in records.meeting_versions]
        if taken_keys:
            # Another writer got there between the check and the lock.
            first = taken_keys[0]
            raise AlreadyRecorded(
                first.priority, plan.label(first.quarter),
                records.meeting_versions[(first.quarter, first.priority)][-1].path)
        taken = {a.id for m in records.meetings for _, a in m.actions}
        try:
            for meeting in located:
                meeting = assign_action_ids(meeting, taken)
                taken |= {a.id for _, a in meeting.actions}
                meeting = replace(next_version(meeting, []), recorded_at=stamp,
                                  recorded_by=by)
                paths.append(write_record(folder, meeting))
        except BaseException:
            # All or nothing: the files this call wrote go (a full disk, Ctrl-C).
            remove_written(paths)
            raise
    return paths


def remove_written(paths: list[Path]) -> None:
    """Remove meeting files this run created, and the quarter and meetings
    folders that leaves empty."""
    import contextlib

    for path in reversed(paths):
        with contextlib.suppress(OSError):
            path.unlink()
        for parent in (path.parent, path.parent.parent):
            with contextlib.suppress(OSError):
                parent.rmdir()  # only when empty


def record_action_done(folder: Path, action_id: str, day: date, note: str = "",
                       *, stamp: datetime | None = None, by: str | None = None) -> Path:
    """Record that an action is complete. An action recorded as done in two
    places (two copies of the plan) may be recorded once more: the new
    completion amends both and settles it."""
    with locked(folder):
        records, _ = read_records(folder)
        known = {a.id: m for m in records.meetings for _, a in m.actions}
        match = lookup.action(known, action_id)
        current = current_completions(records.of(action_done.KIND)).get(match, [])
        if len(current) == 1 and current[0].done:
            done = current[0]
            raise SliError(f"action {match} was already recorded as done on "
                           f"{done.date.isoformat()} ({done.path})")
        meeting = known[match]
        if day < meeting.date:
            raise SliError(f"action {match} was raised on {meeting.date.isoformat()}; it cannot "
                           f"be done on {day.isoformat()}, before it was raised")
        # The first completion; done again after a correction said it was
        # not; or, recorded as done in two places, once more to settle it.
        return write_record(folder, ActionDone(
            match, day, note, stamp or now(), recorded_by=who(folder) if by is None else by,
            version=1 + max((d.version for d in current), default=0),
            uid=new_uid(), amends=tuple(sorted(d.ref for d in current))))


class NotDone(SliError):
    """A correction of a completion that was never recorded."""

    def __init__(self, action: str) -> None:
        super().__init__(f"action {action} is not recorded as done; there is nothing to correct")
        self.action = action


def record_action_correction(folder: Path, action_id: str, *, change_note: str,
                             day: date | None = None, note: str | None = None,
                             not_done: bool = False, based_on: int | None = None,
                             stamp: datetime | None = None,
                             by: str | None = None) -> tuple[ActionDone, Path]:
    """Correct the completion of an action with a new version of it (the
    original is kept): another ``day`` or ``note``, or, with ``not_done``,
    the action open again. ``based_on`` is the version the correction started
    from; when another correction was recorded since, it is refused
    (``Superseded``)."""
    by = who(folder) if by is None else by
    if not change_note.strip():
        raise InputError("change note", "", "a correction needs a change note saying what was "
                         "wrong", defaulted=True)
    with locked(folder):
        records, _ = read_records(folder)
        known = {a.id: m for m in records.meetings for _, a in m.actions}
        match = lookup.action(known, action_id)
        completions = records.done_versions.get(match, [])
        if not completions or (based_on is None and not completions[-1].done):
            raise NotDone(match)
        latest = completions[-1]
        # Every current version is amended: a correction made while two
        # copies of the plan disagree settles it.
        current = current_completions(completions)[match]
        if based_on is not None and latest.version != based_on:
            state = f"done on {latest.date.isoformat()}" if latest.done else "not done"
            raise Superseded(f"the completion of action {match}",
                             f"this correction started from version {based_on}, and version "
                             f"{latest.version} is now the latest",
                             [f"action {match}: {state}"
                              + (f" ({latest.change_note})" if latest.change_note else "")])
        day = day or latest.date
        if day < known[match].date:
            raise SliError(f"action {match} was raised on {known[match].date.isoformat()}; it "
                           f"cannot be done on {day.isoformat()}, before it was raised")
        correction = ActionDone(match, day, latest.note if note is None else note,
                                stamp or now(), version=latest.version + 1,
                                change_note=change_note.strip(), done=not not_done,
                                recorded_by=by, uid=new_uid(),
                                amends=tuple(sorted(d.ref for d in current)))
        path = write_record(folder, correction)
    return replace(correction, path=display_path(path)), path


class AlreadyWithdrawn(SliError):
    """An event or update withdrawn before."""


def withdraw_item(folder: Path, item_id: str, reason: str, *, stamp: datetime | None = None,
                  by: str | None = None) -> tuple[Withdrawal, Path]:
    """Withdraw an event or update recorded by mistake: a new record saying
    so; the item's own file is kept, and the views stop showing it."""
    by = who(folder) if by is None else by
    if not reason.strip():
        raise InputError("reason", "", "a withdrawal needs a reason saying what was wrong",
                         defaulted=True)
    with locked(folder):
        records, _ = read_records(folder)
        items = [i.id for i in (*records.events, *records.updates, *records.withdrawn)]
        match = lookup.resolve_id("event or update", item_id, items)
        before = next((w for w in records.withdrawals if w.item == match), None)
        if before is not None:
            raise AlreadyWithdrawn(f"{match} was already withdrawn ({before.path})")
        withdrawal = Withdrawal(match, reason.strip(), stamp or now(), by, uid=new_uid())
        path = write_record(folder, withdrawal)
    return replace(withdrawal, path=display_path(path)), path


ItemT = TypeVar("ItemT", Event, Update)


def _add_item(folder: Path, item: ItemT, prefix: str, stamp: datetime | None) -> ItemT:
    """Write an event or update under a new id (its file name starts with its id)."""
    with locked(folder):
        existing = record_path(folder, replace(item, id="x")).parent
        taken = ({p.name.split(".")[0] for p in existing.glob("*.toml")} if existing.is_dir()
                 else set())
        item = replace(item, id=item.id or new_id(prefix, taken), recorded_at=stamp or now(),
                       uid=new_uid())
        write_record(folder, item)
    return item


def add_event(folder: Path, event: Event, *, stamp: datetime | None = None) -> Event:
    """Record an event for the snapshot, with a new id unless it has one."""
    return _add_item(folder, event, "E", stamp)


def add_update(folder: Path, update: Update, *, stamp: datetime | None = None) -> Update:
    """Record a project, news or national update, with a new id unless it has one."""
    return _add_item(folder, update, "U", stamp)
