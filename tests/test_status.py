"""``sli status``: the table at 80 and 120 columns, the JSON/CSV/Markdown
contracts, --as-of and --quarter, filters, and every refused input."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import tree, write_plan
from tests.status_data import PLAN, act, done, meet, rate, small_plan_with_meetings


def lines(text: str) -> str:
    """Rich pads table cells with spaces; compare without trailing ones."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


@pytest.fixture
def plan_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-12-20")
    return small_plan_with_meetings(tmp_path / "plan")


TABLE_80 = """\
Tiny SLI Plan
Position at 2023/24 Q3, as of Wed 20 December 2023 (2023-12-20)

ID    Objective / lead          Rating  Trend  Rated in    Open  Overdue  Stale
────────────────────────────────────────────────────────────────────────────────
P1    Suicide prevention
      DPH lead: DPH, Devon
KO1   Real-time surveillance    Green   ↑      2023/24 Q3     0        0
      DPH, Devon
KO2   Bereavement support       Red     ↓      2023/24 Q3     2        1
      after suicide available
      in every council area
      DPH, Torbay

P2    Tobacco control
      DPH lead: DPH, Somerset
KO3   Youth vaping              Amber          2023/24 Q2     0        0
      DPH, Somerset
KO10  Retail compliance         -                             0        0  stale
      DPH, Somerset

4 objectives: 1 Red, 1 Amber, 1 Green, 1 not rated
Rated in 2023/24 Q3: 1 improved (KO1), 1 worse (KO2) than their previous rating
Meetings still owed for 2023/24 Q3: P2 (DPH, Somerset)
Outputs not yet delivered: 1 overdue (KO1.1)
Stale: no rating this quarter or last.
"""

TABLE_120 = """\
Tiny SLI Plan
Position at 2023/24 Q3, as of Wed 20 December 2023 (2023-12-20)

ID    Objective                           Lead                     Rating  Trend       Rated in    Open  Overdue  Stale
────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
P1    Suicide prevention                  DPH lead: DPH, Devon
KO1   Real-time surveillance              DPH, Devon               Green   ↑ improved  2023/24 Q3     0        0
KO2   Bereavement support after suicide   DPH, Torbay              Red     ↓ worse     2023/24 Q3     2        1
      available in every council area

P2    Tobacco control                     DPH lead: DPH, Somerset
KO3   Youth vaping                        DPH, Somerset            Amber               2023/24 Q2     0        0
KO10  Retail compliance                   DPH, Somerset            -                                  0        0  stale

4 objectives: 1 Red, 1 Amber, 1 Green, 1 not rated
Rated in 2023/24 Q3: 1 improved (KO1), 1 worse (KO2) than their previous rating
Meetings still owed for 2023/24 Q3: P2 (DPH, Somerset)
Outputs not yet delivered: 1 overdue (KO1.1)
Stale: no rating this quarter or last.
"""  # noqa: E501


def test_table_at_80_columns(sli: SliRunner, plan_dir: Path) -> None:
    result = sli("status", "--plan", str(plan_dir))
    assert (result.exit_code, result.stderr) == (0, "")
    assert lines(result.stdout) == TABLE_80
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_table_at_120_columns(sli: SliRunner, plan_dir: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    result = sli("status", "--plan", str(plan_dir))
    assert (result.exit_code, result.stderr) == (0, "")
    assert lines(result.stdout) == TABLE_120


def test_ids_are_never_truncated_even_when_very_narrow(sli: SliRunner, plan_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = sli("status", "--plan", str(plan_dir))
    assert result.exit_code == 0
    firsts = [line.split()[0] for line in result.stdout.splitlines()[3:]
              if line[:1] in ("K", "P") and not line.startswith("Position")]
    assert firsts == ["P1", "KO1", "KO2", "P2", "KO3", "KO10"]


EXPECTED_OBJECTIVES = [
    {"id": "KO1", "title": "Real-time surveillance", "priority": "P1", "lead": "DPH, Devon",
     "rag": "green", "previous_rag": "amber", "trend": "improved",
     "rated_quarter": "2023/24 Q3", "open_actions": 0, "overdue_actions": 0, "stale": False},
    {"id": "KO2", "title": "Bereavement support after suicide available in every council area",
     "priority": "P1", "lead": "DPH, Torbay", "rag": "red", "previous_rag": "green",
     "trend": "worse", "rated_quarter": "2023/24 Q3", "open_actions": 2,
     "overdue_actions": 1, "stale": False},
    {"id": "KO3", "title": "Youth vaping", "priority": "P2", "lead": "DPH, Somerset",
     "rag": "amber", "previous_rag": None, "trend": None, "rated_quarter": "2023/24 Q2",
     "open_actions": 0, "overdue_actions": 0, "stale": False},
    {"id": "KO10", "title": "Retail compliance", "priority": "P2", "lead": "DPH, Somerset",
     "rag": None, "previous_rag": None, "trend": None, "rated_quarter": None,
     "open_actions": 0, "overdue_actions": 0, "stale": True},
]


def test_json_contract(sli: SliRunner, plan_dir: Path) -> None:
    result = sli("status", "--plan", str(plan_dir), "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == {
        "plan": {"id": "tiny", "title": "Tiny SLI Plan"},
        "quarter": "2023/24 Q3",
        "as_of": "2023-12-20",
        "note": None,
        "recorded_later": None,
        "summary": {"red": 1, "amber": 1, "green": 1, "blue": 0, "grey": 0, "not_rated": 1},
        "improved": ["KO1"],
        "worsened": ["KO2"],
        "meetings_owed": ["P2"],
        "retired": [],
        "objectives": EXPECTED_OBJECTIVES,
    }


def test_csv_contract(sli: SliRunner, plan_dir: Path) -> None:
    result = sli("status", "--plan", str(plan_dir), "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "id,title,priority,lead,rag,previous_rag,trend,rated_quarter,open_actions,"
        "overdue_actions,stale\n"
        'KO1,Real-time surveillance,P1,"DPH, Devon",green,amber,improved,2023/24 Q3,0,0,false\n'
        "KO2,Bereavement support after suicide available in every council area,P1,"
        '"DPH, Torbay",red,green,worse,2023/24 Q3,2,1,false\n'
        'KO3,Youth vaping,P2,"DPH, Somerset",amber,,,2023/24 Q2,0,0,false\n'
        'KO10,Retail compliance,P2,"DPH, Somerset",,,,,0,0,true\n'
    )


def test_csv_cells_cannot_run_as_formulas(sli: SliRunner, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-12-20")
    text = PLAN.replace('"Youth vaping"', '"=HYPERLINK(\\"http://x\\")"').replace(
        'lead = "DPH, Somerset"', 'lead = "@Somerset"')
    folder = write_plan(tmp_path / "plan", text)
    result = sli("status", "--plan", str(folder), "-f", "csv", "-p", "P2")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["title"], r["lead"]) for r in rows] == [
        ("'=HYPERLINK(\"http://x\")", "'@Somerset"), ("Retail compliance", "'@Somerset")]


def test_markdown_shows_arrow_and_word(sli: SliRunner, plan_dir: Path) -> None:
    result = sli("status", "--plan", str(plan_dir), "-f", "md", "-p", "P1")
    assert result.stdout == (
        "| ID | Objective | Priority | Lead | Rating | Previous | Trend | Rated in "
        "| Open actions | Overdue actions | Stale |\n"
        "|---|---|---|---|---|---|---|---|---:|---:|---|\n"
        "| KO1 | Real-time surveillance | P1 | DPH, Devon | Green | Amber | ↑ improved "
        "| 2023/24 Q3 | 0 | 0 |  |\n"
        "| KO2 | Bereavement support after suicide available in every council area | P1 "
        "| DPH, Torbay | Red | Green | ↓ worse | 2023/24 Q3 | 2 | 1 |  |\n"
    )


def status_json(sli: SliRunner, *args: str) -> dict[str, object]:
    result = sli("status", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_as_of_reproduces_an_earlier_position(sli: SliRunner, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The position on 30 Sept 2023 stays the same after later meetings, a
    completion and an amendment of a Q2 meeting are recorded."""
    monkeypatch.setenv("SLI_TODAY", "2023-09-30")
    folder = tmp_path / "plan"
    write_plan(folder, PLAN)
    meet(folder, "P1", "2023/24 Q2", date(2023, 9, 12),
         rate("KO1", "amber", act("AQ2A", date(2023, 10, 31))), rate("KO2", "green"))
    before = status_json(sli, "--plan", str(folder))
    assert [o["rag"] for o in before["objectives"]] == ["amber", "green", None, None]  # type: ignore[attr-defined]

    monkeypatch.setenv("SLI_TODAY", "2024-01-15")
    meet(folder, "P1", "2023/24 Q2", date(2023, 9, 12),
         rate("KO1", "red", act("AQ2A", date(2023, 10, 31))), rate("KO2", "green"),
         amend=True, recorded=date(2023, 10, 3))
    done(folder, "AQ2A", date(2023, 11, 2))
    meet(folder, "P1", "2023/24 Q3", date(2023, 12, 5), rate("KO1", "green"),
         rate("KO2", "amber", act("AQ3A", date(2024, 1, 10))))
    now = status_json(sli, "--plan", str(folder))
    assert [o["rag"] for o in now["objectives"]] == ["green", "amber", None, None]  # type: ignore[attr-defined]

    for typed in ("30/09/2023", "30 September 2023", "2023-09-30"):
        assert status_json(sli, "--plan", str(folder), "--as-of", typed) == before
    # A day later than the amendment, it counts; the action is still open then.
    amended = status_json(sli, "--plan", str(folder), "--as-of", "4/10/2023")
    ko1 = amended["objectives"][0]  # type: ignore[index]
    assert (ko1["rag"], ko1["open_actions"]) == ("red", 1)


def test_quarter_shows_the_latest_version_at_the_end_of_that_quarter(
        sli: SliRunner, plan_dir: Path) -> None:
    data = status_json(sli, "--plan", str(plan_dir), "--quarter", "Q2 2023/24")
    assert (data["quarter"], data["as_of"]) == ("2023/24 Q2", "2023-09-30")
    objectives = data["objectives"]
    assert [(o["id"], o["rag"], o["open_actions"], o["overdue_actions"])  # type: ignore[attr-defined]
            for o in objectives] == [  # type: ignore[attr-defined]
        ("KO1", "amber", 1, 0), ("KO2", "green", 1, 0), ("KO3", "amber", 0, 0),
        ("KO10", None, 0, 0)]
    assert data["meetings_owed"] == []


@pytest.mark.parametrize(("args", "ids"), [
    (("--priority", "p2"), ["KO3", "KO10"]),
    (("--priority", "P1,P2"), ["KO1", "KO2", "KO3", "KO10"]),
    (("--rag", "red,amber"), ["KO2", "KO3"]),
    (("--rag", "G"), ["KO1"]),
    (("--rag", "none"), ["KO10"]),
    (("--lead", "torbay"), ["KO2"]),
    (("--lead", "Devon"), ["KO1", "KO2"]),  # KO2's priority is led by Devon
    (("--lead", "somerset", "--rag", "amber"), ["KO3"]),
])
def test_filters(sli: SliRunner, plan_dir: Path, args: tuple[str, ...], ids: list[str]) -> None:
    data = status_json(sli, "--plan", str(plan_dir), *args)
    assert [o["id"] for o in data["objectives"]] == ids  # type: ignore[attr-defined]


def test_filters_narrow_the_footer(sli: SliRunner, plan_dir: Path) -> None:
    result = sli("status", "--plan", str(plan_dir), "--rag", "red")
    assert lines(result.stdout).endswith(
        "1 objective: 1 Red\n"
        "Rated in 2023/24 Q3: 0 improved, 1 worse (KO2) than their previous rating\n"
        "No meeting owed for 2023/24 Q3 by the priorities shown\n")


def test_nothing_matches(sli: SliRunner, plan_dir: Path) -> None:
    result = sli("status", "--plan", str(plan_dir), "--rag", "blue")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "No objectives match the filters given.\n")


def test_after_the_plan_ended_shows_the_final_position_and_says_so(
        sli: SliRunner, plan_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2025-06-01")
    result = sli("status", "--plan", str(plan_dir), "-f", "json")
    assert result.stderr == ("The plan ended in 2023/24 Q4; showing its final position "
                             "(2023/24 Q4).\n")
    data = json.loads(result.stdout)
    assert (data["quarter"], data["as_of"]) == ("2023/24 Q4", "2024-03-31")
    assert data["note"] == result.stderr.strip()
    table = sli("status", "--plan", str(plan_dir))
    assert table.stderr == result.stderr
    assert table.stdout.startswith("Tiny SLI Plan\nPosition at 2023/24 Q4, as of Sun 31 "
                                   "March 2024 (2024-03-31)\n")


@pytest.mark.parametrize(("args", "message"), [
    (("--priority", "P3"), "sli: no priority 'P3' in this plan; the plan's priorities are "
                           "P1, P2\n"),
    (("--priority", "P1,PP2"), "sli: no priority 'PP2' in this plan (did you mean 'P2'?); "
                               "the plan's priorities are P1, P2\n"),
    (("--quarter", "2024/25 Q1"), "sli: --quarter 2024/25 Q1 is outside the plan period "
                                  "(2022/23 Q1 to 2023/24 Q4)\n"),
    (("--quarter", "2023/24 Q4"), "sli: --quarter 2023/24 Q4 has not started yet (today is "
                                  "in 2023/24 Q3)\n"),
    (("--quarter", "Q5"), "sli: --quarter: 'Q5' is not a quarter; write it like '2023/24 Q2' "
                          "(Q1 = Apr-Jun, Q2 = Jul-Sep, Q3 = Oct-Dec, Q4 = Jan-Mar)\n"),
    (("--as-of", "31/02/2023"), "sli: --as-of: '31/02/2023' is not a date; write it day "
                                "first, like 12/07/2023 or 12 July 2023\n"),
    (("--as-of", "1/1/2023", "--quarter", "2022/23 Q4"),
     "sli: give --quarter or --as-of, not both\n"),
    (("--rag", "reed"), "sli: --rag 'reed' is not a rating (did you mean 'red'?); use red "
                        "(R), amber (A), green (G), blue (B), grey (N) or none\n"),
])
def test_bad_input_is_refused_with_exit_2(sli: SliRunner, plan_dir: Path,
                                          args: tuple[str, ...], message: str) -> None:
    before = tree(plan_dir)
    result = sli("status", "--plan", str(plan_dir), *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert tree(plan_dir) == before


def test_broken_plan_is_refused(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "plan", PLAN.replace('priority = "P2"', 'priority = "P9"'))
    result = sli("status", "--plan", str(folder))
    assert result.exit_code == 1
    assert "priority P9 is not defined" in result.stderr
    assert result.stdout == ""


def test_no_plan(sli: SliRunner) -> None:
    result = sli("status")
    assert result.exit_code == 2
    assert result.stderr.startswith("sli: no plan found in ")
