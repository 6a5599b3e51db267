"""``sli meeting record`` without a terminal: options, validation, drafts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Rating
from sli_cli.records.meeting import parse_meeting
from tests.conftest import SliRunner
from tests.helpers import shown, tree, write_plan, written

DRAFTS = ".sli/drafts/"


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    return write_plan(tmp_path / "p")


def without_drafts(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(folder).items() if not k.startswith(DRAFTS)}


def record_p1(sli: SliRunner, plan: Path, *extra: str) -> None:
    result = sli("meeting", "record", "--plan", str(plan), "-p", "P1", "--date", "12/07/2023",
                 "--rag", "KO1=amber", "--rag", "KO2=green", *extra)
    assert result.exit_code == 0, result.stderr


def test_records_a_meeting_from_options(sli: SliRunner, plan: Path) -> None:
    result = sli("meeting", "record", "--plan", str(plan), "--priority", "P1",
                 "--date", "12/07/2023", "--rag", "KO1=A", "--rag", "ko2=green",
                 "--progress", "KO1=Data flowing from 3 of 5 councils",
                 "--risks", "KO1=Two councils lack analysts",
                 "--support", "KO1=OHID analyst time", "--next", "KO1=Agree a data standard",
                 "--action", "KO1=Chase the last two councils|SLI co-ordinator|30/09/2023",
                 "--attendee", "DPH, Devon", "--attendee", "SW SLI co-ordinator")
    assert result.exit_code == 0, result.stderr
    path = written(plan, "meetings/2023-24-Q1/P1")
    meeting, problems = parse_meeting(path.read_bytes(), "x")
    assert problems == [] and meeting is not None
    assert meeting.attendees == ("DPH, Devon", "SW SLI co-ordinator")
    ko1 = meeting.outcome("KO1")
    assert ko1 is not None and ko1.rag is Rating.AMBER
    assert (ko1.progress, ko1.risks, ko1.support, ko1.next_steps) == (
        "Data flowing from 3 of 5 councils", "Two councils lack analysts",
        "OHID analyst time", "Agree a data standard")
    (action,) = ko1.actions
    assert (action.text, action.owner, action.due.isoformat()) == (
        "Chase the last two councils", "SLI co-ordinator", "2023-09-30")
    assert meeting.recorded_by == "tester"
    assert result.stderr == (
        "Quarter under review: 2023/24 Q1; meeting of P1 held on Wed 12 July 2023 "
        "(2023-07-12)\n"
        f"Recorded the meeting of P1 for 2023/24 Q1 in {shown(plan, path)}; "
        f"actions {action.id}\n")
    assert result.stdout == ""


@pytest.mark.parametrize(("day", "quarter_option", "expected"), [
    ("12/07/2023", None, "2023-24-Q1"),  # first month of Q2: reviews Q1
    ("14/08/2023", None, "2023-24-Q2"),  # later in the quarter: its own
    ("3 April 2023", None, "2022-23-Q4"),  # across the financial year
    ("12/07/2023", "Q2 2023/24", "2023-24-Q2"),  # --quarter wins
])
def test_quarter_under_review(sli: SliRunner, plan: Path, day: str,
                              quarter_option: str | None, expected: str) -> None:
    extra = ["--quarter", quarter_option] if quarter_option else []
    result = sli("meeting", "record", "--plan", str(plan), "-p", "P2", "--date", day,
                 "--rag", "KO3=G", *extra)
    assert result.exit_code == 0, result.stderr
    assert written(plan, f"meetings/{expected}/P2").is_file()
    assert result.stderr.startswith(f"Quarter under review: {expected[:4]}/")


BAD_INPUTS = [
    pytest.param(
        ["-p", "P2", "--date", "12/07/2023", "--rag", "KO9=amber", "--rag", "KO3=G"],
        "sli: objective KO9 is not defined (did you mean 'KO3'?)", id="unknown-objective"),
    pytest.param(
        ["-p", "P2", "--date", "12/07/2023", "--rag", "KO1=amber", "--rag", "KO3=G"],
        "sli: objective KO1 belongs to priority P1 (Suicide prevention), not P2; record it at "
        "the meeting of P1", id="objective-of-another-priority"),
    pytest.param(
        ["-p", "P2", "--date", "12/07/2023", "--rag", "KO3=purple"],
        "sli: objective KO3: rating 'purple' is not one of this plan's ratings: red (R), "
        "amber (A), green (G), blue (B), grey (N)", id="rating-outside-scheme"),
    pytest.param(
        ["-p", "P2", "--date", "next week", "--rag", "KO3=G"],
        "sli: meeting date: 'next week' is not a date; write it day first, like 12/07/2023 "
        "or 12 July 2023", id="unparseable-date"),
    pytest.param(
        ["-p", "P2", "--date", "31/02/2023", "--rag", "KO3=G"],
        "sli: meeting date: '31/02/2023' is not a date; write it day first, like 12/07/2023 "
        "or 12 July 2023", id="impossible-date"),
    pytest.param(
        ["-p", "P2", "--date", "12/07/2023", "--rag", "KO3=G",
         "--action", "KO3=Brief the board|DPH, Somerset|30/13/2023"],
        "sli: objective KO3: action 1 (Brief the board): due date: '30/13/2023' is not a "
        "date; write it day first, like 12/07/2023 or 12 July 2023", id="bad-due-date"),
    pytest.param(
        ["-p", "P2", "--date", "12/12/2023", "--rag", "KO3=G"],
        "sli: meeting of P2 for 2023/24 Q3: date 2023-12-12 is in the future",
        id="date-in-future"),
    pytest.param(
        ["-p", "P2", "--date", "12/07/2021", "--rag", "KO3=G"],
        "sli: this meeting cannot be recorded:\n"
        "  meeting of P2 for 2021/22 Q1: quarter 2021/22 Q1 is outside the plan period "
        "(2022/23 Q1 to 2023/24 Q4)\n"
        "  meeting of P2 for 2021/22 Q1: date 2021-07-12 is outside the plan period "
        "(2022-04-01 to 2024-03-31, or up to 2024-06-30: the quarter after the plan, when its "
        "last quarter's meetings are held)", id="date-outside-plan"),
    pytest.param(
        ["-p", "P1", "--date", "12/07/2023", "--rag", "KO1=G"],
        "sli: objective KO2: no rating given (--rag KO2=RATING, or --rag KO2=skip when it "
        "was not discussed)", id="objective-missing"),
    pytest.param(
        ["-p", "P2", "--rag", "KO3=G"],
        "sli: no meeting date given (--date 12/07/2023)", id="no-date"),
    pytest.param(
        ["-p", "P9", "--date", "12/07/2023"],
        "sli: priority P9 is not defined; this plan has P1, P2",
        id="unknown-priority"),
    pytest.param(
        ["-p", "P2", "--date", "12/07/2023", "--rag", "KO3=R", "--strict"],
        "sli: meeting of P2 for 2023/24 Q1: objective KO3 is rated red with no action; "
        "record a corrective action with an owner and a due date", id="red-no-action-strict"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS)
def test_bad_input_is_refused_and_kept_as_draft(sli: SliRunner, plan: Path, args: list[str],
                                                message: str) -> None:
    record_p1(sli, plan, "--quarter", "2022/23 Q4")  # the folder is not empty
    before = without_drafts(plan)
    result = sli("meeting", "record", "--plan", str(plan), *args)
    assert result.exit_code == 1  # a problem in what was recorded, not in the options
    draft = "P9" if "P9" in args else args[1]
    assert result.stderr == (
        f"{message}\nYour answers are kept in p/.sli/drafts/{draft}.toml; continue with: "
        "sli meeting record --resume\n")
    assert result.stdout == ""
    assert without_drafts(plan) == before
    assert (plan / ".sli" / "drafts" / f"{draft}.toml").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["--rag", "KO3"], "sli: --rag 'KO3': write it as --rag OBJECTIVE=VALUE, like KO5=amber"),
    (["--rag", "KO3=G", "--action", "KO3=Do it|someone"],
     "sli: --action 'KO3=Do it|someone': write it as --action 'KO5=what is to be "
     "done|owner|due date'"),
])
def test_malformed_options(sli: SliRunner, plan: Path, args: list[str], message: str) -> None:
    before = tree(plan)
    result = sli("meeting", "record", "--plan", str(plan), "-p", "P2", "--date", "12/07/2023",
                 *args)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert tree(plan) == before


def test_duplicate_meeting_points_to_amend(sli: SliRunner, plan: Path) -> None:
    record_p1(sli, plan)
    before = without_drafts(plan)
    result = sli("meeting", "record", "--plan", str(plan), "-p", "P1", "--date", "14/07/2023",
                 "--rag", "KO1=green", "--rag", "KO2=green")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        f"sli: a meeting of P1 2023/24 Q1 is already recorded "
        f"({shown(plan, written(plan, 'meetings/2023-24-Q1/P1'))})",
        "Your answers are kept in p/.sli/drafts/P1.toml; to record them as a new version of "
        "that meeting: sli meeting record --resume --amend --priority P1 --change-note "
        "'what changed and why'",
    ]
    assert without_drafts(plan) == before


def test_red_without_action_is_a_warning_then_fails_strict_check(sli: SliRunner,
                                                                 plan: Path) -> None:
    result = sli("meeting", "record", "--plan", str(plan), "-p", "P2", "--date", "12/07/2023",
                 "--rag", "KO3=red")
    assert result.exit_code == 0
    assert ("warning: meeting of P2 for 2023/24 Q1: objective KO3 is rated red with no action; "
            "record a corrective action with an owner and a due date\n") in result.stderr
    assert sli("check", "--plan", str(plan)).exit_code == 0
    strict = sli("check", "--plan", str(plan), "--strict")
    assert strict.exit_code == 1
    assert "objective KO3 is rated red with no action" in strict.stdout


def test_skip_marks_not_discussed(sli: SliRunner, plan: Path) -> None:
    result = sli("meeting", "record", "--plan", str(plan), "-p", "P1", "--date", "12/07/2023",
                 "--rag", "KO1=G", "--rag", "KO2=skip")
    assert result.exit_code == 0, result.stderr
    meeting, _ = parse_meeting(written(plan, "meetings/2023-24-Q1/P1").read_bytes(), "x")
    assert meeting is not None and meeting.not_discussed == ("KO2",)
    assert [o.objective for o in meeting.outcomes] == ["KO1"]


def test_resume_continues_from_the_draft_and_removes_it(sli: SliRunner, plan: Path) -> None:
    first = sli("meeting", "record", "--plan", str(plan), "-p", "P1", "--date", "12/07/2023",
                "--rag", "KO1=amber", "--progress", "KO1=Slow start")
    assert first.exit_code == 1
    draft = plan / ".sli" / "drafts" / "P1.toml"
    assert 'progress = "Slow start"' in draft.read_text()
    result = sli("meeting", "record", "--plan", str(plan), "--resume", "--rag", "KO2=G")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Continuing the draft p/.sli/drafts/P1.toml\n")
    assert not draft.exists()
    meeting, _ = parse_meeting(written(plan, "meetings/2023-24-Q1/P1").read_bytes(), "x")
    assert meeting is not None
    ko1 = meeting.outcome("KO1")
    assert ko1 is not None and ko1.progress == "Slow start"


def test_resume_without_a_draft(sli: SliRunner, plan: Path) -> None:
    result = sli("meeting", "record", "--plan", str(plan), "--resume")
    assert (result.exit_code, result.stderr) == (2, "sli: there is no draft to resume\n")


def test_several_drafts_need_a_priority(sli: SliRunner, plan: Path) -> None:
    for priority in ("P1", "P2"):
        sli("meeting", "record", "--plan", str(plan), "-p", priority, "--date", "12/07/2023")
    result = sli("meeting", "record", "--plan", str(plan), "--resume")
    assert (result.exit_code, result.stderr) == (
        2, "sli: there are drafts for P1, P2; give the priority with --priority\n")


def test_refuses_to_run_on_a_broken_plan(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "bad", 'schema_version = 1\nid = "x"\n')
    before = tree(folder)
    result = sli("meeting", "record", "--plan", str(folder), "-p", "P1", "--date",
                 "12/07/2023")
    assert result.exit_code == 1
    assert result.stderr.startswith("bad/plan.toml")
    assert tree(folder) == before


def test_a_later_attempt_never_replaces_a_draft(sli: SliRunner, tmp_path: Path) -> None:
    """Answers kept from one attempt survive a different failed attempt; the
    same failed command run twice keeps one draft."""
    folder = write_plan(tmp_path / "p")
    first = sli("meeting", "record", "--plan", str(folder), "-p", "P1", "-d", "12/07/2023",
                "--rag", "KO1=zz", "--progress", "KO1=Typed with care", "--yes")
    assert first.exit_code == 1
    second = sli("meeting", "record", "--plan", str(folder), "-p", "P1", "-d", "12/07/2023",
                 "--rag", "KO1=qq", "--yes")
    assert second.exit_code == 1
    again = sli("meeting", "record", "--plan", str(folder), "-p", "P1", "-d", "12/07/2023",
                "--rag", "KO1=qq", "--yes")
    assert again.exit_code == 1
    drafts = sorted(p.name for p in (folder / ".sli" / "drafts").iterdir())
    assert drafts == ["P1.2.toml", "P1.toml"]
    assert "Typed with care" in (folder / ".sli" / "drafts" / "P1.toml").read_text()
    assert "Typed with care" not in (folder / ".sli" / "drafts" / "P1.2.toml").read_text()


def test_ids_typed_in_any_case_are_one_objective(sli: SliRunner, plan: Path) -> None:
    result = sli("meeting", "record", "--plan", str(plan), "-p", "p2", "-d", "12/07/2023",
                 "--rag", "ko3=r", "--progress", "KO3=Survey late",
                 "--action", "kO3=Escalate to the board|DPH, Somerset|30/11/2023")
    assert result.exit_code == 0, result.stderr
    meeting = recorded(plan)
    assert [(o.objective, o.rag, o.progress, len(o.actions)) for o in meeting.outcomes] == [
        ("KO3", Rating.RED, "Survey late", 1)]


def test_a_file_with_one_objective_in_two_cases_names_it_twice(sli: SliRunner,
                                                               plan: Path) -> None:
    form = plan.parent / "m.toml"
    form.write_text('priority = "p2"\ndate = "12/07/2023"\n[[objectives]]\nobjective = "ko3"\n'
                    'rag = "G"\n[[objectives]]\nobjective = "KO3"\nrag = "R"\n')
    result = sli("meeting", "record", "--plan", str(plan), "--from", str(form))
    assert (result.exit_code, result.stderr) == (
        1, "m.toml:3: meeting of P2 for 2023/24 Q1: objective KO3 is recorded twice\n")


def test_drafts_are_listed_and_discarded(sli: SliRunner, plan: Path) -> None:
    assert sli("meeting", "drafts", "--plan", str(plan)).stderr == "No drafts kept.\n"
    for rag in ("KO1=zz", "KO1=qq"):
        sli("meeting", "record", "--plan", str(plan), "-p", "P1", "-d", "12/07/2023",
            "--rag", rag)
    sli("meeting", "record", "--plan", str(plan), "-p", "P2", "-q", "2023/24 Q1")
    listed = sli("meeting", "drafts", "--plan", str(plan), "--format", "csv")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[0] == "name,priority,meeting,answered,saved"
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["P1", "P1.2", "P2"]
    assert any(line.startswith("P2,P2,2023/24 Q1,0,") for line in lines)
    before = tree(plan)
    refused = sli("meeting", "discard-draft", "--plan", str(plan), "P1.2", "P7")
    assert (refused.exit_code, refused.stderr) == (
        2, "sli: no draft 'P7'; the drafts are P1, P1.2, P2\n")
    assert tree(plan) == before  # nothing deleted when one name is wrong
    done = sli("meeting", "discard-draft", "--plan", str(plan), "p1.2", "P2")
    assert (done.exit_code, done.stderr) == (
        0, "Discarded the draft p/.sli/drafts/P1.2.toml\n"
        "Discarded the draft p/.sli/drafts/P2.toml\n")
    assert sorted(p.name for p in (plan / ".sli" / "drafts").iterdir()) == ["P1.toml"]


RECORD_P2 = ("-p", "P2", "-d", "12/07/2023", "--rag", "KO3=G")


def recorded(plan: Path) -> Any:
    """The current version of P2's meeting for 2023/24 Q1."""
    from sli_cli.records.workspace import open_workspace

    meeting = open_workspace(plan).records.meeting("P2", Quarter(2023, 1))
    assert meeting is not None
    return meeting


def recorded_by(plan: Path) -> str:
    return recorded(plan).recorded_by


@pytest.fixture
def nobody(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No SLI_USER, and git sees only the configuration of the plan's own repository."""
    monkeypatch.delenv("SLI_USER")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)


def test_recorded_by_comes_from_by_then_sli_user(sli: SliRunner, plan: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_USER", "Sam Patel")
    assert sli("meeting", "record", "--plan", str(plan), *RECORD_P2).exit_code == 0
    assert recorded_by(plan) == "Sam Patel"
    result = sli("meeting", "record", "--plan", str(plan), "--amend", "-p", "P2", "-q",
                 "2023/24 Q1", "--rag", "KO3=A", "--change-note", "x", "--by", "Jo Bloggs")
    assert result.exit_code == 0, result.stderr
    assert recorded(plan).version == 2 and recorded_by(plan) == "Jo Bloggs"


@pytest.mark.usefixtures("nobody")
def test_recorded_by_comes_from_git_inside_a_work_tree(sli: SliRunner, plan: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(plan)], check=True)
    subprocess.run(["git", "-C", str(plan), "config", "user.name", "Alex Morgan"], check=True)
    assert sli("meeting", "record", "--plan", str(plan), *RECORD_P2).exit_code == 0
    assert recorded_by(plan) == "Alex Morgan"


@pytest.mark.usefixtures("nobody")
def test_nobody_to_name_is_refused_before_anything_is_asked(sli: SliRunner,
                                                            plan: Path) -> None:
    before = tree(plan)
    result = sli("meeting", "record", "--plan", str(plan), *RECORD_P2)
    assert (result.exit_code, result.stderr) == (
        2, "sli: who is recording? sli names the person in each record's history; give "
        "--by NAME, or set SLI_USER to your name (or, in a git repository, git config "
        "user.name)\n")
    assert tree(plan) == before


def readme_exit_codes() -> dict[str, str]:
    import re

    from tests.helpers import REPO

    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([\d, ]+) \| (.+) \|$", section, re.MULTILINE)
    return {code: meaning for codes, meaning in rows for code in codes.split(", ")}


def test_exit_codes_of_meeting_record_are_the_readme_table(sli: SliRunner,
                                                            plan: Path) -> None:
    """Problems in what was recorded exit 1, malformed options 2, as the README
    and docs/meeting-input.md say (Ctrl-C, SIGHUP and SIGTERM: the terminal tests)."""
    from tests.helpers import REPO

    table = readme_exit_codes()
    assert sorted(table, key=int) == ["0", "1", "2", "129", "130", "143"]
    assert "a meeting being recorded" in table["1"]
    assert "a malformed option" in table["2"]
    doc = " ".join((REPO / "docs" / "meeting-input.md").read_text(encoding="utf-8").split())
    assert "the exit code is then 1, as it is for the same mistakes given as options" in doc
    assert "is a usage mistake: exit code 2" in doc
    args = ("meeting", "record", "--plan", str(plan), "-p", "P2", "-d", "12/07/2023")
    assert sli(*args, "--rag", "KO3=purple").exit_code == 1
    assert sli(*args, "--rag", "KO3").exit_code == 2
    assert sli(*args, "--rag", "KO3=G").exit_code == 0
