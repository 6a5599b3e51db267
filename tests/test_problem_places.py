"""Every problem in a record file is printed with its file and line, and a
broken plan.toml does not bury its own errors under follow-on problems."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from tests.conftest import SliRunner
from tests.helpers import SMALL_PLAN, write_plan

MEETING = """\
schema_version = 1
priority = "P1"
quarter = "2023/24 Q1"
date = 2023-05-10
version = 1
attendees = ["DPH, Devon"]
"""

BROKEN = {
    # Problems found against the plan, each on the line of the key it is about.
    "meetings/2023-24-Q1/P1.toml": MEETING + textwrap.dedent("""\
        not_discussed = ["KO7"]

        [[outcomes]]
        objective = "KO1"
        rag = "green"

        [[outcomes]]
        objective = "KO9"
        rag = "amber"

        [[outcomes]]
        objective = "KO3"
        rag = "red"

        [[outcomes]]
        objective = "KO2"
        rag = "green"

        [[outcomes.actions]]
        id = "AKKKK"
        text = "Write to trusts"
        owner = "DPH, Torbay"
        due = 2023-09-30
        """),
    # A gap in the versions, and an action id another meeting uses.
    "meetings/2023-24-Q1/P2.v3.toml": MEETING.replace('"P1"', '"P2"').replace(
        "\nversion = 1", "\nversion = 3") + textwrap.dedent("""\

        [[outcomes]]
        objective = "KO3"
        rag = "green"

        [[outcomes.actions]]
        id = "AKKKK"
        text = "Survey schools"
        owner = "DPH, Somerset"
        due = 2023-09-30
        """),
    # Problems of reading: a missing key, an unknown key, a syntax error, empty.
    "meetings/2023-24-Q2/P1.toml": "schema_version = 1\npriority = \"P1\"\n"
                                   "quarter = \"2023/24 Q2\"\nversion = 1\ncolour = 1\n",
    "meetings/2023-24-Q2/P2.toml": "schema_version = 1\npriority = \n",
    "actions/AZZZZ.toml": "schema_version = 1\naction = \"AZZZZ\"\ndate = 2023-06-01\n",
    "actions/AQQQQ.toml": "",
    "events/EAAAA.toml": textwrap.dedent("""\
        schema_version = 1
        id = "EAAAA"
        date = 2023-06-01
        title = "Workshop"
        priority = "P7"
        objective = "KO8"
        """),
    "events/EBBBB.toml": "schema_version = 1\nid = \"ECCCC\"\ndate = 2023-06-01\n"
                         "title = \"Webinar\"\n",
    "updates/UAAAA.toml": textwrap.dedent("""\
        schema_version = 1
        id = "UAAAA"
        kind = "project"
        month = "2023-06"
        title = "QI project"
        objective = "KO8"
        """),
}


def write_records(folder: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_every_problem_in_record_files_names_file_and_line(sli: SliRunner,
                                                           tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    write_records(folder, BROKEN)
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "p/actions/AQQQQ.toml:1: file is empty",
        "p/actions/AZZZZ.toml:2: action AZZZZ is not in any meeting",
        "p/events/EAAAA.toml:5: event EAAAA: priority P7 is not defined",
        "p/events/EAAAA.toml:6: event EAAAA: objective KO8 is not defined",
        "p/events/EBBBB.toml:2: event ECCCC belongs in events/ECCCC.toml",
        "p/meetings/2023-24-Q1/P1.toml:7: meeting of P1 for 2023/24 Q1: objective KO7 is "
        "not defined (did you mean 'KO3'?)"
        "; if it was retired, keep it in plan.toml with status = \"retired\" and retired_in = "
        "the first quarter it no longer ran in: its records stay valid",
        "p/meetings/2023-24-Q1/P1.toml:14: meeting of P1 for 2023/24 Q1: objective KO9 is "
        "not defined (did you mean 'KO3'?)"
        "; if it was retired, keep it in plan.toml with status = \"retired\" and retired_in = "
        "the first quarter it no longer ran in: its records stay valid",
        "p/meetings/2023-24-Q1/P1.toml:18: meeting of P1 for 2023/24 Q1: objective KO3 "
        "belongs to priority P2, not P1",
        "p/meetings/2023-24-Q1/P1.toml:19: warning: meeting of P1 for 2023/24 Q1: objective "
        "KO3 is rated red with no action; record a corrective action with an owner and a "
        "due date",
        "p/meetings/2023-24-Q1/P2.v3.toml:5: meeting of P2 for 2023/24 Q1: versions 1 to 2 "
        "are missing (found version 3)",
        "p/meetings/2023-24-Q1/P2.v3.toml:13: warning: action id AKKKK is also used by the "
        "meeting of P1 2023-24-Q1; amend this meeting without the action's id to give it a "
        "new one",
        "p/meetings/2023-24-Q2/P1.toml:1: 'date' is missing (a date like 2023-07-12)",
        "p/meetings/2023-24-Q2/P1.toml:5: unknown key 'colour'",
        "p/meetings/2023-24-Q2/P2.toml:2: TOML syntax error: Invalid value (column 12)",
        "p/updates/UAAAA.toml:6: update UAAAA: objective KO8 is not defined",
    ]
    assert all(re.match(r"^p/\S+\.toml:\d+: ", line) for line in result.stdout.splitlines())


def test_every_problem_has_a_line_in_json_too(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    write_records(folder, BROKEN)
    result = sli("check", "--plan", str(folder), "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    assert len(problems) == 15
    assert all(isinstance(p["line"], int) for p in problems)


def test_a_broken_plan_holds_back_follow_on_problems(sli: SliRunner, tmp_path: Path) -> None:
    # A typo in plan.toml: KO1's priority is P9, so every meeting of P1 rating
    # KO1 would also be reported as rating another priority's objective.
    folder = write_plan(tmp_path / "p", SMALL_PLAN.replace(
        'id = "KO1"\npriority = "P1"', 'id = "KO1"\npriority = "P9"'))
    outcomes = '\n[[outcomes]]\nobjective = "KO1"\nrag = "green"\n'
    write_records(folder, {
        "meetings/2023-24-Q1/P1.toml": MEETING + outcomes,
        "meetings/2023-24-Q2/P1.toml": MEETING.replace("Q1", "Q2").replace("05-10", "08-10")
        + outcomes,
        "actions/AZZZZ.toml": "schema_version = 1\naction = \"AZZZZ\"\ndate = 2023-06-01\n",
    })
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "p/actions/AZZZZ.toml:2: action AZZZZ is not in any meeting",
        "p/plan.toml:23: objective KO1: priority P9 is not defined",
    ]
    assert result.stderr == (
        "2 problems of records against the plan were held back: they may only repeat the "
        "errors in p/plan.toml; fix those and run sli check again.\n")
    write_plan(folder)  # the typo fixed: the meetings were right all along
    result = sli("check", "--plan", str(folder))
    assert result.stdout == "p/actions/AZZZZ.toml:2: action AZZZZ is not in any meeting\n"
    assert result.stderr == ""


def test_a_withdrawn_event_is_not_checked_against_the_plan(sli: SliRunner,
                                                           tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p")
    write_records(folder, {
        "events/EAAAA.toml": BROKEN["events/EAAAA.toml"],
        "withdrawals/EAAAA.toml": 'schema_version = 1\nitem = "EAAAA"\nreason = "Typed in '
                                  'the wrong plan"\n',
        "withdrawals/EZZZZ.toml": 'schema_version = 1\nitem = "EZZZZ"\nreason = "x"\n',
    })
    result = sli("check", "--plan", str(folder))
    assert result.stdout == ("p/withdrawals/EZZZZ.toml:2: withdrawal of EZZZZ: there is no "
                             "event or update EZZZZ\n")
