"""Applying a mapping to a tracker's cells: the objective rows and the
ratings and narratives found for each quarter, every problem with its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sli_cli.core.errors import Problem
from sli_cli.core.quarters import FIRST_YEAR, LAST_YEAR, Quarter
from sli_cli.plan.model import Rating
from sli_cli.recording.importing.mapping import (
    CARRIED,
    TEXT_FIELDS,
    ColumnMeaning,
    Mapping,
    QuarterField,
    RatingError,
    RowField,
    SheetChoice,
    Unrated,
    normalise,
    read_rating,
)
from sli_cli.recording.importing.workbook import (
    EMPTY,
    Cell,
    Sheet,
    Spot,
    Workbook,
    column_letter,
    header_texts,
    place,
    uncomputed_problems,
)

HEADER_SEARCH_ROWS = 30  # notes and titles above the header row


@dataclass
class ObjectiveRow:
    """One key objective's row in the tracker."""

    sheet: str
    row: int
    fields: dict[RowField, str]
    where: dict[RowField, Spot]  # field -> the cell it came from
    # How the same objective is recognised on another sheet: its id, else its title.
    key: str = field(init=False)

    def __post_init__(self) -> None:
        self.key = (self.fields.get(RowField.OBJECTIVE_ID)
                    or normalise(self.fields[RowField.OBJECTIVE]))


@dataclass
class QuarterEntry:
    """What one row says about one quarter."""

    row: ObjectiveRow
    quarter: Quarter
    rag: Rating
    where: Spot  # the rating's cell
    texts: dict[QuarterField, str] = field(default_factory=dict)
    date: date | None = None
    date_where: Spot | None = None


@dataclass
class TrackerContent:
    rows: list[ObjectiveRow]
    entries: list[QuarterEntry]
    sheets: list[str]  # the sheets read
    quarters: set[Quarter] = field(default_factory=set)  # every quarter with a column


@dataclass
class _Columns:
    header_row: int
    row_fields: dict[RowField, int]
    quarter_fields: dict[tuple[Quarter, QuarterField], list[int]]


def read_content(book: Workbook, mapping: Mapping) -> tuple[TrackerContent, list[Problem]]:
    """Objective rows and quarter entries, and every problem, each at its cell."""
    problems: list[Problem] = []

    def problem(where: object, message: str) -> None:
        problems.append(Problem(book.name, None, f"{where}: {message}" if where else message))

    chosen = _choose_sheets(book, mapping, problem)
    content = TrackerContent([], [], [])
    for sheet, choice in chosen:
        columns = _find_columns(sheet, choice, mapping, problem)
        if columns is None:
            continue
        content.sheets.append(sheet.name)
        _read_rows(sheet, columns, mapping, content, problem, choice.last_row)
    problems.extend(uncomputed_problems(book, [s for s, _ in chosen]))
    if not problems and not content.rows:
        problem("", "no key objectives found under the headers" + (
            f" of {', '.join(repr(s) for s in content.sheets)}" if not book.is_csv else ""))
    _check_duplicates(content, problem)
    return content, problems


def _choose_sheets(book: Workbook, mapping: Mapping,
                   problem: object) -> list[tuple[Sheet, SheetChoice]]:
    assert callable(problem)
    if book.is_csv:
        sheet = book.sheets[0]
        choice = mapping.sheets[0] if mapping.sheets else SheetChoice("")
        if sheet.is_empty:
            problem("", "the file is empty")
            return []
        return [(sheet, SheetChoice("", choice.header_row, choice.year, choice.header_rows,
                                    choice.last_row))]
    if not mapping.sheets:
        headers = mapping.headers_for(RowField.OBJECTIVE)
        found = [(s, SheetChoice(s.name)) for s in book.sheets
                 if _header_row(s, headers) is not None]
        if not found:
            problem("", f"no sheet has a header {' or '.join(repr(h) for h in headers)} "
                    f"(sheets: {', '.join(book.sheet_names)})")
        return found
    chosen = []
    for choice in mapping.sheets:
        named = book.sheet(choice.name)
        if named is None:
            problem("", f"there is no sheet {choice.name!r} (the workbook has: "
                    f"{', '.join(repr(n) for n in book.sheet_names)})")
        elif named.is_empty:
            problem("", f"sheet {choice.name!r} is empty")
        else:
            chosen.append((named, choice))
    return chosen


def _header_row(sheet: Sheet, headers: list[str], rows: int = 1,
                known: set[str] | None = None) -> int | None:
    """The first header row: the row naming the objectives; with two header
    rows, that row and the one after or before it, whichever pair gives more
    of the ``known`` headers."""
    wanted = {normalise(h) for h in headers}
    for index in range(1, min(HEADER_SEARCH_ROWS, len(sheet.rows)) + 1):
        if any(normalise(t) in wanted for t in header_texts(sheet, index)):
            if rows == 1 or index == 1:
                return index
            names = known or wanted
            below, above = (sum(1 for t in header_texts(sheet, first, 2)
                                if normalise(t) in names) for first in (index, index - 1))
            return index if below >= above else index - 1
    return None


def _find_columns(sheet: Sheet, choice: SheetChoice, mapping: Mapping,
                  problem: object) -> _Columns | None:
    assert callable(problem)
    headers = mapping.headers_for(RowField.OBJECTIVE)
    objective_header = " or ".join(repr(h) for h in headers)
    first_row = choice.header_row or _header_row(sheet, headers, choice.header_rows,
                                                 set(mapping.columns))
    if first_row is None:
        problem(place(sheet.name, 1) if sheet.name else "",
                f"no header {objective_header} in the first {HEADER_SEARCH_ROWS} rows")
        return None
    header_row = first_row + choice.header_rows - 1  # the last header row
    columns = _Columns(header_row, {}, {})
    seen: dict[str, int] = {}
    for index, text in enumerate(header_texts(sheet, first_row, choice.header_rows), start=1):
        key = normalise(text)
        meaning = mapping.columns.get(key)
        if meaning is None:
            continue
        if key in seen:
            problem(place(sheet.name, header_row, index),
                    f"header {text!r} is also in column {column_letter(seen[key])}; "
                    "rename one of them in the tracker")
            continue
        seen[key] = index
        if meaning.row is not None and meaning.row in columns.row_fields:
            problem(place(sheet.name, header_row, index),
                    f"header {text!r} and the header in column "
                    f"{column_letter(columns.row_fields[meaning.row])} are both mapped to "
                    f"{meaning.row.value!r}")
            continue
        full = meaning.in_year(choice.year)
        if full is None:
            problem(place(sheet.name, header_row, index),
                    f"header {text!r} names no year ({meaning.describe()}); give the "
                    "sheet a year in the mapping's [[sheets]]")
            continue
        _add_column(columns, full, index)
    if RowField.OBJECTIVE not in columns.row_fields:
        problem(place(sheet.name, header_row), f"no header {objective_header} in this row")
        return None
    return columns


def _add_column(columns: _Columns, meaning: ColumnMeaning, index: int) -> None:
    if meaning.row is not None:
        columns.row_fields[meaning.row] = index
    else:
        assert meaning.quarter is not None and meaning.quarter_field is not None
        columns.quarter_fields.setdefault((meaning.quarter, meaning.quarter_field),
                                          []).append(index)


@dataclass
class _QuarterColumns:
    quarter: Quarter
    rag: list[int]
    texts: list[tuple[QuarterField, list[int]]]
    dates: list[int]


def _read_rows(sheet: Sheet, columns: _Columns, mapping: Mapping, content: TrackerContent,
               problem: object, last_row: int | None = None) -> None:
    assert callable(problem)
    carried: dict[RowField, tuple[str, Spot]] = {}
    quarters = sorted({q for q, _ in columns.quarter_fields})
    content.quarters.update(quarters)
    plans = [_QuarterColumns(
        q, columns.quarter_fields.get((q, QuarterField.RAG), []),
        [(f, columns.quarter_fields[(q, f)]) for f in TEXT_FIELDS
         if (q, f) in columns.quarter_fields],
        columns.quarter_fields.get((q, QuarterField.DATE), [])) for q in quarters]
    all_rag = [c for plan in plans for c in plan.rag]
    name = sheet.name
    end = min(len(sheet.rows), last_row or len(sheet.rows))
    for row_number in range(columns.header_row + 1, end + 1):
        cells = sheet.rows[row_number - 1]
        if not cells:
            continue  # a spacer row
        width = len(cells)
        values: dict[RowField, str] = {}
        where: dict[RowField, Spot] = {}
        for field_name, column in columns.row_fields.items():
            text = cells[column - 1].text if column <= width else ""
            if text:
                values[field_name] = text
                where[field_name] = Spot(name, row_number, column)
        # A new priority starts afresh: its lead and deputy are its own.
        if RowField.PRIORITY in values or RowField.PRIORITY_ID in values:
            carried = {}
        for field_name in CARRIED:
            if field_name in values:
                carried[field_name] = (values[field_name], where[field_name])
            elif field_name in carried:
                values[field_name], where[field_name] = carried[field_name]
        if RowField.OBJECTIVE not in values:
            # A spacer, a priority heading or a note: only ratings make it a mistake.
            for column in all_rag:
                if column <= width and cells[column - 1].text:
                    problem(Spot(name, row_number, column),
                            "a rating on a row with no key objective")
            continue
        row = ObjectiveRow(name, row_number, values, where)
        content.rows.append(row)
        for plan in plans:
            entry = _read_quarter(cells, row, plan, mapping, problem)
            if entry is not None:
                content.entries.append(entry)


def _read_quarter(cells: list[Cell], row: ObjectiveRow, plan: _QuarterColumns,
                  mapping: Mapping, problem: object) -> QuarterEntry | None:
    assert callable(problem)
    width = len(cells)
    r = row.row
    texts: dict[QuarterField, str] = {}
    text_where: Spot | None = None
    for name, columns in plan.texts:
        parts = []
        for c in columns:
            if c <= width and cells[c - 1].value is not None:
                part = _multiline(cells[c - 1])
                if part:
                    parts.append(part)
                    text_where = text_where or Spot(row.sheet, r, c)
        if parts:
            texts[name] = "\n\n".join(parts)
    day, day_where = None, None
    for column in plan.dates:
        if column > width or cells[column - 1].value is None:
            continue
        day_where = Spot(row.sheet, r, column)
        try:
            day = cell_date(cells[column - 1])
        except ValueError as exc:
            problem(day_where, str(exc))
    rating = None
    rag_where = None
    for column in plan.rag:
        rag_where = Spot(row.sheet, r, column)
        cell = cells[column - 1] if column <= width else EMPTY
        try:
            rating = read_rating(mapping, cell.text, cell.fill)
        except RatingError as exc:
            problem(rag_where, str(exc))
            return None
    if rating is None or rag_where is None:
        if texts and mapping.unrated is Unrated.ERROR:
            problem(text_where, f"text for {plan.quarter.label()} but no rating"
                    + (f" ({rag_where} is empty)" if rag_where else " (no rating column)")
                    + "; rate it in the tracker, or set unrated_text = \"skip\" in the mapping")
        return None
    return QuarterEntry(row, plan.quarter, rating, rag_where, texts, day, day_where)


def _multiline(cell: Cell) -> str:
    """A narrative cell's text with its line breaks kept, trailing spaces trimmed."""
    if isinstance(cell.value, str):
        lines = [" ".join(line.split()) for line in cell.value.replace("\r\n", "\n").split("\n")]
        return "\n".join(lines).strip()
    return cell.text


EXCEL_EPOCH = date(1899, 12, 30)


def cell_date(cell: Cell) -> date:
    """A date cell: a real date, an Excel serial number, or day-first text."""
    value = cell.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        from datetime import timedelta

        if 1 <= value < 2958466:
            day = EXCEL_EPOCH + timedelta(days=int(value))
            if FIRST_YEAR <= day.year <= LAST_YEAR:
                return day
        raise ValueError(f"{cell.text!r} is not a date")
    from sli_cli.core.dates import DateError, parse_lenient

    try:
        return parse_lenient(cell.text)
    except DateError as exc:
        raise ValueError(str(exc)) from None


def _check_duplicates(content: TrackerContent, problem: object) -> None:
    assert callable(problem)
    seen: dict[tuple[str, str], ObjectiveRow] = {}
    for row in content.rows:
        key = (row.sheet, row.key)
        if key in seen:
            first = seen[key]
            what = (f"objective id {row.fields[RowField.OBJECTIVE_ID]!r}"
                    if RowField.OBJECTIVE_ID in row.fields
                    else f"objective {row.fields[RowField.OBJECTIVE]!r}")
            problem(place(row.sheet, row.row), f"{what} is also on row {first.row}")
        else:
            seen[key] = row
    rated: dict[tuple[str, Quarter], QuarterEntry] = {}
    for entry in content.entries:
        key2 = (entry.row.key, entry.quarter)
        other = rated.get(key2)
        if other is not None and other.row.sheet != entry.row.sheet and (
                other.rag, other.texts) != (entry.rag, entry.texts):
            problem(entry.where, f"{entry.quarter.label()} is also rated, differently, at "
                    f"{other.where}")
        rated.setdefault(key2, entry)
