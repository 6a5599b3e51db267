"""The interactive questions: as a library with scripted answers, and end to
end through a pseudo-terminal (Ctrl-C, the draft, --resume)."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pexpect
import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Rating
from sli_cli.recording.answers import Answers
from sli_cli.recording.build import build_meeting
from sli_cli.recording.interview import Interview
from sli_cli.records.meeting import parse_meeting
from tests.helpers import load_plan, load_records, subprocess_env, write_plan, written

# Slow: drives sli through a pseudo-terminal.
pytestmark = pytest.mark.slow

TODAY = date(2023, 11, 1)


class Script:
    """Answers given in order; records every prompt and message."""

    def __init__(self, answers: list[str]) -> None:
        self.answers: Iterator[str] = iter(answers)
        self.log: list[str] = []

    def ask(self, prompt: str, default: str) -> str:
        self.log.append(f"? {prompt} [{default}]")
        answer = next(self.answers)
        return answer or default

    def say(self, text: str) -> None:
        self.log.append(text)


def interview(folder: Path, answers: Answers, script: Script) -> Answers:
    plan = load_plan(folder)
    Interview(plan, load_records(folder), answers, ask=script.ask, say=script.say,
              today=TODAY).run()
    return answers


def test_interview_asks_for_everything_and_shows_the_definitions(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    script = Script([
        "p1",  # priority, any case
        "12/7/23", "", "",  # date, quarter (default), attendees (default)
        "DPH, Torbay;; DPH, Plymouth ",  # apologies
        "purple", "a",  # a rating outside the scheme is asked again
        "Data from 3 of 5 councils", "Analyst vacancies", "", "Agree a standard",
        "Chase the last two", "", "31/9/23", "30/9/23", "",  # impossible due date, asked again
        "s",  # KO2 not discussed
        "Adopt the regional standard", "ko9", "ko1",  # an unknown objective is asked again
        "Meet monthly until March", "", "",  # about the whole priority; no more
    ])
    answers = interview(folder, Answers(), script)
    assert "Ratings:" in script.log
    assert "  R Red: Significant problems: off track, needs escalation or corrective action." \
        in script.log
    assert "? Quarter under review [2023/24 Q1]" in script.log
    assert "Meeting held on Wed 12 July 2023 (2023-07-12)" in script.log
    assert any("is not one of this plan's ratings" in line for line in script.log)
    assert "  Due Sat 30 September 2023 (2023-09-30)" in script.log
    assert "KO2: not discussed" in script.log
    built = build_meeting(load_plan(folder), answers, today=TODAY)
    assert built.errors == []
    meeting = built.meeting
    assert meeting is not None
    assert meeting.attendees == ("DPH, Wiltshire", "SW SLI co-ordinator", "DPH, Devon")
    ko1 = meeting.outcome("KO1")
    assert ko1 is not None and ko1.rag is Rating.AMBER
    assert (ko1.progress, ko1.risks, ko1.support, ko1.next_steps) == (
        "Data from 3 of 5 councils", "Analyst vacancies", "", "Agree a standard")
    assert [(a.text, a.owner, a.due) for a in ko1.actions] == [
        ("Chase the last two", "DPH, Devon", date(2023, 9, 30))]
    assert meeting.not_discussed == ("KO2",)
    assert meeting.apologies == ("DPH, Torbay", "DPH, Plymouth")
    assert [(d.objective, d.text) for d in meeting.decisions] == [
        ("KO1", "Adopt the regional standard"), ("", "Meet monthly until March")]
    assert any(line.startswith("  There is no objective ko9 (did you mean")
               for line in script.log)


def test_interview_refuses_a_future_meeting_date(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    script = Script(["12/12/2023", "12/07/2023", "", "", "", "g", "", "", "", "", "", "g", "",
                     "", "", "", "", ""])
    answers = interview(folder, Answers(priority="P1"), script)
    assert "meeting: date 2023-12-12 is in the future" in script.log
    assert answers.date == "12/07/2023"


def test_previous_rating_is_the_default(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    first = interview(folder, Answers(priority="P2"),
                      Script(["12/07/2023", "", "", "", "r", "", "", "", "", "Escalate",
                              "", "30/11/2023", "", ""]))
    from sli_cli.recording.write import record_meeting

    built = build_meeting(load_plan(folder), first, today=TODAY)
    assert built.meeting is not None
    record_meeting(folder, load_plan(folder), built.meeting, today=TODAY)
    script = Script(["14/08/2023", "", "", "", "", "", "", "", "", "", "", ""])  # red: asks twice
    second = interview(folder, Answers(priority="P2"), script)
    assert "  KO3  Youth vaping: Red (R) in 2023/24 Q1" in script.log
    assert "? Rating (r/a/g/b/n, or s to skip) [red]" in script.log
    assert second.objectives[0].rag == "red"


# -- end to end through a pseudo-terminal -----------------------------------
def spawn(folder: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable, ["-m", "sli_cli", "meeting", "record", "--plan", str(folder), *args],
        cwd=str(folder.parent), env=subprocess_env(SLI_TODAY="2023-11-01", SLI_USER="tester"),
        encoding="utf-8", timeout=30, dimensions=(40, 100))


def test_record_interrupt_and_resume_through_a_terminal(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    draft = folder / ".sli" / "drafts" / "P1.toml"
    child = spawn(folder)
    child.expect("Priority")
    child.sendline("P1")
    child.expect(r"Meeting date \(day first\)")
    child.sendline("12/7/23")
    child.expect(r"Meeting held on Wed 12 July 2023 \(2023-07-12\)")
    child.expect(r"Quarter under review \[2023/24 Q1\]")
    child.sendline("")
    child.expect("Attendees")
    child.sendline("")
    child.expect("Apologies from")
    child.sendline("")
    child.expect("G Green: On track.")
    child.expect("KO1 Real-time surveillance")
    child.expect(r"Rating \(r/a/g/b/n, or s to skip\)")
    child.sendline("amber")
    child.expect("KO1: Amber")
    child.expect("Progress")
    child.sendline("Data from 3 of 5 councils")
    for _ in ("Risks", "Support", "Next"):
        child.expect(r"(Risks and issues|Support needed|Next steps)")
        child.sendline("")
    child.expect(r"Action \(Enter when there are no more\)")
    child.sendline("Chase the last two councils")
    child.expect(r"Owner \[DPH, Devon\]")
    child.sendline("SW SLI co-ordinator")
    child.expect("Due date")
    child.sendline("30/9/23")
    child.expect(r"Due Sat 30 September 2023 \(2023-09-30\)")
    child.expect(r"Action \(Enter when there are no more\)")
    child.sendline("")
    child.expect("KO2 Bereavement support")
    child.expect("Rating")
    child.sendcontrol("c")
    child.expect("Your answers are kept in p/.sli/drafts/P1.toml; continue with: "
                 "sli meeting record --resume")
    child.expect("Interrupted.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not (folder / "meetings").exists()
    kept = draft.read_text()
    assert 'rag = "amber"' in kept and 'text = "Chase the last two councils"' in kept

    child = spawn(folder, "--resume")
    child.expect("Continuing the draft p/.sli/drafts/P1.toml")
    child.expect("KO2 Bereavement support")  # KO1 was answered: not asked again
    child.expect("Rating")
    child.sendline("g")
    for _ in range(4):
        child.expect(r"(Progress|Risks and issues|Support needed|Next steps)")
        child.sendline("")
    child.expect("Action")
    child.sendline("")
    child.expect(r"Decision \(Enter when there are no more\)")
    child.sendline("")
    child.expect("Quarter under review: 2023/24 Q1")
    child.expect("A Amber")
    child.expect(r"Record this meeting for 2023/24 Q1\? \[Y/n\]")
    child.sendline("y")
    child.expect(r"Recorded the meeting of P1 for 2023/24 Q1 in "
                 r"p/meetings/2023-24-Q1/P1\.[a-z2-9]{8}\.toml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not draft.exists()
    meeting, problems = parse_meeting(written(folder, "meetings/2023-24-Q1/P1").read_bytes(), "x")
    assert problems == [] and meeting is not None
    assert [(o.objective, o.rag) for o in meeting.outcomes] == [
        ("KO1", Rating.AMBER), ("KO2", Rating.GREEN)]
    assert [a.text for _, a in meeting.actions] == ["Chase the last two councils"]


def test_no_at_the_confirmation_keeps_a_draft(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    child = spawn(folder, "-p", "P2", "--date", "12/07/2023", "--rag", "KO3=green")
    child.expect("Quarter under review: 2023/24 Q1")
    child.expect("Attendees")
    child.sendline("")
    child.expect("Apologies from")
    child.sendline("DPH, Torbay")
    child.expect(r"Record this meeting for 2023/24 Q1\? \[Y/n\]")
    child.sendline("n")
    child.expect("Nothing recorded. Your answers are kept in p/.sli/drafts/P2.toml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert 'apologies = ["DPH, Torbay"]' in (folder / ".sli" / "drafts" / "P2.toml").read_text()
    assert not (folder / "meetings").exists()


def test_amending_asks_again_with_the_recorded_answers_and_a_change_note(
        tmp_path: Path) -> None:
    from sli_cli.recording.answers import answers_from_meeting
    from tests.meeting_fixtures import small_plan_with_meetings

    folder = small_plan_with_meetings(tmp_path / "p")
    recorded = load_records(folder).meeting("P1", Quarter(2023, 1))
    assert recorded is not None
    answers = answers_from_meeting(recorded)
    answers.amend = True
    script = Script(["g", "", "", "", "", "",  # KO1: rating, four texts, no new action
                     "", "", "", "", "", "",  # KO2 as it was
                     "", "Rating raised after the data arrived"])  # no decision
    Interview(load_plan(folder), load_records(folder), answers, ask=script.ask,
              say=script.say, today=TODAY, revisit=True).run()
    assert "? Rating (r/a/g/b/n, or s to skip) [amber]" in script.log
    assert "? Progress [Data flowing from 3 of 5 councils]" in script.log
    assert "  action 1: Chase the last two councils (SW SLI co-ordinator, due 2023-09-30)" \
        in script.log
    assert "? What changed, and why []" in script.log
    assert answers.change_note == "Rating raised after the data arrived"
    assert [o.rag for o in answers.objectives] == ["green", "green"]


def test_ctrl_c_at_the_confirmation_keeps_a_draft(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    child = spawn(folder, "-p", "P2", "--date", "12/07/2023", "--rag", "KO3=green",
                  "--attendee", "DPH, Somerset")
    child.expect(r"Record this meeting for 2023/24 Q1\? \[Y/n\]")
    child.sendcontrol("c")
    child.expect("Your answers are kept in p/.sli/drafts/P2.toml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert 'rag = "green"' in (folder / ".sli" / "drafts" / "P2.toml").read_text()
    assert not (folder / "meetings").exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_closed_terminal_keeps_every_answer(tmp_path: Path, signum: int) -> None:
    """SIGTERM (kill) and SIGHUP (a closed terminal, a dropped SSH session)
    keep the answers like Ctrl-C, the rating just typed included, and exit
    128 + the signal's number."""
    folder = write_plan(tmp_path / "p")
    child = spawn(folder, "-p", "P2", "--date", "12/07/2023")
    child.expect("Attendees")
    child.sendline("")
    child.expect("Apologies from")
    child.sendline("")
    child.expect(r"Rating \(r/a/g/b/n, or s to skip\)")
    child.sendline("amber")
    child.expect("Progress")
    child.sendline("Survey under way")
    child.expect("Risks and issues")
    child.kill(signum)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 128 + signum
    kept = (folder / ".sli" / "drafts" / "P2.toml").read_text()
    assert 'rag = "amber"' in kept and 'progress = "Survey under way"' in kept
    assert not (folder / "meetings").exists()


def test_amending_shows_earlier_answers_escaped(tmp_path: Path) -> None:
    """An escape sequence in a recorded answer is shown, never sent to the
    terminal, when the amendment offers it as the default; Enter keeps it."""
    from sli_cli.recording.write import record_meeting
    from sli_cli.records.meeting import Meeting, Outcome

    folder = write_plan(tmp_path / "p")
    record_meeting(folder, load_plan(folder), Meeting(
        priority="P2", quarter=Quarter(2023, 1), date=date(2023, 7, 12),
        attendees=("DPH, Somerset",),
        outcomes=(Outcome("KO3", Rating.AMBER, progress="Survey\x1b]52;c;ZXZpbA==\x07 done"),),
    ), today=TODAY, by="tester")
    child = spawn(folder, "--amend", "-p", "P2", "-q", "2023/24 Q1")
    child.expect(r"Rating \(r/a/g/b/n, or s to skip\) \[amber\]")
    child.sendline("g")
    child.expect_exact("Progress [Survey\\x1b]52;c;ZXZpbA==\\x07 done]")
    assert "\x1b" not in (child.before or "")
    child.sendline("")
    for _ in range(3):
        child.expect(r"(Risks and issues|Support needed|Next steps)")
        child.sendline("")
    child.expect("Action")
    child.sendline("")
    child.expect(r"Decision \(Enter when there are no more\)")
    child.sendline("")
    child.expect("What changed, and why")
    child.sendline("Survey finished")
    child.expect(r"Record this amendment for 2023/24 Q1\? \[Y/n\]")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    meeting = load_records(folder).meeting("P2", Quarter(2023, 1))
    assert meeting is not None and meeting.version == 2
    ko3 = meeting.outcome("KO3")
    assert ko3 is not None and ko3.progress == "Survey\x1b]52;c;ZXZpbA==\x07 done"
