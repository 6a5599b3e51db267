"""The plan as an Excel workbook a co-ordinator can forward as it is.

Sheets: Status (the position, grouped by priority), History (objectives by
quarters, shaped like a tracker so that ``sli import`` reads it back), Actions,
Events, Updates and Key (the plan's rating definitions). Every sheet has its
header row frozen, a filter on it and columns wide enough for their text.
Every text a person wrote is stored as text: a title starting with ``=`` is
never a formula. openpyxl is imported here only.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from sli_cli.core.text import printable
from sli_cli.plan.model import Plan, Rating
from sli_cli.records.collection import Records
from sli_cli.views.export import export_data
from sli_cli.views.position import Position

# Fill and text colour for each rating: the light fills with dark text that
# Excel's own "Good", "Neutral" and "Bad" styles use, readable when printed.
RATING_STYLE: dict[Rating, tuple[str, str]] = {
    Rating.RED: ("FFC7CE", "9C0006"),
    Rating.AMBER: ("FFEB9C", "9C5700"),
    Rating.GREEN: ("C6EFCE", "006100"),
    Rating.BLUE: ("BDD7EE", "1F4E78"),
    Rating.GREY: ("D9D9D9", "3F3F3F"),
}
HEADER_FILL = "DDEBF7"
DATE_FORMAT = "dd/mm/yyyy"  # UK readers: day first
MAX_WIDTH = 60
HEADER_ROW = 3  # a title and a subtitle above


def _text(value: str) -> str:
    """User text as a workbook can hold it: control characters shown, not stored."""
    return printable(value)


class _SheetWriter:
    def __init__(self, book: Any, title: str, heading: str, subtitle: str,
                 headers: list[str]) -> None:
        from openpyxl.styles import Font, PatternFill

        self.ws = book.create_sheet(title)
        self.headers = headers
        self.widths = [len(h) + 2 for h in headers]
        self.wrapped: list[tuple[int, int, str]] = []  # row, column, text
        self.row = HEADER_ROW
        self.ws.cell(1, 1).value = _text(heading)
        self.ws.cell(1, 1).data_type = "s"
        self.ws.cell(1, 1).font = Font(bold=True, size=14)
        if subtitle:
            self.ws.cell(2, 1).value = _text(subtitle)
            self.ws.cell(2, 1).data_type = "s"
        fill = PatternFill(fill_type="solid", fgColor="FF" + HEADER_FILL)
        for column, header in enumerate(headers, start=1):
            cell = self.ws.cell(self.row, column, header)
            cell.font = Font(bold=True)
            cell.fill = fill

    def add(self, values: list[Any], *, bold: bool = False) -> int:
        from openpyxl.styles import Alignment, Font

        # Cells of a row line up at the top when one of them wraps onto more lines.
        top = Alignment(vertical="top")
        wrap = Alignment(wrap_text=True, vertical="top")

        self.row += 1
        for column, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            cell = self.ws.cell(self.row, column)
            if isinstance(value, str):
                cell.value = _text(value)
                # Stored as text whatever it starts with: never run as a formula.
                cell.data_type = "s"
                if not bold and ("\n" in value or len(value) > MAX_WIDTH):
                    cell.alignment = wrap
                    self.wrapped.append((self.row, column, value))
                else:
                    cell.alignment = top
                longest = max((len(line) for line in value.split("\n")), default=0)
            elif isinstance(value, date):
                cell.value = value
                cell.number_format = DATE_FORMAT
                longest = 10
            else:
                cell.value = value
                longest = len(str(value))
            if not isinstance(value, str):
                cell.alignment = top
            if bold:
                # A heading row's text runs on over the empty cells beside it.
                cell.font = Font(bold=True)
                continue
            self.widths[column - 1] = max(self.widths[column - 1], min(longest + 2, MAX_WIDTH))
        return self.row

    def rating(self, column: int, rating: Rating | None) -> None:
        """Write a rating as its word in a cell filled with its colour."""
        from openpyxl.styles import Alignment, Font, PatternFill

        if rating is None:
            return
        fill, ink = RATING_STYLE[rating]
        cell = self.ws.cell(self.row, column, rating.word)
        cell.fill = PatternFill(fill_type="solid", fgColor="FF" + fill)
        cell.font = Font(color="FF" + ink, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="top")

    def finish(self, freeze_columns: int = 0) -> None:
        from openpyxl.utils import get_column_letter

        for column, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(column)].width = width
        # Rows of wrapped text tall enough for it (not every program sizes them).
        lines: dict[int, int] = {}
        for row, column, text in self.wrapped:
            room = max(self.widths[column - 1], 1)
            needed = sum(max(1, -(-len(line) // room)) for line in text.split("\n"))
            lines[row] = max(lines.get(row, 1), needed)
        for row, count in lines.items():
            self.ws.row_dimensions[row].height = 15 * min(count, 20)
        self.ws.freeze_panes = self.ws.cell(HEADER_ROW + 1, freeze_columns + 1)
        # Printed: landscape, as wide as the page, the header row on every page.
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        last = get_column_letter(len(self.headers))
        self.ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(self.row, HEADER_ROW + 1)}"


def workbook_bytes(plan: Plan, records: Records, position: Position) -> bytes:
    """The whole workbook as ``.xlsx`` bytes."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])
    _status(book, plan, position)
    _history(book, plan, records)
    data = export_data(plan, records)
    _listing(book, plan, "Actions", "Actions raised at the quarterly meetings", data["actions"],
             [("ID", "id"), ("Objective", "objective"), ("Priority", "priority"),
              ("Quarter", "quarter"), ("Raised", "raised"), ("Action", "text"),
              ("Owner", "owner"), ("Due", "due"), ("Done", "done"), ("Done note", "done_note")])
    _listing(book, plan, "Events", "Events for the monthly snapshot", data["events"],
             [("ID", "id"), ("Date", "date"), ("Title", "title"), ("Where", "where"),
              ("Link", "link"), ("Priority", "priority"), ("Objective", "objective"),
              ("Internal", "internal")])
    _listing(book, plan, "Updates", "Projects, news and national updates", data["updates"],
             [("ID", "id"), ("Month", "month"), ("Kind", "kind"), ("Title", "title"),
              ("Text", "text"), ("Link", "link"), ("Objective", "objective"),
              ("Internal", "internal")])
    _key(book, plan)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _status(book: Any, plan: Plan, position: Position) -> None:
    cutoff = position.cutoff
    sheet = _SheetWriter(
        book, "Status", plan.title,
        f"Position at {plan.label(cutoff.quarter)}, as of {cutoff.as_of:%d/%m/%Y}",
        ["ID", "Objective", "Lead", "Rating", "Direction of travel", "Previous rating",
         "Rated in", "Open actions", "Overdue actions", "Stale"])
    current = None
    for item in position.objectives:
        if item.priority.id != current:
            current = item.priority.id
            leads = f"DPH lead: {item.priority.dph_lead}"
            if item.priority.deputy_lead:
                leads += f"; deputy: {item.priority.deputy_lead}"
            sheet.add([item.priority.id, item.priority.title, leads], bold=True)
        rated = item.current
        sheet.add([item.objective.id, item.objective.title, item.objective.lead, None,
                   f"{item.trend.arrow} {item.trend.value}" if item.trend else "",
                   item.previous.rag.word if item.previous else "",
                   plan.label(rated.quarter) if rated else "not rated",
                   item.open_actions, item.overdue_actions, "stale" if item.stale else ""])
        sheet.rating(4, rated.rag if rated else None)
    sheet.finish(freeze_columns=2)


def _history(book: Any, plan: Plan, records: Records) -> None:
    from sli_cli.views.position import ratings_by_objective

    quarters = plan.quarters()
    sheet = _SheetWriter(
        book, "History", plan.title, f"Ratings by quarter, {plan.period_label()}",
        ["Priority ID", "Priority", "DPH lead", "Deputy lead", "Objective ID", "Objective",
         "Objective lead", *(f"{plan.label(q)} RAG" for q in quarters)])
    ratings = ratings_by_objective(records.meetings)
    fixed = 7
    for objective in plan.objectives:
        priority = plan.priority(objective.priority)
        assert priority is not None
        sheet.add([priority.id, priority.title, priority.dph_lead, priority.deputy_lead or "",
                   objective.id, objective.title, objective.lead])
        by_quarter = {r.quarter: r.rag for r in ratings.get(objective.id, [])}
        for index, quarter in enumerate(quarters, start=fixed + 1):
            sheet.rating(index, by_quarter.get(quarter))
    sheet.finish(freeze_columns=fixed)


def _listing(book: Any, plan: Plan, title: str, subtitle: str, rows: list[dict[str, Any]],
             columns: list[tuple[str, str]]) -> None:
    sheet = _SheetWriter(book, title, plan.title, subtitle, [h for h, _ in columns])
    for row in rows:
        values = []
        for _, key in columns:
            value = row.get(key)
            values.append("yes" if value is True else "" if value is False else value)
        sheet.add(values)
    sheet.finish()


def _key(book: Any, plan: Plan) -> None:
    sheet = _SheetWriter(book, "Key", plan.title, "What each rating means in this plan",
                         ["Rating", "Letter", "Definition"])
    for rating in plan.scheme.ratings:
        sheet.add([None, rating.letter, plan.scheme.definitions[rating]])
        sheet.rating(1, rating)
    sheet.finish()
