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
from tests.helpers import SMALL_PLAN, tree, write_plan
from tests.snapshot_data import build

NOVEMBER = textwrap.dedent("""\
    > **Internal: not for circulation (the co-ordinator's version, with internal items).**

    # South West SLI snapshot: November 2023

    Tiny SLI Plan: the position at 30 November 2023 (2023/24 Q3).

    ## The month at a glance

    Of the plan's 3 objectives at 30 November 2023: 1 **Red**, 1 **Green**, 1 **Blue**.

    Since the end of October 2023, 2 objectives changed rating: 1 completed and 1 improved.

    Quarterly SLI meetings for 2023/24 Q3: 1 of 2 priorities have met.

    ## Good news

    ### Bereavement support

    Completed: rated **Blue** in 2023/24 Q3, up from **Green**.

    Service live in every area.

    ### Real-time surveillance

    Improved from **Amber** to **Green** in 2023/24 Q3.

    All five areas share data.

    ## Progress against the plan

    ### Suicide prevention

    DPH lead: DPH, Devon; deputy: DPH, Torbay

    | Objective | Rating | Direction of travel | Rated in |
    |---|---|---|---|
    | Real-time surveillance | **Green** | ↑ improved | 2023/24 Q3 |
    | Bereavement support | **Blue** | ↑ improved | 2023/24 Q3 |

    ### Tobacco control

    DPH lead: DPH, Somerset

    | Objective | Rating | Direction of travel | Rated in |
    |---|---|---|---|
    | Youth vaping | **Red** | no earlier rating | 2023/24 Q2 |

    ## Where support is needed

    ### Youth vaping: **Red** (2023/24 Q2) (internal)

    Support asked: \\<script\\>alert('x')\\</script\\> legal advice

    Risks and issues: Trading standards capacity.

    Corrective actions:

    - Brief trading standards leads (DPH, Somerset, due Tue 31 Oct 2023, overdue)

    ## Quality improvement projects

    ### \\# Torbay: QI on referrals

    Time to first contact fell from 14 to 5 days.

    \\<img src=x onerror=alert(1)\\> was typed here.

    About: Bereavement support · <https://example.org/qi>

    ## Events in November 2023

    | Date | Event | Where | About |
    |---|---|---|---|
    | Tue 21 Nov 2023 | Peer challenge \\| workshop <https://example.org/pc?a=1&b=2> | Exeter | Suicide prevention |

    ## Coming up

    From 1 December 2023 to 25 January 2024:

    | Date | Event | Where | About |
    |---|---|---|---|
    | Tue 5 Dec 2023 | Planning the \\<b\\>spring\\</b\\> round (internal) |  |  |

    ## Regional news

    ### Trust funding paused (internal)

    ## ADPH and national updates

    ### ADPH conference

    Case studies wanted by January.

    ## Due in December 2023

    ### Actions

    | What | Objective | Owner | Due |
    |---|---|---|---|
    | Publish the dashboard | Real-time surveillance | SW SLI co-ordinator | Fri 8 Dec 2023 |

    ## For the co-ordinator: what is owed

    ### Meetings not yet held for 2023/24 Q3

    - Tobacco control (DPH lead: DPH, Somerset)

    ### Overdue actions (1)

    | What | Objective | Owner | Due | Days overdue |
    |---|---|---|---|---|
    | Brief trading standards leads | Youth vaping | DPH, Somerset | Tue 31 Oct 2023 | 30 |

    ### Overdue outputs (1)

    | What | Objective | Due | Days overdue |
    |---|---|---|---|
    | Data-sharing agreement signed | Real-time surveillance | 2022/23 Q3 | 334 |

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
        "> **Internal: not for circulation (the co-ordinator's version, with internal "
        "items).**\n\n", "",
    ).replace(
        "### Youth vaping: **Red** (2023/24 Q2) (internal)\n",
        "### Youth vaping: **Red** (2023/24 Q2)\n",
    ).replace(
        "Support asked: \\<script\\>alert('x')\\</script\\> legal advice\n\n"
        "Risks and issues: Trading standards capacity.\n\n"
        "Corrective actions:\n\n"
        "- Brief trading standards leads (DPH, Somerset, due Tue 31 Oct 2023, overdue)\n",
        "The details are internal to the network.\n",
    ).replace(
        "From 1 December 2023 to 25 January 2024:\n\n"
        "| Date | Event | Where | About |\n"
        "|---|---|---|---|\n"
        "| Tue 5 Dec 2023 | Planning the \\<b\\>spring\\</b\\> round (internal) |  |  |\n",
        "_No events between 1 December 2023 and 25 January 2024._\n",
    ).replace(
        "### Trust funding paused (internal)\n", "_No regional news this month._\n",
    )
    owed = expected.index("\n## For the co-ordinator")
    expected = expected[:owed] + expected[expected.index("\n---\n"):]
    assert expected != NOVEMBER and "internal" not in expected.split("\n---\n")[0].replace(
        "The details are internal to the network.", "")
    assert result.stdout == expected


def test_with_ids_names_codes_beside_titles(sli: SliRunner, plan: Path) -> None:
    plain = sli("snapshot", "--plan", str(plan), "--month", "2023-11").stdout
    assert not re.search(r"\b(KO\d|P\d|A\dKO\d)\b", plain)
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "--with-ids")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "### KO2 Bereavement support" in lines
    assert "### P1 Suicide prevention" in lines
    assert "- A2KO3 Brief trading standards leads (DPH, Somerset, due Tue 31 Oct 2023, " \
        "overdue)" in lines
    assert "| A3KO1 | Publish the dashboard | KO1 Real-time surveillance | SW SLI co-ordinator " \
        "| Fri 8 Dec 2023 |" in lines


def test_events_before_and_after_the_snapshot_date(sli: SliRunner, plan: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Drafted on 15 November, the workshop of the 21st is still to come."""
    monkeypatch.setenv("SLI_TODAY", "2023-11-15")
    text = sli("snapshot", "--plan", str(plan)).stdout
    assert "the position at 15 November 2023" in text
    assert "_No events from 1 November 2023 to 15 November 2023._" in text
    coming = text.split("## Coming up\n\n")[1].split("\n## ")[0]
    assert coming.startswith("From 16 November 2023 to 10 January 2024:")
    assert "Peer challenge" in coming and "Planning the" in coming


def test_contact_email_is_a_mailto_link(sli: SliRunner, tmp_path: Path) -> None:
    folder = build(tmp_path / "c")
    plan_file = folder / "plan.toml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace(
        'coordinator = "SW SLI co-ordinator"\n',
        'coordinator = "SW SLI co-ordinator"\ncontact = "sw.sli@example.org"\n'),
        encoding="utf-8")
    md = sli("snapshot", "--plan", str(folder), "--month", "2023-11").stdout
    assert md.endswith("; Contact: <sw.sli@example.org>\n")
    html = sli("snapshot", "--plan", str(folder), "--month", "2023-11", "-f", "html").stdout
    assert '<a href="mailto:sw.sli@example.org"' in html


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
    assert html.startswith("<!DOCTYPE html>") and html.endswith("</html>\n")
    assert "<script" not in html and "<img" not in html and "<b>spring" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt; legal advice" in html
    assert "&lt;img src=x onerror=alert(1)&gt; was typed here." in html
    assert 'href="https://example.org/pc?a=1&amp;b=2"' in html
    # Self-contained: no request leaves the file.
    assert "src=" not in html.replace("&lt;img src=x", "")
    assert "@import" not in html and "url(" not in html


def test_each_empty_section_says_so(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "empty")
    result = sli("snapshot", "--plan", str(folder), "--month", "2023-11")
    assert result.exit_code == 0
    for note in ["No objective has been rated yet.",
                 "No objective was completed or improved this month.",
                 "No objective is rated red or amber.",
                 "No project updates this month.",
                 "No events from 1 November 2023 to 30 November 2023.",
                 "No events between 1 December 2023 and 25 January 2024.",
                 "No regional news this month.", "No ADPH or national updates this month."]:
        assert f"\n_{note}_\n" in result.stdout
    # Every objective is still listed, not rated.
    assert "| Youth vaping | **Not rated** |  |  |" in result.stdout
    assert "\n_No outputs or open actions fall due next month._\n" in result.stdout


def test_outputs_due_next_month(sli: SliRunner, tmp_path: Path) -> None:
    """Outputs due by date or by a quarter ending next month, of objectives
    not yet complete."""
    folder = write_plan(tmp_path / "outputs", SMALL_PLAN + textwrap.dedent("""
        [[objectives.outputs]]
        title = "Test-purchase exercise"
        due = "2023/24 Q3"

        [[objectives.outputs]]
        title = "Letters to retailers"
        due = 2023-12-05

        [[objectives.outputs]]
        title = "Not due yet"
        due = "2023/24 Q4"
    """))
    result = sli("snapshot", "--plan", str(folder), "--month", "2023-11")
    assert result.exit_code == 0, result.stderr
    due = result.stdout.split("## Due in December 2023\n\n")[1].split("\n\n## ")[0]
    assert due == ("### Outputs\n\n"
                   "- Letters to retailers (Youth vaping, due Tue 5 Dec 2023)\n"
                   "- Test-purchase exercise (Youth vaping, due Sun 31 Dec 2023)")


def test_nothing_moved_is_said(sli: SliRunner, plan: Path) -> None:
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-12")
    assert "No rating has changed since the end of November 2023." in result.stdout
    assert "Since the end of" not in result.stdout


def test_sections_empty_and_full(plan: Path) -> None:
    from sli_cli.records.edition import Edition
    from sli_cli.records.store import write_record

    loaded, _ = read_plan(plan)
    assert loaded is not None
    records, _ = read_records(plan)
    assert [s for s in Section if build_snapshot(loaded, records, Month(2023, 11))
            .is_empty(s)] == [Section.FOREWORD, Section.HIGHLIGHTS]
    write_record(plan, Edition("2023-11", "A foreword.", ("A highlight",), uid="k3f9mq2x"))
    records, _ = read_records(plan)
    november = build_snapshot(loaded, records, Month(2023, 11))
    assert [s for s in Section if november.is_empty(s)] == []
    assert [s for s in Section if not november.shows(s)] == []
    public = build_snapshot(loaded, records, Month(2023, 11), public=True)
    assert [s for s in Section if not public.shows(s)] == [Section.OWED]
    april = build_snapshot(loaded, records, Month(2022, 4))
    assert [s for s in Section if april.is_empty(s)] == [
        Section.FOREWORD, Section.HIGHLIGHTS, Section.HEADLINE, Section.GOOD_NEWS,
        Section.SUPPORT, Section.SPOTLIGHTS, Section.THIS_MONTH, Section.EVENTS, Section.NEWS,
        Section.NATIONAL, Section.DUE]


def test_actions_due_next_month(sli: SliRunner, plan: Path) -> None:
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-09")
    due = result.stdout.split("## Due in October 2023\n\n")[1].split("\n\n## ")[0]
    assert due == (
        "### Actions\n\n"
        "| What | Objective | Owner | Due |\n"
        "|---|---|---|---|\n"
        "| Brief trading standards leads | Youth vaping | DPH, Somerset | Tue 31 Oct 2023 |")


def test_default_month_is_this_month(sli: SliRunner, plan: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-11-30")
    result = sli("snapshot", "--plan", str(plan))
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", NOVEMBER)


def test_default_month_is_clamped_with_a_note(sli: SliRunner, plan: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2025-06-01")
    result = sli("snapshot", "--plan", str(plan))
    assert result.exit_code == 0
    assert result.stderr == ("The plan ended in March 2024; drafting the snapshot for "
                             "March 2024 (use --month to choose another).\n")
    assert "\n# South West SLI snapshot: March 2024\n" in result.stdout


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


def test_text_is_a_plain_email_body(sli: SliRunner, plan: Path) -> None:
    result = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "--public", "-f", "text")
    assert result.exit_code == 0
    text = result.stdout
    lines = text.splitlines()
    assert lines[:5] == ["South West SLI snapshot: November 2023",
                         "======================================", "",
                         "Tiny SLI Plan: the position at 30 November 2023 (2023/24 Q3).", ""]
    assert all(len(line) <= 72 for line in lines if " " in line.strip())
    assert "Good news\n---------\n\nBereavement support\n~~~~~~~~~~~~~~~~~~~\n" in text
    # Ratings are words; tables are one line a row; user text is as typed.
    assert ("- Tue 21 Nov 2023. Event: Peer challenge | workshop\n"
            "  <https://example.org/pc?a=1&b=2>. Where: Exeter. About: Suicide\n"
            "  prevention.\n") in text
    assert "- Real-time surveillance. Rating: Green. Direction of travel: ↑" in text
    assert "# Torbay: QI on referrals\n" in text and "\\" not in text
    assert "Internal" not in text and text.endswith(
        "-- \nContacts: SLI lead: DPH, Wiltshire; SLI co-ordinator: SW SLI\nco-ordinator\n")
