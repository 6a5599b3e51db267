from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sli_cli.core.dates import DateError, describe, parse_iso, parse_lenient

TODAY = date(2023, 8, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/07/2023", date(2023, 7, 12)),
        ("12/7/23", date(2023, 7, 12)),
        ("12 July 2023", date(2023, 7, 12)),
        ("12 Jul 2023", date(2023, 7, 12)),
        ("2023-07-12", date(2023, 7, 12)),
        ("12.07.2023", date(2023, 7, 12)),
        ("today", TODAY),
        ("Yesterday", date(2023, 7, 31)),
    ],
)
def test_lenient_day_first(text: str, expected: date) -> None:
    assert parse_lenient(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2023", "'31/02/2023' is not a date; write it day first, like 12/07/2023 or "
                       "12 July 2023"),
        ("July 2023", "'July 2023' is not a full date; give a day, month and year, like "
                      "12/07/2023"),
        ("soon", "'soon' is not a date; write it day first, like 12/07/2023 or 12 July 2023"),
        ("", "no date given"),
        ("2023-02-30", "'2023-02-30' is not a real date (day is out of range for month)"),
    ],
)
def test_lenient_rejects(text: str, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_lenient(text, today=TODAY)
    assert str(info.value) == message


def test_iso_is_strict() -> None:
    assert parse_iso("2023-07-12") == date(2023, 7, 12)
    with pytest.raises(DateError):
        parse_iso("12/07/2023")


def test_describe_is_unambiguous() -> None:
    assert describe(date(2023, 7, 12)) == "Wed 12 July 2023 (2023-07-12)"


# -- year first, day first, and nothing read two ways --------------------------

@pytest.mark.parametrize("text", [
    "2023/07/12", "2023-7-12", "20230712", "2023.07.12", "2023 Jul 12", "2023 July 12th",
    "12/07/2023", "12.07.2023", "12-07-2023", "12 Jul 23", "12/7/23", "12072023", "120723",
    "July 12th 2023", "12th of July 2023", "Wed 12 July 2023", "wednesday 12 jul 2023",
])
def test_every_written_form_of_12_july_2023(text: str) -> None:
    assert parse_lenient(text, today=TODAY) == date(2023, 7, 12)


@pytest.mark.parametrize(("text", "message"), [
    ("Jul 12 23", "'Jul 12 23' could be read two ways: 12 July 2023 (2023-07-12) or "
                  "23 July 2012 (2012-07-23); write the year in full and the day first, "
                  "like 12/07/2023"),
    ("07/13/2023", "'07/13/2023' is not a date; write it day first, like 12/07/2023 or "
                   "12 July 2023 (13 is not a month; for 13 July 2023 write 13/07/2023)"),
    ("Tue 12 July 2023", "'Tue 12 July 2023': 12 July 2023 is a Wednesday, not a Tuesday"),
    ("2023712", "'2023712' is not a date; write it day first, like 12/07/2023 or "
                "12 July 2023"),
    ("12 juillet 2023", "'12 juillet 2023' is not a date; write it day first, like "
                        "12/07/2023 or 12 July 2023"),
    ("12/07/2023 10:00", "'12/07/2023 10:00' is not a date; write it day first, like "
                         "12/07/2023 or 12 July 2023"),
])
def test_refusals_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_lenient(text, today=TODAY)
    assert str(info.value) == message


def test_two_digit_years_are_the_nearest_to_today() -> None:
    assert parse_lenient("12/07/99", today=date(2023, 1, 1)) == date(1999, 7, 12)
    assert parse_lenient("12/07/60", today=date(2023, 1, 1)) == date(2060, 7, 12)
    assert parse_lenient("12/07/99", today=date(2060, 1, 1)) == date(2099, 7, 12)


def _suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


# Every written form of a date named in the rules (docs/dates.md). Forms with a
# two-digit year name a date only within fifty years of today.
FULL_YEAR_FORMS = {
    "dd/mm/yyyy": lambda d: f"{d:%d/%m/%Y}",
    "d/m/yyyy": lambda d: f"{d.day}/{d.month}/{d.year}",
    "dd.mm.yyyy": lambda d: f"{d:%d.%m.%Y}",
    "dd-mm-yyyy": lambda d: f"{d:%d-%m-%Y}",
    "yyyy-mm-dd": lambda d: f"{d:%Y-%m-%d}",
    "yyyy-m-d": lambda d: f"{d.year}-{d.month}-{d.day}",
    "yyyy/mm/dd": lambda d: f"{d:%Y/%m/%d}",
    "yyyy.mm.dd": lambda d: f"{d:%Y.%m.%d}",
    "yyyymmdd": lambda d: f"{d:%Y%m%d}",
    "ddmmyyyy": lambda d: f"{d:%d%m%Y}",
    "d Month yyyy": lambda d: f"{d.day} {d:%B %Y}",
    "Month dth yyyy": lambda d: f"{d:%B} {d.day}{_suffix(d.day)} {d.year}",
    "Wkd d Mon yyyy": lambda d: f"{d:%a} {d.day} {d:%b %Y}",
    "yyyy Mon dd": lambda d: f"{d:%Y %b %d}",
}
SHORT_YEAR_FORMS = {
    "dd Mon yy": lambda d: f"{d:%d %b %y}",
    "d/m/yy": lambda d: f"{d.day}/{d.month}/{d:%y}",
    "ddmmyy": lambda d: f"{d:%d%m%y}",
    "Mon d yy": lambda d: f"{d:%b} {d.day} {d:%y}",  # may be refused as two readings
}


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
       today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
       form=st.sampled_from(sorted(FULL_YEAR_FORMS)))
def test_full_year_forms_read_back_as_the_date_they_were_made_from(
        day: date, today: date, form: str) -> None:
    assert parse_lenient(FULL_YEAR_FORMS[form](day), today=today) == day


@given(data=st.data(), today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
       form=st.sampled_from(sorted(SHORT_YEAR_FORMS)))
def test_short_year_forms_read_back_or_are_refused_never_another_date(
        data: st.DataObject, today: date, form: str) -> None:
    day = data.draw(st.dates(min_value=date(today.year - 49, 1, 1),
                             max_value=date(today.year + 49, 12, 31)))
    text = SHORT_YEAR_FORMS[form](day)
    try:
        read = parse_lenient(text, today=today)
    except DateError as exc:
        assert form == "Mon d yy", text
        assert "could be read two ways" in str(exc) and day.isoformat() in str(exc)
    else:
        assert read == day, text


@given(text=st.text(alphabet="0123456789/-. JulyWedth", max_size=14))
def test_any_text_is_a_date_or_a_date_error(text: str) -> None:
    try:
        read = parse_lenient(text, today=TODAY)
    except DateError as exc:
        assert str(exc)
    else:
        assert isinstance(read, date)


MONTH_FORMS = {
    "yyyy-mm": lambda d: f"{d:%Y-%m}",
    "Mon yyyy": lambda d: f"{d:%b %Y}",
    "Month yyyy": lambda d: f"{d:%B %Y}",
    "mm/yyyy": lambda d: f"{d:%m/%Y}",
    "m/yyyy": lambda d: f"{d.month}/{d.year}",
    "yyyy/mm": lambda d: f"{d:%Y/%m}",
}


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 1)),
       form=st.sampled_from(sorted(MONTH_FORMS)))
def test_every_written_form_of_a_month_reads_back(day: date, form: str) -> None:
    from sli_cli.core.months import Month
    from sli_cli.plan import lookup

    assert lookup.month(MONTH_FORMS[form](day)) == Month(day.year, day.month)
