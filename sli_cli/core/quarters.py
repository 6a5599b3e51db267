"""Financial-year quarters.

English councils work in financial years from 1 April to 31 March:
Q1 = Apr-Jun, Q2 = Jul-Sep, Q3 = Oct-Dec, Q4 = Jan-Mar. A plan may set another
first month for its year. A quarter is named by the calendar year in which
its financial year starts and its number; the canonical label is
``2023/24 Q2`` (``2023 Q2`` when the year starts in January, because the
financial year is then a calendar year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_YEAR_START_MONTH = 4
# Years a plan can name. Wider than any plan needs, narrow enough that every
# quarter's neighbours and dates exist.
FIRST_YEAR, LAST_YEAR = 1900, 2999

_Q = r"Q\s*([1-4])"
_YEARS = r"(?:FY\s*)?(\d{4}|\d{2})(?:\s*[/-]\s*(\d{4}|\d{2}))?"
_YEAR_FIRST = re.compile(rf"^{_YEARS}\s*[-,]?\s*{_Q}$")
_Q_FIRST = re.compile(rf"^{_Q}\s*[-,]?\s*{_YEARS}$")


class QuarterError(ValueError):
    """Text that is not a quarter."""


class AmbiguousQuarter(QuarterError):
    """Text that names a quarter but no financial year (``Q4 2023``)."""


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    """Quarter ``number`` (1-4) of the financial year starting in ``year``."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise QuarterError(f"quarter number must be 1 to 4, not {self.number}")
        if not 1000 <= self.year <= 9998:
            raise QuarterError(f"year {self.year} is out of range")

    # -- naming -------------------------------------------------------------
    def label(self, year_start_month: int = DEFAULT_YEAR_START_MONTH) -> str:
        """Canonical label, e.g. ``2023/24 Q2``."""
        if year_start_month == 1:
            return f"{self.year} Q{self.number}"
        return f"{self.year}/{(self.year + 1) % 100:02d} Q{self.number}"

    def slug(self) -> str:
        """A form safe for file names, e.g. ``2023-24-Q2``."""
        return f"{self.year}-{(self.year + 1) % 100:02d}-Q{self.number}"

    def __str__(self) -> str:
        return self.label()

    # -- arithmetic ---------------------------------------------------------
    @property
    def ordinal(self) -> int:
        return self.year * 4 + self.number - 1

    @classmethod
    def from_ordinal(cls, ordinal: int) -> Quarter:
        return cls(ordinal // 4, ordinal % 4 + 1)

    def shift(self, quarters: int) -> Quarter:
        return Quarter.from_ordinal(self.ordinal + quarters)

    def next(self) -> Quarter:
        return self.shift(1)

    def previous(self) -> Quarter:
        return self.shift(-1)

    def minus(self, other: Quarter) -> int:
        """How many quarters ``self`` is after ``other``."""
        return self.ordinal - other.ordinal

    # -- dates --------------------------------------------------------------
    def first_day(self, year_start_month: int = DEFAULT_YEAR_START_MONTH) -> date:
        month0 = (year_start_month - 1) + (self.number - 1) * 3
        return date(self.year + month0 // 12, month0 % 12 + 1, 1)

    def last_day(self, year_start_month: int = DEFAULT_YEAR_START_MONTH) -> date:
        return self.next().first_day(year_start_month) - timedelta(days=1)

    @classmethod
    def of(cls, day: date, year_start_month: int = DEFAULT_YEAR_START_MONTH) -> Quarter:
        """The quarter a date falls in."""
        months_into_year = (day.month - year_start_month) % 12
        year = day.year if day.month >= year_start_month else day.year - 1
        return cls(year, months_into_year // 3 + 1)

    @classmethod
    def parse(cls, text: str,
              year_start_month: int | None = DEFAULT_YEAR_START_MONTH) -> Quarter:
        """Parse what people write: ``2023/24 Q2``, ``Q2 2023/24``, ``2023-24 Q2``,
        ``FY23/24 Q2``, ``2023/2024 Q2``, ``2023-24-Q2`` (any case).

        A quarter with one year (``Q1 2023``, ``2023 Q1``) names a financial
        year only when the year starts in January; otherwise it could also be
        a calendar quarter, and it is refused with both readings.
        ``year_start_month=None`` reads one year as the financial year starting
        in it (files written by sli for plans whose year starts in January).
        """
        cleaned = " ".join(text.strip().upper().split())
        m = _YEAR_FIRST.match(cleaned)
        if m:
            first, second, number = m.group(1), m.group(2), m.group(3)
        else:
            m = _Q_FIRST.match(cleaned)
            if not m:
                raise QuarterError(f"'{text}' is not a quarter; write it like "
                                   f"{_example(year_start_month)}")
            number, first, second = m.group(1), m.group(2), m.group(3)
        year = _full_year(first)
        if second is not None:
            end = _full_year(second, century_of=year)
            if end != year + 1:
                raise QuarterError(
                    f"'{text}' is not a quarter: a financial year runs over two "
                    f"consecutive years, like {year}/{(year + 1) % 100:02d}"
                )
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise QuarterError(f"'{text}' is not a quarter this tool can use: the year must be "
                               f"between {FIRST_YEAR} and {LAST_YEAR}")
        quarter = cls(year, int(number))
        if second is None and year_start_month not in (None, 1):
            raise AmbiguousQuarter(_two_readings(text, quarter, year_start_month))
        if second is not None and year_start_month == 1:
            raise AmbiguousQuarter(_financial_in_calendar_plan(text, quarter))
        return quarter


def _example(year_start_month: int | None) -> str:
    """How to write a quarter, and which months each is, for a plan whose
    year starts in ``year_start_month``."""
    start = DEFAULT_YEAR_START_MONTH if year_start_month is None else year_start_month
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    spans = ", ".join(f"Q{n + 1} = {names[(start - 1 + 3 * n) % 12]}-"
                      f"{names[(start + 1 + 3 * n) % 12]}" for n in range(4))
    shown = Quarter(2023, 2).label(start)
    return f"'{shown}' ({spans})"


def _financial_in_calendar_plan(text: str, quarter: Quarter) -> str:
    """Why ``2023/24 Q2`` is refused in a plan whose year starts in January:
    written as a financial year (April to March), it is another quarter."""
    first, last = quarter.first_day(DEFAULT_YEAR_START_MONTH), \
        quarter.last_day(DEFAULT_YEAR_START_MONTH)
    same = Quarter.of(first, 1)
    return (f"'{text}' is written as a financial year starting in April ({_months(first, last)}), "
            f"but this plan's years start in January: that quarter is '{same.label(1)}', and "
            f"'{quarter.label(1)}' is {_months(quarter.first_day(1), quarter.last_day(1))}; "
            "write the one meant")


def _two_readings(text: str, quarter: Quarter, year_start_month: int) -> str:
    """Why ``Q4 2023`` is refused: the financial and the calendar reading."""
    months = _months(quarter.first_day(year_start_month), quarter.last_day(year_start_month))
    financial = f"{quarter.label(year_start_month)} ({months})"
    first = date(quarter.year, (quarter.number - 1) * 3 + 1, 1)
    last = date(first.year, first.month + 2, 1)
    calendar = f"the calendar quarter {_months(first, last)}"
    same = Quarter.of(first, year_start_month)
    if same.first_day(year_start_month) == first:
        calendar += f" ({same.label(year_start_month)})"
    return (f"'{text}' names no financial year: it could be {financial} or {calendar}; "
            f"write the financial year, like '{quarter.label(year_start_month)}'")


def _months(first: date, last: date) -> str:
    if first.year == last.year:
        return f"{first:%B} to {last:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"


def _full_year(text: str, century_of: int | None = None) -> int:
    value = int(text)
    if len(text) == 4:
        return value
    if century_of is not None:
        candidate = century_of - century_of % 100 + value
        return candidate + 100 if candidate < century_of else candidate
    return 2000 + value
