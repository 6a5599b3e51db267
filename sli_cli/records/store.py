"""The plan folder on disk: where records live, and how they are written.

Layout (all paths relative to the plan folder)::

    plan.toml                       hand-written; sli never writes it
    meetings/2023-24-Q2/P2.toml     a meeting record, version 1
    meetings/2023-24-Q2/P2.v2.toml  an amendment (version 2) of that meeting
    actions/A3F9K.toml              the completion of action A3F9K
    actions/A3F9K.v2.toml           a correction of it (version 2); version 1 is kept
    events/E7KQ2.toml               an event for the snapshot
    updates/U2M4X.toml              a project, news or national update
    withdrawals/E7KQ2.toml          event E7KQ2 withdrawn; its own file is kept
    .sli/lock                       taken while writing
    .sli/drafts/                    answers kept when a recording did not finish

Every write creates a new file: the record goes to a temporary file in the
same folder, is flushed and fsync'd, then linked into place with ``os.link``,
which fails if the name exists (``sli_cli.records.files`` has the details and
the fallbacks). A crash leaves either the whole record or nothing (and perhaps
a ``.tmp`` file that no reader looks at); an existing record is never
replaced. No folder of the layout may be a symbolic link.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sli_cli.core.errors import Problem, display_path
from sli_cli.core.quarters import Quarter
from sli_cli.records.files import SYMLINK_REFUSED, is_symlink

# The file primitives live in ``files``; callers keep importing them from here.
from sli_cli.records.files import WriteError as WriteError
from sli_cli.records.files import locked as locked
from sli_cli.records.files import replace_file as replace_file
from sli_cli.records.files import replace_file_with as replace_file_with
from sli_cli.records.files import write_new as write_new
from sli_cli.records.kinds import (
    ActionDone,
    Event,
    Meeting,
    Record,
    Update,
    Withdrawal,
    parse_action_done,
    parse_event,
    parse_meeting,
    parse_update,
    parse_withdrawal,
    to_toml,
)

MEETINGS = "meetings"
ACTIONS = "actions"
EVENTS = "events"
UPDATES = "updates"
WITHDRAWALS = "withdrawals"
STATE = ".sli"
ID_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud safely


# -- atomic writing ---------------------------------------------------------
def dump_toml(doc: dict[str, Any]) -> bytes:
    import tomli_w  # only commands that write need it

    # Multi-line strings read best, but TOML turns a CRLF inside one into LF;
    # a record holding a carriage return is written with escapes instead.
    multiline = not _has_carriage_return(doc)
    return tomli_w.dumps(doc, multiline_strings=multiline).encode("utf-8")


def _has_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_has_carriage_return(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_carriage_return(v) for v in value)
    return False


def new_id(prefix: str, taken: set[str], rng: Callable[[int], int] | None = None) -> str:
    """A short id like ``A3F9K`` not in ``taken``."""
    import secrets  # writing only: reading commands never load it

    choose = rng or secrets.randbelow
    while True:
        candidate = prefix + "".join(ID_ALPHABET[choose(len(ID_ALPHABET))] for _ in range(4))
        if candidate not in taken:
            return candidate


# -- paths ------------------------------------------------------------------
def meeting_path(folder: Path, priority: str, quarter: Quarter, version: int) -> Path:
    name = f"{priority}.toml" if version == 1 else f"{priority}.v{version}.toml"
    return folder / MEETINGS / quarter.slug() / name


def action_done_path(folder: Path, action_id: str, version: int = 1) -> Path:
    name = f"{action_id}.toml" if version == 1 else f"{action_id}.v{version}.toml"
    return folder / ACTIONS / name


def withdrawal_path(folder: Path, item_id: str) -> Path:
    return folder / WITHDRAWALS / f"{item_id}.toml"


def event_path(folder: Path, event_id: str) -> Path:
    return folder / EVENTS / f"{event_id}.toml"


def update_path(folder: Path, update_id: str) -> Path:
    return folder / UPDATES / f"{update_id}.toml"


def record_path(folder: Path, record: Record) -> Path:
    if isinstance(record, Meeting):
        return meeting_path(folder, record.priority, record.quarter, record.version)
    if isinstance(record, ActionDone):
        return action_done_path(folder, record.action, record.version)
    if isinstance(record, Event):
        return event_path(folder, record.id)
    if isinstance(record, Withdrawal):
        return withdrawal_path(folder, record.item)
    return update_path(folder, record.id)


def write_record(folder: Path, record: Record) -> Path:
    """Write a new record file; refuse if its file already exists."""
    path = record_path(folder, record)
    write_new(path, dump_toml(to_toml(record)), within=folder)
    return path


# -- reading ----------------------------------------------------------------
@dataclass
class Records:
    """Every record in a plan folder. Meetings keep all versions."""

    meeting_versions: dict[tuple[Quarter, str], list[Meeting]] = field(default_factory=dict)
    done: dict[str, ActionDone] = field(default_factory=dict)  # the actions done now
    events: list[Event] = field(default_factory=list)  # not those withdrawn
    updates: list[Update] = field(default_factory=list)  # not those withdrawn
    # Every version of each action's completion (corrections after the first).
    done_versions: dict[str, list[ActionDone]] = field(default_factory=dict)
    withdrawals: list[Withdrawal] = field(default_factory=list)
    withdrawn: list[Event | Update] = field(default_factory=list)  # what they took back

    @property
    def meetings(self) -> list[Meeting]:
        """The current (latest) version of each meeting, oldest quarter first."""
        return [versions[-1] for _, versions in sorted(self.meeting_versions.items())]

    def meeting(self, priority: str, quarter: Quarter) -> Meeting | None:
        versions = self.meeting_versions.get((quarter, priority))
        return versions[-1] if versions else None


Parser = Callable[[bytes, str], tuple[Any, list[Problem]]]
PARSERS: dict[str, Parser] = {
    MEETINGS: parse_meeting,
    ACTIONS: parse_action_done,
    EVENTS: parse_event,
    WITHDRAWALS: parse_withdrawal,
    UPDATES: parse_update,
}


def list_record_files(folder: Path) -> list[tuple[str, str]]:
    """(kind, path relative to the folder) of every record file, in a stable order.

    Names starting with a dot (temporary files of an interrupted write) are
    skipped, and so are folders that are symbolic links or unreadable (see ``folder_problems``).
    """
    found: list[tuple[str, str]] = []

    def tomls(relative: str) -> list[str]:
        if is_symlink(folder / relative):
            return []
        try:
            with os.scandir(folder / relative) as entries:
                return sorted(e.name for e in entries
                              if e.name.endswith(".toml") and not e.name.startswith("."))
        except OSError:  # missing, not a folder, unreadable: see ``folder_problems``
            return []

    for quarter in _quarter_folders(folder):
        found += [(MEETINGS, f"{MEETINGS}/{quarter}/{n}") for n in tomls(f"{MEETINGS}/{quarter}")]
    for kind in (ACTIONS, EVENTS, UPDATES, WITHDRAWALS):
        found += [(kind, f"{kind}/{n}") for n in tomls(kind)]
    return found


def _quarter_folders(folder: Path) -> list[str]:
    """The folders in ``meetings/`` (symbolic links among them included)."""
    if is_symlink(folder / MEETINGS):
        return []
    try:
        with os.scandir(folder / MEETINGS) as entries:
            return sorted(e.name for e in entries if not e.name.startswith(".")
                          and (e.is_dir() or e.is_symlink()))
    except OSError:
        return []


def folder_problems(folder: Path) -> list[Problem]:
    """A problem for each record folder that is a symbolic link (sli reads and
    writes nothing through one: it could lead out of the plan folder) or that
    cannot be read."""
    prefix = display_path(folder)
    problems = []
    for rel in [MEETINGS, *(f"{MEETINGS}/{q}" for q in _quarter_folders(folder)),
                ACTIONS, EVENTS, UPDATES, WITHDRAWALS, STATE, f"{STATE}/drafts",
                f"{STATE}/lock"]:
        where = join_display(prefix, rel)
        if is_symlink(folder / rel):
            problems.append(Problem(where, None, SYMLINK_REFUSED))
        elif not rel.startswith(STATE) and (folder / rel).is_dir():
            try:
                with os.scandir(folder / rel):
                    pass
            except OSError as exc:
                problems.append(Problem(where, None, f"cannot be read: "
                                        f"{(exc.strerror or str(exc)).lower()}"))
    return problems


def parse_record_file(folder: Path, kind: str, relative: str,
                      where: str) -> tuple[Any, list[Problem]]:
    """Read and parse one record file; (record or None, problems)."""
    path = folder / relative
    if path.is_symlink():
        try:
            path.resolve(strict=True).relative_to(folder.resolve())
        except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
            return None, [Problem(where, None, "is a symbolic link to outside the plan "
                                  "folder (or to nothing); sli only reads records inside it")]
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            # A folder, a pipe or a device: reading a pipe would wait for ever.
            return None, [Problem(where, None, "is not a regular file")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(where, None, f"cannot read: {exc.strerror or exc}")]
    return PARSERS[kind](data, where)


def read_records(folder: Path, *, use_cache: bool = True) -> tuple[Records, list[Problem]]:
    """Every record in the folder, and every problem reading them.

    Parsed records are cached (see ``sli_cli.records.cache``); a file whose size, times
    or inode changed is always read again.
    """
    prefix = display_path(folder)
    files = list_record_files(folder)
    linked = folder_problems(folder)
    if use_cache:
        from sli_cli.records.cache import parse_files

        parsed = parse_files(folder, prefix, files, parse_record_file)
    else:
        parsed = [(kind, rel, *parse_record_file(folder, kind, rel, join_display(prefix, rel)))
                  for kind, rel in files]
    records, problems = assemble(prefix, parsed)
    return records, linked + problems


def join_display(prefix: str, relative: str) -> str:
    return relative if prefix == "." else f"{prefix}/{relative}"


def assemble(prefix: str,
             parsed: list[tuple[str, str, Any, list[Problem]]]) -> tuple[Records, list[Problem]]:
    """Records from parsed files, with the problems of files in the wrong place."""
    records = Records()
    problems: list[Problem] = []
    for kind, relative, record, found in parsed:
        problems.extend(found)
        if record is None:
            continue
        where = join_display(prefix, relative)
        name = relative.rsplit("/", 1)[-1]
        if kind == MEETINGS:
            version = "" if record.version == 1 else f".v{record.version}"
            expected = f"{MEETINGS}/{record.quarter.slug()}/{record.priority}{version}.toml"
            if expected != relative:
                problems.append(Problem(
                    where, None,
                    f"a meeting of {record.priority} for {record.quarter.label()} version "
                    f"{record.version} belongs in {expected}",
                ))
                continue
            records.meeting_versions.setdefault((record.quarter, record.priority), []).append(
                record)
        elif kind == ACTIONS:
            expected = action_done_path(Path(), record.action, record.version).name
            if name != expected:
                problems.append(Problem(where, None,
                                        f"completion of action {record.action} belongs in "
                                        f"{ACTIONS}/{expected}"))
                continue
            records.done_versions.setdefault(record.action, []).append(record)
        elif kind == EVENTS:
            records.events.append(record)
        elif kind == WITHDRAWALS:
            if name != f"{record.item}.toml":
                problems.append(Problem(where, None, f"withdrawal of {record.item} belongs in "
                                        f"{WITHDRAWALS}/{record.item}.toml"))
                continue
            records.withdrawals.append(record)
        else:
            records.updates.append(record)
    for key, versions in records.meeting_versions.items():
        versions.sort(key=lambda m: m.version)
        numbers = [m.version for m in versions]
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(Problem(
                join_display(prefix, f"{MEETINGS}/{key[0].slug()}"), None,
                f"meeting of {key[1]} for {key[0].label()}: versions {numbers} have a gap",
            ))
    for action, completions in records.done_versions.items():
        completions.sort(key=lambda d: d.version)
        numbers = [d.version for d in completions]
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(Problem(join_display(prefix, ACTIONS), None,
                                    f"completion of action {action}: versions {numbers} have "
                                    "a gap"))
        if completions[-1].done:
            records.done[action] = completions[-1]
    withdrawn = {w.item for w in records.withdrawals}
    items: list[Event | Update] = [*records.events, *records.updates]
    records.withdrawn = [i for i in items if i.id in withdrawn]
    records.events = sorted((e for e in records.events if e.id not in withdrawn),
                            key=lambda e: (e.date, e.title))
    records.updates = sorted((u for u in records.updates if u.id not in withdrawn),
                             key=lambda u: (u.month, u.title))
    return records, problems
