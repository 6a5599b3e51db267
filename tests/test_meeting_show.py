"""``sli meeting list``, ``sli meeting show`` and amendments with history."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import shown as shown_path
from tests.helpers import tree, written
from tests.meeting_fixtures import small_plan_with_meetings


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    return small_plan_with_meetings(tmp_path / "p")


def test_list_table(sli: SliRunner, plan: Path) -> None:
    result = sli("meeting", "list", "--plan", str(plan))
    assert result.exit_code == 0
    assert result.stdout == (
        "\n"
        "  Quarter      Priority   Date         Ratings        Actions   Version\n"
        " ───────────────────────────────────────────────────────────────────────\n"
        "  2022/23 Q4   P2         2023-04-20   KO3 R                1         1\n"
        "  2023/24 Q1   P1         2023-07-12   KO1 A, KO2 G         2         1\n"
        "\n")


def test_list_filters_and_formats(sli: SliRunner, plan: Path) -> None:
    md = sli("meeting", "list", "--plan", str(plan), "-p", "P2", "-f", "md")
    assert md.stdout == (
        "| Quarter | Priority | Date | Ratings | Actions | Version |\n"
        "|---|---|---|---|---:|---:|\n"
        "| 2022/23 Q4 | P2 | 2023-04-20 | KO3 R | 1 | 1 |\n")
    data = json.loads(sli("meeting", "list", "--plan", str(plan), "-q", "Q1 2023/24",
                          "-f", "json").stdout)
    assert [(m["priority"], m["quarter"], m["version"]) for m in data] == [
        ("P1", "2023/24 Q1", 1)]
    assert data[0]["recorded_at"] == "2023-07-13T09:30:00+00:00"
    assert data[0]["outcomes"][0]["actions"][0] == {
        "id": "AC7HS", "text": "Chase the last two councils", "owner": "SW SLI co-ordinator",
        "due": "2023-09-30"}
    none = sli("meeting", "list", "--plan", str(plan), "-q", "2023/24 Q3")
    assert (none.exit_code, none.stdout, none.stderr) == (0, "", "No meetings recorded that "
                                                          "match.\n")
    bad = sli("meeting", "list", "--plan", str(plan), "-q", "Q5")
    assert bad.exit_code == 2 and bad.stderr.startswith("sli: --quarter: 'Q5' is not a quarter")


def test_show(sli: SliRunner, plan: Path) -> None:
    result = sli("meeting", "show", "--plan", str(plan), "P1", "2023/24", "Q1")
    assert result.exit_code == 0, result.stderr
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "P1 Suicide prevention - 2023/24 Q1",
        "Meeting held on Wed 12 July 2023 (2023-07-12)",
        "Attendees: DPH, Wiltshire; SW SLI co-ordinator; DPH, Devon",
        "Version 1, recorded by coordinator on 2023-07-13 09:30 UTC",
        "",
        "KO1 Real-time surveillance",
        "  Rating: A Amber",
        "  Progress: Data flowing from 3 of 5 councils",
        "  Risks and issues: Two councils lack analysts",
        "  Action AC7HS: Chase the last two councils (SW SLI co-ordinator, due",
        "  2023-09-30)",
        "  Action AD4TA: Draft a data-sharing agreement (DPH, Devon, due 2023-12-15)",
        "",
        "KO2 Bereavement support",
        "  Rating: G Green",
        "  Next steps: Launch the peer network",
    ]


def test_show_unknown_meeting(sli: SliRunner, plan: Path) -> None:
    result = sli("meeting", "show", "--plan", str(plan), "P2", "2023/24 Q1")
    assert (result.exit_code, result.stderr) == (
        1, "sli: no meeting of P2 is recorded for 2023/24 Q1; see: sli meeting list\n")


def test_amend_keeps_the_old_version_and_shows_what_changed(sli: SliRunner, plan: Path,
                                                            monkeypatch:
                                                            pytest.MonkeyPatch) -> None:
    first_path = written(plan, "meetings/2023-24-Q1/P1")
    first = first_path.read_bytes()
    monkeypatch.setenv("SLI_USER", "alice")
    result = sli("meeting", "record", "--plan", str(plan), "--amend", "-p", "P1",
                 "-q", "2023/24 Q1", "--rag", "KO1=G",
                 "--progress", "KO1=All five councils sharing",
                 "--action", "KO2=Launch the peer network|DPH, Torbay|31/01/2024",
                 "--attendee", "DPH, Devon", "--change-note", "KO1 data complete")
    assert result.exit_code == 0, result.stderr
    second = next(p for p in first_path.parent.glob("P1.*.toml") if p != first_path)
    assert "Recorded version 2 of the meeting of P1 for 2023/24 Q1 in " \
           f"{shown_path(plan, second)}" in result.stderr
    assert first_path.read_bytes() == first
    shown = sli("meeting", "show", "--plan", str(plan), "P1", "2023/24 Q1", "--history")
    lines = [line.rstrip() for line in shown.stdout.splitlines()]
    assert lines[lines.index("KO1 Real-time surveillance") + 1] == "  Rating: G Green"
    assert re.fullmatch(r"Version 2, recorded by alice on \d{4}-\d\d-\d\d \d\d:\d\d UTC",
                        lines[3])
    history = lines[lines.index("History"):]
    new_id = re.search(r"action added: (A\w{4})", shown.stdout)
    assert new_id is not None
    assert history[1] == "Version 1: 2023-07-13 09:30 UTC by coordinator (first recorded)"
    assert re.fullmatch(r"Version 2: \S+ \S+ UTC by alice", history[2])
    assert history[3:] == [
        "  Change note: KO1 data complete",
        "  attendees: - DPH, Wiltshire; - SW SLI co-ordinator",
        "  KO1 rating: amber -> green",
        "  KO1 progress: Data flowing from 3 of 5 councils -> All five councils sharing",
        f"  KO2 action added: {new_id.group(1)} Launch the peer network (DPH, Torbay, due "
        "2024-01-31)",
    ]
    listed = json.loads(sli("meeting", "list", "--plan", str(plan), "-p", "P1",
                            "-f", "json").stdout)
    assert listed[0]["version"] == 2 and listed[0]["change_note"] == "KO1 data complete"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["-p", "P1", "-q", "2023/24 Q1", "--rag", "KO1=G"], 1,
     "sli: an amendment needs a change note saying what changed and why (--change-note)\n"
     "Your answers are kept in p/.sli/drafts/P1.toml; continue with: sli meeting record "
     "--resume\n"),
    (["-p", "P1", "-q", "2023/24 Q2", "--change-note", "x"], 1,
     "sli: there is no meeting of P1 2023/24 Q2 to amend; record it without --amend\n"),
    (["-p", "P1"], 2, "sli: an amendment needs the quarter (or the date) of the meeting to "
     "amend; give the quarter with --quarter\n"),
    (["-p", "P1", "-q", "2023/24 Q1", "--rag", "KO1=amber", "--change-note", "x"], 1,
     "sli: nothing changed in the meeting of P1 for 2023/24 Q1; no new version recorded\n"),
])
def test_amend_refusals(sli: SliRunner, plan: Path, args: list[str], code: int,
                        message: str) -> None:
    before = tree(plan)
    result = sli("meeting", "record", "--plan", str(plan), "--amend", *args)
    assert (result.exit_code, result.stderr) == (code, message)
    assert {k: v for k, v in tree(plan).items() if not k.startswith(".sli/drafts/")} == before


def test_readme_examples_run(sli: SliRunner, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's record, amend and show examples, on the example plan's
    plan.toml without its records; then the same meeting recorded again is
    refused and the README's --resume --amend records it as a new version."""
    import shlex
    import shutil

    from tests.helpers import EXAMPLE, REPO

    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    folder = tmp_path / "sw"
    folder.mkdir()
    shutil.copy(EXAMPLE / "plan.toml", folder / "plan.toml")
    monkeypatch.chdir(folder)
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Record a quarterly meeting")[1].split("\n## ")[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    commands = [line.split("  #")[0] for block in blocks
                for line in block.replace("\\\n", " ").splitlines()]
    wanted = [c for c in commands if "--yes" in c or "--amend" in c or "--history" in c]
    assert len(wanted) == 4
    shown = ""
    for command in wanted:
        args = shlex.split(command)
        assert args[0] == "sli"
        if "--resume" in args:
            again = sli(*shlex.split(wanted[0])[1:])
            assert again.exit_code == 1 and "--resume --amend --priority P2" in again.stderr
        result = sli(*args[1:])
        assert result.exit_code == 0, (command, result.stderr)
        shown = result.stdout if "--history" in args else shown
    # the meeting and its two amendments
    assert len(list((folder / "meetings/2023-24-Q1").glob("P2.*toml"))) == 3
    assert not (folder / ".sli/drafts/P2.toml").exists()
    assert "  KO6: rated amber (was not discussed)" in shown
