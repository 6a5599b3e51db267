"""sli report and sli export: their contracts on a small plan."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import tree, write_plan
from tests.snapshot_data import build


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return build(tmp_path / "p")


def sections(markdown: str) -> dict[str, str]:
    parts = markdown.split("\n## ")
    return {p.split("\n", 1)[0]: p.split("\n", 1)[1].strip() for p in parts[1:]}


def test_report_sections(sli: SliRunner, plan: Path) -> None:
    result = sli("report", "--plan", str(plan), "--year", "2023/24")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(
        "# South West SLI annual report 2023/24\n\n"
        "Tiny SLI Plan: the progress return for 2023/24 (2023/24 Q1 to 2023/24 Q4, "
        "1 April 2023 to 31 March 2024).\n")
    found = sections(result.stdout)
    assert list(found) == ["Governance", "Ratings by quarter", "Achievements",
                           "Barriers and risks", "Actions", "Objectives carrying over"]
    assert found["Governance"].startswith(
        "- **SLI lead**: DPH, Wiltshire\n- **SLI co-ordinator**: SW SLI co-ordinator\n")
    assert "| P1 Suicide prevention | DPH, Devon | DPH, Torbay |" in found["Governance"]
    assert found["Ratings by quarter"] == (
        "| Objective | 2023/24 Q1 | 2023/24 Q2 | 2023/24 Q3 | 2023/24 Q4 |\n"
        "|---|---|---|---|---|\n"
        "| KO1 Real-time surveillance | **Not rated** | **Amber** | **Green** | **Not rated** |\n"
        "| KO2 Bereavement support | **Not rated** | **Green** | **Blue** | **Not rated** |\n"
        "| KO3 Youth vaping | **Not rated** | **Red** | **Not rated** | **Not rated** |")
    assert found["Achievements"] == (
        "### KO2 Bereavement support\n\n"
        "Completed (rated Blue in 2023/24 Q3).\n\n"
        "Service live in every area.\n\n"
        "### KO1 Real-time surveillance\n\n"
        "Improved from **Amber** to **Green** by 2023/24 Q3.\n\n"
        "All five areas share data.")
    assert found["Barriers and risks"] == (
        "### KO3 Youth vaping: **Red** (2023/24 Q2) (internal)\n\n"
        "Support asked: \\<script\\>alert('x')\\</script\\> legal advice\n\n"
        "Risks and issues: Trading standards capacity.")
    assert found["Actions"] == (
        "### Completed during 2023/24 (1)\n\n"
        "| Action | What | Objective | Done |\n|---|---|---|---|\n"
        "| **A1KO1** | Chase the coroners' offices | KO1 | Tue 14 Nov 2023 |\n\n"
        "### Outstanding at 31 March 2024 (2)\n\n"
        "| Action | What | Objective | Owner | Due |\n|---|---|---|---|---|\n"
        "| **A2KO3** | Brief trading standards leads | KO3 | DPH, Somerset | "
        "Tue 31 Oct 2023 (overdue) |\n"
        "| **A3KO1** | Publish the dashboard | KO1 | SW SLI co-ordinator | "
        "Fri 8 Dec 2023 (overdue) |")
    assert found["Objectives carrying over"].startswith(
        "Objectives not complete at 31 March 2024, carrying over to the next plan:\n\n"
        "| Objective | Rating | Next steps |\n|---|---|---|\n"
        "| KO1 Real-time surveillance | **Green** |  |\n"
        "| KO3 Youth vaping | **Red** |  |\n\n---\n\n"
        "Prepared for the ADPH SLI board. Contacts: SLI lead: DPH, Wiltshire; "
        "SLI co-ordinator: SW SLI co-ordinator")


def test_public_report_leaves_out_internal_narrative(sli: SliRunner, plan: Path) -> None:
    result = sli("report", "--plan", str(plan), "--year", "2023/24", "--public")
    found = sections(result.stdout)
    assert found["Barriers and risks"] == (
        "### KO3 Youth vaping: **Red** (2023/24 Q2)\n\nNo risks or support recorded.")
    assert "A2KO3" not in result.stdout and "script" not in result.stdout


def test_report_for_an_earlier_year_and_empty_sections(sli: SliRunner, plan: Path) -> None:
    result = sli("report", "--plan", str(plan), "--year", "2022-23")
    assert result.exit_code == 0
    found = sections(result.stdout)
    # No meeting was held for 2022/23: the report says so rather than "no
    # objective was rated red or amber".
    said = "_No meetings were recorded for 2022/23, so the year has no ratings._"
    assert found["Achievements"] == said
    assert found["Barriers and risks"] == said
    assert "carrying over to the next year:" in found["Objectives carrying over"]
    assert "No action was completed during the year." in found["Actions"]


def test_report_html(sli: SliRunner, plan: Path) -> None:
    html = sli("report", "--plan", str(plan), "--year", "2023/24", "-f", "html").stdout
    assert html.startswith("<!DOCTYPE html>")
    assert '<section id="ratings">' in html and "<script" not in html
    assert html.count('class="rag rag-none"') == 7


@pytest.mark.parametrize(("year", "message"), [
    ("2023", "sli: --year 2023 names no financial year: it could be 2023/24 (April 2023 to "
             "March 2024) or 2022/23 (April 2022 to March 2023), the year ending in 2023; "
             "write it like 2023/24\n"),
    ("23/24", None),
    ("next year", "sli: --year 'next year' is not a financial year; write it like 2023/24\n"),
    ("2025/26", "sli: --year 2025/26 has no quarters in the plan; the plan's years are "
                "2022/23, 2023/24\n"),
])
def test_report_year(sli: SliRunner, plan: Path, year: str, message: str | None) -> None:
    result = sli("report", "--plan", str(plan), "--year", year)
    if message is None:
        assert result.exit_code == 0 and "annual report 2023/24" in result.stdout
    else:
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_report_refuses_to_overwrite(sli: SliRunner, plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.md"
    target.write_text("kept\n", encoding="utf-8")
    before = tree(out)
    result = sli("report", "--plan", str(plan), "--year", "2023/24", "-o", str(target))
    assert result.exit_code == 2 and "already exists; nothing was written" in result.stderr
    assert tree(out) == before


def test_export_csv(sli: SliRunner, plan: Path) -> None:
    result = sli("export", "--plan", str(plan), "--format", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["objective"], r["quarter"], r["rag"], r["letter"], r["trend"]) for r in rows] == [
        ("KO1", "2023/24 Q2", "amber", "A", ""),
        ("KO1", "2023/24 Q3", "green", "G", "improved"),
        ("KO2", "2023/24 Q2", "green", "G", ""),
        ("KO2", "2023/24 Q3", "blue", "B", "improved"),
        ("KO3", "2023/24 Q2", "red", "R", ""),
    ]
    assert result.stdout.splitlines()[0] == (
        "plan,quarter,priority,objective,objective_title,rag,letter,trend,meeting_date,"
        "meeting_version,progress,risks,support,next_steps,internal")
    assert rows[0]["plan"] == "tiny" and rows[0]["meeting_date"] == "2023-09-12"
    assert rows[4]["internal"] == "true"


def test_export_guards_against_formulas(sli: SliRunner, tmp_path: Path) -> None:
    from datetime import UTC, date, datetime

    from sli_cli.core.quarters import Quarter
    from sli_cli.plan.loader import read_plan
    from sli_cli.plan.model import Rating
    from sli_cli.recording.write import record_meeting
    from sli_cli.records.meeting import Meeting, Outcome

    folder = write_plan(tmp_path / "f")
    loaded, _ = read_plan(folder)
    assert loaded is not None
    record_meeting(folder, loaded, Meeting("P2", Quarter(2023, 1), date(2023, 6, 1), ("x",), (
        Outcome("KO3", Rating.GREEN, progress="=HYPERLINK(\"http://evil\")",
                risks="+1", support="@SUM(A1)", next_steps="-2"),)),
        today=date(2023, 7, 1), stamp=datetime(2023, 7, 1, tzinfo=UTC), by="t")
    row = next(csv.DictReader(io.StringIO(sli("export", "--plan", str(folder), "-f",
                                              "csv").stdout)))
    assert (row["progress"], row["risks"], row["support"], row["next_steps"]) == (
        "'=HYPERLINK(\"http://evil\")", "'+1", "'@SUM(A1)", "'-2")


def test_export_json(sli: SliRunner, plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "all.json"
    result = sli("export", "--plan", str(plan), "-f", "json", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert list(data) == ["plan", "ratings", "actions", "events", "updates"]
    assert data["plan"] == {"id": "tiny", "title": "Tiny SLI Plan", "network": "South West",
                            "start": "2022/23 Q1", "end": "2023/24 Q4"}
    assert len(data["ratings"]) == 5
    assert {a["id"]: a["done"] for a in data["actions"]} == {
        "A1KO1": "2023-11-14", "A2KO3": None, "A3KO1": None}
    assert [e["id"] for e in data["events"]] == ["E4", "E1", "E2", "E3"]
    assert [u["id"] for u in data["updates"]] == ["U4", "U1", "U2", "U3"]
    assert data["events"][1]["link"] == "https://example.org/pc?a=1&b=2"


def test_export_needs_a_format(sli: SliRunner, plan: Path) -> None:
    result = sli("export", "--plan", str(plan))
    assert result.exit_code == 2 and "Missing option '--format'" in result.stderr
