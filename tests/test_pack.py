"""sli pack: the DPH lead's pre-meeting pack, pinned as Markdown on a small plan."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.snapshot_data import build

P1_Q3 = textwrap.dedent("""\
    # Pre-meeting pack: Suicide prevention, 2023/24 Q3

    DPH lead: DPH, Devon; deputy: DPH, Torbay

    For the quarterly SLI meeting for 2023/24 Q3 with the SLI lead (DPH, Wiltshire) and the SLI co-ordinator. Drawn up on 1 December 2023.

    ## Where each objective stands

    ### Real-time surveillance

    | 2022/23 Q4 | 2023/24 Q1 | 2023/24 Q2 | 2023/24 Q3 |
    |---|---|---|---|
    | **Not rated** | **Not rated** | **Amber** | **Green** |

    Last rated 2023/24 Q3, at the meeting of 14 November 2023:

    Progress: All five areas share data.

    Outputs due this quarter or next, and any overdue:

    - Data-sharing agreement signed (due 2022/23 Q3; **overdue**)

    ### Bereavement support

    | 2022/23 Q4 | 2023/24 Q1 | 2023/24 Q2 | 2023/24 Q3 |
    |---|---|---|---|
    | **Not rated** | **Not rated** | **Green** | **Blue** |

    Last rated 2023/24 Q3, at the meeting of 14 November 2023:

    Progress: Service live in every area.

    ## Open actions

    | What | Objective | Owner | Due | Status |
    |---|---|---|---|---|
    | Publish the dashboard | Real-time surveillance | SW SLI co-ordinator | Fri 8 Dec 2023 | open |

    ## Rating definitions

    | Rating | Definition |
    |---|---|
    | **Red** | Significant problems: off track, needs escalation or corrective action. |
    | **Amber** | Issues or risks identified: may slip without action. |
    | **Green** | On track. |
    | **Blue** | Complete. |
    | **Grey** | Not started, not yet due, or no data. |

    ## This quarter's answers

    Space to note this quarter's answers before the meeting.

    ### Real-time surveillance

    | Question | Answer |
    |---|---|
    | Rating |  |
    | Progress |  |
    | Risks and issues |  |
    | Support needed |  |
    | Actions (what, owner, due) |  |
    | Next steps |  |

    ### Bereavement support

    | Question | Answer |
    |---|---|
    | Rating |  |
    | Progress |  |
    | Risks and issues |  |
    | Support needed |  |
    | Actions (what, owner, due) |  |
    | Next steps |  |
""")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return build(tmp_path / "p")


def test_pack_markdown_is_pinned(sli: SliRunner, plan: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-12-01")
    result = sli("pack", "--plan", str(plan), "--priority", "p1", "--quarter", "2023/24 Q3")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == P1_Q3


def test_default_quarter_is_the_one_under_review(sli: SliRunner, plan: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """On 5 October the 2023/24 Q2 meetings are still being held."""
    monkeypatch.setenv("SLI_TODAY", "2023-10-05")
    result = sli("pack", "--plan", str(plan), "-p", "P2")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Pre-meeting pack: Tobacco control, 2023/24 Q2\n")
    assert "Support asked: \\<script\\>alert('x')\\</script\\> legal advice" in text
    assert ("| Brief trading standards leads | Youth vaping | DPH, Somerset | Tue 31 Oct 2023 "
            "| open |") in text
    monkeypatch.setenv("SLI_TODAY", "2023-12-05")
    later = sli("pack", "--plan", str(plan), "-p", "P2").stdout
    assert later.startswith("# Pre-meeting pack: Tobacco control, 2023/24 Q3\n")
    assert "| Tue 31 Oct 2023 | overdue 35 days |" in later


@pytest.mark.parametrize(("argv", "message"), [
    (["-p", "P9"], "sli: no priority 'P9' in this plan; the plan's priorities are P1, P2\n"),
    (["-p", "P1", "-f", "docx"],
     "sli: --format docx writes a Word file: give it a name with -o FILE\n"),
])
def test_bad_pack_options(sli: SliRunner, plan: Path, argv: list[str], message: str) -> None:
    result = sli("pack", "--plan", str(plan), *argv)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_pack_in_word_leaves_room_to_write(sli: SliRunner, plan: Path, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    target = tmp_path / "pack.docx"
    result = sli("pack", "--plan", str(plan), "-p", "P1", "-q", "2023/24 Q3", "-f", "docx",
                 "-o", str(target))
    assert result.exit_code == 0, result.stderr
    word = docx.Document(str(target))
    answers = [t for t in word.tables if t.rows[0].cells[0].text == "Question"]
    assert len(answers) == 2
    assert all(row.height is not None and row.height.cm >= 1.3 for row in answers[0].rows[1:])
