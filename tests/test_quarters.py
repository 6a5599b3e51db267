from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sli_cli.core.quarters import AmbiguousQuarter, Quarter, QuarterError


@pytest.mark.parametrize(
    "text",
    ["2023/24 Q2", "Q2 2023/24", "2023-24 Q2", "FY23/24 Q2", "2023/2024 Q2", "fy 2023/24 q2",
     "2023-24-Q2", "  Q2   2023-2024 ", "23/24 Q2", "Q2, FY2023/24"],
)
def test_parse_accepts_what_people_write(text: str) -> None:
    assert Quarter.parse(text) == Quarter(2023, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023/25 Q2", "'2023/25 Q2' is not a quarter: a financial year runs over two "
                       "consecutive years, like 2023/24"),
        ("Q5 2023/24", "'Q5 2023/24' is not a quarter; write it like '2023/24 Q2' "
                       "(Q1 = Apr-Jun, Q2 = Jul-Sep, Q3 = Oct-Dec, Q4 = Jan-Mar)"),
        ("", "'' is not a quarter; write it like '2023/24 Q2' "
             "(Q1 = Apr-Jun, Q2 = Jul-Sep, Q3 = Oct-Dec, Q4 = Jan-Mar)"),
        ("July 2023", "'July 2023' is not a quarter; write it like '2023/24 Q2' "
                      "(Q1 = Apr-Jun, Q2 = Jul-Sep, Q3 = Oct-Dec, Q4 = Jan-Mar)"),
    ],
)
def test_parse_rejects_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(QuarterError) as info:
        Quarter.parse(text)
    assert str(info.value) == message


def test_century_turn() -> None:
    assert Quarter.parse("1999/00 Q4") == Quarter(1999, 4)
    assert Quarter(1999, 4).label() == "1999/00 Q4"


def test_financial_year_quarters() -> None:
    q2 = Quarter(2023, 2)
    assert (q2.first_day(), q2.last_day()) == (date(2023, 7, 1), date(2023, 9, 30))
    q4 = Quarter(2023, 4)
    assert (q4.first_day(), q4.last_day()) == (date(2024, 1, 1), date(2024, 3, 31))
    assert Quarter.of(date(2024, 3, 31)) == q4
    assert Quarter.of(date(2024, 4, 1)) == Quarter(2024, 1)
    assert Quarter.of(date(2023, 12, 12)) == Quarter(2023, 3)
    assert q4.next() == Quarter(2024, 1)
    assert Quarter(2024, 1).previous() == q4
    assert q4.minus(Quarter(2022, 1)) == 7
    assert q2.slug() == "2023-24-Q2"


def test_other_year_starts() -> None:
    # A calendar financial year is labelled by its single year.
    assert Quarter(2023, 1).label(1) == "2023 Q1"
    assert Quarter.parse("2023 Q1", 1) == Quarter(2023, 1)
    assert Quarter(2023, 1).first_day(1) == date(2023, 1, 1)
    # A year starting in July.
    assert Quarter.of(date(2023, 6, 30), 7) == Quarter(2022, 4)
    assert Quarter(2022, 4).last_day(7) == date(2023, 6, 30)


quarters = st.builds(Quarter, st.integers(1900, 2500), st.integers(1, 4))
months = st.integers(1, 12)


@given(quarters, months)
def test_label_round_trip(q: Quarter, start: int) -> None:
    assert Quarter.parse(q.label(start), start) == q
    assert Quarter.parse(q.slug()) == q


@given(quarters, months)
def test_days_belong_to_their_quarter(q: Quarter, start: int) -> None:
    first, last = q.first_day(start), q.last_day(start)
    assert Quarter.of(first, start) == q
    assert Quarter.of(last, start) == q
    assert Quarter.of(last + timedelta(days=1), start) == q.next()
    assert Quarter.of(first - timedelta(days=1), start) == q.previous()
    assert 89 <= (last - first).days + 1 <= 92


@given(quarters, st.integers(-200, 200))
def test_shift_round_trip(q: Quarter, n: int) -> None:
    assert q.shift(n).shift(-n) == q
    assert q.shift(n).minus(q) == n


@given(st.dates(date(1901, 1, 1), date(2400, 12, 31)), months)
def test_every_date_has_one_quarter(day: date, start: int) -> None:
    q = Quarter.of(day, start)
    assert q.first_day(start) <= day <= q.last_day(start)


@pytest.mark.parametrize(("text", "message"), [
    ("Q1 2023", "'Q1 2023' names no financial year: it could be 2023/24 Q1 (April to June "
                "2023) or the calendar quarter January to March 2023 (2022/23 Q4); write the "
                "financial year, like '2023/24 Q1'"),
    ("2023 Q1", "'2023 Q1' names no financial year: it could be 2023/24 Q1 (April to June "
                "2023) or the calendar quarter January to March 2023 (2022/23 Q4); write the "
                "financial year, like '2023/24 Q1'"),
    ("Q4 2023", "'Q4 2023' names no financial year: it could be 2023/24 Q4 (January to "
                "March 2024) or the calendar quarter October to December 2023 (2023/24 Q3); "
                "write the financial year, like '2023/24 Q4'"),
    ("FY23 Q2", "'FY23 Q2' names no financial year: it could be 2023/24 Q2 (July to "
                "September 2023) or the calendar quarter April to June 2023 (2023/24 Q1); "
                "write the financial year, like '2023/24 Q2'"),
])
def test_a_quarter_without_a_financial_year_is_refused_with_both_readings(
        text: str, message: str) -> None:
    with pytest.raises(AmbiguousQuarter) as info:
        Quarter.parse(text)
    assert str(info.value) == message


def test_one_year_is_a_financial_year_when_the_year_starts_in_january() -> None:
    assert Quarter.parse("Q4 2023", 1) == Quarter(2023, 4)
    assert Quarter.parse("Q4 2023", None) == Quarter(2023, 4)  # files sli wrote
    with pytest.raises(AmbiguousQuarter) as info:
        Quarter.parse("Q3 2023", 7)
    assert "the calendar quarter July to September 2023 (2023/24 Q1)" in str(info.value)


ONE_YEAR_FORMS = ["Q{n} {y}", "{y} Q{n}", "Q{n}-{y}", "FY{y} Q{n}", "q{n} {y}"]
TWO_YEAR_FORMS = ["{y}/{z:02d} Q{n}", "Q{n} {y}/{z:02d}", "{y}-{z:02d}-Q{n}", "FY{y}/{w} Q{n}"]


@given(quarters, st.sampled_from(ONE_YEAR_FORMS + TWO_YEAR_FORMS))
def test_every_form_reads_back_or_is_refused_with_both_readings(q: Quarter, form: str) -> None:
    text = form.format(n=q.number, y=q.year, z=(q.year + 1) % 100, w=q.year + 1)
    if form in ONE_YEAR_FORMS:
        with pytest.raises(AmbiguousQuarter) as info:
            Quarter.parse(text)
        calendar = Quarter.of(date(q.year, 3 * q.number - 2, 1))
        assert q.label() in str(info.value) and calendar.label() in str(info.value)
    else:
        assert Quarter.parse(text) == q
