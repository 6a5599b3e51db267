"""``sli actions`` and ``sli action done``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import shown, tree, written
from tests.meeting_fixtures import small_plan_with_meetings


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    return small_plan_with_meetings(tmp_path / "p")


def test_open_actions_table(sli: SliRunner, plan: Path) -> None:
    result = sli("actions", "--plan", str(plan))
    assert result.exit_code == 0
    assert result.stdout == (
        "\n"
        "  Id      Due          Age   Status    Action (owner)               From\n"
        " ──────────────────────────────────────────────────────────────────────────────\n"
        "  AC7HS   2023-09-30   112   OVERDUE   Chase the last two           P1 KO1\n"
        "                                       councils                     2023/24 Q1\n"
        "                                       (SW SLI co-ordinator)\n"
        "  AD4TA   2023-12-15   112   open      Draft a data-sharing         P1 KO1\n"
        "                                       agreement                    2023/24 Q1\n"
        "                                       (DPH, Devon)\n"
        "\n")


def test_overdue_all_owner_and_priority_filters(sli: SliRunner, plan: Path) -> None:
    def ids(*args: str) -> list[str]:
        result = sli("actions", "--plan", str(plan), "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        return [row["id"] for row in json.loads(result.stdout)]

    assert ids() == ["AC7HS", "AD4TA"]
    assert ids("--overdue") == ["AC7HS"]
    assert ids("--all") == ["AK3RD", "AC7HS", "AD4TA"]
    assert ids("--all", "--owner", "somerset") == ["AK3RD"]
    assert ids("--all", "--priority", "p2") == ["AK3RD"]


def test_json_fields(sli: SliRunner, plan: Path) -> None:
    result = sli("actions", "--plan", str(plan), "--all", "-f", "json")
    first = json.loads(result.stdout)[0]
    assert first == {
        "id": "AK3RD", "due": "2023-05-31", "status": "done", "overdue": False,
        "age_days": 35, "owner": "DPH, Somerset", "text": "Agree a new survey date",
        "objective": "KO3", "priority": "P2", "quarter": "2022/23 Q4",
        "meeting_date": "2023-04-20", "done_date": "2023-05-25",
        "done_note": "Survey now in June", "council": "",
    }


def test_csv(sli: SliRunner, plan: Path) -> None:
    result = sli("actions", "--plan", str(plan), "--overdue", "-f", "csv")
    assert result.stdout == (
        "id,due,status,age_days,owner,text,objective,priority,quarter,meeting_date,done_date,"
        "council\n"
        "AC7HS,2023-09-30,OVERDUE,112,SW SLI co-ordinator,Chase the last two councils,KO1,P1,"
        "2023/24 Q1,2023-07-12,,\n")


def test_nothing_to_list(sli: SliRunner, plan: Path) -> None:
    result = sli("actions", "--plan", str(plan), "--owner", "nobody")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "No open actions that match.\n")


def test_choose_one_filter(sli: SliRunner, plan: Path) -> None:
    result = sli("actions", "--plan", str(plan), "--open", "--all")
    assert (result.exit_code, result.stderr) == (
        2, "sli: choose one of --open, --overdue and --all\n")


def test_action_done_writes_a_new_record(sli: SliRunner, plan: Path) -> None:
    meeting_before = written(plan, "meetings/2023-24-Q1/P1").read_bytes()
    result = sli("action", "done", "--plan", str(plan), "ac7hs", "--date", "2/10/2023",
                 "--note", "All five sharing")
    assert result.exit_code == 0, result.stderr
    done = written(plan, "actions/AC7HS")
    assert result.stderr == ("Recorded action AC7HS as done on Mon 2 October 2023 "
                             f"(2023-10-02) in {shown(plan, done)}\n")
    text = done.read_text()
    assert 'action = "AC7HS"\ndate = 2023-10-02\nnote = "All five sharing"\n' in text
    assert written(plan, "meetings/2023-24-Q1/P1").read_bytes() == meeting_before
    listed = sli("actions", "--plan", str(plan), "-f", "json")
    assert [row["id"] for row in json.loads(listed.stdout)] == ["AD4TA"]


@pytest.mark.parametrize(("args", "code", "message"), [
    (["AC7HX"], 2, "sli: no action 'AC7HX' in this plan (did you mean 'AC7HS'?); "
                   "see: sli actions --all"),
    ([""], 2, "sli: no action '' in this plan; see: sli actions --all"),
    (["AK3RD"], 1, "sli: action AK3RD was already recorded as done on 2023-05-25 "
                   "(<file of AK3RD>)"),
    (["AC7HS", "--date", "1/7/2023"], 1,
     "sli: action AC7HS was raised on 2023-07-12; it cannot be done on 2023-07-01, before "
     "it was raised"),
    (["AC7HS", "--date", "2/12/2023"], 2, "sli: --date: 2023-12-02 is in the future"),
    (["AC7HS", "--date", "32/10/2023"], 2,
     "sli: --date: '32/10/2023' is not a date; write it day first, like 12/07/2023 or "
     "12 July 2023"),
])
def test_action_done_refusals(sli: SliRunner, plan: Path, args: list[str], code: int,
                              message: str) -> None:
    before = tree(plan)
    if "<file of AK3RD>" in message:
        message = message.replace("<file of AK3RD>", shown(plan, written(plan, "actions/AK3RD")))
    result = sli("action", "done", "--plan", str(plan), *args)
    assert (result.exit_code, result.stderr) == (code, message + "\n")
    assert tree(plan) == before
