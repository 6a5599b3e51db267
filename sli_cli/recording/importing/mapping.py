"""The mapping: which sheets, which header row, what each column means, and
how ratings are spelt or coloured in a tracker. Read from TOML (documented in
``docs/import.md``) or proposed by ``guess``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from sli_cli.core.errors import Problem
from sli_cli.core.quarters import Quarter, QuarterError
from sli_cli.plan.model import RATING_NAMES, Rating
from sli_cli.plan.tomlsource import Fields, open_fields, suggest


class RowField(enum.StrEnum):
    """What a column holds on each objective's row."""

    PRIORITY = "priority"  # the priority's title
    PRIORITY_ID = "priority_id"
    LEAD = "lead"  # the priority's DPH lead
    DEPUTY = "deputy"  # the priority's deputy lead
    OBJECTIVE = "objective"  # the key objective's title
    OBJECTIVE_ID = "objective_id"
    OBJECTIVE_LEAD = "objective_lead"


# Written only on a priority's first row (or in merged cells): carried down.
CARRIED = (RowField.PRIORITY, RowField.PRIORITY_ID, RowField.LEAD, RowField.DEPUTY)


class QuarterField(enum.StrEnum):
    """What a quarter's column holds."""

    RAG = "rag"
    PROGRESS = "progress"
    RISKS = "risks"
    SUPPORT = "support"
    NEXT_STEPS = "next_steps"
    DATE = "date"  # the date of the quarter's meeting


TEXT_FIELDS = (QuarterField.PROGRESS, QuarterField.RISKS, QuarterField.SUPPORT,
               QuarterField.NEXT_STEPS)


class Unrated(enum.StrEnum):
    """What to do with a quarter's text on a row with no rating that quarter."""

    ERROR = "error"
    SKIP = "skip"


@dataclass(frozen=True)
class ColumnMeaning:
    """A column's meaning: a row field, or a field of a quarter. ``quarter``
    is None with ``number`` set when the header names no year (``Q1 RAG``):
    the sheet's year completes it."""

    row: RowField | None = None
    quarter_field: QuarterField | None = None
    quarter: Quarter | None = None
    number: int = 0

    def describe(self) -> str:
        if self.row is not None:
            return self.row.value
        assert self.quarter_field is not None
        q = self.quarter.label() if self.quarter else f"Q{self.number}"
        return f"{q} {self.quarter_field.value}"

    def in_year(self, year: int | None) -> ColumnMeaning | None:
        """This meaning with the sheet's year filled in (None when it has none)."""
        if self.row is not None or self.quarter is not None:
            return self
        if year is None:
            return None
        return ColumnMeaning(quarter_field=self.quarter_field, quarter=Quarter(year, self.number))


@dataclass(frozen=True)
class SheetChoice:
    name: str
    header_row: int | None = None
    year: int | None = None  # first calendar year of the financial year
    header_rows: int = 1  # 2: a heading row over the columns' own headers
    last_row: int | None = None  # rows after it (notes, totals) are not read


@dataclass(frozen=True)
class PlanDetails:
    """What a new plan.toml says about the plan itself (the tracker rarely does)."""

    id: str = ""
    title: str = ""
    network: str = ""
    sli_lead: str = ""
    coordinator: str = ""
    start: Quarter | None = None  # default: the first year of the quarter columns
    end: Quarter | None = None  # default: the last year of the quarter columns


@dataclass
class Mapping:
    columns: dict[str, ColumnMeaning] = field(default_factory=dict)  # normalised header ->
    sheets: list[SheetChoice] = field(default_factory=list)  # empty: every sheet with headers
    ratings: dict[str, Rating] = field(default_factory=dict)  # normalised text ->
    colours: dict[str, Rating] = field(default_factory=dict)  # fill key ->
    unrated: Unrated = Unrated.ERROR
    plan: PlanDetails = field(default_factory=PlanDetails)

    def header_for(self, meaning: RowField) -> str | None:
        return next((h for h, m in self.columns.items() if m.row is meaning), None)

    def headers_for(self, meaning: RowField) -> list[str]:
        """Every header mapped to ``meaning`` (sheets may name a column differently)."""
        return [h for h, m in self.columns.items() if m.row is meaning]


def normalise(text: str) -> str:
    """Headers and rating words are matched ignoring case and spacing."""
    return " ".join(text.lower().split())


def colour_key(text: str) -> str:
    """``#ffc7ce`` -> ``FFC7CE``; theme colours keep their words."""
    cleaned = normalise(text).lstrip("#")
    if re.fullmatch(r"(ff)?[0-9a-f]{6}", cleaned):
        return cleaned[-6:].upper()
    return cleaned


_YEAR_TEXT = re.compile(r"^(?:FY\s*)?(\d{4}|\d{2})\s*[/-]\s*(\d{4}|\d{2})$", re.IGNORECASE)


def parse_year(text: str) -> int:
    """``2023/24``, ``2023-24``, ``23/24``, ``2023/2024`` -> 2023."""
    try:
        return Quarter.parse(f"{text.strip()} Q1").year
    except QuarterError:
        raise ValueError(text) from None


def parse_meaning(text: str) -> ColumnMeaning:
    """``objective``, ``lead``, ``2023/24 Q1 rag``, ``Q2 progress``..."""
    cleaned = normalise(text).replace("next steps", "next_steps")
    for row in RowField:
        if cleaned == row.value:
            return ColumnMeaning(row=row)
    head, _, last = cleaned.rpartition(" ")
    try:
        what = QuarterField(last)
    except ValueError:
        raise ValueError(text) from None
    if re.fullmatch(r"q\s*[1-4]", head):
        return ColumnMeaning(quarter_field=what, number=int(head[-1]))
    try:
        return ColumnMeaning(quarter_field=what, quarter=Quarter.parse(head))
    except QuarterError:
        raise ValueError(text) from None


MEANINGS_HELP = ("one of " + ", ".join(r.value for r in RowField) + ", or a quarter and one of "
                 + ", ".join(q.value for q in QuarterField) + " (like '2023/24 Q1 rag' or "
                 "'Q1 rag' on a sheet with a year)")
RATING_CHOICES = ", ".join(r.value for r in Rating)


def parse_mapping(data: bytes, where: str) -> tuple[Mapping | None, list[Problem]]:
    """A mapping file, with every problem in it (file:line)."""
    top, problems = open_fields(data, where)
    if top is None:
        return None, problems
    mapping = Mapping()
    unrated = top.choice("unrated_text", Unrated, "error or skip", required=False)
    if unrated is not None:
        mapping.unrated = unrated
    plan_table = top.table_("plan")
    if plan_table is not None:
        p = top.child("plan", None, plan_table, "[plan]")
        texts = {k: p.string(k, required=False) for k in
                 ("id", "title", "network", "sli_lead", "coordinator")}
        start, end = p.quarter("start", required=False), p.quarter("end", required=False)
        if start and end and end < start:
            p.problem(f"'end' ({end.label()}) is before 'start' ({start.label()})", "end")
        mapping.plan = PlanDetails(**texts, start=start, end=end)
        p.finish()
    for index, table in enumerate(top.tables("sheets")):
        s = top.child("sheets", index, table, f"[[sheets]] #{index + 1}")
        name = s.string("name", allow_empty=True)
        header_row = s.integer("header_row", required=False) or None
        if header_row is not None and header_row < 1:
            s.problem("'header_row' must be 1 or more", "header_row")
        year = s.choice("year", parse_year, "a financial year like 2023/24", required=False)
        header_rows = s.integer("header_rows", required=False, default=1)
        if header_rows not in (1, 2):
            s.problem("'header_rows' must be 1 or 2", "header_rows")
            header_rows = 1
        last_row = s.integer("last_row", required=False) or None
        if last_row is not None and last_row <= (header_row or 0) + header_rows - 1:
            s.problem("'last_row' must come after the header", "last_row")
        s.finish()
        mapping.sheets.append(SheetChoice(name, header_row, year, header_rows, last_row))
    _read_columns(top, mapping)
    _read_ratings(top, mapping)
    top.finish()
    if not mapping.header_for(RowField.OBJECTIVE) and "columns" in top.table:
        top.problem("no column is mapped to 'objective' (the key objective's title): sli finds "
                    "the rows of a tracker by it", "columns")
    return mapping, problems


def _read_columns(top: Fields, mapping: Mapping) -> None:
    table = top.table_("columns")
    if table is None:
        top.problem("[columns] is missing: say which header holds what, like "
                    "\"Key objective\" = \"objective\"")
        return
    c = top.child("columns", None, table, "[columns]")
    rags: dict[str, str] = {}
    for header in table:
        meaning = c.choice(header, parse_meaning, MEANINGS_HELP)
        if meaning is None:
            continue
        key = normalise(header)
        if key in mapping.columns:
            c.problem(f"header {header!r} is mapped twice", header)
            continue
        if meaning.quarter_field in (QuarterField.RAG, QuarterField.DATE):
            label = meaning.describe()
            if label in rags:
                c.problem(f"{header!r} and {rags[label]!r} are both mapped to {label!r}", header)
            rags[label] = header
        mapping.columns[key] = meaning


def parse_rating_name(text: str) -> Rating:
    try:
        return RATING_NAMES[normalise(text)]
    except KeyError:
        raise ValueError(text) from None


def _read_ratings(top: Fields, mapping: Mapping) -> None:
    for key, target, label in (("ratings", mapping.ratings, "[ratings]"),
                               ("colours", mapping.colours, "[colours]")):
        table = top.table_(key)
        if table is None:
            continue
        f = top.child(key, None, table, label)
        for written in table:
            rating = f.choice(written, parse_rating_name, f"a rating ({RATING_CHOICES})")
            if rating is not None:
                target[normalise(written) if key == "ratings" else colour_key(written)] = rating


class RatingError(ValueError):
    """A rating cell that cannot be read; the message says why."""


_SPLIT = re.compile(r"\s*(?:/|\\|-|–|&|\band\b|\bto\b)\s*")


def read_rating(mapping: Mapping, text: str, fill: str) -> Rating | None:
    """The rating a cell holds (by its text, else by its fill colour), None
    when it holds none; raises ``RatingError`` when it cannot be read."""
    if text:
        key = normalise(text)
        if key in mapping.ratings:
            return mapping.ratings[key]
        if key in RATING_NAMES:
            return RATING_NAMES[key]
        parts = [p for p in _SPLIT.split(key) if p]
        if len(parts) > 1 and all(p in RATING_NAMES for p in parts):
            raise RatingError(f"rating {text!r} names two ratings; sli keeps one rating per "
                              f"quarter: say which one it means in the mapping's [ratings], "
                              f"like \"{text}\" = \"{RATING_NAMES[parts[0]].value}\"")
        raise RatingError(f"rating {text!r} is not one of {RATING_CHOICES}"
                          f"{suggest(key, list(RATING_NAMES))}")
    if not fill:
        return None
    if fill in mapping.colours:
        return mapping.colours[fill]
    raise RatingError(f"the cell has no text and its fill colour {fill} is not in the "
                      "mapping's [colours]")
