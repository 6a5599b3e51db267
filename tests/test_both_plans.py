"""The status, due, snapshot and report views on two plans unlike each other:
the bundled South West example and the North East test plan (meetings held in
the month after each quarter, back-filled history, three-letter ids typed in
lower case, a Grey rating, internal items)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import EXAMPLE
from tests.plans.north_east import build_north_east


@dataclass(frozen=True)
class Case:
    """A plan, the day the tests look from, and what is true of it."""

    name: str
    today: str
    under_review: str  # the quarter under review on ``today``
    owed: list[str]  # priorities owing that quarter's meeting
    priority_order: list[str]  # as the plan lists them
    typed_priority: str  # a priority id as a person might type it
    first_month: str  # a first month of a quarter, after that quarter's meetings
    first_month_meetings: str  # what the snapshot says of them
    internal_month: str  # a month with an internal item
    internal_titles: list[str]  # the internal items of that month's snapshot
    report_year: str  # a year that has ended


CASES = {
    "south-west": Case(
        name="south-west", today="2024-03-31", under_review="2023/24 Q4", owed=[],
        priority_order=["P1", "P2", "P3", "P4", "P5"], typed_priority="p3",
        first_month="2023-10",
        first_month_meetings="Quarterly SLI meetings for 2023/24 Q2: 5 of 5 priorities have met.",
        internal_month="2023-06",
        internal_titles=["Tobacco dependency: two trusts pause treatment teams"],
        report_year="2023/24"),
    "north-east": Case(
        name="north-east", today="2024-07-20", under_review="2024/25 Q1", owed=["IMM"],
        priority_order=["TOB", "CVD", "IMM"], typed_priority="cvd",
        first_month="2023-07",
        first_month_meetings="Quarterly SLI meetings for 2023/24 Q1: 3 of 3 priorities have met.",
        internal_month="2024-07",
        internal_titles=["NE DsPH away day", "Chair of the NE DsPH network steps down"],
        report_year="2023/24"),
}


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest, tmp_path: Path,
         monkeypatch: pytest.MonkeyPatch) -> tuple[Case, Path]:
    chosen = CASES[request.param]
    monkeypatch.setenv("SLI_TODAY", chosen.today)
    if chosen.name == "south-west":
        folder = tmp_path / "sw"
        shutil.copytree(EXAMPLE, folder)
    else:
        folder = build_north_east(tmp_path / "ne")
    return chosen, folder


def json_of(sli: SliRunner, *args: str) -> object:
    result = sli(*args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


# -- status ------------------------------------------------------------------

def test_status_is_for_the_quarter_under_review(sli: SliRunner,
                                                case: tuple[Case, Path]) -> None:
    c, folder = case
    data = json_of(sli, "status", "--plan", str(folder))
    assert isinstance(data, dict)
    assert data["quarter"] == c.under_review
    assert data["meetings_owed"] == c.owed
    priorities = list(dict.fromkeys(o["priority"] for o in data["objectives"]))
    assert priorities == c.priority_order


def test_status_table_has_no_trailing_spaces(sli: SliRunner, case: tuple[Case, Path]) -> None:
    _, folder = case
    result = sli("status", "--plan", str(folder))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and [line for line in lines if line != line.rstrip()] == []


def test_status_priority_typed_in_lower_case(sli: SliRunner, case: tuple[Case, Path]) -> None:
    c, folder = case
    data = json_of(sli, "status", "--plan", str(folder), "--priority", c.typed_priority)
    assert isinstance(data, dict)
    assert {o["priority"] for o in data["objectives"]} == {c.typed_priority.upper()}


# -- due ---------------------------------------------------------------------

def test_due_owes_the_meetings_of_the_quarter_under_review(
        sli: SliRunner, case: tuple[Case, Path]) -> None:
    c, folder = case
    result = sli("due", "--plan", str(folder), "-f", "json")
    data = json.loads(result.stdout)
    assert data["quarter"] == c.under_review
    owed = [row["priority"] for lead in data["leads"] for row in lead["meetings_owed"]]
    assert owed == c.owed
    assert result.exit_code == 1  # both plans have overdue actions
    table = sli("due", "--plan", str(folder)).stdout
    assert [line for line in table.splitlines() if line != line.rstrip()] == []


# -- snapshot ----------------------------------------------------------------

def test_snapshot_counts_meetings_for_the_quarter_under_review(
        sli: SliRunner, case: tuple[Case, Path]) -> None:
    c, folder = case
    result = sli("snapshot", "--plan", str(folder), "--month", c.first_month)
    assert result.exit_code == 0, result.stderr
    assert c.first_month_meetings in result.stdout.splitlines()


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_snapshot_labels_internal_items_unless_public(
        sli: SliRunner, case: tuple[Case, Path], fmt: str) -> None:
    c, folder = case
    normal = sli("snapshot", "--plan", str(folder), "--month", c.internal_month, "-f", fmt)
    assert normal.exit_code == 0, normal.stderr
    for title in c.internal_titles:
        assert f"{title} (internal)" in normal.stdout
    public = sli("snapshot", "--plan", str(folder), "--month", c.internal_month, "-f", fmt,
                 "--public")
    for title in c.internal_titles:
        assert title not in public.stdout
    assert "(internal)" not in public.stdout


# -- report ------------------------------------------------------------------

def test_report_for_an_ended_year(sli: SliRunner, case: tuple[Case, Path]) -> None:
    c, folder = case
    result = sli("report", "--plan", str(folder), "--year", c.report_year)
    assert result.exit_code == 0, result.stderr
    assert "provisional" not in result.stdout
    assert [line for line in result.stdout.splitlines() if line != line.rstrip()] == []


# -- the North East plan's own features --------------------------------------

@pytest.fixture
def north_east(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2024-07-20")
    return build_north_east(tmp_path / "ne")


def test_a_rating_after_grey_is_new_in_status_snapshot_and_report(
        sli: SliRunner, north_east: Path) -> None:
    # CVD2 and IMM2 were Grey in 2023/24 Q1 and rated on the scale in Q2.
    data = json_of(sli, "status", "--plan", str(north_east), "--quarter", "2023/24 Q2")
    assert isinstance(data, dict)
    trends = {o["id"]: o["trend"] for o in data["objectives"]}
    assert (trends["CVD2"], trends["IMM2"]) == ("new", "new")
    wide = sli("status", "--plan", str(north_east), "--quarter", "2023/24 Q2", "-f", "md")
    assert "| CVD2 |" in wide.stdout and "new (was Grey)" in wide.stdout
    snapshot = sli("snapshot", "--plan", str(north_east), "--month", "2023-10").stdout
    assert ("| Workplace health checks for routine and manual workers | **Amber** | "
            "new (was Grey) | 2023/24 Q2 |") in snapshot
    assert "no earlier rating" not in snapshot
    report = sli("report", "--plan", str(north_east), "--year", "2023/24").stdout
    assert "Rated **Green** by 2023/24 Q4: new (was Grey)." in report


def test_internal_outcome_is_labelled_in_the_snapshot_and_report(
        sli: SliRunner, north_east: Path) -> None:
    snapshot = sli("snapshot", "--plan", str(north_east), "--month", "2024-05").stdout
    assert ("### MMR catch-up in areas below 90% uptake: **Red** (2023/24 Q4) "
            "(internal)") in snapshot
    public = sli("snapshot", "--plan", str(north_east), "--month", "2024-05", "--public").stdout
    assert "(internal)" not in public and "long-term leave" not in public
    report = sli("report", "--plan", str(north_east), "--year", "2023/24").stdout
    assert "(2023/24 Q4) (internal)" in report


def test_meeting_list_in_plan_order(sli: SliRunner, north_east: Path) -> None:
    # The plan lists TOB, CVD, IMM: not alphabetical.
    rows = json_of(sli, "meeting", "list", "--plan", str(north_east), "-q", "2023/24 Q1")
    assert isinstance(rows, list)
    assert [row["priority"] for row in rows] == ["TOB", "CVD", "IMM"]


@pytest.mark.parametrize("command", [
    "status", "status -f md", "status -f csv", "due", "history", "actions --all",
    "meeting list", "meeting show cvd 2023/24-Q3 --history", "objective list",
    "objective show imm1", "event list", "update list", "snapshot", "snapshot -f html",
    "report --year 2023/24", "report --year 2024/25 -f html", "export -f csv",
    "meeting template -p tob",
])
def test_no_output_line_ends_in_a_space(sli: SliRunner, north_east: Path, command: str) -> None:
    result = sli(*command.split(), "--plan", str(north_east))
    assert result.exit_code in (0, 1), result.stderr
    assert result.stdout
    assert [line for line in result.output.splitlines() if line != line.rstrip()] == []


def test_north_east_status_table_is_pinned(sli: SliRunner, north_east: Path) -> None:
    result = sli("status", "--plan", str(north_east), "-p", "cvd")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "North East ADPH Sector-Led Improvement Plan 2023-25\n"
        "Position at 2024/25 Q1, as of Sat 20 July 2024 (2024-07-20)\n"
        "\n"
        "ID    Objective / lead          Rating  Trend  Rated in    Open  Overdue  Stale\n"
        + "─" * 80 + "\n"
        "CVD   Hypertension and\n"
        "      cardiovascular disease\n"
        "      DPH lead: DPH,\n"
        "      Sunderland\n"
        "CVD1  Blood pressure checks in  Green   →      2024/25 Q1     0        0\n"
        "      community pharmacies\n"
        "      DPH, Sunderland\n"
        "CVD2  Workplace health checks   Red     ↓      2024/25 Q1     2        1\n"
        "      for routine and manual\n"
        "      workers\n"
        "      DPH, South Tyneside\n"
        "\n"
        "2 objectives: 1 Red, 1 Green\n"
        "Rated in 2024/25 Q1: 0 improved, 1 worse (CVD2) than their previous rating\n"
        "No meeting owed for 2024/25 Q1 by the priorities shown\n"
        "Outputs not yet delivered: 1 overdue (CVD1.1)\n")


def test_north_east_due_is_pinned(sli: SliRunner, north_east: Path) -> None:
    result = sli("due", "--plan", str(north_east), "-f", "csv")
    assert result.exit_code == 1
    assert result.stdout == (
        "dph_lead,kind,item,detail\n"
        '"DPH, Newcastle",overdue action,ATOB2 Fund more test purchases,'
        '"NE SLI co-ordinator, due 2024-03-31"\n'
        '"DPH, Newcastle",overdue output,TOB1.1 Pathway live in all four trusts,'
        "due 2023/24 Q4\n"
        '"DPH, Sunderland",overdue action,ACVD2 Write to the chambers of commerce,'
        '"DPH, South Tyneside, due 2024-02-29"\n'
        '"DPH, Sunderland",overdue output,CVD1.1 Pharmacy offer mapped across the region,'
        "due 2024-01-31\n"
        '"DPH, County Durham",meeting,IMM Vaccination and immunisation,'
        "no meeting for 2024/25 Q1\n")


@pytest.mark.parametrize(("month", "said"), [
    ("2023-07", "Quarterly SLI meetings for 2023/24 Q1: 3 of 3 priorities have met."),
    ("2023-08", "Quarterly SLI meetings for 2023/24 Q2: 0 of 3 priorities have met."),
    ("2024-01", "Quarterly SLI meetings for 2023/24 Q3: 3 of 3 priorities have met."),
    ("2024-07", "Quarterly SLI meetings for 2024/25 Q1: 2 of 3 priorities have met."),
])
def test_snapshot_meeting_count_month_by_month(sli: SliRunner, north_east: Path, month: str,
                                               said: str) -> None:
    result = sli("snapshot", "--plan", str(north_east), "--month", month)
    assert said in result.stdout.splitlines()


def test_grey_after_a_colour_is_not_no_earlier_rating(sli: SliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from tests.helpers import SMALL_PLAN, write_plan
    from tests.status_data import meet, rate

    monkeypatch.setenv("SLI_TODAY", "2023-12-20")
    folder = write_plan(tmp_path / "p", SMALL_PLAN)
    meet(folder, "P2", "2023/24 Q2", date(2023, 9, 20), rate("KO3", "green"))
    meet(folder, "P2", "2023/24 Q3", date(2023, 12, 5), rate("KO3", "grey"))
    data = json_of(sli, "status", "--plan", str(folder), "-p", "P2")
    assert isinstance(data, dict)
    assert [(o["rag"], o["previous_rag"], o["trend"]) for o in data["objectives"]] == [
        ("grey", "green", "grey")]
    snapshot = sli("snapshot", "--plan", str(folder), "--month", "2023-12").stdout
    assert "| Youth vaping | **Grey** | – now Grey | 2023/24 Q3 |" in snapshot
    assert "no earlier rating" not in snapshot
    shown = sli("objective", "show", "--plan", str(folder), "ko3").stdout
    assert "no direction (was Green)" in shown


# -- the snapshot's headline: moves after and into Grey -----------------------

def test_the_headline_lists_objectives_started_after_grey_and_gone_grey(
        sli: SliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the North East plan two objectives are Grey in 2023/24 Q1 and rated
    in Q2 (met in October): the October headline counts and names them. An
    objective rated and then Grey is named too ("now Grey")."""
    monkeypatch.setenv("SLI_TODAY", "2024-07-20")
    folder = build_north_east(tmp_path / "ne")
    october = sli("snapshot", "--plan", str(folder), "--month", "2023-10").stdout
    assert ("Since the end of September 2023, 4 objectives changed rating: 2 improved and 2 "
            "started (rated after Grey).") in october
    assert ("- Started: Workplace health checks for routine and manual workers (**Grey** to "
            "**Amber**)") in october
    assert ("- Started: Shared vaccine engagement plan with the NHS ICB (**Grey** to "
            "**Green**)") in october
    # IMM has not met for 2024/25 Q1 by 20 July; it meets and says IMM1 has no update.
    monkeypatch.setenv("SLI_TODAY", "2024-07-31")
    recorded = sli("meeting", "record", "--plan", str(folder), "-p", "IMM", "-q", "2024/25 Q1",
                   "--date", "22/07/2024", "--rag", "IMM1=grey", "--rag", "IMM2=green", "-y")
    assert recorded.exit_code == 0, recorded.stderr
    july = sli("snapshot", "--plan", str(folder), "--month", "2024-07").stdout
    assert "now Grey" in july
    assert "- Now Grey: MMR catch-up in areas below 90% uptake (**Red** to **Grey**)" in july


def test_the_headline_counts_first_ratings_and_names_objectives_retired(
        sli: SliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the plan's first months objectives are rated for the first time;
    in the month an objective retires, the headline says it and what
    replaced it (titles, as the snapshot's readers know them)."""
    monkeypatch.setenv("SLI_TODAY", "2024-03-31")
    folder = tmp_path / "sw"
    shutil.copytree(EXAMPLE, folder)
    may = sli("snapshot", "--plan", str(folder), "--month", "2022-05").stdout
    assert "Since the end of April 2022, 9 objectives were rated for the first time." in may
    august = sli("snapshot", "--plan", str(folder), "--month", "2023-08").stdout
    assert ("Retired from the plan since the end of July 2023: Tobacco dependency treatment "
            "in every acute trust, replaced by Treating tobacco dependency through the "
            "integrated care systems.") in august
    september = sli("snapshot", "--plan", str(folder), "--month", "2023-09").stdout
    assert "Retired from the plan" not in september
