"""Fuller meeting records: apologies (roles) and decisions (each optionally
about one objective), from every entry path, and where they are shown."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.recording.answers import Answers, DecisionAnswer, answers_from_meeting
from sli_cli.recording.build import build_meeting
from sli_cli.recording.form import answers_from_toml, answers_to_toml
from sli_cli.recording.template import template_text
from sli_cli.records.meeting import Decision, meeting_to_toml, parse_meeting
from tests.conftest import SliRunner
from tests.helpers import load_plan, load_records, tree, write_plan

Q1 = Quarter(2023, 1)


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-08-01")
    return write_plan(tmp_path / "p")


def _record_p1(sli: SliRunner, plan: Path, *extra: str) -> None:
    result = sli("meeting", "record", "--plan", str(plan), "-p", "P1", "--date", "12/07/2023",
                 "--rag", "KO1=green", "--rag", "KO2=amber", "-y", *extra)
    assert result.exit_code == 0, result.stderr


def test_flags_record_apologies_and_decisions(sli: SliRunner, plan: Path) -> None:
    _record_p1(sli, plan, "--apology", "DPH, Torbay", "--apology", " DPH, Plymouth ",
               "--decision", "ko1=Adopt the regional standard",
               "--decision", "Meet monthly = until March")
    meeting = load_records(plan).meeting("P1", Q1)
    assert meeting is not None
    assert meeting.apologies == ("DPH, Torbay", "DPH, Plymouth")
    assert meeting.decisions == (Decision("Adopt the regional standard", "KO1"),
                                 Decision("Meet monthly = until March"))
    assert sli("check", "--plan", str(plan)).exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--decision", "KO9=Adopt it"],
     "decision 1: objective KO9 is not defined (did you mean 'KO3'?)"),
    (["--decision", "KO1="],
     "sli: --decision 'KO1=': write it as --decision 'KO4=what was decided', or "
     "--decision 'what was decided'"),
    (["--decision", "  "],
     "sli: --decision '  ': write it as --decision 'KO4=what was decided', or "
     "--decision 'what was decided'"),
])
def test_bad_decisions_record_nothing(sli: SliRunner, plan: Path, args: list[str],
                                      message: str) -> None:
    before = tree(plan)
    result = sli("meeting", "record", "--plan", str(plan), "-p", "P1", "--date", "12/07/2023",
                 "--rag", "KO1=green", "--rag", "KO2=amber", "-y", *args)
    assert result.exit_code in (1, 2)
    assert message in result.stderr
    assert not (plan / "meetings").exists()
    assert {k: v for k, v in tree(plan).items() if not k.startswith(".sli")} == \
        {k: v for k, v in before.items() if not k.startswith(".sli")}


def test_from_file_records_apologies_and_decisions(sli: SliRunner, plan: Path,
                                                   tmp_path: Path) -> None:
    form = tmp_path / "m.toml"
    form.write_text(textwrap.dedent("""\
        priority = "P2"
        date = "12/07/2023"
        attendees = ["DPH, Somerset"]
        apologies = ["DPH, Bath and North East Somerset"]

        [[decisions]]
        text = "Commission a vaping survey"
        objective = "ko3"

        [[decisions]]
        text = "Invite trading standards to the next meeting"

        [[objectives]]
        objective = "KO3"
        rag = "green"
        """), encoding="utf-8")
    result = sli("meeting", "record", "--plan", str(plan), "--from", str(form), "-y")
    assert result.exit_code == 0, result.stderr
    meeting = load_records(plan).meeting("P2", Q1)
    assert meeting is not None
    assert meeting.apologies == ("DPH, Bath and North East Somerset",)
    assert meeting.decisions == (Decision("Commission a vaping survey", "KO3"),
                                 Decision("Invite trading standards to the next meeting"))


def test_a_bad_decision_in_a_form_is_reported_at_its_line(tmp_path: Path) -> None:
    data = b'priority = "P2"\n\n[[decisions]]\ntext = "x"\nwho = "y"\n'
    answers, problems = answers_from_toml(data, "m.toml")
    assert answers is None
    assert [(p.line, "who" in p.message) for p in problems] == [(5, True)]


def test_form_template_and_draft_keep_them(plan: Path) -> None:
    answers = Answers(priority="P1", date="12/07/2023", apologies=["DPH, Torbay"],
                      decisions=[DecisionAnswer("Adopt it", "KO1"), DecisionAnswer("Meet")])
    text = answers_to_toml(answers)
    again, problems = answers_from_toml(text.encode(), "draft.toml")
    assert problems == [] and again is not None
    assert (again.apologies, again.decisions) == (answers.apologies, answers.decisions)
    template = template_text(load_plan(plan), load_records(plan), Answers(priority="P1"))
    assert "# apologies: the roles who sent apologies" in template
    assert "#   [[decisions]]" in template
    assert answers_from_toml(template.encode(), "t.toml")[1] == []


def test_amending_starts_from_the_recorded_ones(sli: SliRunner, plan: Path) -> None:
    _record_p1(sli, plan, "--apology", "DPH, Torbay", "--decision", "KO2=Fund a post")
    meeting = load_records(plan).meeting("P1", Q1)
    assert meeting is not None
    answers = answers_from_meeting(meeting)
    assert answers.apologies == ["DPH, Torbay"]
    assert answers.decisions == [DecisionAnswer("Fund a post", "KO2")]
    answers.change_note = "no change"
    built = build_meeting(load_plan(plan), answers, today=date(2023, 8, 1))
    assert built.meeting is not None
    assert built.meeting.decisions == meeting.decisions


def test_meetings_written_before_keep_loading_unchanged() -> None:
    data = (b'schema_version = 2\nuid = "k3f9mq2x"\npriority = "P1"\nquarter = "2023/24 Q1"\n'
            b'date = 2023-07-12\nversion = 1\nattendees = ["DPH, Devon"]\n\n'
            b'[[outcomes]]\nobjective = "KO1"\nrag = "green"\n')
    meeting, problems = parse_meeting(data, "meetings/2023-24-Q1/P1.k3f9mq2x.toml")
    assert problems == [] and meeting is not None
    assert (meeting.apologies, meeting.decisions) == ((), ())
    assert "apologies" not in meeting_to_toml(meeting)
    assert "decisions" not in meeting_to_toml(meeting)


def test_a_stored_decision_about_an_unknown_objective_is_a_check_problem(
        sli: SliRunner, plan: Path) -> None:
    _record_p1(sli, plan, "--decision", "KO1=Adopt it")
    [path] = (plan / "meetings" / "2023-24-Q1").iterdir()
    path.write_text(path.read_text().replace('objective = "KO1" }', 'objective = "KO7" }', 1))
    result = sli("check", "--plan", str(plan))
    assert result.exit_code == 1
    assert "decision 1: objective KO7 is not defined" in result.output


def test_show_pack_and_report_show_them(sli: SliRunner, plan: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _record_p1(sli, plan, "--apology", "DPH, Torbay", "--decision", "KO1=Adopt the standard",
               "--decision", "Meet monthly")
    shown = sli("meeting", "show", "P1", "2023/24 Q1", "--plan", str(plan))
    assert shown.exit_code == 0, shown.stderr
    assert "Apologies: DPH, Torbay\n" in shown.stdout
    assert "Decisions:\n  - KO1: Adopt the standard\n  - Meet monthly\n" in shown.stdout
    monkeypatch.setenv("SLI_TODAY", "2023-10-20")
    pack = sli("pack", "--plan", str(plan), "--priority", "P1", "--quarter", "2023/24 Q2")
    assert pack.exit_code == 0, pack.stderr
    section = pack.stdout.split("## Decisions and apologies at the last meeting", 1)[1]
    assert "- KO1: Adopt the standard\n- Meet monthly\n" in section
    assert "Apologies: DPH, Torbay" in section
    p2 = sli("pack", "--plan", str(plan), "--priority", "P2", "--quarter", "2023/24 Q2")
    assert "Decisions and apologies" not in p2.stdout
    report = sli("report", "--plan", str(plan), "--year", "2023/24", "-f", "md")
    assert report.exit_code == 0, report.stderr
    governance = report.stdout.split("## Governance", 1)[1].split("\n## ", 1)[0]
    assert "### P1, 2023/24 Q1 (meeting of" in governance
    assert "- **Apologies**: DPH, Torbay" in governance
    assert "- **Decision on KO1**: Adopt the standard" in governance
    assert "- **Decision**: Meet monthly" in governance


def test_the_editor_records_them(sli: SliRunner, plan: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_meeting_from import MEETING, editor

    with_minutes = MEETING.replace(
        'attendees = ["DPH, Somerset", "SW SLI co-ordinator"]\n',
        'attendees = ["DPH, Somerset", "SW SLI co-ordinator"]\n'
        'apologies = ["DPH, Devon"]\n\n'
        '[[decisions]]\ntext = "Share results with schools"\nobjective = "KO3"\n')
    folder = editor(tmp_path, monkeypatch, with_minutes)
    result = sli("meeting", "record", "--plan", str(plan), "--edit", "-p", "P2")
    assert result.exit_code == 0, result.stderr
    assert "# apologies: the roles who sent apologies" in (folder / "seen-0.toml").read_text()
    meeting = load_records(plan).meeting("P2", Q1)
    assert meeting is not None
    assert meeting.apologies == ("DPH, Devon",)
    assert meeting.decisions == (Decision("Share results with schools", "KO3"),)


def test_meeting_list_json_carries_them(sli: SliRunner, plan: Path) -> None:
    import json

    _record_p1(sli, plan, "--apology", "DPH, Torbay", "--decision", "KO1=Adopt it")
    listed = json.loads(sli("meeting", "list", "--plan", str(plan), "-f", "json").stdout)
    assert (listed[0]["apologies"], listed[0]["decisions"]) == (
        ["DPH, Torbay"], [{"text": "Adopt it", "objective": "KO1"}])


def test_the_public_report_leaves_out_decisions_about_internal_outcomes(
        sli: SliRunner, plan: Path, tmp_path: Path) -> None:
    form = tmp_path / "m.toml"
    form.write_text(textwrap.dedent("""\
        priority = "P2"
        date = "12/07/2023"
        apologies = ["DPH, Devon"]

        [[decisions]]
        text = "Name the school in the survey"
        objective = "KO3"

        [[decisions]]
        text = "Meet monthly"

        [[objectives]]
        objective = "KO3"
        rag = "green"
        internal = true
        """), encoding="utf-8")
    assert sli("meeting", "record", "--plan", str(plan), "--from", str(form), "-y") \
        .exit_code == 0
    full = sli("report", "--plan", str(plan), "--year", "2023/24", "-f", "md").stdout
    public = sli("report", "--plan", str(plan), "--year", "2023/24", "-f", "md",
                 "--public").stdout
    assert "Name the school in the survey" in full
    assert "Name the school in the survey" not in public
    assert "- **Decision**: Meet monthly" in public
