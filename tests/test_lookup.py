"""Reading typed ids, quarters, years, months and ratings against a plan
(``sli_cli.plan.lookup``), without the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sli_cli.core.errors import BadValue, InputError, NotFound, OutOfPeriod
from sli_cli.core.months import Month
from sli_cli.core.quarters import Quarter
from sli_cli.plan import lookup
from sli_cli.plan.loader import read_plan
from sli_cli.plan.model import Plan, Rating
from tests.helpers import write_plan


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    loaded, problems = read_plan(write_plan(tmp_path / "plan"))
    assert loaded is not None, problems
    return loaded


def test_ids_are_found_in_any_case_and_with_spaces() -> None:
    assert lookup.find_id(" ko14 ", ["KO4", "KO14"]) == "KO14"
    assert lookup.find_id("KO14", ["KO4", "KO14"]) == "KO14"
    assert lookup.find_id("KO41", ["KO4", "KO14"]) is None


def test_an_unknown_id_carries_the_nearest_and_no_option() -> None:
    with pytest.raises(NotFound) as info:
        lookup.resolve_id("objective", "KO41", ["KO4", "KO14", "P1"])
    error = info.value
    assert (error.kind, error.field, error.value, error.nearest) == (
        "objective", "objective", "KO41", "KO4")
    assert error.detail == "no objective 'KO41' in this plan (did you mean 'KO4'?)"


def test_an_unknown_id_far_from_all_has_no_suggestion_but_can_list_them() -> None:
    with pytest.raises(NotFound) as info:
        lookup.resolve_id("priority", "zzz", ["P1", "P2"], list_known=True)
    assert info.value.nearest is None
    assert info.value.detail == "no priority 'zzz' in this plan; the plan's priorities are P1, P2"


def test_objective_priority_and_action(plan: Plan) -> None:
    assert lookup.objective(plan, "ko3").id == "KO3"
    assert lookup.priority(plan, " p2").id == "P2"
    assert [p.id for p in lookup.priorities(plan, "p2, P1")] == ["P2", "P1"]
    assert lookup.action(["A3F9K", "B2C4D"], "a3f9k") == "A3F9K"
    with pytest.raises(NotFound) as info:
        lookup.action(["A3F9K"], "A3F9X")
    assert (info.value.kind, info.value.nearest) == ("action", "A3F9K")


def test_an_empty_list_names_nothing(plan: Plan) -> None:
    with pytest.raises(BadValue) as info:
        lookup.priorities(plan, " , ")
    assert (info.value.field, info.value.detail) == ("priority", "' , ' names nothing to look for")


def test_quarters_in_and_out_of_the_period(plan: Plan) -> None:
    assert lookup.quarter(plan, "2023/24 Q1") == Quarter(2023, 1)
    with pytest.raises(OutOfPeriod) as info:
        lookup.quarter(plan, "2030/31 Q1", field="as of")
    assert info.value.field == "as of"
    assert info.value.detail == ("2030/31 Q1 is outside the plan period "
                                 f"({plan.period_label()})")
    with pytest.raises(OutOfPeriod) as started:
        lookup.quarter(plan, "2023/24 Q4", today=date(2023, 11, 1))
    assert started.value.detail == "2023/24 Q4 has not started yet (today is in 2023/24 Q3)"
    with pytest.raises(InputError) as unreadable:
        lookup.quarter(plan, "Q9")
    assert unreadable.value.field == "quarter"


def test_years(plan: Plan) -> None:
    assert lookup.year(plan, "2023/24") == [Quarter(2023, i) for i in range(1, 5)]
    with pytest.raises(BadValue) as info:
        lookup.year(plan, "next year")
    assert info.value.detail == "'next year' is not a financial year; write it like 2023/24"


def test_months(plan: Plan) -> None:
    assert lookup.month(" 2023-11 ") == Month(2023, 11)
    for typed in ("Nov 2023", "November 2023", "11/2023", "11-2023", "2023/11", "nov, 2023",
                  "2023 November", "SEPT 2023"):
        assert lookup.month(typed) in (Month(2023, 11), Month(2023, 9)), typed
    assert lookup.month("Sept 2023") == Month(2023, 9)
    for wrong in ("11/23", "Nov 23", "13/2023", "Movember 2023", "2023"):
        with pytest.raises(BadValue):
            lookup.month(wrong)
    with pytest.raises(BadValue) as info:
        lookup.month("2023-13")
    assert (info.value.field, info.value.detail) == (
        "month", "'2023-13' is not a month; write it like 2023-11, Nov 2023 or 11/2023")
    closing = Month.of(plan.last_meeting_day())
    assert lookup.month_in_plan(plan, closing) == closing
    with pytest.raises(OutOfPeriod) as late:
        lookup.month_in_plan(plan, closing.next(), defaulted=True)
    assert late.value.defaulted
    assert late.value.value == f"this month ({closing.next().key()})"


def test_ratings(plan: Plan) -> None:
    assert lookup.ratings(plan, "red, A,none") == [Rating.RED, Rating.AMBER, None]
    with pytest.raises(BadValue) as info:
        lookup.ratings(plan, "reed")
    assert info.value.field == "rating"
    assert info.value.detail.startswith("'reed' is not a rating (did you mean 'red'?); use ")
