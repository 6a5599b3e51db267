"""The import as one use case: read and check everything, then write it all
(or, with any problem, nothing)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sli_cli.core.errors import InputError, PlanProblems, Problem, SliError, display_path
from sli_cli.core.text import printable
from sli_cli.plan.loader import PLAN_FILE
from sli_cli.recording.importing.build import ImportResult, build_import
from sli_cli.recording.importing.mapping import Mapping, parse_mapping
from sli_cli.recording.importing.workbook import Workbook, read_tracker


class TrackerProblems(PlanProblems):
    """Problems in a tracker, each at its sheet and cell, in the order a person
    reads the sheet: ``C2`` before ``C10`` (numbers compared as numbers)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = sorted(problems, key=lambda p: (p.path, _natural(p.message)))
        self.message = "\n".join(p.format() for p in self.problems)
        self.args = (self.message,)


def _natural(text: str) -> list[tuple[int, int | str]]:
    return [(0, int(part)) if part.isdigit() else (1, part)
            for part in re.split(r"(\d+)", text) if part]


@dataclass
class Prepared:
    book: Workbook
    mapping_text: str | None  # the guessed mapping, when none was given
    result: ImportResult


def read_mapping(path: Path) -> Mapping:
    where = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SliError(f"{where}: no such mapping file") from None
    except OSError as exc:
        raise SliError(f"{where}: cannot read: {exc.strerror or exc}") from None
    mapping, problems = parse_mapping(data, where)
    if mapping is None or problems:
        raise PlanProblems(problems)
    return mapping


def guessed_mapping(book: Workbook) -> tuple[Mapping, str]:
    from sli_cli.recording.importing.guess import guess_mapping

    text = guess_mapping(book)
    mapping, problems = parse_mapping(text.encode("utf-8"), f"{book.name} (guessed mapping)")
    if mapping is None or problems:
        raise PlanProblems(problems)
    return mapping, text


def prepare_import(tracker: Path, folder: Path, mapping_path: Path | None, *,
                   today: date, on_guess: Callable[[], None] = lambda: None) -> Prepared:
    """Everything an import would write, checked; raises with every problem found.

    Without a mapping the guessed one is used, after ``on_guess`` is called.
    """
    from sli_cli.recording.importing.tracker import read_content
    from sli_cli.records.collection import Records
    from sli_cli.records.workspace import check_folder

    mapping = read_mapping(mapping_path) if mapping_path is not None else None
    book = read_tracker(tracker)
    mapping_text = None
    if mapping is None:
        on_guess()
        mapping, mapping_text = guessed_mapping(book)
    plan = None
    records = Records()
    if not (folder / PLAN_FILE).exists() and folder.is_dir() and any(folder.iterdir()):
        # Like a new plan from scratch: never mixed into a folder of other things.
        raise InputError("folder", display_path(folder), f"{display_path(folder)} has no "
                         f"{PLAN_FILE} and is not empty: import into a new or empty folder, "
                         "or into a plan folder")
    if (folder / PLAN_FILE).exists():
        plan, records, problems = check_folder(folder, today)
        errors = [p for p in problems if p.severity.value == "error"]
        if plan is None or errors:
            raise PlanProblems(errors or problems)
    content, problems = read_content(book, mapping)
    if problems:
        raise TrackerProblems(problems)
    result = build_import(book, mapping, content, plan, records, today=today)
    if isinstance(result, list):
        raise TrackerProblems(result)
    return Prepared(book, mapping_text, result)


def apply_import(folder: Path, result: ImportResult, *, today: date) -> list[Path]:
    """Write the plan (when new) and the meetings; the paths written."""
    from sli_cli.recording.write import record_meetings, who
    from sli_cli.records.store import write_new

    by = who(folder)  # known before anything is written
    written = []
    if result.plan_text is not None:
        path = folder / PLAN_FILE
        write_new(path, result.plan_text.encode("utf-8"))
        written.append(path)
    try:
        if result.meetings:
            written += record_meetings(folder, result.plan, result.meetings, today=today,
                                       by=by)
    except BaseException:
        # record_meetings removed its own files; the new plan goes too.
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def summary(result: ImportResult, *, rows: int = 5) -> list[str]:
    """Counts per quarter and the first rows, for a dry run or a report."""
    plan = result.plan
    lines = []
    per_quarter: dict[str, list[int]] = {}
    for meeting in result.meetings:
        counts = per_quarter.setdefault(plan.label(meeting.quarter), [0, 0])
        counts[0] += 1
        counts[1] += len(meeting.outcomes)
    for label, (meetings, ratings) in per_quarter.items():
        lines.append(f"  {label}: {meetings} meeting{'s' if meetings != 1 else ''}, "
                     f"{ratings} rating{'s' if ratings != 1 else ''}")
    shown = 0
    first: list[str] = []
    for meeting in result.meetings:
        for outcome in meeting.outcomes:
            if shown == rows:
                break
            # Text from a file, shown on a terminal: control characters made visible.
            text = printable(" ".join(outcome.progress.split()))
            text = text if len(text) <= 40 else text[:39] + "…"
            first.append(f"  {plan.label(meeting.quarter)}  {meeting.priority:<4} "
                         f"{outcome.objective:<5} {outcome.rag.word:<6} "
                         f"{meeting.date.isoformat()}  {text}".rstrip())
            shown += 1
    if first:
        lines += ["First rows:", *first]
    return lines
