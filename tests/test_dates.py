from datetime import date

import pytest

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
