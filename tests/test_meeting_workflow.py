"""The recording workflow as a library: recording, amending, resuming and
declining, driven by plain functions in place of the terminal."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest

from sli_cli.core.errors import NothingToAmend
from sli_cli.core.quarters import Quarter
from sli_cli.plan.model import Rating
from sli_cli.recording.answers import ActionAnswer, Answers
from sli_cli.recording.drafts import list_drafts, load_draft
from sli_cli.recording.options import Given
from sli_cli.recording.workflow import (
    Declined,
    Interrupted,
    Mode,
    NotRecorded,
    Person,
    Recorded,
    Start,
    record,
)
from sli_cli.records.meeting import Meeting
from sli_cli.records.workspace import Workspace, open_workspace
from tests.helpers import write_plan
from tests.meeting_fixtures import small_plan_with_meetings

TODAY = date(2023, 11, 1)


class FakePerson:
    """Answers in order; every question, message, summary and confirmation logged."""

    def __init__(self, answers: Sequence[str] = (), confirm: bool = True,
                 edits: Sequence[str] = ()) -> None:
        self.answers: Iterator[str] = iter(answers)
        self.edits: Iterator[str] = iter(edits)
        self.agree = confirm
        self.log: list[str] = []

    def ask(self, prompt: str, default: str) -> str:
        self.log.append(f"? {prompt} [{default}]")
        answer = next(self.answers)
        if answer == "^C":
            raise KeyboardInterrupt
        return answer or default

    def say(self, text: str) -> None:
        self.log.append(text)

    def confirm(self, question: str) -> bool:
        self.log.append(f"?? {question}")
        return self.agree

    def show(self, meeting: Meeting) -> None:
        self.log.append(f"summary of {meeting.priority}")

    def edit(self, text: str) -> str | None:
        self.log.append("editor")
        return next(self.edits)

    def person(self) -> Person:
        return Person(ask=self.ask, say=self.say, confirm=self.confirm, show=self.show,
                      edit=self.edit)


def workspace(folder: Path) -> Workspace:
    return open_workspace(folder, today=TODAY)


def run(folder: Path, given: Given, fake: FakePerson, *, start: Start | None = None,
        **mode: bool) -> Recorded | Declined:
    return record(workspace(folder), start or Start(Answers()), given, fake.person(),
                  Mode(by="tester", **mode), today=TODAY)


P2_GIVEN = Given(priority="p2", date="12/07/2023",
                 answers=[("ko3", "rag", "amber"), ("KO3", "progress", "Survey under way")])


def test_records_what_was_given_without_a_terminal(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    fake = FakePerson()
    result = run(folder, P2_GIVEN, fake)
    assert isinstance(result, Recorded)
    assert result.path.parent == folder / "meetings" / "2023-24-Q1"
    assert result.path.name.startswith("P2.")
    outcome = result.meeting.outcome("KO3")
    assert outcome is not None and outcome.rag is Rating.AMBER
    assert outcome.progress == "Survey under way"
    assert result.meeting.recorded_by == "tester"
    assert result.meeting.attendees == ("DPH, Wiltshire", "SW SLI co-ordinator", "DPH, Somerset")
    assert fake.log == ["Quarter under review: 2023/24 Q1; meeting of P2 held on Wed 12 July "
                        "2023 (2023-07-12)"]


def test_on_a_terminal_asks_what_is_missing_then_confirms(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    # attendees, apologies, KO3, no action, one decision about it, no more
    fake = FakePerson(["", "DPH, Torbay", "green", "", "", "", "", "", "Survey every school",
                       "ko3", ""])
    result = run(folder, Given(priority="P2", date="12/07/2023"), fake, terminal=True)
    assert isinstance(result, Recorded)
    assert result.meeting.apologies == ("DPH, Torbay",)
    assert [(d.objective, d.text) for d in result.meeting.decisions] == [
        ("KO3", "Survey every school")]
    assert "summary of P2" in fake.log
    assert "?? Record this meeting for 2023/24 Q1?" in fake.log
    assert list_drafts(folder) == []


def test_no_at_the_confirmation_keeps_a_draft(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    fake = FakePerson(["", ""], confirm=False)  # attendees, apologies
    result = run(folder, P2_GIVEN, fake, terminal=True)
    assert isinstance(result, Declined)
    assert result.kept.draft == folder / ".sli" / "drafts" / "P2.toml"
    assert not (folder / "meetings").exists()
    kept = load_draft(result.kept.draft)
    assert kept.find("KO3") is not None and kept.objective("KO3").rag == "amber"


def test_a_mistake_keeps_a_draft_and_resuming_records_it(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    given = Given(priority="P1", date="12/07/2023",
                  answers=[("KO1", "rag", "amber"), ("KO1", "progress", "Slow start")])
    with pytest.raises(NotRecorded) as refused:
        run(folder, given, FakePerson())
    assert refused.value.message.startswith("objective KO2: no rating given")
    draft = refused.value.kept.draft
    assert draft is not None and draft.is_file()
    result = run(folder, Given(answers=[("KO2", "rag", "G")]), FakePerson(),
                 start=Start(load_draft(draft), draft=draft))
    assert isinstance(result, Recorded)
    ko1 = result.meeting.outcome("KO1")
    assert ko1 is not None and ko1.progress == "Slow start"
    assert not draft.exists()


def test_amending_starts_from_the_recorded_meeting(tmp_path: Path) -> None:
    folder = small_plan_with_meetings(tmp_path / "p")
    given = Given(priority="P1", quarter="2023/24 Q1", answers=[("KO1", "rag", "green")],
                  change_note="Data complete")
    result = run(folder, given, FakePerson(), amend=True)
    assert isinstance(result, Recorded)
    assert result.meeting.version == 2
    ko1 = result.meeting.outcome("KO1")
    assert ko1 is not None and ko1.rag is Rating.GREEN
    assert ko1.progress == "Data flowing from 3 of 5 councils"  # kept from version 1
    assert [a.id for _, a in result.meeting.actions] == ["AC7HS", "AD4TA"]


def test_an_amendment_started_from_an_older_version_is_refused(tmp_path: Path) -> None:
    folder = small_plan_with_meetings(tmp_path / "p")
    stale = workspace(folder)  # read before the other amendment
    run(folder, Given(priority="P1", quarter="2023/24 Q1", answers=[("KO2", "rag", "red")],
                      change_note="Peer network stalled"), FakePerson(), amend=True)
    with pytest.raises(NotRecorded) as refused:
        record(stale, Start(Answers()), Given(priority="P1", quarter="2023/24 Q1",
                                              answers=[("KO1", "rag", "green")],
                                              change_note="Data complete"),
               FakePerson().person(), Mode(amend=True, by="tester"), today=TODAY)
    message = refused.value.message
    assert "this amendment started from version 1, and version 2 is now the latest" in message
    assert "KO2 rating: green -> red" in message
    draft = refused.value.kept.draft
    assert draft is not None and load_draft(draft).based_on == 1
    versions = workspace(folder).records.meeting_versions[(Quarter(2023, 1), "P1")]
    assert len(versions) == 2


def test_a_refused_duplicate_is_recorded_as_an_amendment_on_resuming(tmp_path: Path) -> None:
    folder = small_plan_with_meetings(tmp_path / "p")
    with pytest.raises(NotRecorded) as refused:
        run(folder, Given(priority="P1", date="14/07/2023",
                          answers=[("KO1", "rag", "green"), ("KO2", "rag", "green")]),
            FakePerson())
    draft = refused.value.kept.draft
    assert draft is not None
    result = run(folder, Given(change_note="Recorded twice by mistake; this is the final"),
                 FakePerson(), start=Start(load_draft(draft), draft=draft), amend=True)
    assert isinstance(result, Recorded)
    assert result.meeting.version == 2 and result.meeting.date == date(2023, 7, 14)
    assert not draft.exists()


def test_ctrl_c_keeps_the_rating_just_typed(tmp_path: Path) -> None:
    folder = small_plan_with_meetings(tmp_path / "p")  # KO3 was red in 2022/23 Q4
    fake = FakePerson(["", "", "green", "Survey done", "^C"])
    with pytest.raises(Interrupted) as stopped:
        run(folder, Given(priority="P2", date="12/07/2023"), fake, terminal=True)
    assert "? Rating (r/a/g/b/n, or s to skip) [red]" in fake.log
    kept = stopped.value.kept
    assert kept is not None and kept.draft is not None
    answers = load_draft(kept.draft)
    ko3 = answers.find("KO3")
    assert ko3 is not None and (ko3.rag, ko3.progress) == ("green", "Survey done")
    assert answers.unfinished == "KO3"
    # Resuming asks KO3 again, offering what was typed, not last quarter's red.
    fake = FakePerson(["", "", "", "", "", "", ""])  # KO3 as typed, no action, no decision
    result = run(folder, Given(), fake, terminal=True,
                 start=Start(answers, draft=kept.draft))
    assert "? Rating (r/a/g/b/n, or s to skip) [green]" in fake.log
    assert "? Progress [Survey done]" in fake.log
    assert isinstance(result, Recorded)
    recorded = result.meeting.outcome("KO3")
    assert recorded is not None and (recorded.rag, recorded.progress) == (
        Rating.GREEN, "Survey done")


def test_ids_typed_in_any_case_are_one_objective(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    given = Given(priority="p1", date="12/07/2023",
                  answers=[("ko1", "rag", "r"), ("KO1", "progress", "x")],
                  actions=[("Ko1", ActionAnswer("Escalate", "DPH, Devon", "30/11/2023"))])
    with pytest.raises(NotRecorded) as refused:  # KO2 has no rating
        run(folder, given, FakePerson())
    draft = refused.value.kept.draft
    assert draft is not None
    kept = load_draft(draft)
    assert [(o.objective, o.rag, o.progress, len(o.actions)) for o in kept.objectives] == [
        ("KO1", "r", "x", 1)]
    assert draft.read_text().count("[[objectives]]") == 1
    result = run(folder, Given(answers=[("kO2", "rag", "g")]), FakePerson(),
                 start=Start(kept, draft=draft))
    assert isinstance(result, Recorded)
    assert [o.objective for o in result.meeting.outcomes] == ["KO1", "KO2"]


def test_the_editor_fills_the_answers(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    form = ('priority = "P2"\ndate = "12/07/2023"\nquarter = ""\nattendees = []\n'
            '[[objectives]]\nobjective = "ko3"\nrag = "G"\n')
    fake = FakePerson(edits=[form.replace('"G"', '"purple"'), form])
    result = run(folder, Given(priority="P2"), fake, edit=True, terminal=True)
    assert isinstance(result, Recorded)
    assert fake.log.count("editor") == 2
    assert [o.objective for o in result.meeting.outcomes] == ["KO3"]


def test_what_is_missing_is_said_the_way_the_person_gives_answers(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    fake = FakePerson()
    person = Person(ask=fake.ask, say=fake.say,
                    advise=lambda field, objective: f" (give the {field} {objective})".replace(
                        " )", ")"))
    with pytest.raises(NotRecorded) as refused:
        record(workspace(folder), Start(), Given(priority="P1", date="12/07/2023"), person,
               Mode(by="tester"), today=TODAY)
    assert refused.value.message == (
        "this meeting cannot be recorded:\n"
        "  objective KO1: no rating given (give the rating KO1)\n"
        "  objective KO2: no rating given (give the rating KO2)")


def test_amending_a_meeting_never_recorded(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    with pytest.raises(NothingToAmend, match="there is no meeting of P1 2023/24 Q1 to amend"):
        run(folder, Given(priority="P1", quarter="2023/24 Q1"), FakePerson(), amend=True)


def test_the_meeting_commands_stay_thin() -> None:
    """The command layer parses options, calls the workflow and prints."""
    import ast

    from tests.helpers import REPO

    source = (REPO / "sli_cli" / "cli" / "meeting.py").read_text(encoding="utf-8")
    long = [(node.name, node.end_lineno - node.lineno + 1)
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef) and node.end_lineno is not None
            and node.end_lineno - node.lineno + 1 > 40]
    assert long == []
    assert "__dict__" not in source and "assert isinstance" not in source


def test_ctrl_c_while_waiting_for_the_lock_keeps_the_answers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers confirmed, then Ctrl-C while another sli holds the plan's lock:
    nothing is recorded and the answers are kept as a draft."""
    from sli_cli.recording import workflow

    folder = write_plan(tmp_path / "p")

    def waiting(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt  # pressed during the wait

    monkeypatch.setattr(workflow, "record_meeting", waiting)
    fake = FakePerson(["", ""])  # attendees, apologies
    with pytest.raises(Interrupted) as stopped:
        run(folder, P2_GIVEN, fake, terminal=True)
    kept = stopped.value.kept
    assert kept is not None and kept.draft == folder / ".sli" / "drafts" / "P2.toml"
    assert not (folder / "meetings").exists()
    assert load_draft(kept.draft).objective("KO3").rag == "amber"
