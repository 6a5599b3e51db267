"""Proposing a mapping from a tracker's headers and colours: the commented
TOML that ``sli import --guess`` prints for the person to check and edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sli_cli.core.text import toml_string as q
from sli_cli.plan.model import RATING_NAMES, Rating
from sli_cli.recording.importing.mapping import QuarterField, RowField, normalise, parse_year
from sli_cli.recording.importing.workbook import Sheet, Workbook, header_texts

HEADER_SEARCH_ROWS = 30
# Left commented out: a guessed year would file every rating in the wrong year.
NO_YEAR = "# year = \"2023/24\"  # CHECK: headers like 'Q1 RAG' name no year: give the sheet's"
_QUARTER = re.compile(r"\bq\s*([1-4])\b")
_MONTHS = re.compile(r"\b(apr|jul|oct|jan)[a-z]*\s*(?:-|–|to)\s*(?:jun|sep|dec|mar)[a-z]*"
                     r"\s*(\d{4}|\d{2})\b")
_YEAR = re.compile(r"\b(?:fy\s*)?(\d{4}\s*[/-]\s*\d{2,4}|\d{2}\s*/\s*\d{2})\b")

# Words in a quarter's header and what the column then holds.
QUARTER_WORDS: list[tuple[str, QuarterField]] = [
    ("next step", QuarterField.NEXT_STEPS), ("risk", QuarterField.RISKS),
    ("issue", QuarterField.RISKS), ("support", QuarterField.SUPPORT),
    ("date", QuarterField.DATE), ("meeting", QuarterField.DATE),
    ("rag", QuarterField.RAG), ("rating", QuarterField.RAG), ("status", QuarterField.RAG),
    ("update", QuarterField.PROGRESS), ("progress", QuarterField.PROGRESS),
    ("comment", QuarterField.PROGRESS), ("narrative", QuarterField.PROGRESS),
    ("note", QuarterField.PROGRESS),
]

# Colours trackers use for ratings: Excel's standard and "good/neutral/bad" fills.
REFERENCE_COLOURS: dict[str, Rating] = {
    "FF0000": Rating.RED, "C00000": Rating.RED, "FFC7CE": Rating.RED, "FF7C80": Rating.RED,
    "FFC000": Rating.AMBER, "FFEB9C": Rating.AMBER, "FFBF00": Rating.AMBER,
    "FFA500": Rating.AMBER, "FFFF00": Rating.AMBER, "F4B084": Rating.AMBER,
    "00B050": Rating.GREEN, "92D050": Rating.GREEN, "C6EFCE": Rating.GREEN,
    "00FF00": Rating.GREEN, "A9D08E": Rating.GREEN,
    "0070C0": Rating.BLUE, "00B0F0": Rating.BLUE, "BDD7EE": Rating.BLUE, "0000FF": Rating.BLUE,
    "9BC2E6": Rating.BLUE,
    "BFBFBF": Rating.GREY, "D9D9D9": Rating.GREY, "808080": Rating.GREY, "A6A6A6": Rating.GREY,
    "C0C0C0": Rating.GREY,
}


def guess_row_field(header: str) -> RowField | None:
    h = normalise(header)
    if not h or _QUARTER.search(h):
        return None
    idish = re.search(r"\b(id|ref|reference|no|number|#)\b", h) is not None
    if "deputy" in h:
        return RowField.DEPUTY
    if "priority" in h:
        if idish:
            return RowField.PRIORITY_ID
        if "lead" in h:
            return RowField.LEAD
        return RowField.PRIORITY
    if "objective" in h or h in ("ko", "key objectives"):
        if idish:
            return RowField.OBJECTIVE_ID
        if "lead" in h:
            return RowField.OBJECTIVE_LEAD
        return RowField.OBJECTIVE
    if h in ("id", "ref", "ref.", "reference", "ko ref", "no", "no."):
        return RowField.OBJECTIVE_ID
    if "lead" in h or h in ("dph", "owner"):
        return RowField.LEAD
    return None


def guess_quarter(header: str, sheet_year: int | None) -> tuple[str, QuarterField] | None:
    """(``2023/24 Q1`` or ``Q1``, field) for a quarter's header."""
    h = normalise(header)
    what = next((f for word, f in QUARTER_WORDS if re.search(rf"\b{word}", h)),
                QuarterField.RAG)
    months = _MONTHS.search(h)
    if months:
        # "Apr-Jun 2023": the months name the quarter, the year is the calendar year.
        number = {"apr": 1, "jul": 2, "oct": 3, "jan": 4}[months.group(1)]
        year = int(months.group(2)) if len(months.group(2)) == 4 else 2000 + int(months.group(2))
        year -= 1 if number == 4 else 0
        return f"{year}/{(year + 1) % 100:02d} Q{number}", what
    m = _QUARTER.search(h)
    if not m:
        return None
    y = _YEAR.search(h)
    quarter = f"Q{m.group(1)}"
    if y:
        try:
            year = parse_year(y.group(1).replace(" ", ""))
            quarter = f"{year}/{(year + 1) % 100:02d} Q{m.group(1)}"
        except ValueError:
            pass
    return quarter, what


@dataclass
class SheetGuess:
    name: str
    header_row: int
    year: int | None
    columns: dict[str, str]  # header as written -> meaning
    rag_columns: list[int] = field(default_factory=list)
    needs_year: bool = False
    has_quarters: bool = False
    header_rows: int = 1


# A row of these under a row of quarters ("Q1 2023/24" over "RAG", "Update")
# makes a header of two rows.
ROLE_WORDS = {"rag", "rating", "status", "update", "progress", "comment", "comments",
              "commentary", "narrative", "notes", "risk", "risks", "issues",
              "risks and issues", "support", "support needed", "next steps", "date",
              "meeting date"}


def _roles(sheet: Sheet, row: int) -> int:
    return sum(1 for c in (sheet.rows[row - 1] if 0 < row <= len(sheet.rows) else [])
               if normalise(c.text) in ROLE_WORDS)


def _quarters(sheet: Sheet, row: int) -> bool:
    return any(_QUARTER.search(normalise(c.text)) or _MONTHS.search(normalise(c.text))
               for c in (sheet.rows[row - 1] if 0 < row <= len(sheet.rows) else []))


def _two_rows(sheet: Sheet, row: int) -> tuple[int, int]:
    """(first header row, 1 or 2) around the row naming the objectives."""
    if _roles(sheet, row + 1) >= 2 and _quarters(sheet, row):
        return row, 2
    if row > 1 and _roles(sheet, row) >= 2 and _quarters(sheet, row - 1):
        return row - 1, 2
    return row, 1


def _guess_sheet(sheet: Sheet) -> SheetGuess | None:
    best: tuple[int, int] | None = None
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS], start=1):
        found = [guess_row_field(c.text) for c in row]
        if RowField.OBJECTIVE not in found:
            continue
        score = sum(1 for f in found if f) + sum(
            1 for c in row if guess_quarter(c.text, None))
        if best is None or score > best[1]:
            best = (index, score)
    if best is None:
        return None
    header_row, header_rows = _two_rows(sheet, best[0])
    try:
        year: int | None = parse_year(sheet.name)
    except ValueError:
        year = None
    guess = SheetGuess(sheet.name, header_row, year, {}, header_rows=header_rows)
    used: set[RowField] = set()
    for column, header in enumerate(header_texts(sheet, header_row, header_rows), start=1):
        if not header or normalise(header) in (normalise(h) for h in guess.columns):
            continue
        row_field = guess_row_field(header)
        if row_field is not None and row_field not in used:
            used.add(row_field)
            guess.columns[header] = row_field.value
            continue
        quarter = guess_quarter(header, year)
        if quarter is not None:
            label, what = quarter
            if label.startswith("Q"):
                guess.needs_year = True
            guess.has_quarters = True
            if what is QuarterField.RAG:
                guess.rag_columns.append(column)
            guess.columns[header] = f"{label} {what.value}"
    return guess


def _key_colours(book: Workbook) -> dict[str, Rating]:
    """Colours explained on a key sheet: a filled cell on a row naming a rating."""
    found: dict[str, Rating] = {}
    for sheet in book.sheets:
        if "key" not in sheet.name.lower() and "legend" not in sheet.name.lower():
            continue
        for row in sheet.rows:
            fills = [c.fill for c in row if c.fill]
            words = [normalise(c.text).split(" ")[0].strip(":-") for c in row if c.text]
            rating = next((RATING_NAMES[w] for w in words if w in RATING_NAMES and len(w) > 1),
                          None)
            if rating is not None:
                for fill in fills:
                    found.setdefault(fill, rating)
    return found


def _nearest(fill: str) -> Rating | None:
    if not re.fullmatch(r"[0-9A-F]{6}", fill):
        return None
    r, g, b = (int(fill[i:i + 2], 16) for i in (0, 2, 4))

    def distance(ref: str) -> int:
        return sum((a - int(ref[i:i + 2], 16)) ** 2 for a, i in zip((r, g, b), (0, 2, 4),
                                                                     strict=True))

    best = min(REFERENCE_COLOURS, key=distance)
    return REFERENCE_COLOURS[best] if distance(best) < 45 ** 2 * 3 else None


def guess_mapping(book: Workbook) -> str:
    """A commented mapping for ``book``, as TOML text."""
    guesses = [g for g in (_guess_sheet(s) for s in book.sheets) if g is not None]
    # Sheets with quarter columns hold the ratings; others (a status page, a
    # list of actions) only repeat the objectives.
    if any(g.has_quarters for g in guesses):
        guesses = [g for g in guesses if g.has_quarters]
    lines = [f"# Mapping for sli import, proposed from {book.name}.",
             "# Check every line: sli guessed from the headers and colours it found.",
             "# The format is described in docs/import.md."]
    if not guesses:
        lines += ["", "# No sheet has a header row naming key objectives: write [columns] by",
                  "# hand, like \"Key objective\" = \"objective\".", "[columns]"]
        return "\n".join(lines) + "\n"
    lines += ["", "# Quarter text with no rating (\"error\" stops the import; \"skip\" leaves it).",
              "unrated_text = \"error\"",
              "", "# What a new plan.toml says about the plan (used only when the folder",
              "# has no plan.toml yet).", "[plan]",
              f"title = {q(_title(book, guesses[0]))}",
              "network = \"Regional ADPH network\"", "sli_lead = \"DPH SLI lead\"",
              "coordinator = \"SLI co-ordinator\""]
    skipped = [s.name for s in book.sheets if s.name not in {g.name for g in guesses}]
    if not book.is_csv:
        for g in guesses:
            lines += ["", "[[sheets]]", f"name = {q(g.name)}", f"header_row = {g.header_row}"]
            if g.header_rows == 2:
                lines.append("header_rows = 2  # a heading row over the columns' own headers")
            if g.year is not None:
                lines.append(f"year = \"{g.year}/{(g.year + 1) % 100:02d}\"")
            elif g.needs_year:
                lines.append(NO_YEAR)
        if skipped:
            lines.append("# Not read (no header row with objectives and quarters): "
                         + ", ".join(q(name) for name in skipped))
    else:
        g = guesses[0]
        lines += ["", "[[sheets]]", "name = \"\"", f"header_row = {g.header_row}"]
        if g.header_rows == 2:
            lines.append("header_rows = 2  # a heading row over the columns' own headers")
        if g.needs_year:
            lines.append(NO_YEAR)
    lines += ["", "# Header (as written in the tracker) = what the column holds: one of",
              "# " + ", ".join(r.value for r in RowField) + ",",
              "# or a quarter and one of " + ", ".join(f.value for f in QuarterField) + ".",
              "[columns]"]
    written: set[str] = set()
    for g in guesses:
        for header, meaning in g.columns.items():
            if normalise(header) not in written:
                written.add(normalise(header))
                lines.append(f"{q(header)} = {q(meaning)}")
    lines += _rating_lines(book, guesses)
    return "\n".join(lines) + "\n"


def _title(book: Workbook, first: SheetGuess) -> str:
    """The first text above the header row (most trackers start with their
    title), else the file's name."""
    sheet = book.sheet(first.name) if not book.is_csv else book.sheets[0]
    assert sheet is not None
    for row in sheet.rows[:first.header_row - 1]:
        for cell in row:
            if cell.text and isinstance(cell.value, str):
                return cell.text
    return book.name.rsplit(".", 1)[0]


def _rating_lines(book: Workbook, guesses: list[SheetGuess]) -> list[str]:
    texts: dict[str, str] = {}
    fills: dict[str, int] = {}
    for g in guesses:
        sheet = book.sheet(g.name) if not book.is_csv else book.sheets[0]
        assert sheet is not None
        for row in sheet.rows[g.header_row + g.header_rows - 1:]:
            for column in g.rag_columns:
                cell = row[column - 1] if column <= len(row) else None
                if cell is None:
                    continue
                if cell.text and normalise(cell.text) not in RATING_NAMES:
                    texts.setdefault(normalise(cell.text), cell.text)
                elif not cell.text and cell.fill:
                    fills[cell.fill] = fills.get(cell.fill, 0) + 1
    lines = ["", "# Ratings written in other ways (words and letters like Amber or G are",
             "# always understood). Two ratings in one cell are refused unless named here.",
             "[ratings]"]
    for text in sorted(texts.values(), key=normalise):
        parts = [p for p in re.split(r"\s*[/\\&-]\s*", normalise(text)) if p]
        known = [RATING_NAMES[p] for p in parts if p in RATING_NAMES]
        if known:
            lines.append(f"# {q(text)} = {q(known[0].value)}  # CHECK: or "
                         f"{' or '.join(r.value for r in known[1:]) or 'another'}?")
        else:
            lines.append(f"# {q(text)} = \"\"  # CHECK: which rating?")
    lines += ["", "# Ratings shown only by a cell's fill colour.", "[colours]"]
    key = _key_colours(book)
    for fill in sorted(fills, key=lambda f: -fills[f]):
        rating = key.get(fill) or _nearest(fill)
        count = f"{fills[fill]} cell{'s' if fills[fill] != 1 else ''}"
        if rating is None:
            lines.append(f"# {q(fill)} = \"\"  # CHECK: which rating? ({count})")
        else:
            how = "from the key sheet" if fill in key else "nearest colour"
            lines.append(f"{q(fill)} = {q(rating.value)}  # {how}; {count}")
    return lines
