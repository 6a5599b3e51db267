"""``sli due``: what is owed per DPH lead, and its exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import write_plan
from tests.meeting_fixtures import small_plan_with_meetings


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    return small_plan_with_meetings(tmp_path / "p")


def test_owed_table_and_exit_code(sli: SliRunner, plan: Path) -> None:
    result = sli("due", "--plan", str(plan), "--quarter", "2023/24 Q1")
    assert result.exit_code == 1
    assert result.stdout == (
        "Owed for 2023/24 Q1 (as of 2023-09-30)\n"
        "DPH, Devon\n"
        "\n"
        "  Owed             What                                  Detail\n"
        " ───────────────────────────────────────────────────────────────────────\n"
        "  overdue output   KO1.1 Data-sharing agreement signed   due 2022/23 Q3\n"
        "\n"
        "DPH, Somerset\n"
        "\n"
        "  Owed      What                 Detail\n"
        " ──────────────────────────────────────────────────────────\n"
        "  meeting   P2 Tobacco control   no meeting for 2023/24 Q1\n"
        "\n")


def test_default_quarter_is_the_one_under_review(sli: SliRunner, plan: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-10-05")  # first month of Q3: Q2 is under review
    result = sli("due", "--plan", str(plan), "-f", "json")
    data = json.loads(result.stdout)
    assert (data["quarter"], data["as_of"], data["owed"]) == ("2023/24 Q2", "2023-10-05", True)
    by_lead = {lead["dph_lead"]: lead for lead in data["leads"]}
    assert [m["priority"] for m in by_lead["DPH, Devon"]["meetings_owed"]] == ["P1"]
    assert [a["id"] for a in by_lead["DPH, Devon"]["overdue_actions"]] == ["AC7HS"]
    assert by_lead["DPH, Devon"]["unrated_objectives"] == []
    assert by_lead["DPH, Somerset"]["unrated_objectives"] == [{
        "objective": "KO3", "title": "Youth vaping", "priority": "P2",
        "last_rated_quarter": "2022/23 Q4", "last_rag": "red"}]


def test_nothing_owed_exits_0(sli: SliRunner, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2022-07-25")  # first month of Q2: Q1 is under review
    folder = write_plan(tmp_path / "q")
    for priority, rags in (("P1", ["KO1=G", "KO2=G"]), ("P2", ["KO3=A"])):
        args = [arg for rag in rags for arg in ("--rag", rag)]
        recorded = sli("meeting", "record", "--plan", str(folder), "-p", priority,
                       "--date", "20/07/2022", "--quarter", "2022/23 Q1", *args)
        assert recorded.exit_code == 0, recorded.stderr
    result = sli("due", "--plan", str(folder))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "Nothing is owed for 2022/23 Q1 (as of 2022-07-25).\n")
    data = json.loads(sli("due", "--plan", str(folder), "-f", "json").stdout)
    assert data == {"quarter": "2022/23 Q1", "as_of": "2022-07-25", "owed": False, "leads": [],
                    "open_support_asks": []}


def test_never_rated_counts_once_the_plan_has_run_two_quarters(sli: SliRunner, tmp_path: Path,
                                                               monkeypatch:
                                                               pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2022-08-01")
    folder = write_plan(tmp_path / "q")
    first = json.loads(sli("due", "--plan", str(folder), "-q", "2022/23 Q1", "-f", "json")
                       .stdout)
    assert all(lead["unrated_objectives"] == [] for lead in first["leads"])
    monkeypatch.setenv("SLI_TODAY", "2022-11-01")
    second = json.loads(sli("due", "--plan", str(folder), "-q", "2022/23 Q2", "-f", "json")
                        .stdout)
    assert sorted(o["objective"] for lead in second["leads"]
                  for o in lead["unrated_objectives"]) == ["KO1", "KO2", "KO3"]


def test_quarter_outside_the_plan(sli: SliRunner, plan: Path) -> None:
    result = sli("due", "--plan", str(plan), "-q", "2030/31 Q1")
    assert (result.exit_code, result.stderr) == (
        2, "sli: --quarter 2030/31 Q1 is outside the plan period (2022/23 Q1 to 2023/24 Q4)\n")


def test_csv(sli: SliRunner, plan: Path) -> None:
    result = sli("due", "--plan", str(plan), "-q", "2023/24 Q1", "-f", "csv")
    assert result.stdout == (
        "dph_lead,kind,item,detail\n"
        "\"DPH, Devon\",overdue output,KO1.1 Data-sharing agreement signed,due 2022/23 Q3\n"
        "\"DPH, Somerset\",meeting,P2 Tobacco control,no meeting for 2023/24 Q1\n")
    assert result.exit_code == 1
