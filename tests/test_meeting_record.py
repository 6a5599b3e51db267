"""``sli meeting record`` without a terminal: options, validation, drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    assert result.exit_code == 2
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
        f"({shown(plan, written(plan, 'meetings/2023-24-Q1/P1'))}); "
        "to change it use: sli meeting record --amend --priority P1 --quarter '2023/24 Q1'",
        "Your answers are kept in p/.sli/drafts/P1.toml; continue with: sli meeting record "
        "--resume",
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
    assert first.exit_code == 2
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
    assert first.exit_code == 2
    second = sli("meeting", "record", "--plan", str(folder), "-p", "P1", "-d", "12/07/2023",
                 "--rag", "KO1=qq", "--yes")
    assert second.exit_code == 2
    again = sli("meeting", "record", "--plan", str(folder), "-p", "P1", "-d", "12/07/2023",
                "--rag", "KO1=qq", "--yes")
    assert again.exit_code == 2
    drafts = sorted(p.name for p in (folder / ".sli" / "drafts").iterdir())
    assert drafts == ["P1.2.toml", "P1.toml"]
    assert "Typed with care" in (folder / ".sli" / "drafts" / "P1.toml").read_text()
    assert "Typed with care" not in (folder / ".sli" / "drafts" / "P1.2.toml").read_text()
