"""``sli meeting template``, ``--from FILE`` and ``--edit``."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Rating
from sli_cli.recording.edit_loop import PROBLEMS_HEADER, edit_until_valid
from sli_cli.records.meeting import parse_meeting
from tests.conftest import SliRunner
from tests.helpers import tree, written
from tests.meeting_fixtures import small_plan_with_meetings

MEETING = textwrap.dedent("""\
    priority = "P2"
    date = "12/07/2023"
    quarter = ""
    attendees = ["DPH, Somerset", "SW SLI co-ordinator"]

    [[objectives]]
    objective = "KO3"
    rag = "amber"
    progress = \"\"\"
    Survey fieldwork done in 12 of 15 councils.
    Results due in August.\"\"\"
    risks = "Two councils have no trading standards capacity"

    [[objectives.actions]]
    text = "Share the survey results"
    owner = "DPH, Somerset"
    due = "30/09/2023"
    """)


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    return small_plan_with_meetings(tmp_path / "p")


def test_template_lists_every_objective_with_its_current_rating(sli: SliRunner,
                                                                plan: Path) -> None:
    result = sli("meeting", "template", "--plan", str(plan), "-p", "p1", "-d", "12/10/2023")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "#   amber (A): Issues or risks identified: may slip without action.\n" in text
    assert text.split("# P1 Suicide prevention (DPH lead: DPH, Devon)\n")[1] == (
        'priority = "P1"\n'
        'date = "12/10/2023"\n'
        'quarter = ""\n'
        'attendees = ["DPH, Wiltshire", "SW SLI co-ordinator", "DPH, Devon"]\n'
        "\n"
        "# KO1 Real-time surveillance\n"
        "# lead: DPH, Devon; current rating: amber in 2023/24 Q1\n"
        "[[objectives]]\n"
        'objective = "KO1"\n'
        'rag = "amber"\n'
        'progress = ""\n'
        'risks = ""\n'
        'support = ""\n'
        'next_steps = ""\n'
        "\n"
        "# KO2 Bereavement support\n"
        "# lead: DPH, Torbay; current rating: green in 2023/24 Q1\n"
        "[[objectives]]\n"
        'objective = "KO2"\n'
        'rag = "green"\n'
        'progress = ""\n'
        'risks = ""\n'
        'support = ""\n'
        'next_steps = ""\n')
    (plan.parent / "m.toml").write_text(text)
    recorded = sli("meeting", "record", "--plan", str(plan), "--from", "m.toml")
    assert recorded.exit_code == 0, recorded.stderr
    assert written(plan, "meetings/2023-24-Q2/P1").is_file()


def test_template_unknown_priority(sli: SliRunner, plan: Path) -> None:
    result = sli("meeting", "template", "--plan", str(plan), "-p", "P7")
    assert (result.exit_code, result.stderr) == (
        2, "sli: no priority 'P7' in this plan; the plan's priorities are P1, P2\n")


def test_record_from_file(sli: SliRunner, plan: Path) -> None:
    (plan.parent / "m.toml").write_text(MEETING)
    result = sli("meeting", "record", "--plan", str(plan), "--from", "m.toml")
    assert result.exit_code == 0, result.stderr
    meeting, _ = parse_meeting(written(plan, "meetings/2023-24-Q1/P2").read_bytes(), "x")
    assert meeting is not None
    ko3 = meeting.outcome("KO3")
    assert ko3 is not None and ko3.rag is Rating.AMBER
    assert ko3.progress == "Survey fieldwork done in 12 of 15 councils.\nResults due in August."
    assert [(a.text, a.due.isoformat()) for a in ko3.actions] == [
        ("Share the survey results", "2023-09-30")]
    assert not (plan / ".sli" / "drafts").exists()


def test_problems_in_the_file_are_located_and_nothing_is_written(sli: SliRunner,
                                                                 plan: Path) -> None:
    bad = (MEETING.replace('rag = "amber"', 'rag = "purple"')
           .replace('date = "12/07/2023"', 'date = "31/9/2023"')
           .replace('owner = "DPH, Somerset"', 'owner = "DPH, Somerset"\nowned = "x"'))
    (plan.parent / "m.toml").write_text(bad)
    before = tree(plan)
    result = sli("meeting", "record", "--plan", str(plan), "--from", "m.toml")
    assert (result.exit_code, result.stderr) == (
        1, "m.toml:17: objective KO3: action 1: unknown key 'owned' (did you mean 'owner'?)\n")
    (plan.parent / "m.toml").write_text(bad.replace('owned = "x"\n', ""))
    result = sli("meeting", "record", "--plan", str(plan), "--from", "m.toml")
    assert (result.exit_code, result.stderr) == (1, (
        "m.toml:2: meeting date: '31/9/2023' is not a date; write it day first, like "
        "12/07/2023 or 12 July 2023\n"
        "m.toml:6: objective KO3: rating 'purple' is not one of this plan's ratings: red (R), "
        "amber (A), green (G), blue (B), grey (N)\n"))
    assert tree(plan) == before


def test_from_and_resume_together(sli: SliRunner, plan: Path) -> None:
    result = sli("meeting", "record", "--plan", str(plan), "--from", "m.toml", "--resume")
    assert (result.exit_code, result.stderr) == (
        2, "sli: --resume and --from cannot be used together\n")


# -- the editor ---------------------------------------------------------------
FAKE_EDITOR = textwrap.dedent("""\
    import pathlib, sys
    steps = pathlib.Path(sys.argv[0]).parent
    n = len(list(steps.glob("seen-*.toml")))
    target = pathlib.Path(sys.argv[1])
    (steps / f"seen-{n}.toml").write_text(target.read_text())
    target.write_text((steps / f"step-{n}.toml").read_text())
    """)


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *steps: str) -> Path:
    folder = tmp_path / "editor"
    folder.mkdir()
    (folder / "edit.py").write_text(FAKE_EDITOR)
    for index, text in enumerate(steps):
        (folder / f"step-{index}.toml").write_text(text)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {folder / 'edit.py'}")
    return folder


def test_edit_reopens_with_the_problems_until_valid(sli: SliRunner, plan: Path,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = editor(tmp_path, monkeypatch, MEETING.replace('"amber"', '"purple"'), MEETING)
    result = sli("meeting", "record", "--plan", str(plan), "--edit", "-p", "P2")
    assert result.exit_code == 0, result.stderr
    first = (folder / "seen-0.toml").read_text()
    assert first.startswith("# A quarterly SLI meeting, to record with")
    assert 'objective = "KO3"\nrag = "red"\n' in first  # the current rating is the default
    second = (folder / "seen-1.toml").read_text()
    assert second.startswith(
        f"{PROBLEMS_HEADER}\n"
        "#   meeting:6: objective KO3: rating 'purple' is not one of this plan's ratings: "
        "red (R), amber (A), green (G), blue (B), grey (N)\n\n"
        'priority = "P2"\n')
    assert written(plan, "meetings/2023-24-Q1/P2").is_file()


def test_emptying_the_file_cancels(sli: SliRunner, plan: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    editor(tmp_path, monkeypatch, "# nothing left\n\n")
    before = tree(plan)
    result = sli("meeting", "record", "--plan", str(plan), "--edit", "-p", "P2")
    assert (result.exit_code, result.stderr) == (
        1, "sli: nothing recorded: the meeting file was emptied, or left unchanged with its "
        "problems\n")
    assert tree(plan) == before


def test_edit_until_valid_strips_old_problems() -> None:
    seen: list[str] = []
    replies = iter(["bad", "good"])

    def edit(text: str) -> str:
        seen.append(text)
        return next(replies)

    result = edit_until_valid("start", edit, lambda t: ["not good"] if t != "good" else [])
    assert result == "good"
    assert seen == ["start", f"{PROBLEMS_HEADER}\n#   not good\n\nbad"]


def test_edit_until_valid_cancels_when_left_unchanged_with_problems() -> None:
    seen: list[str] = []

    def edit(text: str) -> str:
        seen.append(text)
        return text if seen[1:] else "bad"

    assert edit_until_valid("start", edit, lambda t: ["not good"]) is None
    assert len(seen) == 2


def test_the_documented_example_records(sli: SliRunner, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    import shutil

    from tests.helpers import EXAMPLE, REPO

    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    folder = tmp_path / "sw"
    folder.mkdir()
    shutil.copy(EXAMPLE / "plan.toml", folder / "plan.toml")
    docs = (REPO / "docs" / "meeting-input.md").read_text()
    found = re.search(r"## The form\n\n```toml\n(.*?)```", docs, re.S)
    assert found is not None
    (tmp_path / "m.toml").write_text(found.group(1))
    result = sli("meeting", "record", "--plan", str(folder), "--from", "m.toml")
    assert result.exit_code == 0, result.stderr
    meeting, _ = parse_meeting(written(folder, "meetings/2023-24-Q1/P2").read_bytes(), "x")
    assert meeting is not None and meeting.not_discussed == ("KO6",)
    assert meeting.apologies == ("DPH, Torbay",)
    assert [d.objective for d in meeting.decisions] == ["KO4", ""]


def test_template_keeps_plan_text_inside_its_comments(sli: SliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A newline in a title cannot add lines to the form, and an escape
    sequence in a definition never reaches the terminal raw."""
    import tomllib

    from tests.helpers import SMALL_PLAN, write_plan

    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    text = SMALL_PLAN.replace('title = "Tobacco control"',
                              'title = "Tobacco\\n[[objectives]]\\nobjective = \\"KO1\\""')
    text = text.replace('title = "Youth vaping"',
                        'title = "Youth vaping\\u001b]52;c;ZXZpbA==\\u0007"')
    text = text.replace('dph_lead = "DPH, Somerset"', 'dph_lead = "DPH,\\nrag = \\"red\\""')
    folder = write_plan(tmp_path / "p", text)
    result = sli("meeting", "template", "--plan", str(folder), "-p", "P2")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "# KO3 Youth vaping\\x1b]52;c;ZXZpbA==\\x07\n" in result.stdout
    assert "# P2 Tobacco [[objectives]] objective = \"KO1\" (DPH lead: DPH, rag = \"red\")\n" \
        in result.stdout
    form = tomllib.loads(result.stdout)
    assert [o["objective"] for o in form["objectives"]] == ["KO3"]
    assert form["attendees"] == ["DPH, Wiltshire", "SW SLI co-ordinator", 'DPH,\nrag = "red"']


SLOW_EDITOR = """\
import pathlib, sys, time
path = pathlib.Path(sys.argv[1])
go = pathlib.Path(sys.argv[0]).with_name("go")
pathlib.Path(sys.argv[0]).with_name("editing").write_text("yes")
deadline = time.monotonic() + 60
while not go.exists() and time.monotonic() < deadline:  # the person is slow to save
    time.sleep(0.05)
text = path.read_text()
text = text.replace('rag = "amber"', 'rag = "green"', 1)
text = text.replace('change_note = ""', 'change_note = "KO1 data complete"')
path.write_text(text)
"""


def test_two_amendments_at_once_cannot_undo_each_other(plan: Path, tmp_path: Path) -> None:
    """One amendment is written in a slow editor while another is recorded:
    the slow one started from version 1, so it is refused with what version 2
    changed, and kept as a draft; version 2 stays whole."""
    import subprocess
    import time

    from sli_cli.records.load import read_records
    from tests.helpers import run_process, subprocess_env

    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "edit.py").write_text(SLOW_EDITOR)
    env = subprocess_env(SLI_TODAY="2023-11-01", EDITOR=f"{sys.executable} {tools / 'edit.py'}")
    slow = subprocess.Popen(
        [sys.executable, "-m", "sli_cli", "meeting", "record", "--plan", str(plan), "--amend",
         "--edit", "-p", "P1", "-q", "2023/24 Q1"],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    deadline = time.monotonic() + 60
    while not (tools / "editing").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    quick = run_process("meeting", "record", "--plan", str(plan), "--amend", "-p", "P1", "-q",
                        "2023/24 Q1", "--rag", "KO2=red", "--action",
                        "KO2=Rescue the peer network|DPH, Torbay|31/01/2024",
                        "--change-note", "Peer network stalled", env=env)
    assert quick.exit_code == 0, quick.stderr
    (tools / "go").write_text("")
    _, stderr = slow.communicate(timeout=60)
    assert slow.returncode == 1, stderr
    assert (
        "sli: the meeting of P1 2023/24 Q1 was changed by someone else while this change "
        "was being written: this amendment started from version 1, and version 2 is now the "
        "latest, which changed:\n  KO2 rating: green -> red\n  KO2 action added: ") in stderr
    assert stderr.endswith(
        "Nothing was recorded, so that nothing they changed is undone.\n"
        "Your answers are kept in p/.sli/drafts/P1.toml. To make your change over the latest "
        "version: sli meeting record --amend --edit --priority P1 --quarter '2023/24 Q1'; "
        "then: sli meeting discard-draft P1\n")
    records, _ = read_records(plan, use_cache=False)
    versions = records.meeting_versions[(Quarter(2023, 1), "P1")]
    assert [m.version for m in versions] == [1, 2]
    ko2 = versions[-1].outcome("KO2")
    assert ko2 is not None and ko2.rag is Rating.RED and len(ko2.actions) == 1
    kept = (plan / ".sli" / "drafts" / "P1.toml").read_text()
    assert "based_on = 1" in kept and 'change_note = "KO1 data complete"' in kept
