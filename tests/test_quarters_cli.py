"""Quarters typed without a financial year are refused everywhere, with both readings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import SMALL_PLAN, write_plan, written

Q1_2023 = ("'Q1 2023' names no financial year: it could be 2023/24 Q1 (April to June 2023) "
           "or the calendar quarter January to March 2023 (2022/23 Q4); write the financial "
           "year, like '2023/24 Q1'")


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    return write_plan(tmp_path / "p")


@pytest.mark.parametrize("command", [
    ("status", "--quarter"), ("due", "--quarter"), ("meeting", "list", "--quarter"),
])
def test_commands_refuse_a_quarter_without_a_financial_year(
        sli: SliRunner, plan: Path, command: tuple[str, ...]) -> None:
    result = sli(*command, "Q1 2023", "--plan", str(plan))
    assert result.exit_code == 2
    assert Q1_2023 in result.stderr


def test_init_refuses_a_quarter_without_a_financial_year(sli: SliRunner, tmp_path: Path) -> None:
    result = sli("init", str(tmp_path / "new"), "--title", "T", "--start", "Q1 2023",
                 "--end", "2024/25 Q4")
    assert result.exit_code == 2
    assert Q1_2023 in result.stderr
    assert not (tmp_path / "new").exists()


def test_plan_file_refuses_a_quarter_without_a_financial_year(sli: SliRunner,
                                                               tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "q", SMALL_PLAN.replace('start = "2022/23 Q1"',
                                                          'start = "Q1 2023"'))
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1
    assert f"q/plan.toml:5: {Q1_2023}" in result.output


def test_plan_whose_year_starts_in_january_reads_one_year(sli: SliRunner,
                                                          tmp_path: Path) -> None:
    text = SMALL_PLAN.replace('start = "2022/23 Q1"', 'start = "2022 Q1"\nyear_start_month = 1'
                              ).replace('end = "2023/24 Q4"', 'end = "2023 Q4"').replace(
        'due = "2022/23 Q3"', 'due = "2022 Q3"')
    folder = write_plan(tmp_path / "jan", text)
    assert sli("check", "--plan", str(folder)).exit_code == 0
    result = sli("status", "--plan", str(folder), "--quarter", "Q2 2023", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert '"quarter": "2023 Q2"' in result.stdout


def test_meeting_record_reads_quarters_by_the_plans_year(sli: SliRunner, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    april = write_plan(tmp_path / "apr")
    refused = sli("meeting", "record", "--plan", str(april), "-p", "P2", "--date",
                  "12/07/2023", "--quarter", "Q1 2023", "--rag", "KO3=G")
    assert refused.exit_code != 0 and Q1_2023 in refused.stderr
    text = SMALL_PLAN.replace('start = "2022/23 Q1"', 'start = "2022 Q1"\nyear_start_month = 1'
                              ).replace('end = "2023/24 Q4"', 'end = "2023 Q4"').replace(
        'due = "2022/23 Q3"', 'due = "2022 Q3"')
    january = write_plan(tmp_path / "jan", text)
    result = sli("meeting", "record", "--plan", str(january), "-p", "P2", "--date",
                 "12/07/2023", "--quarter", "2023 Q2", "--rag", "KO3=G")
    assert result.exit_code == 0, result.stderr
    assert written(january, "meetings/2023-24-Q2/P2").is_file()


def test_due_and_meeting_show_read_quarters_by_the_plans_year(
        sli: SliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``2023 Q2`` in a plan whose year starts in January is April to June
    2023 in every command that reads a quarter, not only in ``status``."""
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    text = SMALL_PLAN.replace('start = "2022/23 Q1"', 'start = "2022 Q1"\nyear_start_month = 1'
                              ).replace('end = "2023/24 Q4"', 'end = "2023 Q4"').replace(
        'due = "2022/23 Q3"', 'due = "2022 Q3"')
    january = write_plan(tmp_path / "jan", text)
    assert sli("meeting", "record", "--plan", str(january), "-p", "P2", "--date",
               "12/07/2023", "--quarter", "2023 Q2", "--rag", "KO3=G", "-y").exit_code == 0
    shown = sli("meeting", "show", "P2", "2023", "Q2", "--plan", str(january))
    assert shown.exit_code == 0, shown.stderr
    listed = sli("meeting", "list", "-q", "2023 Q2", "--plan", str(january), "-f", "json")
    assert listed.exit_code == 0 and '"P2"' in listed.stdout, listed.stderr
    due = sli("due", "-q", "2023 Q2", "--plan", str(january), "-f", "json")
    assert due.exit_code in (0, 1) and '"2023 Q2"' in due.stdout, due.stderr


def test_a_quarter_outside_the_plan_names_the_option_however_it_was_typed(
        sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    for command in ("status", "due"):
        for typed in (["--quarter", "2030/31 Q1"], ["--quarter=2030/31 Q1"],
                      ["-q", "2030/31 Q1"], ["-q2030/31 Q1"]):
            result = sli(command, *typed, "--plan", str(folder))
            assert result.exit_code == 2, (command, typed, result.stderr)
            assert result.stderr.startswith("sli: --quarter 2030/31 Q1 is outside the plan "
                                            "period"), (command, typed, result.stderr)


def test_a_plan_whose_year_starts_in_january_refuses_a_financial_year_quarter(
        sli: SliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """'2023/24 Q2' is July to September 2023 where years start in April, but
    in a plan whose years start in January it would have read as April to
    June: it is refused with both quarters named, and the help for a quarter
    that is no quarter gives this plan's months."""
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    text = SMALL_PLAN.replace('start = "2022/23 Q1"', 'start = "2022 Q1"\nyear_start_month = 1'
                              ).replace('end = "2023/24 Q4"', 'end = "2023 Q4"').replace(
        'due = "2022/23 Q3"', 'due = "2022 Q3"')
    january = write_plan(tmp_path / "jan", text)
    for argv in (["due", "-q", "2023/24 Q2"], ["meeting", "list", "-q", "2023/24 Q2"],
                 ["status", "--quarter", "2023/24 Q2"]):
        result = sli(*argv, "--plan", str(january))
        assert result.exit_code == 2, (argv, result.stderr)
        assert result.stderr == (
            "sli: --quarter: '2023/24 Q2' is written as a financial year starting in April "
            "(July to September 2023), but this plan's years start in January: that quarter "
            "is '2023 Q3', and '2023 Q2' is April to June 2023; write the one meant\n"), argv
    bad = sli("due", "-q", "2023 Q5", "--plan", str(january))
    assert bad.stderr == ("sli: --quarter: '2023 Q5' is not a quarter; write it like '2023 Q2' "
                          "(Q1 = Jan-Mar, Q2 = Apr-Jun, Q3 = Jul-Sep, Q4 = Oct-Dec)\n")
