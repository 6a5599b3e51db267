"""``sli import``: bring an Excel or CSV tracker into a plan folder."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sli_cli.cli.options import PlanOption

if TYPE_CHECKING:
    from sli_cli.plan.model import Plan


def import_tracker(
    file: Annotated[Path, typer.Argument(metavar="FILE", show_default=False,
                                         help="The tracker: a .xlsx workbook or a .csv file.")],
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", "-m", metavar="MAP.toml", show_default=False,
        help="What each sheet and column holds (see docs/import.md). Default: the mapping "
        "--guess proposes.")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Check everything and show what would be written; write nothing.")
    ] = False,
    guess: Annotated[bool, typer.Option(
        "--guess", help="Print a proposed mapping (commented TOML to edit) and stop.")] = False,
    plan: PlanOption = None,
) -> None:
    """Import an existing tracker: its ratings and narratives become meeting records.

    A folder with no plan.toml gets one made from the tracker (priorities,
    objectives, leads and deputies). Every problem is reported at once, with
    its sheet and cell, and then nothing is written. Importing the same file
    again writes nothing.
    """
    from sli_cli.cli.output import err, out
    from sli_cli.core import clock
    from sli_cli.core.errors import PlanNotFound, UsageError, display_path
    from sli_cli.core.text import printable
    from sli_cli.plan.discover import find_plan
    from sli_cli.plan.loader import PLAN_FILE
    from sli_cli.recording.importing.workflow import apply_import, prepare_import, summary

    if guess:
        from sli_cli.recording.importing.guess import guess_mapping
        from sli_cli.recording.importing.workbook import read_tracker

        out(guess_mapping(read_tracker(file)))
        return
    if plan is not None:
        folder = plan.parent if plan.name == PLAN_FILE else plan
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"--plan {display_path(folder)} is not a folder")
    else:
        try:
            folder = find_plan(None)
        except PlanNotFound:
            raise UsageError("no plan folder found: give --plan DIR (a new or empty folder "
                             "gets a plan.toml made from the tracker)") from None
    today = clock.today()
    prepared = prepare_import(file, folder, mapping, today=today, on_guess=lambda: err(
        "No --mapping given: using the mapping --guess proposes (print it with --guess)."))
    result = prepared.result
    name = prepared.book.name
    if not result.meetings and not result.already and result.plan_text is None:
        err(f"Nothing to import: {name} has no ratings; nothing was written.")
        return
    if not result.meetings and result.plan_text is None:
        err(f"Nothing to import: every rating in {name} is already recorded "
            f"({len(result.already)} meeting{'s' if len(result.already) != 1 else ''}); "
            "nothing was written.")
        return
    lines = []
    if result.plan_text is not None:
        priorities, objectives = len(result.plan.priorities), len(result.plan.objectives)
        lines.append(f"A new plan.toml: {priorities} priorit{'y' if priorities == 1 else 'ies'}, "
                     f"{objectives} objective{'' if objectives == 1 else 's'}, "
                     f"{result.plan.period_label()}.")
        lines += new_plan_lines(result.plan)
    count = len(result.meetings)
    ratings = sum(len(m.outcomes) for m in result.meetings)
    lines.append(f"{count} meeting{'s' if count != 1 else ''} with {ratings} "
                 f"rating{'s' if ratings != 1 else ''} from {name}"
                 + (f" ({len(result.already)} already recorded)" if result.already else "")
                 + (":" if count else "."))
    lines += summary(result)
    if dry_run:
        out(printable("\n".join(lines)))  # cells of a spreadsheet: text to show, not run
        err("Dry run: nothing was written.")
        return
    existed = folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        written = apply_import(folder, result, today=today)
    except BaseException:
        if not existed:
            _remove_new_folder(folder)
        raise
    out(printable("\n".join(lines)))  # cells of a spreadsheet: text to show, not run
    err(f"Wrote {len(written)} file{'s' if len(written) != 1 else ''} in "
        f"{display_path(folder)}."
        + (" Check plan.toml: titles, leads and the period came from the tracker."
           if result.plan_text is not None else ""))


def _remove_new_folder(folder: Path) -> None:
    """A folder this run created, left holding only sli's lock: removed again."""
    import contextlib
    import shutil

    from sli_cli.records.store import STATE

    with contextlib.suppress(OSError):
        left = [p.name for p in folder.iterdir()]
        if left == [STATE] and not (folder / STATE).is_symlink():
            shutil.rmtree(folder / STATE)
        if left in ([], [STATE]):
            folder.rmdir()


def new_plan_lines(plan: "Plan", most: int = 10) -> list[str]:
    """The priorities of a new plan, one line each: a note row read as an
    objective, or a priority split in two, shows here before anything is written."""
    from sli_cli.core.text import printable

    lines = []
    for priority in plan.priorities[:most]:
        count = len(plan.objectives_of(priority.id))
        lines.append(printable(f"  {priority.id:<4} {priority.title} ({priority.dph_lead}): "
                               f"{count} objective{'' if count == 1 else 's'}"))
    if len(plan.priorities) > most:
        lines.append(f"  ... and {len(plan.priorities) - most} more priorities")
    return lines
