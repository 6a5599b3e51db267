"""Dates: strict when read from files, lenient when typed by a person.

Stored dates are ISO (``2023-07-12``, or a TOML date). A person typing at a
prompt or on the command line may write ``12/07/2023``, ``12/7/23``,
``12 July 2023``, ``2023/07/12``, ``20230712`` or ``today``. The rules, in
order (docs/dates-and-quarters.md, or: sli help dates):

1. A date that starts with a four-digit year is year, month, day, always:
   ``2023-7-12``, ``2023/07/12``, ``2023.07.12``, ``20230712``,
   ``2023 Jul 12``.
2. Otherwise the numbers are day, month, year, as UK users write them:
   ``12/07/2023``, ``12.7.23``, ``12072023``, ``12 Jul 23``,
   ``July 12th 2023`` (a month written as a word can stand anywhere).
3. A two-digit year is the one nearest today's year (``23`` is 2023).
4. Anything that could still be read two ways (``Jul 12 23``: 12 July 2023
   or 23 July 2012) is refused, and both readings are shown.

A weekday, when given (``Wed 12 July 2023``), must be the date's weekday.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sli_cli.core.quarters import FIRST_YEAR, LAST_YEAR

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TOKEN = re.compile(r"\d+|[^\W\d_]+|[-/.,\s]+")
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")
_SEPARATOR = re.compile(r"^[-/.,\s]+$")

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

_WEEKDAYS: dict[str, int] = {}
for _number in range(7):
    _WEEKDAYS[calendar.day_name[_number].lower()] = _number
    _WEEKDAYS[calendar.day_abbr[_number].lower()] = _number
_WEEKDAYS.update({"tues": 1, "thur": 3, "thurs": 3})

_HOW = "write it day first, like 12/07/2023 or 12 July 2023"


class DateError(ValueError):
    """Text that is not a date."""


def plausible(day: date, text: str) -> date:
    """``day``, if its year is one a plan can use (see ``quarters``)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DateError(f"'{text}' is not a date this tool can use: the year must be between "
                        f"{FIRST_YEAR} and {LAST_YEAR}")
    return day


def parse_iso(text: str) -> date:
    """Strict ISO date, as stored in files."""
    if not _ISO.match(text.strip()):
        raise DateError(f"'{text}' is not an ISO date (YYYY-MM-DD)")
    try:
        return plausible(date.fromisoformat(text.strip()), text)
    except ValueError as exc:
        if isinstance(exc, DateError):
            raise
        raise DateError(f"'{text}' is not a real date ({exc})") from None


def parse_lenient(text: str, today: date | None = None) -> date:
    """A date as a person types it: year first when it starts with a four-digit
    year, else day first; refused when it could be read two ways."""
    raw = text.strip()
    if not raw:
        raise DateError("no date given")
    lowered = raw.lower()
    base = today or date.today()
    if lowered == "today":
        return base
    if lowered == "yesterday":
        return base - timedelta(days=1)
    if lowered == "tomorrow":
        return base + timedelta(days=1)
    if _ISO.match(raw):
        return parse_iso(raw)
    words = _words(text, lowered)
    weekday = _weekday(text, words)
    readings = _readings(text, words, base.year)
    if len(readings) > 1:
        shown = " or ".join(f"{_long(d)} ({d.isoformat()})" for d in readings)
        raise DateError(f"'{text}' could be read two ways: {shown}; write the year "
                        "in full and the day first, like 12/07/2023")
    day = plausible(readings[0], text)
    if weekday is not None and day.weekday() != weekday:
        raise DateError(f"'{text}': {_long(day)} is a {day:%A}, not a "
                        f"{calendar.day_name[weekday]}")
    return day


def describe(day: date) -> str:
    """Unambiguous echo of a date: ``Wed 12 July 2023 (2023-07-12)``."""
    return f"{day:%a} {day.day} {day:%B %Y} ({day.isoformat()})"


# -- the parts of a typed date -------------------------------------------------

@dataclass(frozen=True)
class _Word:
    text: str  # digits, or a lower-case name
    number: bool


def _words(text: str, lowered: str) -> list[_Word]:
    """Numbers and names, in order; separators dropped; ordinals (12th) become numbers."""
    lowered = _ORDINAL.sub(r"\1", lowered)
    found: list[_Word] = []
    position = 0
    for match in _TOKEN.finditer(lowered):
        if match.start() != position:
            break
        position = match.end()
        part = match.group()
        if not _SEPARATOR.match(part) and part != "of":  # 12th of July 2023
            found.append(_Word(part, part.isdigit()))
    if position != len(lowered) or any(not w.number and not w.text.isascii() for w in found):
        raise DateError(f"'{text}' is not a date; {_HOW}")
    return found


def _weekday(text: str, words: list[_Word]) -> int | None:
    """Remove a weekday name from ``words`` and return its number."""
    days = [w for w in words if not w.number and w.text in _WEEKDAYS]
    if len(days) > 1:
        raise DateError(f"'{text}' is not a date; {_HOW}")
    for w in days:
        words.remove(w)
        return _WEEKDAYS[w.text]
    return None


def _readings(text: str, words: list[_Word], this_year: int) -> list[date]:
    """Every date ``words`` can stand for under the rules; at least one."""
    names = [w for w in words if not w.number]
    numbers = [w.text for w in words if w.number]
    if any(w.text not in _MONTHS for w in names) or len(names) > 1:
        raise DateError(f"'{text}' is not a date; {_HOW}")
    candidates: list[tuple[str, str | int, str]] = []
    if names:
        if len(numbers) < 2:
            raise DateError(f"'{text}' is not a full date; give a day, month and year, "
                            "like 12/07/2023")
        candidates = _with_month_name(numbers, _MONTHS[names[0].text], words.index(names[0]))
    elif len(numbers) == 1 and len(numbers[0]) in (6, 8):
        candidates = _compact(numbers[0])
    elif len(numbers) == 3:
        if len(numbers[0]) == 4:
            candidates = [(numbers[0], numbers[1], numbers[2])]  # year, month, day
        else:
            candidates = [(numbers[2], numbers[1], numbers[0])]  # day, month, year
    elif len(numbers) == 2 or (len(numbers) == 1 and len(numbers[0]) <= 4):
        raise DateError(f"'{text}' is not a full date; give a day, month and year, "
                        "like 12/07/2023")
    found: list[date] = []
    for year_text, month_text, day_text in candidates:
        day = _make(year_text, month_text, day_text, this_year)
        if day is not None and day not in found:
            found.append(day)
    if not found:
        raise DateError(f"'{text}' is not a date; {_HOW}{_month_first_hint(numbers, this_year)}")
    return found


def _month_first_hint(numbers: list[str], this_year: int) -> str:
    """For ``07/13/2023`` (month first), the day-first way to write what was meant."""
    if len(numbers) != 3 or len(numbers[0]) == 4:
        return ""
    meant = _make(numbers[2], numbers[0], numbers[1], this_year)
    if meant is None:
        return ""
    return f" ({numbers[1]} is not a month; for {_long(meant)} write {meant:%d/%m/%Y})"


def _with_month_name(numbers: list[str], month: int,
                     name_at: int) -> list[tuple[str, str | int, str]]:
    """Year and day around a month written as a word."""
    if len(numbers) != 2:
        return []
    first, second = numbers
    if len(first) == 4 and len(second) <= 2:
        return [(first, month, second)]
    if len(second) == 4 and len(first) <= 2:
        return [(second, month, first)]
    if len(first) > 2 or len(second) > 2:
        return []
    if name_at == 1:
        return [(second, month, first)]  # 12 Jul 23: day, month, year
    # Jul 12 23 or 12 23 Jul: either number could be the year.
    return [(second, month, first), (first, month, second)]


def _compact(digits: str) -> list[tuple[str, str | int, str]]:
    """``20230712`` (starts with a year), ``12072023`` or ``120723`` (day first).

    Eight digits are year first when they start with a year a plan can use and
    make a date that way (``19012000`` is 19 January 2000: 1901-20-00 is no date).
    """
    day_first: tuple[str, str | int, str] = (digits[4:], digits[2:4], digits[:2])
    if len(digits) == 8 and FIRST_YEAR <= int(digits[:4]) <= LAST_YEAR:
        year_first: tuple[str, str | int, str] = (digits[:4], digits[4:6], digits[6:])
        if _make(*year_first, this_year=2000) is not None:
            return [year_first]
    return [day_first]


def _make(year_text: str, month: str | int, day_text: str, this_year: int) -> date | None:
    if len(year_text) not in (2, 4) or len(day_text) > 2:
        return None
    if isinstance(month, str):
        if len(month) > 2:
            return None
        month = int(month)
    year = int(year_text)
    if len(year_text) == 2:
        year = _nearest_year(year, this_year)
    try:
        return date(year, month, int(day_text))
    except ValueError:
        return None


def _nearest_year(two_digits: int, this_year: int) -> int:
    """The year ending in ``two_digits`` nearest ``this_year`` (later on a tie)."""
    century = this_year - this_year % 100
    options = [century - 100 + two_digits, century + two_digits, century + 100 + two_digits]
    return min(options, key=lambda y: (abs(y - this_year), -y))


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
