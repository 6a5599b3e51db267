"""The annual report for a year with no ratings, a year not yet ended
(provisional), and a year not yet started."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import SMALL_PLAN, tree, write_plan
from tests.plans.north_east import build_north_east
from tests.status_data import meet, rate


@pytest.fixture
def north_east(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2024-07-20")
    return build_north_east(tmp_path / "ne")


def sections(markdown: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in markdown.split("\n## ")[1:]:
        title, _, body = part.partition("\n\n")
        found[title] = body.strip()
    return found


def test_a_year_with_no_meetings_says_so(sli: SliRunner, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2024-06-01")
    folder = write_plan(tmp_path / "p", SMALL_PLAN)
    meet(folder, "P2", "2022/23 Q4", date(2023, 3, 20), rate("KO3", "red"))
    meet(folder, "P1", "2022/23 Q4", date(2023, 3, 21), rate("KO1", "amber"),
         rate("KO2", "green"))
    result = sli("report", "--plan", str(folder), "--year", "2023/24")
    assert result.exit_code == 0, result.stderr
    said = "No meetings were recorded for 2023/24, so the year has no ratings."
    assert f"\n\n{said}\n\n" in result.stdout
    found = sections(result.stdout)
    assert found["Achievements"] == f"_{said}_"
    assert found["Barriers and risks"] == f"_{said}_"
    assert "No objective was rated red or amber" not in result.stdout
    # The ratings carried over are those from before the year, and say so.
    assert "| KO3 Youth vaping | **Red** (rated in 2022/23 Q4) |  |" in found[
        "Objectives carrying over"]


def test_a_report_drafted_mid_year_is_provisional(sli: SliRunner, north_east: Path) -> None:
    result = sli("report", "--plan", str(north_east), "--year", "2024/25")
    assert result.exit_code == 0, result.stderr
    assert ("**Provisional**: the position at 20 July 2024; the year ends on "
            "31 March 2025.") in result.stdout
    found = sections(result.stdout)
    actions = found["Actions"]
    assert actions.startswith("None completed during the year so far; 4 outstanding at "
                              "20 July 2024, 2 of them overdue.")
    assert "31 March 2025" not in actions
    # Overdue is judged against today, not the end of the year.
    assert "Extra MMR clinics" not in actions
    assert ("- Fund more test purchases (NE SLI co-ordinator; due Sun 31 Mar 2024, 111 days "
            "overdue; TOB2)") in actions
    # Quarters whose meetings are still to come say so, not "Not rated".
    assert ("| CVD2 Workplace health checks for routine and manual workers | **Red** | to come "
            "| to come | to come |") in found["Ratings by quarter, by priority"]
    assert found["Objectives carrying over"].startswith(
        "Objectives not complete at 20 July 2024 (the year ends on 31 March 2025):")


def test_a_report_for_an_ended_year_is_not_provisional(sli: SliRunner,
                                                       north_east: Path) -> None:
    result = sli("report", "--plan", str(north_east), "--year", "2023/24")
    assert "Provisional" not in result.stdout
    # The year's last meetings were held in April 2024, after it ended: they count.
    assert "| TOB2 Youth vaping: trading standards test purchases | **Green** | **Green** | " \
           "**Amber** | **Amber** |" in result.stdout
    assert "outstanding at 31 March 2024" in result.stdout


def test_a_year_not_started_is_refused(sli: SliRunner, north_east: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    monkeypatch.setenv("SLI_TODAY", "2024-03-01")
    before = tree(north_east)
    out = tmp_path / "r.md"
    result = sli("report", "--plan", str(north_east), "--year", "2024/25", "-o", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "sli: --year 2024/25 has not started: it starts on 1 April 2024\n")
    assert not out.exists() and tree(north_east) == before
