"""Guards against inputs that once got past: each leaves the plan as it was."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import tree, write_plan

RECORD = ["meeting", "record", "-p", "P1", "-d", "12/07/2023", "--rag", "KO1=green",
          "--rag", "KO2=green", "--yes"]


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2024-01-15")
    folder = write_plan(tmp_path / "p")
    monkeypatch.setenv("SLI_PLAN", str(folder))
    return folder


def test_from_file_cannot_take_another_meetings_action_id(sli: SliRunner, plan: Path,
                                                          tmp_path: Path) -> None:
    result = sli(*RECORD, "--action", "KO1=Write to the trusts|SLI lead|30/09/2023")
    assert result.exit_code == 0, result.stderr
    taken = result.stderr.rsplit("actions ", 1)[1].split()[0]
    form = tmp_path / "m.toml"
    form.write_text(sli("meeting", "template", "-p", "P2").stdout.replace(
        'date = ""', 'date = "10/08/2023"'))
    text = form.read_text()
    text = text.replace('rag = ""', 'rag = "red"', 1)
    text += (f'\n[[objectives.actions]]\nid = "{taken}"\ntext = "Borrowed"\nowner = "x"\n'
             'due = "30/09/2023"\n')
    form.write_text(text)
    before = tree(plan)
    result = sli("meeting", "record", "--from", str(form), "--yes")
    assert result.exit_code == 1, result.stderr
    assert (f"objective KO3: action '{taken}': that id belongs to an action of the meeting of "
            "P1 for 2023/24 Q1; leave 'id' out and sli gives the action a new one"
            ) in result.stderr
    assert tree(plan) == before
    assert sli("check").exit_code == 0


def test_output_never_overwrites_the_plan(sli: SliRunner, plan: Path) -> None:
    before = tree(plan)
    for target in ("p/plan.toml", "p/meetings/x.csv", "p/.sli/x.csv"):
        result = sli("export", "--format", "csv", "-o", target, "--force")
        assert result.exit_code == 2
        assert result.stderr == (f"sli: -o {target} is one of the plan's own files; sli never "
                                 "writes there: choose another file\n")
    assert tree(plan) == before


@pytest.mark.parametrize("argv", [
    [*RECORD[:5], "01/01/0001", *RECORD[6:]],
    [*RECORD[:5], "31/12/9999", *RECORD[6:]],
    ["status", "--as-of", "01/01/0001"],
    ["event", "add", "--date", "1/1/0001", "--title", "Long ago"],
])
def test_years_out_of_range_are_usage_errors(sli: SliRunner, plan: Path,
                                             argv: list[str]) -> None:
    before = tree(plan)
    result = sli(*argv)
    # A meeting's date is a problem in what was recorded (1); an option is usage (2).
    assert result.exit_code == (1 if argv[0] == "meeting" else 2), result.stderr
    assert "the year must be between 1900 and 2999" in result.stderr
    assert "Traceback" not in result.stderr
    after = tree(plan)
    assert {k: v for k, v in after.items() if not k.startswith(".sli/")} == before


def test_a_meeting_cannot_review_a_quarter_not_started(sli: SliRunner, plan: Path) -> None:
    before = tree(plan)
    result = sli(*RECORD, "--quarter", "2023/24 Q4")
    assert result.exit_code == 1
    assert ("a meeting held on 2023-07-12 (2023/24 Q2) cannot review 2023/24 Q4: that quarter "
            "had not started") in result.stderr
    assert {k: v for k, v in tree(plan).items() if not k.startswith(".sli/")} == before


def test_events_and_updates_stay_in_the_plan_period(sli: SliRunner, plan: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(plan)
    result = sli("event", "add", "--date", "1/7/2024", "--title", "After the plan")
    assert (result.exit_code, result.stderr) == (
        2, "sli: --date 2024-07-01 is outside the plan period (2022-04-01 to 2024-03-31, or "
           "up to 2024-06-30: the quarter after the plan, when its last quarter's meetings "
           "are held)\n")
    monkeypatch.setenv("SLI_TODAY", "2026-11-27")
    result = sli("update", "add", "--kind", "news", "--title", "Late news")
    assert (result.exit_code, result.stderr) == (
        2, "sli: this month (2026-11) is outside the plan period (2022-04 to 2024-03, or up "
           "to 2024-06: the quarter after the plan, when its last quarter's meetings are "
           "held); give the month with --month\n")
    assert tree(plan) == before


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes")
def test_pipes_and_symlink_loops_are_reported_not_read(sli: SliRunner, plan: Path) -> None:
    (plan / "events").mkdir()
    os.mkfifo(plan / "events" / "EBBBB.toml")
    (plan / "meetings" / "2023-24-Q1").mkdir(parents=True)
    os.symlink("loop.toml", plan / "meetings" / "2023-24-Q1" / "loop.toml")
    result = sli("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "p/events/EBBBB.toml: is not a regular file",
        "p/meetings/2023-24-Q1/loop.toml: is a symbolic link to outside the plan folder (or "
        "to nothing); sli only reads records inside it",
    ]


def test_editor_text_that_is_not_utf8_is_kept(sli: SliRunner, plan: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    editor = tmp_path / "latin1-editor"
    editor.write_text("#!/bin/sh\nprintf 'caf\\351\\n' > \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    before = tree(plan)
    result = sli("meeting", "record", "-p", "P1", "-d", "12/07/2023", "--edit")
    assert result.exit_code == 2
    assert "the editor saved text that is not UTF-8; it is kept in " in result.stderr
    kept = Path(result.stderr.split("it is kept in ")[1].split(":")[0])
    assert kept.read_bytes() == b"caf\xe9\n"
    kept.unlink()
    assert tree(plan) == before
    monkeypatch.setenv("EDITOR", "'unbalanced")
    result = sli("meeting", "record", "-p", "P1", "-d", "12/07/2023", "--edit")
    assert result.exit_code == 2
    assert "EDITOR is \"'unbalanced\", which is not a command" in result.stderr


@pytest.mark.parametrize("option", ["--rag", "--priority", "--lead"])
def test_an_empty_filter_is_a_usage_error(sli: SliRunner, plan: Path, option: str) -> None:
    result = sli("status", option, "")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", f"sli: {option} is empty; leave it out to show every objective\n")
