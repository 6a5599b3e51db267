"""sli snapshot: the monthly snapshot, pinned as Markdown on a small plan."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from sli_cli.core.months import Month
from sli_cli.plan.loader import read_plan
from sli_cli.records.load import read_records
from sli_cli.views.snapshot import Section, build_snapshot
from tests.conftest import SliRunner
from tests.helpers import tree, write_plan
from tests.snapshot_data import build

NOVEMBER = textwrap.dedent("""\
    # South West SLI snapshot: November 2023

    Tiny SLI Plan: the position at 30 November 2023 (2023/24 Q3).

    ## Headline

    Ratings at 30 November 2023: **Red** 1, **Amber** 0, **Green** 1, **Blue** 1, **Grey** 0

    Since the end of October 2023:

    - **Completed**: KO2 Bereavement support (**Green** to **Blue**)
    - **Improved**: KO1 Real-time surveillance (**Amber** to **Green**)

    Quarterly meetings for 2023/24 Q3: held for 1 of 2 priorities.

    ## Progress against the plan

    ### P1 Suicide prevention

    Lead: DPH, Devon; deputy: DPH, Torbay

    | Objective | Rating | Direction of travel | Rated in |
    |---|---|---|---|
    | KO1 Real-time surveillance | **Green** | ↑ improved | 2023/24 Q3 |
    | KO2 Bereavement support | **Blue** | ↑ improved | 2023/24 Q3 |

    ### P2 Tobacco control

    Lead: DPH, Somerset

    | Objective | Rating | Direction of travel | Rated in |
    |---|---|---|---|
    | KO3 Youth vaping | **Red** | no earlier rating | 2023/24 Q2 |

    ## Objectives needing support

    ### KO3 Youth vaping: **Red** (2023/24 Q2) (internal)

    Support asked: \\<script\\>alert('x')\\</script\\> legal advice

    Risks and issues: Trading standards capacity.

    Corrective actions:

    - **A2KO3**: Brief trading standards leads (DPH, Somerset, due Tue 31 Oct 2023, overdue)

    ## Project spotlights

    ### \\# Torbay: QI on referrals

    Time to first contact fell from 14 to 5 days.

    \\<img src=x onerror=alert(1)\\> was typed here.

    Objective KO2 Bereavement support · <https://example.org/qi>

    ## Upcoming events

    From 1 November 2023 to 27 December 2023:

    | Date | Event | Where | Priority |
    |---|---|---|---|
    | Tue 21 Nov 2023 | Peer challenge \\| workshop <https://example.org/pc?a=1&b=2> | Exeter | P1 |
    | Tue 5 Dec 2023 | Planning the \\<b\\>spring\\</b\\> round (internal) |  |  |

    ## ADPH and national updates

    ### Trust funding paused (internal)

    Regional news

    ### ADPH conference

    Case studies wanted by January.

    ADPH and national

    ## Actions due in December 2023

    | Action | What | Objective | Owner | Due |
    |---|---|---|---|---|
    | **A3KO1** | Publish the dashboard | KO1 | SW SLI co-ordinator | Fri 8 Dec 2023 |

    1 open action is overdue at the end of November 2023.

    ---

    Contacts: SLI lead: DPH, Wiltshire; SLI co-ordinator: SW SLI co-ordinator
""")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return build(tmp_path / "p")


def test_snapshot_markdown_is_pinned(sli: SliRunner, plan: Path) -> None:
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-11")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == NOVEMBER


def test_public_snapshot_leaves_out_internal_items(sli: SliRunner, plan: Path) -> None:
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "--public")
    assert (result.exit_code, result.stderr) == (0, "Left out 3 internal items.\n")
    expected = NOVEMBER.replace(
        "(2023/24 Q2) (internal)\n", "(2023/24 Q2)\n",
    ).replace(
        "Support asked: \\<script\\>alert('x')\\</script\\> legal advice\n\n"
        "Risks and issues: Trading standards capacity.\n\n"
        "Corrective actions:\n\n"
        "- **A2KO3**: Brief trading standards leads (DPH, Somerset, due Tue 31 Oct 2023, "
        "overdue)\n",
        "The details are internal to the network.\n",
    ).replace(
        "| Tue 5 Dec 2023 | Planning the \\<b\\>spring\\</b\\> round (internal) |  |  |\n",
        "",
    ).replace(
        "### Trust funding paused (internal)\n\nRegional news\n\n", "",
    ).replace(
        "\n\n1 open action is overdue at the end of November 2023.", "",
    )
    assert expected != NOVEMBER
    assert result.stdout == expected


def test_escaping_in_markdown(sli: SliRunner, plan: Path) -> None:
    text = sli("snapshot", "--plan", str(plan), "--month", "2023-11").stdout
    lines = text.splitlines()
    # A pipe in a table cell stays inside its cell.
    row = next(line for line in lines if "Peer challenge" in line)
    assert row.count(" | ") == 3 and "Peer challenge \\| workshop" in row
    # A title starting with '#' does not become a heading of its own.
    assert "### \\# Torbay: QI on referrals" in lines
    assert [line for line in lines if line.startswith("#")] == [
        line for line in lines if line.split(" ")[0] in ("#", "##", "###")]
    # Markup is shown as typed, never passed through.
    raw_tags = [m.start() for m in re.finditer(r"(?<!\\)<(?!https://)", text)]
    assert raw_tags == []
    assert "\\<script\\>alert" in text
    assert "\\<img src=x onerror=alert(1)\\> was typed here." in lines


def test_html_escapes_user_text(sli: SliRunner, plan: Path) -> None:
    html = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-f", "html").stdout
    assert html.startswith("<!DOCTYPE html>\n") and html.endswith("</html>\n")
    assert "<script" not in html and "<img" not in html and "<b>spring" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; legal advice" in html
    assert "&lt;img src=x onerror=alert(1)&gt; was typed here." in html
    assert 'href="https://example.org/pc?a=1&amp;b=2"' in html
    # Self-contained: no request leaves the file.
    assert "src=" not in html.replace("&lt;img src=x", "")
    assert "@import" not in html and "url(" not in html


def test_each_empty_section_says_so(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "empty")
    result = sli("snapshot", "--plan", str(folder), "--month", "2023-11")
    assert result.exit_code == 0
    for note in ["No objective has been rated yet.", "No objective is rated red or amber.",
                 "No project updates this month.",
                 "No events between 1 November 2023 and 27 December 2023.",
                 "No news or national updates this month.",
                 "No open actions fall due next month."]:
        assert f"\n_{note}_\n" in result.stdout
    # Every objective is still listed, not rated.
    assert "| KO3 Youth vaping | **Not rated** |  |  |" in result.stdout


def test_nothing_moved_is_said(sli: SliRunner, plan: Path) -> None:
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-12")
    assert "No rating has changed since the end of November 2023." in result.stdout
    assert "Since the end of" not in result.stdout


def test_sections_empty_and_full(plan: Path) -> None:
    loaded, _ = read_plan(plan)
    assert loaded is not None
    records, _ = read_records(plan)
    november = build_snapshot(loaded, records, Month(2023, 11))
    assert [s for s in Section if november.is_empty(s)] == []
    april = build_snapshot(loaded, records, Month(2022, 4))
    assert [s for s in Section if april.is_empty(s)] == [
        Section.HEADLINE, Section.SUPPORT, Section.SPOTLIGHTS, Section.EVENTS, Section.UPDATES,
        Section.ACTIONS]


def test_actions_due_next_month(sli: SliRunner, plan: Path) -> None:
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-09")
    assert result.stdout.split("## Actions due in October 2023\n\n")[1].split("\n\n---")[0] == (
        "| Action | What | Objective | Owner | Due |\n"
        "|---|---|---|---|---|\n"
        "| **A2KO3** | Brief trading standards leads | KO3 | DPH, Somerset | Tue 31 Oct 2023 |")


def test_default_month_is_this_month(sli: SliRunner, plan: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-11-20")
    result = sli("snapshot", "--plan", str(plan))
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", NOVEMBER)


def test_default_month_is_clamped_with_a_note(sli: SliRunner, plan: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2025-06-01")
    result = sli("snapshot", "--plan", str(plan))
    assert result.exit_code == 0
    assert result.stderr == ("The plan ended in March 2024; drafting the snapshot for "
                             "March 2024 (use --month to choose another).\n")
    assert result.stdout.startswith("# South West SLI snapshot: March 2024\n")


@pytest.mark.parametrize(("month", "message"), [
    ("2023-13", "sli: --month '2023-13' is not a month; write it like 2023-11, "
     "Nov 2023 or 11/2023\n"),
    ("Nov 23", "sli: --month 'Nov 23' is not a month; write it like 2023-11, "
     "Nov 2023 or 11/2023\n"),
    ("2024-07", "sli: --month 2024-07 is outside the plan period (2022-04 to 2024-03, or up "
                "to 2024-06: the quarter after the plan, when its last quarter's meetings are "
                "held)\n"),
])
def test_bad_month(sli: SliRunner, plan: Path, month: str, message: str) -> None:
    result = sli("snapshot", "--plan", str(plan), "--month", month)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_output_file_is_never_overwritten_without_force(sli: SliRunner, plan: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "snapshot.md"
    first = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-o", str(target))
    assert (first.exit_code, first.stdout) == (0, "")
    assert first.stderr.startswith("Wrote ") and first.stderr.endswith("snapshot.md\n")
    assert target.read_text(encoding="utf-8") == NOVEMBER
    target.write_text("my edits\n", encoding="utf-8")
    before = tree(out)
    again = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-o", str(target))
    assert (again.exit_code, again.stdout) == (2, "")
    assert again.stderr.endswith("snapshot.md already exists; nothing was written "
                                 "(add --force to replace it)\n")
    assert tree(out) == before
    forced = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-o", str(target),
                 "--force", "-f", "html")
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.iterdir()] == ["snapshot.md"]  # no temporary file left


def test_output_to_a_folder_is_refused(sli: SliRunner, plan: Path, tmp_path: Path) -> None:
    result = sli("snapshot", "--plan", str(plan), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.endswith("is a folder; give a file name\n")


def test_broken_plan_is_refused(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "bad", "schema_version = 1\nid = 'x'\n")
    result = sli("snapshot", "--plan", str(folder))
    assert result.exit_code == 1 and result.stdout == ""
    assert "plan.toml" in result.stderr
