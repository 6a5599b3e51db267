"""``sli snapshot``, ``sli report`` and ``sli export``: documents and data
drawn from the whole plan folder."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from sli_cli.cli.options import PlanOption


class DocFormat(enum.StrEnum):
    MD = "md"
    HTML = "html"


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    JSON = "json"


DocFormatOption = Annotated[DocFormat, typer.Option(
    "--format", "-f", case_sensitive=False,
    help="md (Markdown, to edit and paste) or html (one self-contained file to print, "
    "attach or paste into an email).")]
OutputOption = Annotated[Optional[Path], typer.Option(  # noqa: UP045
    "--output", "-o", metavar="FILE", show_default=False,
    help="Write to FILE instead of the screen. An existing FILE is kept unless --force.")]
ForceOption = Annotated[bool, typer.Option("--force",
                                           help="Replace FILE if it exists.")]


def emit(text: str, output: Path | None, force: bool, plan_folder: Path) -> None:
    """Print ``text``, or write it to ``output`` atomically (never replacing a
    file without ``force``, and never the plan's own files)."""
    from sli_cli.cli.output import err, out
    from sli_cli.core.errors import UsageError, display_path
    from sli_cli.records.store import protected_paths, replace_file, write_new

    if output is None:
        out(text)
        return
    target = output.resolve()
    folder = plan_folder.resolve()
    if any(target == p or p in target.parents for p in protected_paths(folder)):
        raise UsageError(f"-o {display_path(output)} is one of the plan's own files; sli never "
                         "writes there: choose another file")
    if output.is_dir():
        raise UsageError(f"-o {display_path(output)} is a folder; give a file name")
    if output.exists() and not force:
        raise UsageError(f"{display_path(output)} already exists; nothing was written "
                         "(add --force to replace it)")
    data = text.encode("utf-8")
    if force:
        replace_file(output, data)
    else:
        write_new(output, data)
    err(f"Wrote {display_path(output)}")


def snapshot(
    month: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--month", metavar="YYYY-MM", show_default=False,
        help="The month to draft. Default: this month, within the plan period.")] = None,
    format: DocFormatOption = DocFormat.MD,
    output: OutputOption = None,
    force: ForceOption = False,
    public: Annotated[bool, typer.Option(
        "--public", help="Leave out items and outcome narrative marked internal, for "
        "sharing beyond the network.")] = False,
    plan: PlanOption = None,
) -> None:
    """Draft the monthly SLI snapshot for the network.

    Headline (ratings, what moved since last month), progress against the plan
    by priority, objectives needing support, project spotlights, events in the
    next eight weeks, news and national updates, actions due next month, and
    the plan's contacts. The position is every meeting held by the end of the
    month. Sections with nothing to show say so in one line.
    """
    from sli_cli.cli.output import err, open_workspace
    from sli_cli.core import clock
    from sli_cli.views.snapshot import build_snapshot, choose_month

    ws = open_workspace(plan)
    chosen, note = choose_month(ws.plan, month, clock.today())
    if note:
        err(note)
    snap = build_snapshot(ws.plan, ws.records, chosen, public=public)
    if public and snap.withheld:
        err(f"Left out {snap.withheld} internal item{'s' if snap.withheld != 1 else ''}.")
    emit(render_document(snap_doc(snap), format), output, force, ws.folder)


def snap_doc(snap: object) -> object:
    from sli_cli.render.snapshot_doc import snapshot_document
    from sli_cli.views.snapshot import Snapshot

    assert isinstance(snap, Snapshot)
    return snapshot_document(snap)


def render_document(doc: object, format: DocFormat) -> str:
    from sli_cli.render.document import Document

    assert isinstance(doc, Document)
    if format is DocFormat.HTML:
        from sli_cli.render.html import document_html

        return document_html(doc)
    from sli_cli.render.markdown import document_markdown

    return document_markdown(doc)


def report(
    year: Annotated[str, typer.Option("--year", metavar="YEAR", show_default=False,
                                      help="The financial year, e.g. 2023/24.")],
    format: DocFormatOption = DocFormat.MD,
    output: OutputOption = None,
    force: ForceOption = False,
    public: Annotated[bool, typer.Option(
        "--public", help="Leave out outcome narrative and actions marked internal.")] = False,
    plan: PlanOption = None,
) -> None:
    """Draft the annual progress return to the national ADPH SLI board.

    Governance, every objective's rating in each quarter of the year,
    achievements, barriers and risks, actions completed and outstanding, and
    the objectives carrying over.
    """
    from sli_cli.cli.output import open_workspace
    from sli_cli.render.report_doc import report_document
    from sli_cli.views.report import build_report, parse_year

    ws = open_workspace(plan)
    quarters = parse_year(ws.plan, year)
    built = build_report(ws.plan, ws.records, quarters, public=public)
    emit(render_document(report_document(built), format), output, force, ws.folder)


def export(
    format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", case_sensitive=False, show_default=False,
        help="csv (one row per objective per rated quarter) or json (those rows plus "
        "actions, events and updates).")],
    output: OutputOption = None,
    force: ForceOption = False,
    plan: PlanOption = None,
) -> None:
    """Export every record for a spreadsheet or another tool.

    Cells that a spreadsheet would run as a formula (starting =, +, - or @)
    are written with a leading apostrophe.
    """
    from sli_cli.cli.output import open_workspace
    from sli_cli.render.listing import Column, to_csv, to_json
    from sli_cli.views.export import RATING_FIELDS, export_data, rating_rows

    ws = open_workspace(plan)
    if format is ExportFormat.CSV:
        text = to_csv([Column(key, key) for key in RATING_FIELDS], rating_rows(ws.plan, ws.records))
    else:
        text = to_json(export_data(ws.plan, ws.records))
    emit(text, output, force, ws.folder)
