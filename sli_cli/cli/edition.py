"""``sli edition``: the month's edition of the snapshot (foreword,
highlights) and the record that it was sent."""


from pathlib import Path
from typing import Annotated

import typer

from sli_cli.cli import completion
from sli_cli.cli.options import FormatOption, PlanOption
from sli_cli.render.listing import OutputFormat

app = typer.Typer(
    help="Write the foreword and highlights of a month's snapshot, and record that it "
    "was sent.", no_args_is_help=True, rich_markup_mode=None)

Opt = str | None
MonthOption = Annotated[str, typer.Option(
    "--month", metavar="MONTH", show_default=False, autocompletion=completion.months,
    help="The snapshot's month, e.g. 2023-11 or 'Nov 2023'.")]


@app.command("write")
def write(
    month: MonthOption,
    foreword: Annotated[Opt, typer.Option(
        "--foreword", metavar="TEXT", help="The foreword from the SLI lead, a few "
        "sentences.")] = None,
    highlight: Annotated[list[str] | None, typer.Option(
        "--highlight", metavar="TEXT", help="A highlight of the month (repeat for more). "
        "Replaces the edition's highlights.")] = None,
    edit: Annotated[bool, typer.Option(
        "--edit", help="Write the foreword and highlights in your editor ($VISUAL or "
        "$EDITOR).")] = False,
    plan: PlanOption = None,
) -> None:
    """Write the edition of a month's snapshot: its foreword and highlights.

    The snapshot of that month shows them at the top. Each change is a new
    version file in snapshots/ that amends the one before; the earlier
    versions are kept.
    """
    from sli_cli.cli.output import err, open_workspace
    from sli_cli.core.errors import UsageError
    from sli_cli.plan import lookup
    from sli_cli.recording.edition import edition_form, read_form, write_edition
    from sli_cli.recording.write import now, who
    from sli_cli.records import edition

    if edit and (foreword is not None or highlight):
        raise UsageError("give --foreword and --highlight, or write them with --edit, not both")
    if not edit and foreword is None and not highlight:
        raise UsageError("nothing to write: give --foreword TEXT, --highlight TEXT or --edit")
    ws = open_workspace(plan)
    chosen = lookup.month_in_plan(ws.plan, lookup.month(month))
    by = who(ws.folder)
    highlights = tuple(highlight) if highlight else None
    if edit:
        from sli_cli.cli.output import edit_in_editor

        current = edition.current(ws.records.of(edition.KIND), chosen.key())
        written = edit_in_editor(edition_form(chosen.label(), current), suffix=".txt")
        if not written.strip():
            raise UsageError("the form was emptied; nothing was written")
        foreword, highlights = read_form(written)
        try:
            new, _ = write_edition(ws.folder, chosen, foreword=foreword, highlights=highlights,
                                   stamp=now(), by=by)
        except Exception:
            _keep_form(ws.folder, chosen.key(), written)
            raise
    else:
        new, _ = write_edition(ws.folder, chosen, foreword=foreword, highlights=highlights,
                               stamp=now(), by=by)
    err(f"Wrote the edition of {chosen.label()} (version {new.version}) in {new.path}")


def _keep_form(folder: Path, month: str, text: str) -> None:
    """Keep what was written in the editor when it could not be recorded."""
    from sli_cli.cli.output import err
    from sli_cli.core.errors import display_path
    from sli_cli.recording.write import now
    from sli_cli.records.store import STATE, replace_file

    path = folder / STATE / "drafts" / f"edition-{month}-{now():%Y%m%dT%H%M%S}.txt"
    try:
        replace_file(path, text.encode("utf-8"), within=folder)
        err(f"What you wrote is kept in {display_path(path)}")
    except Exception:
        err("What you wrote could not be kept; here it is:\n" + text)


@app.command("sent")
def sent(
    month: MonthOption,
    to: Annotated[list[str] | None, typer.Option(
        "--to", metavar="WHO", show_default=False,
        help="Who it was sent to: a role or a list, e.g. 'All DsPH in the region' "
        "(repeat for more).")] = None,
    to_address: Annotated[list[str] | None, typer.Option(
        "--to-address", metavar="EMAIL", show_default=False,
        help="A personal email address it was sent to, kept only because you typed it "
        "here (repeat for more).")] = None,
    date: Annotated[Opt, typer.Option(
        "--date", metavar="DATE", help="The day it was sent, day first (6/12/2023). "
        "Default: today.")] = None,
    correct: Annotated[bool, typer.Option(
        "--correct", help="The sending recorded before was wrong: record when and to whom "
        "it really went (a new version; the earlier one is kept).")] = False,
    plan: PlanOption = None,
) -> None:
    """Record that a month's snapshot was sent: when, and to which roles or lists."""
    from sli_cli.cli.output import err, open_workspace
    from sli_cli.core import clock
    from sli_cli.core.dates import DateError, describe, parse_lenient
    from sli_cli.core.errors import SliError, UsageError
    from sli_cli.plan import lookup
    from sli_cli.recording.edition import AlreadySent, NotSentYet, record_sent
    from sli_cli.recording.write import now, who

    if not to and not to_address:
        raise UsageError("say who it was sent to with --to, e.g. --to 'All DsPH in the region'")
    today = clock.today()
    ws = open_workspace(plan)
    chosen = lookup.month_in_plan(ws.plan, lookup.month(month))
    try:
        day = parse_lenient(date, today) if date else today
    except DateError as exc:
        raise UsageError(f"--date: {exc}") from None
    try:
        new, _ = record_sent(ws.folder, chosen, day=day, today=today,
                             circulation=tuple(to or ()), addresses=tuple(to_address or ()),
                             stamp=now(), by=who(ws.folder), correct=correct)
    except AlreadySent as exc:
        raise SliError(f"{exc.message}; if that is wrong, correct it with: sli edition sent "
                       f"--month {chosen.key()} --correct --to WHO [--date DATE]",
                       exc.code) from None
    except NotSentYet as exc:
        raise SliError(f"{exc.message}; record it without --correct", exc.code) from None
    if correct:
        err(f"Corrected: the {chosen.label()} snapshot was sent on {describe(day)} to "
            f"{'; '.join(new.recipients)} (the earlier record is kept)")
    else:
        err(f"Recorded the {chosen.label()} snapshot as sent on {describe(day)} to "
            f"{'; '.join(new.recipients)}")


@app.command("list")
def edition_list(
    format: FormatOption = OutputFormat.TABLE,
    plan: PlanOption = None,
) -> None:
    """List the months that have an edition: its foreword, and when and to whom
    it was sent (with the version and highlights in the other formats)."""
    from sli_cli.cli.output import err, open_workspace, out
    from sli_cli.records import edition
    from sli_cli.render.edition import COLUMNS, TABLE_COLUMNS, edition_row
    from sli_cli.render.listing import render

    ws = open_workspace(plan)
    found = sorted(edition.by_month(ws.records.of(edition.KIND)).items())
    currents = [edition.heads(versions)[-1] for _, versions in found]
    if not currents and format is OutputFormat.TABLE:
        err("No editions yet; write one with: sli edition write --month MONTH --foreword TEXT")
        return
    rows = [edition_row(c, table=format is OutputFormat.TABLE,
                        lists=format is OutputFormat.JSON,
                        one_a_line=format is OutputFormat.CSV) for c in currents]
    columns = TABLE_COLUMNS if format is OutputFormat.TABLE else COLUMNS
    out(render(format, columns, rows, json_data=rows))


@app.command("show")
def show(
    month: MonthOption,
    history: Annotated[bool, typer.Option(
        "--history", help="Also list every version: who recorded it, when and what it "
        "changed.")] = False,
    plan: PlanOption = None,
) -> None:
    """Show a month's edition: foreword, highlights, and when and to whom it was sent."""
    from sli_cli.cli.output import open_workspace, out
    from sli_cli.core.errors import SliError
    from sli_cli.plan import lookup
    from sli_cli.records import edition
    from sli_cli.render.edition import edition_detail

    ws = open_workspace(plan)
    chosen = lookup.month_in_plan(ws.plan, lookup.month(month))
    versions = edition.by_month(ws.records.of(edition.KIND)).get(chosen.key())
    if not versions:
        raise SliError(f"the {chosen.label()} snapshot has no edition yet; write one with: "
                       f"sli edition write --month {chosen.key()} --foreword TEXT")
    ordered = sorted(versions, key=lambda e: (e.version, e.recorded_at is not None,
                                              e.recorded_at or 0, e.ref))
    out(edition_detail(edition.heads(versions)[-1], ordered, history))
