"""``sli status`` rendered: a table grouped by priority with a footer, or the
same rows as Markdown, CSV or JSON through ``render.listing``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sli_cli.core.dates import describe
from sli_cli.core.text import md_inline, printable
from sli_cli.plan.model import NOT_RATED
from sli_cli.render.listing import Column, OutputFormat, plain, render, to_json
from sli_cli.render.rating import NOT_RATED_WORDS, rating_name, trend_name
from sli_cli.views.status import Status

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

# From this width the lead gets its own column and the trend its word.
WIDE = 110

COLUMNS = (
    Column("id", "ID"),
    Column("title", "Objective"),
    Column("priority", "Priority"),
    Column("lead", "Lead"),
    Column("rag", "Rating"),
    Column("previous_rag", "Previous"),
    Column("trend", "Trend"),
    Column("rated_quarter", "Rated in"),
    Column("open_actions", "Open actions", justify="right"),
    Column("overdue_actions", "Overdue actions", justify="right"),
    Column("stale", "Stale"),
)


def render_status(status: Status, fmt: OutputFormat, width: int = 80) -> RenderableType | str:
    """The status in a format: a Rich renderable for ``table``, text otherwise."""
    if fmt is OutputFormat.TABLE:
        return status_table(status, width)
    if fmt is OutputFormat.JSON:
        return to_json(status.to_json())
    return render(fmt, COLUMNS, status.rows(), md_cell=_md_cell)


def _md_cell(key: str, row: dict[str, Any]) -> str:
    value = row.get(key)
    if key in ("rag", "previous_rag"):
        from sli_cli.plan.model import Rating

        return rating_name(Rating(value)) if value else (NOT_RATED_WORDS if key == "rag" else "")
    if key == "trend":
        from sli_cli.plan.model import Trend

        return trend_name(Trend(value)) if value else ""
    return md_inline(plain(value))


def heading(status: Status) -> Text:
    """The plan's title and the quarter and date the position is for."""
    from rich.text import Text

    position = status.position
    plan = position.plan
    text = Text(printable(plan.title), style="bold")
    text.append(f"\nPosition at {plan.label(position.quarter)}, "
                f"as of {describe(position.as_of)}")
    later = status.recorded_later_note()
    if later:
        text.append(f"\n{later}")
    return text


def status_table(status: Status, width: int = 80) -> RenderableType:
    """Heading, the table grouped by priority, and the footer."""
    from rich.console import Group
    from rich.text import Text

    return Group(heading(status), Text(""), _table(status, width), Text(""), footer(status))


def _table(status: Status, width: int) -> Table:
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from sli_cli.render.rating import rating_text, trend_text

    wide = width >= WIDE
    plan = status.position.plan
    groups = status.groups
    extra = 6  # rating, trend, rated in, open, overdue, stale
    rows: list[tuple[list[RenderableType], bool]] = []
    for index, (priority, objectives) in enumerate(groups):
        header = Text(printable(priority.title), style="bold")
        lead = Text(f"DPH lead: {printable(priority.dph_lead)}", style="italic")
        if wide:
            rows.append(([Text(priority.id, style="bold"), header, lead, *[Text("")] * extra],
                         False))
        else:
            rows.append(([Text(priority.id, style="bold"), Text.assemble(header, "\n", lead),
                          *[Text("")] * extra], False))
        for number, o in enumerate(objectives):
            title = Text(printable(o.objective.title))
            if not wide:
                title.append(f"\n{printable(o.objective.lead)}", style="dim")
            cells: list[RenderableType] = [Text(o.objective.id), title]
            if wide:
                cells.append(Text(printable(o.objective.lead)))
            overdue = Text(str(o.overdue_actions),
                           style="bold red3" if o.overdue_actions else "")
            cells += [
                rating_text(o.rag),
                trend_text(o.trend, words=wide),
                Text(plan.label(o.current.quarter) if o.current else ""),
                Text(str(o.open_actions)),
                overdue,
                Text("stale" if o.stale else ""),
            ]
            last = number == len(objectives) - 1 and index < len(groups) - 1
            rows.append((cells, last))

    def fixed(column: int, title: str) -> int:
        """The width of a column that never wraps: its widest cell, measured
        here once rather than by the table for every cell."""
        return max([cell_len(title), *(cell_len(str(getattr(cells[column], "plain", "")))
                                        for cells, _ in rows)])

    first = 3 if wide else 2
    narrow = ("Rating", "Trend", "Rated in", "Open", "Overdue", "Stale")
    widths: list[int | None] = [max(fixed(0, "ID"), 2),
                                *(fixed(first + n, t) for n, t in enumerate(narrow))]
    # Fixed widths spare the table measuring every cell; on a terminal too
    # narrow for them, the table measures and shares out the room itself.
    room = sum((w or 0) + 1 for w in widths) + 17 + (13 if wide else 0)
    if room > width:
        widths = [None] * len(widths)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0),
                  header_style="bold", expand=False)
    ids = max(fixed(0, "ID"), 2)
    table.add_column("ID", no_wrap=True, min_width=ids, width=widths[0])
    table.add_column("Objective" if wide else "Objective / lead", ratio=3, min_width=16)
    if wide:
        table.add_column("Lead", ratio=2, min_width=12)
    for name, fixed_width in zip(narrow, widths[1:], strict=True):
        table.add_column(name, no_wrap=True, width=fixed_width,
                         justify="right" if name in ("Open", "Overdue") else "left")
    for cells, end_section in rows:
        table.add_row(*cells, end_section=end_section)
    return table


def footer(status: Status) -> Text:
    """Counts per rating, direction of travel this quarter, meetings still owed."""
    from rich.text import Text

    from sli_cli.plan.model import Rating
    from sli_cli.render.rating import rating_text

    position = status.position
    plan = position.plan
    quarter = plan.label(position.quarter)
    text = Text()
    summary = status.summary()
    shown = len(status.objectives)
    text.append(f"{shown} objective{'' if shown == 1 else 's'}: ")
    parts: list[Text] = []
    for key, count in summary.items():
        if not count:
            continue
        if key == NOT_RATED:
            parts.append(Text(f"{count} {NOT_RATED_WORDS}"))
            continue
        part = Text(f"{count} ")
        part.append_text(rating_text(Rating(key)))
        parts.append(part)
    text.append_text(Text(", ").join(parts))
    improved, worsened = status.improved(), status.worsened()
    text.append(f"\nRated in {quarter}: ")
    text.append(f"{len(improved)} improved{_list(improved)}, "
                f"{len(worsened)} worse{_list(worsened)} than their previous rating")
    owed = status.meetings_owed()
    if owed:
        names = ", ".join(f"{p.id} ({printable(p.dph_lead)})" for p in owed)
        text.append(f"\nMeetings still owed for {quarter}: {names}")
    elif status.filter.active:
        text.append(f"\nNo meeting owed for {quarter} by the priorities shown")
    else:
        text.append(f"\nEvery meeting for {quarter} is recorded")
    shown_ids = {o.objective.id for o in status.objectives}
    outputs = [o for o in position.outputs if o.objective.id in shown_ids]
    overdue = [o for o in outputs if o.is_overdue(position.as_of)]
    first, last = (position.quarter.first_day(plan.year_start_month),
                   position.quarter.last_day(plan.year_start_month))
    due = [o for o in outputs if o.is_due_within(max(first, position.as_of), last)]
    if overdue or due:
        parts_out = []
        if overdue:
            parts_out.append(f"{len(overdue)} overdue ({', '.join(o.output.id for o in overdue)})")
        if due:
            parts_out.append(f"{len(due)} due by the end of {quarter} "
                             f"({', '.join(o.output.id for o in due)})")
        text.append("\nOutputs not yet delivered: " + "; ".join(parts_out))
    retired = status.retired()
    if retired:
        names = ", ".join(f"{o.id}{f' (now {o.successor})' if o.successor else ''}"
                          for o in retired)
        text.append(f"\nRetired by {quarter} and not shown: {printable(names)}")
    if any(o.stale for o in status.objectives):
        text.append("\nStale: no rating this quarter or last.", style="dim")
    return text


def _list(items: list[Any]) -> str:
    return f" ({', '.join(o.objective.id for o in items)})" if items else ""
