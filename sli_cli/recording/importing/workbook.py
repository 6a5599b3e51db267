"""Reading a tracker file into plain cells: values and fill colours.

``.xlsx`` workbooks are read with openpyxl (imported here only, so no other
command pays for it); ``.csv`` files with the standard library. Whatever the
file, the result is a ``Workbook`` of ``Sheet`` grids, and every way a file
can be unreadable is a ``SliError`` naming the file and what to do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sli_cli.core.errors import Problem, SliError, display_path

# A regional plan has tens of objectives; a tracker with more rows than this
# is not a tracker (a data extract, a wrong file) and would only be slow.
MAX_ROWS = 20_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted .xlsx
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")

CellValue = str | int | float | bool | date | datetime | None


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its value as stored, and its fill colour (``FFC7CE``,
    ``theme 5``) or empty when it has none."""

    value: CellValue = None
    fill: str = ""

    @property
    def text(self) -> str:
        """The value as text, spaces collapsed ("" for an empty cell)."""
        if self.value is None:
            return ""
        if isinstance(self.value, str):
            return " ".join(self.value.split())
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value)


EMPTY = Cell()


@dataclass
class Sheet:
    """A sheet's cells by row (index 0 is row 1), and formulas with no saved value."""

    name: str
    rows: list[list[Cell]] = field(default_factory=list)
    uncomputed: list[tuple[int, int, str]] = field(default_factory=list)  # row, col, formula

    def cell(self, row: int, column: int) -> Cell:
        """The cell at 1-based ``row`` and ``column`` (empty when beyond the data)."""
        if row < 1 or row > len(self.rows):
            return EMPTY
        cells = self.rows[row - 1]
        return cells[column - 1] if 0 < column <= len(cells) else EMPTY

    @property
    def is_empty(self) -> bool:
        return not any(c.value is not None and c.text for row in self.rows for c in row)


def header_texts(sheet: Sheet, row: int, rows: int = 1) -> list[str]:
    """The header of each column, from ``rows`` rows starting at ``row``.

    With two rows, a heading over several columns (``Q1 2023/24`` merged over
    ``RAG`` and ``Update``) is carried right over the empty cells after it and
    put before each column's own: ``Q1 2023/24 RAG``, ``Q1 2023/24 Update``.
    """
    if rows == 1:
        return [c.text for c in (sheet.rows[row - 1] if row <= len(sheet.rows) else [])]
    upper = [sheet.cell(row, c).text for c in range(1, _width(sheet, row, rows) + 1)]
    lower = [sheet.cell(row + 1, c).text for c in range(1, len(upper) + 1)]
    texts, carried = [], ""
    for top, bottom in zip(upper, lower, strict=True):
        if top:
            carried = top
        elif not bottom:
            carried = ""  # an empty column ends a heading's span
        texts.append(" ".join(t for t in ((top or carried), bottom) if t))
    return texts


def _width(sheet: Sheet, row: int, rows: int) -> int:
    return max((len(sheet.rows[r - 1]) for r in range(row, row + rows)
                if r <= len(sheet.rows)), default=0)


@dataclass
class Workbook:
    """A tracker file read into sheets. A CSV file is one sheet named ''."""

    name: str  # the file's name, as messages show it
    sheets: list[Sheet]
    is_csv: bool = False

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def place(sheet: str, row: int, column: int | None = None) -> str:
    """Where a cell is, as Excel writes it: ``2023-24!F14``, ``'Year 1'!F14``;
    ``F14`` in a CSV file; ``row 14`` when no column applies."""
    spot = f"{column_letter(column)}{row}" if column else f"row {row}"
    if not sheet:
        return spot
    quoted = "'" + sheet.replace("'", "''") + "'"
    name = sheet if re.fullmatch(r"[A-Za-z0-9_.-]+", sheet) else quoted
    return f"{name}!{spot}" if column else f"{name} {spot}"


@dataclass(frozen=True, slots=True)
class Spot:
    """A cell's place, formatted only when a message shows it (a large
    tracker has tens of thousands of cells and, most often, no problem)."""

    sheet: str
    row: int
    column: int | None = None

    def __str__(self) -> str:
        return place(self.sheet, self.row, self.column)


class TrackerError(SliError):
    """The tracker file cannot be read at all."""


def read_tracker(path: Path, *, max_rows: int = MAX_ROWS) -> Workbook:
    """Read a ``.xlsx`` or ``.csv`` tracker; raise ``TrackerError`` when it cannot be."""
    shown = display_path(path)
    if not path.exists():
        raise TrackerError(f"{shown}: no such file")
    if not path.is_file():
        raise TrackerError(f"{shown}: is not a file")
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise TrackerError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if ENCRYPTED_MARK in data:
            raise TrackerError(f"{shown}: the workbook is protected with a password "
                               "(encrypted); save a copy without the password and import that")
        raise TrackerError(f"{shown}: is an old Excel 97-2003 workbook (.xls); open it in "
                           "Excel and save it as an Excel Workbook (.xlsx), then import that")
    if suffix == ".xls":
        raise TrackerError(f"{shown}: .xls files (Excel 97-2003) cannot be read; open it in "
                           "Excel and save it as an Excel Workbook (.xlsx)")
    if suffix == ".csv":
        return _read_csv(path, shown, max_rows)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, shown, max_rows)
    raise TrackerError(f"{shown}: sli reads .xlsx and .csv trackers, not '{path.suffix}' files")


def _too_long(shown: str, sheet: str, max_rows: int) -> TrackerError:
    where = f"sheet '{sheet}'" if sheet else "the file"
    return TrackerError(f"{shown}: {where} has more than {max_rows:,} rows; a tracker has one "
                        "row per key objective: is this the right file?")


def _read_csv(path: Path, shown: str, max_rows: int) -> Workbook:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the machine's code page.
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise TrackerError(f"{shown}: is not a text file (is it a workbook saved as .csv?)")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    sheet = Sheet("")
    try:
        for values in csv.reader(io.StringIO(text, newline=""), dialect):
            if len(sheet.rows) >= max_rows:
                raise _too_long(shown, "", max_rows)
            sheet.rows.append([Cell(v if v.strip() else None) for v in values])
    except csv.Error as exc:
        raise TrackerError(f"{shown}: is not readable CSV ({exc})") from None
    return Workbook(path.name, [sheet], is_csv=True)


def _read_xlsx(path: Path, shown: str, max_rows: int) -> Workbook:
    import openpyxl  # only the import reads workbooks

    try:
        if not zipfile.is_zipfile(path):
            raise TrackerError(f"{shown}: is not an Excel workbook (damaged, or another kind "
                               "of file renamed .xlsx)")
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except TrackerError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TrackerError(f"{shown}: cannot be read as an Excel workbook (is it damaged?): "
                           f"{type(exc).__name__}") from None
    try:
        sheets = []
        for ws in book.worksheets:
            sheets.append(_read_sheet(ws, shown, max_rows))
        if any(s.uncomputed for s in sheets):
            _fill_cached_values(path, sheets)
    except TrackerError:
        raise
    except Exception as exc:
        raise TrackerError(f"{shown}: cannot be read as an Excel workbook (is it damaged?): "
                           f"{type(exc).__name__}") from None
    finally:
        book.close()
    return Workbook(path.name, sheets)


def _read_sheet(ws: Any, shown: str, max_rows: int) -> Sheet:
    sheet = Sheet(ws.title)
    fills: dict[int, str] = {}
    for row_cells in ws.iter_rows():
        if len(sheet.rows) >= max_rows:
            raise _too_long(shown, ws.title, max_rows)
        row: list[Cell] = []
        for cell in row_cells:
            value = getattr(cell, "value", None)
            fill = ""
            style = getattr(cell, "_style_id", 0)
            if style:
                if style not in fills:
                    fills[style] = fill_key(cell.fill)
                fill = fills[style]
            if getattr(cell, "data_type", "") == "f":
                # A formula (an array formula is an object holding its text).
                formula = value if isinstance(value, str) else str(getattr(value, "text", ""))
                sheet.uncomputed.append((len(sheet.rows) + 1, len(row) + 1, formula))
                value = formula
            elif isinstance(value, str) and not value.strip():
                value = None
            row.append(Cell(value, fill) if value is not None or fill else EMPTY)
        while row and row[-1] is EMPTY:
            row.pop()
        sheet.rows.append(row)
    while sheet.rows and not sheet.rows[-1]:
        sheet.rows.pop()
    return sheet


def _fill_cached_values(path: Path, sheets: list[Sheet]) -> None:
    """Formulas hold the value Excel last computed; a workbook written by a
    program may have none. Read the saved values; keep the formulas without one."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in sheets:
            if not sheet.uncomputed:
                continue
            wanted = {(r, c) for r, c, _ in sheet.uncomputed}
            values: dict[tuple[int, int], Any] = {}
            for r_index, row_cells in enumerate(book[sheet.name].iter_rows(), start=1):
                for c_index, cell in enumerate(row_cells, start=1):
                    if (r_index, c_index) in wanted:
                        values[(r_index, c_index)] = getattr(cell, "value", None)
            missing = []
            for r, c, formula in sheet.uncomputed:
                value = values.get((r, c))
                old = sheet.rows[r - 1][c - 1]
                sheet.rows[r - 1][c - 1] = Cell(value, old.fill)
                if value is None:
                    missing.append((r, c, formula))
            sheet.uncomputed = missing
    finally:
        book.close()


def uncomputed_problems(book: Workbook, sheets: list[Sheet]) -> list[Problem]:
    """A problem for each formula with no saved value in the sheets read."""
    return [Problem(book.name, None, f"{place(s.name, r, c)}: formula {formula!r} has no "
                    "saved value (the workbook was written by a program, not Excel); open it "
                    "in Excel, save it, and import again")
            for s in sheets for r, c, formula in s.uncomputed]


def fill_key(fill: Any) -> str:
    """A fill colour as the mapping names it: ``FFC7CE`` (RGB), ``theme 5``,
    or "" when the cell is not filled (or filled white)."""
    if fill is None or getattr(fill, "fill_type", None) != "solid":
        return ""
    colour = fill.fgColor
    kind = getattr(colour, "type", None)
    if kind == "rgb" and isinstance(colour.rgb, str):
        rgb = colour.rgb[-6:].upper()
        return "" if rgb == "FFFFFF" else rgb
    if kind == "indexed":
        from openpyxl.styles.colors import COLOR_INDEX

        index = colour.indexed
        if isinstance(index, int) and 0 <= index < len(COLOR_INDEX) and index < 64:
            rgb = COLOR_INDEX[index][-6:].upper()
            return "" if rgb == "FFFFFF" else rgb
        return ""
    if kind == "theme":
        tint = round(float(colour.tint or 0), 2)
        return f"theme {colour.theme}" + (f" tint {tint:g}" if tint else "")
    return ""
