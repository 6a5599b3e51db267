"""Stale ratings and overdue actions around quarter ends and the turn of the
financial year (Q4 ends 31 March; Q1 starts 1 April)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.views.position import Cutoff, compute_position
from tests.conftest import SliRunner
from tests.helpers import load_records, write_plan
from tests.status_data import PLAN, act, done, load, meet, rate


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """KO1 rated green in 2022/23 Q3 with an action due on the last day of Q4;
    KO2 rated in 2022/23 Q4 with an action due on the last day of 2023/24 Q1."""
    folder = write_plan(tmp_path / "plan", PLAN)
    meet(folder, "P1", "2022/23 Q3", date(2022, 12, 10),
         rate("KO1", "green", act("AEND4", date(2023, 3, 31))))
    meet(folder, "P1", "2022/23 Q4", date(2023, 3, 20),
         rate("KO2", "amber", act("AEND1", date(2023, 6, 30))))
    return folder


@pytest.mark.parametrize(("today", "quarter", "ko1", "ko2"), [
    # (today, quarter shown, KO1 (open, overdue, stale), KO2 (open, overdue, stale))
    ("2022-12-31", "2022/23 Q3", (1, 0, False), (0, 0, True)),
    # In the first month of a quarter the quarter before is still under review.
    ("2023-01-01", "2022/23 Q3", (1, 0, False), (0, 0, True)),
    ("2023-02-01", "2022/23 Q4", (1, 0, False), (0, 0, True)),
    ("2023-03-31", "2022/23 Q4", (1, 0, False), (1, 0, False)),
    # The financial year turns; Q4 is under review through April.
    ("2023-04-01", "2022/23 Q4", (1, 1, False), (1, 0, False)),
    ("2023-04-30", "2022/23 Q4", (1, 1, False), (1, 0, False)),
    # From May, Q1 is under review and Q3's rating is two quarters old.
    ("2023-05-01", "2023/24 Q1", (1, 1, True), (1, 0, False)),
    ("2023-06-30", "2023/24 Q1", (1, 1, True), (1, 0, False)),
    ("2023-07-01", "2023/24 Q1", (1, 1, True), (1, 1, False)),
    ("2023-08-01", "2023/24 Q2", (1, 1, True), (1, 1, True)),
])
def test_stale_and_overdue_at_boundaries(sli: SliRunner, folder: Path,
                                         monkeypatch: pytest.MonkeyPatch, today: str,
                                         quarter: str, ko1: tuple[int, int, bool],
                                         ko2: tuple[int, int, bool]) -> None:
    # As it stood on that day (--as-of), and as sli shows it when that day is today
    # (a record dated after today would be an error, so only from 2023-03-20).
    runs = [("--as-of", today)]
    if today >= "2023-03-20":
        runs.append(())
    for extra in runs:
        monkeypatch.setenv("SLI_TODAY", today if not extra else "2024-02-01")
        result = sli("status", "--plan", str(folder), "-f", "json", *extra)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert (data["quarter"], data["as_of"]) == (quarter, today)
        found = {o["id"]: (o["open_actions"], o["overdue_actions"], o["stale"])
                 for o in data["objectives"]}
        assert (found["KO1"], found["KO2"]) == (ko1, ko2)


def test_an_action_done_on_its_due_date_is_neither_open_nor_overdue(folder: Path) -> None:
    done(folder, "AEND4", date(2023, 3, 31))
    plan = load(folder)
    records = load_records(folder)
    before = compute_position(plan, records, Cutoff(Quarter(2022, 4), date(2023, 3, 30)))
    after = compute_position(plan, records, Cutoff(Quarter(2023, 1), date(2023, 4, 1)))
    ko1_before, ko1_after = before.objectives[0], after.objectives[0]
    assert (ko1_before.open_actions, ko1_before.overdue_actions) == (1, 0)
    assert (ko1_after.open_actions, ko1_after.overdue_actions) == (0, 0)


def test_meetings_owed_start_again_each_quarter(sli: SliRunner, folder: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-03-31")
    owed_q4 = json.loads(sli("status", "--plan", str(folder), "-f", "json").stdout)
    monkeypatch.setenv("SLI_TODAY", "2023-04-30")  # Q4's meetings may still be held
    owed_april = json.loads(sli("status", "--plan", str(folder), "-f", "json").stdout)
    assert owed_april["meetings_owed"] == ["P2"]
    monkeypatch.setenv("SLI_TODAY", "2023-05-01")
    owed_q1 = json.loads(sli("status", "--plan", str(folder), "-f", "json").stdout)
    assert (owed_q4["meetings_owed"], owed_q1["meetings_owed"]) == (["P2"], ["P1", "P2"])
