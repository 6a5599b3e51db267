"""sli report and sli export: their contracts on a small plan."""

from __future__ import annotations

import csv
import io
import json
import textwrap
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


REPORT_2023_24 = textwrap.dedent("""\
    # South West SLI annual report 2023/24

    Tiny SLI Plan: the progress return for 2023/24 (2023/24 Q1 to 2023/24 Q4, 1 April 2023 to 31 March 2024).

    ## Governance

    - **SLI lead**: DPH, Wiltshire
    - **SLI co-ordinator**: SW SLI co-ordinator

    2 priorities, each reviewed at a quarterly SLI meeting of the SLI lead, the SLI co-ordinator and the priority's DPH lead:

    | Priority | DPH lead |
    |---|---|
    | P1 Suicide prevention | DPH, Devon; deputy: DPH, Torbay |
    | P2 Tobacco control | DPH, Somerset |

    ## The year at a glance

    - Ratings of the 3 objectives at 31 March 2024: 1 **Red**, 1 **Green**, 1 **Blue**.
    - Quarterly SLI meetings held: 3 of 8; Suicide prevention did not meet in 2023/24 Q1 and 2023/24 Q4; Tobacco control did not meet in 2023/24 Q1, 2023/24 Q3 and 2023/24 Q4.
    - Quality improvement projects badged under SLI: 1; events and peer challenges held: 4.
    - Actions: 1 completed during the year; 2 outstanding at 31 March 2024, 2 of them overdue.

    ## Ratings by quarter, by priority

    ### P1 Suicide prevention

    | Objective | 2023/24 Q1 | 2023/24 Q2 | 2023/24 Q3 | 2023/24 Q4 |
    |---|---|---|---|---|
    | KO1 Real-time surveillance | **Not rated** | **Amber** | **Green** | **Not rated** |
    | KO2 Bereavement support | **Not rated** | **Green** | **Blue** | **Not rated** |

    ### P2 Tobacco control

    | Objective | 2023/24 Q1 | 2023/24 Q2 | 2023/24 Q3 | 2023/24 Q4 |
    |---|---|---|---|---|
    | KO3 Youth vaping | **Not rated** | **Red** | **Not rated** | **Not rated** |

    ## Achievements

    ### KO2 Bereavement support

    Completed (rated Blue in 2023/24 Q3).

    Service live in every area.

    ### KO1 Real-time surveillance

    Improved from **Amber** to **Green** by 2023/24 Q3.

    All five areas share data.

    ## Barriers and risks

    ### KO3 Youth vaping: **Red** (2023/24 Q2) (internal)

    Support asked: \\<script\\>alert('x')\\</script\\> legal advice

    Risks and issues: Trading standards capacity.

    ## Support asked of the network and the national board

    | Quarter | Objective | Support asked |
    |---|---|---|
    | 2023/24 Q2 | KO1 Real-time surveillance | Help from the ICS \\| data team. |
    | 2023/24 Q2 | KO3 Youth vaping | \\<script\\>alert('x')\\</script\\> legal advice (internal) |

    ## Outputs due in the year

    _No output of the plan fell due during the year._

    ## Quality improvement projects badged under SLI

    ### \\# Torbay: QI on referrals (2023-11)

    Time to first contact fell from 14 to 5 days.

    \\<img src=x onerror=alert(1)\\> was typed here.

    ## Events and peer challenges held

    | Date | Event | Where |
    |---|---|---|
    | Mon 30 Oct 2023 | Already past |  |
    | Tue 21 Nov 2023 | Peer challenge \\| workshop | Exeter |
    | Tue 5 Dec 2023 | Planning the \\<b\\>spring\\</b\\> round (internal) |  |
    | Thu 1 Feb 2024 | Too far ahead |  |

    ## Actions

    1 completed during 2023/24; 2 outstanding at 31 March 2024, 2 of them overdue.

    Overdue:

    - Brief trading standards leads (DPH, Somerset; due Tue 31 Oct 2023, 152 days overdue; KO3)
    - Publish the dashboard (SW SLI co-ordinator; due Fri 8 Dec 2023, 114 days overdue; KO1)

    ## Objectives carrying over

    Objectives not complete at 31 March 2024, carrying over to the next plan:

    | Objective | Rating | Next steps |
    |---|---|---|
    | KO1 Real-time surveillance | **Green** |  |
    | KO3 Youth vaping | **Red** |  |

    ---

    Prepared for the ADPH SLI board. Contacts: SLI lead: DPH, Wiltshire; SLI co-ordinator: SW SLI co-ordinator
""")


def test_report_markdown_is_pinned(sli: SliRunner, plan: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2024-06-30")
    result = sli("report", "--plan", str(plan), "--year", "2023/24")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == REPORT_2023_24


def test_report_glance_counts_missed_meetings_and_outputs(sli: SliRunner,
                                                          tmp_path: Path) -> None:
    """Outputs due in the year count as delivered once their objective is complete."""
    from tests.helpers import SMALL_PLAN

    text = textwrap.dedent(SMALL_PLAN)
    text = text.replace('\nlead = "DPH, Torbay"\n', '\nlead = "DPH, Torbay"\n\n'
                        '[[objectives.outputs]]\ntitle = "Service live"\ndue = 2023-12-01\n')
    text = text.replace('\nlead = "DPH, Somerset"\n', '\nlead = "DPH, Somerset"\n\n'
                        '[[objectives.outputs]]\ntitle = "Test purchases"\ndue = "2023/24 Q4"\n')
    folder = build(tmp_path / "o", text)
    found = sections(sli("report", "--plan", str(folder), "--year", "2023/24").stdout)
    assert "- Outputs due in the year: 2, of which 1 delivered." in found["The year at a glance"]
    assert found["Outputs due in the year"] == (
        "| Output | Objective | Due | Status |\n|---|---|---|---|\n"
        "| Service live | KO2 | 2023-12-01 | Delivered |\n"
        "| Test purchases | KO3 | 2023/24 Q4 | Not delivered |")
    # Recorded as delivered (sli output done): delivered, whatever the rating.
    import os

    os.environ["SLI_USER"] = "SLI co-ordinator"
    try:
        assert sli("output", "done", "KO3.1", "--date", "20/03/2024", "--plan",
                   str(folder)).exit_code == 0
    finally:
        del os.environ["SLI_USER"]
    found = sections(sli("report", "--plan", str(folder), "--year", "2023/24").stdout)
    assert "- Outputs due in the year: 2, of which 2 delivered." in found["The year at a glance"]


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
    assert found["Actions"] == ("None completed during the year; 0 outstanding at 31 March "
                                "2023, 0 of them overdue.")


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
    assert list(data) == ["plan", "ratings", "actions", "events", "updates",
                          "outputs_delivered", "support", "projects", "editions"]
    assert data["plan"] == {"id": "tiny", "title": "Tiny SLI Plan", "network": "South West",
                            "start": "2022/23 Q1", "end": "2023/24 Q4"}
    assert len(data["ratings"]) == 5
    assert {a["id"]: a["done"] for a in data["actions"]} == {
        "A1KO1": "2023-11-14", "A2KO3": None, "A3KO1": None}
    assert [e["id"] for e in data["events"]] == ["E4", "E1", "E2", "E3"]
    assert [u["id"] for u in data["updates"]] == ["U4", "U1", "U2", "U3"]
    assert data["events"][1]["link"] == "https://example.org/pc?a=1&b=2"


def test_export_json_holds_editions_and_projects_as_they_stand(
        sli: SliRunner, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-12-01")
    for argv in (["edition", "write", "--month", "2023-11", "--foreword", "A good month.",
                  "--highlight", "Data shared"],
                 ["edition", "write", "--month", "2023-11", "--foreword", "A better month."],
                 ["edition", "sent", "--month", "2023-11", "--date", "30/11/2023",
                  "--to", "All DsPH in the region", "--to-address", "lead@example.org"],
                 ["project", "add", "--title", "Invitation letters", "--status", "active",
                  "--date", "1/10/2023", "--objective", "KO1"]):
        result = sli(*argv, "--plan", str(plan))
        assert result.exit_code == 0, (argv, result.stderr)
    data = json.loads(sli("export", "--plan", str(plan), "-f", "json").stdout)
    assert data["editions"] == [{
        "month": "2023-11", "version": 3, "foreword": "A better month.",
        "highlights": ["Data shared"],
        "sent": "2023-11-30", "circulation": ["All DsPH in the region"]}]
    assert "lead@example.org" not in json.dumps(data)  # personal addresses stay in the plan
    (project,) = data["projects"]
    assert (project["title"], project["status"], project["badged"], project["objective"]) == (
        "Invitation letters", "active", "2023-10-01", "KO1")
    assert data["outputs_delivered"] == [] and data["support"] == []


def test_export_json_holds_support_answered_and_outputs_delivered() -> None:
    """On the bundled example: support asked of someone, answered or not,
    and the outputs delivered, each with where it belongs."""
    from sli_cli.plan.loader import read_plan
    from sli_cli.records.load import read_records
    from sli_cli.views.export import export_data

    folder = Path(__file__).resolve().parent.parent / "plans" / "south-west"
    the_plan, _ = read_plan(folder)
    assert the_plan is not None
    records, _ = read_records(folder, use_cache=False)
    data = export_data(the_plan, records)
    asks = data["support"]
    assert asks and all(a["to"] and a["text"] for a in asks)
    assert any(a["response"] for a in asks) and any(not a["response"] for a in asks)
    outputs = {o.id: objective.id for objective in the_plan.objectives
               for o in objective.outputs}
    assert data["outputs_delivered"]
    assert all(outputs[d["output"]] == d["objective"] for d in data["outputs_delivered"])


def test_export_needs_a_format(sli: SliRunner, plan: Path) -> None:
    result = sli("export", "--plan", str(plan))
    assert result.exit_code == 2 and "Missing option '--format'" in result.stderr
