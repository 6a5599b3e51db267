"""Support asked at meetings and answered: ``support_to`` on an outcome (every
entry path of ``sli meeting record``), ``sli support list`` and ``sli support
respond``, and open asks in ``due``, the snapshot and the annual return."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest

from sli_cli.records.meeting import meeting_to_toml, parse_meeting
from tests.conftest import SliRunner
from tests.helpers import load_records, tree, write_plan
from tests.meeting_fixtures import small_plan_with_meetings

ASK = "P1-2023-24-Q1-KO1"
BOARD_SUPPORT = "Raise data access with NHS England"


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sli: SliRunner) -> Path:
    """P1 met for 2023/24 Q1 on 12 July 2023: KO1 asks the national board for
    support; KO2 says support is needed of no one in particular."""
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    monkeypatch.setenv("SLI_USER", "SW SLI co-ordinator")
    folder = write_plan(tmp_path / "p")
    result = sli("meeting", "record", "--plan", str(folder), "-p", "P1", "-d", "12/07/2023",
                 "--rag", "KO1=amber", "--rag", "KO2=green",
                 "--support", f"KO1={BOARD_SUPPORT}", "--support-to", "KO1=national board",
                 "--support", "KO2=Network to share bereavement pathways", "-y")
    assert result.exit_code == 0, result.stderr
    return folder


def asks(sli: SliRunner, folder: Path, *args: str) -> list[dict[str, object]]:
    result = sli("support", "list", "--plan", str(folder), "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: list[dict[str, object]] = json.loads(result.stdout)
    return data


# -- recording whom support is asked of --------------------------------------
def test_flags_record_support_to_in_the_meeting(sli: SliRunner, plan: Path) -> None:
    (path,) = (plan / "meetings" / "2023-24-Q1").iterdir()
    outcomes = tomllib.loads(path.read_text())["outcomes"]
    assert [(o["objective"], o.get("support_to")) for o in outcomes] == [
        ("KO1", "national board"), ("KO2", None)]
    shown = sli("meeting", "show", "--plan", str(plan), "P1", "2023/24 Q1")
    assert f"Support needed: {BOARD_SUPPORT} (asked of national board)" in shown.stdout
    assert "Support ask P1-2023-24-Q1-KO1: not answered yet" in " ".join(shown.stdout.split())


def test_a_meeting_without_support_to_reads_and_writes_unchanged(tmp_path: Path) -> None:
    folder = small_plan_with_meetings(tmp_path / "p")
    for path in sorted((folder / "meetings").rglob("*.toml")):
        data = path.read_bytes()
        meeting, problems = parse_meeting(data, str(path))
        assert problems == [] and meeting is not None
        assert all(o.support_to == "" for o in meeting.outcomes)
        assert "support_to" not in json.dumps(meeting_to_toml(meeting), default=str)
        assert tomllib.loads(data.decode()) == tomllib.loads(
            __import__("tomli_w").dumps(meeting_to_toml(meeting)))


def test_support_to_without_support_is_refused(sli: SliRunner, plan: Path) -> None:
    before = tree(plan)
    result = sli("meeting", "record", "--plan", str(plan), "-p", "P2", "-d", "20/07/2023",
                 "--rag", "KO3=green", "--support-to", "KO3=UKHSA", "-y")
    assert result.exit_code != 0
    assert "objective KO3: support is asked of UKHSA but no support is described" \
        in result.stderr
    assert {k: v for k, v in tree(plan).items() if not k.startswith(".sli")} == \
        {k: v for k, v in before.items() if not k.startswith(".sli")}


def test_the_form_and_template_carry_support_to(sli: SliRunner, plan: Path,
                                                tmp_path: Path) -> None:
    template = sli("meeting", "template", "--plan", str(plan), "-p", "P2")
    assert template.exit_code == 0, template.stderr
    assert "# support_to: whom the support is asked of" in template.stdout
    form = tmp_path / "m.toml"
    form.write_text('priority = "P2"\ndate = "20/07/2023"\n\n[[objectives]]\n'
                    'objective = "KO3"\nrag = "amber"\nsupport = "Trading standards data"\n'
                    'support_to = "LGA"\n')
    result = sli("meeting", "record", "--plan", str(plan), "--from", str(form), "-y")
    assert result.exit_code == 0, result.stderr
    assert [(a["id"], a["to"]) for a in asks(sli, plan)] == [
        (ASK, "national board"), ("P2-2023-24-Q1-KO3", "LGA")]


def test_the_interview_asks_whom_support_is_asked_of(tmp_path: Path) -> None:
    from sli_cli.recording.answers import Answers
    from sli_cli.recording.build import build_meeting
    from sli_cli.recording.interview import SUPPORT_TO_QUESTION, Interview
    from tests.helpers import load_plan

    folder = write_plan(tmp_path / "p")
    # Priority, date, quarter, attendees, apologies, then KO3: rating, progress,
    # risks, support, whom it is asked of, next steps, actions; then decisions.
    typed = iter(["P2", "20/07/2023", "", "", "", "a", "", "", "Data from trading standards",
                  "UKHSA", "", "", "", ""])
    prompts: list[str] = []

    def ask(prompt: str, default: str) -> str:
        prompts.append(prompt)
        return next(typed) or default

    answers = Answers()
    plan = load_plan(folder)
    Interview(plan, load_records(folder), answers, ask=ask, say=lambda _: None,
              today=date(2023, 11, 1)).run()
    assert SUPPORT_TO_QUESTION in prompts
    built = build_meeting(plan, answers, today=date(2023, 11, 1))
    assert built.errors == [] and built.meeting is not None
    outcome = built.meeting.outcome("KO3")
    assert outcome is not None and outcome.support_to == "UKHSA"


def test_an_amendment_can_address_support(sli: SliRunner, plan: Path) -> None:
    result = sli("meeting", "record", "--plan", str(plan), "--amend", "-p", "P1",
                 "-q", "2023/24 Q1", "--support-to", "KO2=DPH, Devon",
                 "--change-note", "KO2's ask is of Devon", "-y")
    assert result.exit_code == 0, result.stderr
    assert [a["id"] for a in asks(sli, plan)] == [ASK, "P1-2023-24-Q1-KO2"]


# -- sli support list -----------------------------------------------------------
def test_list_shows_only_addressed_support_with_its_age(sli: SliRunner, plan: Path) -> None:
    result = sli("support", "list", "--plan", str(plan))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "\n"
        "  Id                  Age   Status   Asked of         Support asked\n"
        " ──────────────────────────────────────────────────────────────────────────────\n"
        "  P1-2023-24-Q1-KO1   112   open     national board   Raise data access with\n"
        "                                                      NHS England\n"
        "\n")
    assert asks(sli, plan) == [{
        "id": ASK, "asked_on": "2023-07-12", "age_days": 112, "status": "open",
        "to": "national board", "support": BOARD_SUPPORT, "objective": "KO1",
        "priority": "P1", "quarter": "2023/24 Q1", "answered_on": None, "response": "",
    }]


def test_an_open_ask_of_an_ended_plan_is_aged_to_the_plans_end(
        sli: SliRunner, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Years after the plan ended, an ask still open is not 'open 1,000 days':
    it is aged to the last day of the plan's meetings, and the list says so."""
    monkeypatch.setenv("SLI_TODAY", "2027-01-01")
    result = sli("support", "list", "--plan", str(plan), "-f", "json")
    assert result.exit_code == 0
    assert result.stderr == ("The plan has ended: open asks are aged to 2024-06-30, the last "
                             "day of its meetings.\n")
    (ask,) = json.loads(result.stdout)
    assert ask["age_days"] == (date(2024, 6, 30) - date(2023, 7, 12)).days


def test_list_filters_and_formats(sli: SliRunner, plan: Path) -> None:
    assert [a["id"] for a in asks(sli, plan, "--to", "BOARD")] == [ASK]
    assert asks(sli, plan, "--to", "UKHSA") == []
    none = sli("support", "list", "--plan", str(plan), "--to", "UKHSA")
    assert (none.exit_code, none.stdout, none.stderr) == (0, "", "No support asks that match.\n")
    csv = sli("support", "list", "--plan", str(plan), "-f", "csv")
    assert csv.stdout.splitlines()[0] == ("id,asked_on,age_days,status,to,support,objective,"
                                          "priority,quarter,answered_on,response")
    md = sli("support", "list", "--plan", str(plan), "-f", "md")
    assert f"| {ASK} | 2023-07-12 | 112 | open | national board |" in md.stdout
    sli("support", "respond", ASK, "--plan", str(plan), "--text", "Raised at the board",
        "--date", "01/09/2023")
    assert asks(sli, plan, "--open") == []
    (answered,) = asks(sli, plan)
    assert (answered["status"], answered["age_days"], answered["answered_on"]) == (
        "answered", 51, "2023-09-01")


# -- sli support respond --------------------------------------------------------
def test_respond_writes_a_record_of_its_own(sli: SliRunner, plan: Path) -> None:
    meetings = {k: v for k, v in tree(plan).items() if k.startswith("meetings")}
    result = sli("support", "respond", ASK.lower(), "--plan", str(plan),
                 "--text", "  The board raised it with NHS England  ", "-d", "1/9/2023")
    assert result.exit_code == 0, result.stderr
    (path,) = (plan / "support").iterdir()
    assert result.stderr.startswith(f"Recorded the response to support ask {ASK} on Fri 1 "
                                    "September 2023 (2023-09-01) in ")
    assert result.stderr.endswith(f"support/{path.name}\n")
    name, uid, suffix = path.name.rsplit(".", 2)
    assert (name, len(uid), suffix) == (ASK, 8, "toml")
    doc = tomllib.loads(path.read_text())
    assert {k: doc[k] for k in ("schema_version", "uid", "ask", "date", "text",
                                "recorded_by")} == {
        "schema_version": 2, "uid": uid, "ask": ASK, "date": date(2023, 9, 1),
        "text": "The board raised it with NHS England", "recorded_by": "SW SLI co-ordinator"}
    assert "amends" not in doc
    assert {k: v for k, v in tree(plan).items() if k.startswith("meetings")} == meetings
    check = sli("check", "--plan", str(plan))
    assert check.exit_code == 0, check.output


def test_responding_twice_is_refused_unless_a_correction(sli: SliRunner, plan: Path) -> None:
    first = sli("support", "respond", ASK, "--plan", str(plan), "--text", "Raised",
                "-d", "01/09/2023")
    assert first.exit_code == 0
    before = tree(plan)
    again = sli("support", "respond", ASK, "--plan", str(plan), "--text", "Raised again")
    assert again.exit_code == 1
    assert again.stderr.startswith(f"sli: support ask {ASK} was already answered on "
                                   "2023-09-01 (")
    assert again.stderr.endswith("; to correct that response, give --change-note saying "
                                 "what was wrong\n")
    assert tree(plan) == before
    fixed = sli("support", "respond", ASK, "--plan", str(plan), "--text", "Raised; NHSE to "
                "reply by December", "-d", "02/09/2023", "--change-note", "fuller answer")
    assert fixed.exit_code == 0, fixed.stderr
    assert fixed.stderr.startswith(f"Corrected the response to support ask {ASK}")
    (first_path,) = [p for p in (plan / "support").iterdir() if p.name in str(before)]
    docs = [tomllib.loads(p.read_text()) for p in (plan / "support").iterdir()]
    correction = next(d for d in docs if d.get("amends"))
    assert correction["amends"] == [tomllib.loads(first_path.read_text())["uid"]]
    assert correction["change_note"] == "fuller answer"
    (shown,) = asks(sli, plan)
    assert (shown["answered_on"], shown["response"]) == (
        "2023-09-02", "Raised; NHSE to reply by December")


@pytest.mark.parametrize(("args", "code", "message"), [
    (("P1-2023-24-Q1-K01", "--text", "x"), 2,
     f"sli: no support ask 'P1-2023-24-Q1-K01' in this plan (did you mean '{ASK}'?); "
     "see: sli support list\n"),
    (("P1-2023-24-Q1-KO2", "--text", "x"), 2,
     f"sli: no support ask 'P1-2023-24-Q1-KO2' in this plan (did you mean '{ASK}'?); "
     "see: sli support list\n"),
    ((ASK, "--text", "   "), 2,
     "sli: --text: the response is empty: say what the response was\n"),
    ((ASK, "--text", "x", "--date", "11/07/2023"), 2,
     "sli: --date: 2023-07-11 is before the support was asked (at the meeting of P1 on "
     "2023-07-12)\n"),
    ((ASK, "--text", "x", "--date", "02/11/2023"), 2,
     "sli: --date: 2023-11-02 is in the future\n"),
    ((ASK, "--text", "x", "--date", "31/13/2023"), 2, None),
    ((ASK, "--text", "x", "--change-note", "nothing there"), 1,
     f"sli: support ask {ASK} has no response yet; there is nothing to correct\n"),
])
def test_bad_responses_leave_the_folder_unchanged(sli: SliRunner, plan: Path,
                                                  args: tuple[str, ...], code: int,
                                                  message: str | None) -> None:
    before = tree(plan)
    result = sli("support", "respond", *args, "--plan", str(plan))
    assert result.exit_code == code, result.output
    if message is not None:
        assert result.stderr == message
    else:
        assert result.stderr.startswith("sli: --date: ")
    assert result.stdout == ""
    assert tree(plan) == before


def test_an_answer_after_the_plan_has_ended_is_recorded(
        sli: SliRunner, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The national board may answer after the plan has ended: the answer is
    recorded (with or without --date), and the ask is answered."""
    monkeypatch.setenv("SLI_TODAY", "2024-08-01")
    result = sli("support", "respond", ASK, "--plan", str(plan), "--text", "Raised with NHSE",
                 "--date", "01/07/2024")
    assert result.exit_code == 0, result.stderr
    (ask,) = asks(sli, plan)
    assert (ask["status"], ask["answered_on"]) == ("answered", "2024-07-01")
    assert sli("check", "--plan", str(plan)).exit_code == 0


def test_a_date_before_the_ask_is_refused(sli: SliRunner, plan: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2024-08-01")
    before = tree(plan)
    result = sli("support", "respond", ASK, "--plan", str(plan), "--text", "x",
                 "--date", "01/03/2022")
    assert result.exit_code == 2
    assert result.stderr.startswith("sli: --date 2022-03-01 is outside the plan period")
    assert tree(plan) == before


def test_check_reports_a_response_to_no_ask(sli: SliRunner, plan: Path) -> None:
    (plan / "support").mkdir()
    (plan / "support" / "P1-2023-24-Q1-KO2.k3f9mq2x.toml").write_text(
        'schema_version = 2\nuid = "k3f9mq2x"\nask = "P1-2023-24-Q1-KO2"\n'
        'date = 2023-09-01\ntext = "Done"\n')
    result = sli("check", "--plan", str(plan))
    assert result.exit_code == 1
    assert (f"support/P1-2023-24-Q1-KO2.k3f9mq2x.toml:3: support ask P1-2023-24-Q1-KO2 is "
            f"not in any meeting (did you mean '{ASK}'?)") in result.output


def test_a_response_without_a_uid_is_a_problem(sli: SliRunner, plan: Path) -> None:
    (plan / "support").mkdir()
    (plan / "support" / f"{ASK}.toml").write_text(
        f'schema_version = 1\nask = "{ASK}"\ndate = 2023-09-01\ntext = "Done"\n')
    result = sli("check", "--plan", str(plan))
    assert result.exit_code == 1
    assert "a support response needs schema_version = 2 and a 'uid'" in result.output


# -- where open asks are shown ------------------------------------------------
def test_open_asks_are_owed_in_due(sli: SliRunner, plan: Path) -> None:
    result = sli("due", "--plan", str(plan), "-q", "2023/24 Q1")
    assert result.exit_code == 1
    assert "Support asked, not answered yet" in result.stdout
    assert f"{ASK} Raise data access" in result.stdout
    data = json.loads(sli("due", "--plan", str(plan), "-q", "2023/24 Q1", "-f", "json").stdout)
    assert data["open_support_asks"] == [{
        "id": ASK, "to": "national board", "support": BOARD_SUPPORT,
        "asked_on": "2023-07-12", "age_days": 80, "objective": "KO1", "priority": "P1",
        "quarter": "2023/24 Q1"}]
    sli("support", "respond", ASK, "--plan", str(plan), "--text", "Raised", "-d", "1/9/2023")
    data = json.loads(sli("due", "--plan", str(plan), "-q", "2023/24 Q1", "-f", "json").stdout)
    assert data["open_support_asks"] == []


def test_open_asks_in_the_coordinators_snapshot_only(sli: SliRunner, plan: Path) -> None:
    own = sli("snapshot", "--plan", str(plan), "--month", "2023-10", "-f", "md")
    assert own.exit_code == 0, own.stderr
    assert "Support asked, not answered yet (1)" in own.stdout
    assert BOARD_SUPPORT in own.stdout and "national board" in own.stdout
    public = sli("snapshot", "--plan", str(plan), "--month", "2023-10", "-f", "md",
                 "--public")
    assert "Support asked, not answered yet" not in public.stdout
    # Answered after the month: still open in that month's snapshot.
    sli("support", "respond", ASK, "--plan", str(plan), "--text", "Raised", "-d", "1/11/2023")
    again = sli("snapshot", "--plan", str(plan), "--month", "2023-10", "-f", "md")
    assert "Support asked, not answered yet (1)" in again.stdout
    november = sli("snapshot", "--plan", str(plan), "--month", "2023-11", "-f", "md")
    assert "Support asked, not answered yet" not in november.stdout


def test_the_annual_return_shows_the_response(sli: SliRunner, plan: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2024-04-20")
    before = sli("report", "--plan", str(plan), "--year", "2023/24", "-f", "md")
    assert before.exit_code == 0, before.stderr
    assert f"{BOARD_SUPPORT} (asked of national board) | Not answered yet" in before.stdout
    sli("support", "respond", ASK, "--plan", str(plan), "--text", "Raised with NHSE",
        "-d", "1/9/2023")
    after = sli("report", "--plan", str(plan), "--year", "2023/24", "-f", "md")
    assert "| Response |" in after.stdout
    assert "Raised with NHSE" in after.stdout
    assert "Network to share bereavement pathways |  |" in after.stdout
