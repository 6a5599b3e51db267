"""``sli snapshot``, ``sli report`` and ``sli export``: documents and data
drawn from the whole plan folder."""


import contextlib
import os
import stat
from pathlib import Path
from typing import Annotated

import typer

from sli_cli.cli import completion
from sli_cli.cli.options import PlanOption, format_option
from sli_cli.render.listing import OutputFormat

DocFormatOption = Annotated[OutputFormat, format_option(
    OutputFormat.MD, OutputFormat.HTML, OutputFormat.DOCX, OutputFormat.TEXT,
    help="md (Markdown, to edit and paste), html (one self-contained file to print, attach "
    "or paste into an email: every style is inline), docx (Word, A4; needs -o FILE) or text "
    "(a plain email body).")]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", show_default=False,
    help="Write to FILE instead of the screen. An existing FILE is kept unless --force.")]
ForceOption = Annotated[bool, typer.Option("--force",
                                           help="Replace FILE if it exists.")]


def needs_file(format: OutputFormat, output: Path | None) -> None:
    """A Word file is not shown on the screen: it needs ``-o FILE``."""
    from sli_cli.core.errors import UsageError

    if format is OutputFormat.DOCX and output is None:
        raise UsageError("--format docx writes a Word file: give it a name with -o FILE")


def emit(text: str | bytes, output: Path | None, force: bool, plan_folder: Path) -> None:
    """Print ``text``, or write it to ``output`` atomically (never replacing a
    file without ``force``, and never the plan's own files)."""
    from sli_cli.cli.output import err, out
    from sli_cli.core.errors import UsageError, display_path
    from sli_cli.records.store import protected_paths, replace_file, write_new

    if output is None:
        if isinstance(text, bytes):
            raise UsageError("a workbook cannot be shown on the screen: give -o FILE.xlsx")
        out(text)
        return
    target = output.resolve()
    folder = plan_folder.resolve()
    protected = protected_paths(folder)
    if any(target == p or p in target.parents for p in protected) or _reaches(output,
                                                                             protected):
        raise UsageError(f"-o {display_path(output)} is one of the plan's own files; sli never "
                         "writes there: choose another file")
    if output.is_dir():
        raise UsageError(f"-o {display_path(output)} is a folder; give a file name")
    if os.path.lexists(output) and not force:
        raise UsageError(f"{display_path(output)} already exists; nothing was written "
                         "(add --force to replace it)")
    if os.path.lexists(output) and not stat.S_ISREG(os.lstat(output).st_mode):
        raise UsageError(f"-o {display_path(output)} is not a regular file (a link, a device "
                         "or a pipe); --force replaces only regular files: choose another file")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if force:
        replace_file(output, data, regular_only=True)
    else:
        write_new(output, data)
    err(f"Wrote {display_path(output)}")


def _reaches(output: Path, protected: list[Path]) -> bool:
    """True when ``output`` or a folder above it is one of ``protected`` by
    identity (device and inode), however it is spelt: another case on a
    case-insensitive file system, a hard link, a link to a folder."""
    ids = set()
    for path in protected:
        with contextlib.suppress(OSError):
            st = os.stat(path)
            ids.add((st.st_dev, st.st_ino))
    for place in (output, *output.absolute().parents):
        try:
            st = os.stat(place)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in ids:
            return True
    return False


def snapshot(
    month: Annotated[str | None, typer.Option(
        "--month", metavar="MONTH", show_default=False, autocompletion=completion.months,
        help="The month to draft, e.g. 2023-11 or 'Nov 2023'. Default: this month, within "
        "the plan period.")] = None,
    format: DocFormatOption = OutputFormat.MD,
    output: OutputOption = None,
    force: ForceOption = False,
    public: Annotated[bool, typer.Option(
        "--public", help="Leave out items and outcome narrative marked internal, for "
        "sharing beyond the network.")] = False,
    with_ids: Annotated[bool, typer.Option(
        "--with-ids", help="Show objective, priority and action ids beside their titles.")
    ] = False,
    plan: PlanOption = None,
) -> None:
    """Draft the monthly SLI snapshot for the network: a newsletter.

    The month at a glance, good news (what completed and improved objectives
    delivered), progress against the plan by priority, where support is
    needed, quality improvement projects, this month's events and those
    coming up, regional news, ADPH and national updates, what is due next
    month and the contacts. Without --public it is the co-ordinator's
    version, marked internal: internal items included, and the meetings not
    yet held and the overdue actions listed. The position is every meeting
    held by the end of the month (or today, for this month's).
    """
    from sli_cli.cli.output import err, open_workspace
    from sli_cli.core import clock
    from sli_cli.plan import lookup
    from sli_cli.views.snapshot import build_snapshot, choose_month, snapshot_day

    needs_file(format, output)
    ws = open_workspace(plan)
    today = clock.today()
    wanted = lookup.month(month) if month is not None else None
    chosen, note = choose_month(ws.plan, wanted, today)
    if note:
        err(f"{note} (use --month to choose another).")
    snap = build_snapshot(ws.plan, ws.records, chosen, public=public,
                          day=snapshot_day(chosen, today), with_ids=with_ids)
    if public and snap.withheld:
        err(f"Left out {snap.withheld} internal item{'s' if snap.withheld != 1 else ''}.")
    emit(render_document(snap_doc(snap), format, day=snap.day, author=ws.plan.coordinator),
         output, force, ws.folder)


def snap_doc(snap: object) -> object:
    from sli_cli.render.snapshot_doc import snapshot_document
    from sli_cli.views.snapshot import Snapshot

    assert isinstance(snap, Snapshot)
    return snapshot_document(snap)


def render_document(doc: object, format: OutputFormat, *, day: object = None,
                    author: str = "") -> str | bytes:
    """``doc`` in ``format``: text, or the bytes of a Word file."""
    from sli_cli.render.document import Document

    assert isinstance(doc, Document)
    if format is OutputFormat.HTML:
        from sli_cli.render.html import document_html, email_ready

        return email_ready(document_html(doc))
    if format is OutputFormat.DOCX:
        from datetime import date

        from sli_cli.render.word import document_docx

        assert day is None or isinstance(day, date)
        return document_docx(doc, day=day, author=author)
    if format is OutputFormat.TEXT:
        from sli_cli.render.text import document_text

        return document_text(doc)
    from sli_cli.render.markdown import document_markdown

    return document_markdown(doc)


def report(
    year: Annotated[str, typer.Option("--year", metavar="YEAR", show_default=False,
                                      autocompletion=completion.years,
                                      help="The financial year, e.g. 2023/24.")],
    format: DocFormatOption = OutputFormat.MD,
    output: OutputOption = None,
    force: ForceOption = False,
    public: Annotated[bool, typer.Option(
        "--public", help="Leave out outcome narrative and actions marked internal.")] = False,
    plan: PlanOption = None,
) -> None:
    """Draft the annual progress return to the national ADPH SLI board.

    Governance, the year at a glance (ratings, meetings held and missed,
    outputs, projects, events, actions), every objective's rating in each
    quarter by priority, achievements, barriers and risks, support asked,
    outputs due, QI projects and events of the year, actions summarised, and
    the objectives carrying over.
    """
    from sli_cli.cli.output import open_workspace
    from sli_cli.core import clock
    from sli_cli.plan import lookup
    from sli_cli.render.report_doc import report_document
    from sli_cli.views.report import build_report

    needs_file(format, output)
    ws = open_workspace(plan)
    quarters = lookup.year(ws.plan, year)
    built = build_report(ws.plan, ws.records, quarters, public=public, today=clock.today())
    emit(render_document(report_document(built), format, day=built.position_day,
                         author=ws.plan.coordinator), output, force, ws.folder)


def export(
    format: Annotated[OutputFormat, format_option(
        OutputFormat.CSV, OutputFormat.JSON, OutputFormat.XLSX,
        help="csv (one row per objective per rated quarter), json (those rows plus "
        "actions, events, updates, outputs delivered, support asked and answered, QI "
        "projects and snapshot editions) or xlsx (an Excel workbook: status, history, "
        "actions, events, updates and the rating key; needs -o).")],
    output: OutputOption = None,
    force: ForceOption = False,
    excel: Annotated[bool, typer.Option(
        "--excel", help="With --format csv: start the file with a byte-order mark, so "
        "that Excel on Windows reads it as UTF-8 (£ and accents intact).")] = False,
    plan: PlanOption = None,
) -> None:
    """Export every record for a spreadsheet or another tool.

    Cells that a spreadsheet would run as a formula (starting =, +, - or @)
    are written with a leading apostrophe in CSV; in a workbook every text is
    stored as text.
    """
    from sli_cli.cli.output import open_workspace
    from sli_cli.core.errors import UsageError
    from sli_cli.render.listing import Column, to_csv, to_json
    from sli_cli.views.export import RATING_FIELDS, export_data, rating_rows

    if excel and format is not OutputFormat.CSV:
        raise UsageError("--excel goes with --format csv (a workbook is always read right)")
    ws = open_workspace(plan)
    data: str | bytes
    if format is OutputFormat.CSV:
        data = to_csv([Column(key, key) for key in RATING_FIELDS], rating_rows(ws.plan, ws.records))
        if excel:
            data = "\ufeff" + data
    elif format is OutputFormat.XLSX:
        from sli_cli.core import clock
        from sli_cli.render.xlsx import workbook_bytes
        from sli_cli.views.position import compute_position, default_cutoff

        if output is None:
            raise UsageError("a workbook cannot be shown on the screen: give -o FILE.xlsx")
        cutoff, note = default_cutoff(ws.plan, today=clock.today())
        position = compute_position(ws.plan, ws.records, cutoff, note)
        data = workbook_bytes(ws.plan, ws.records, position)
    else:
        data = to_json(export_data(ws.plan, ws.records))
    emit(data, output, force, ws.folder)
