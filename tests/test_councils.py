"""The network's councils in plan.toml: actions and support asks naming one,
``sli actions --council``, and names outside the list."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from sli_cli.plan.loader import parse_plan
from tests.conftest import SliRunner
from tests.helpers import SMALL_PLAN, tree, write_plan

COUNCILS = """
[[councils]]
name = "Devon"
dph = "DPH, Devon"

[[councils]]
name = "Torbay"

[[councils]]
name = "Bath and North East Somerset"
dph = "DPH, B&NES"
"""


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sli: SliRunner) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    monkeypatch.setenv("SLI_USER", "SW SLI co-ordinator")
    folder = write_plan(tmp_path / "p", SMALL_PLAN + COUNCILS)
    result = sli("meeting", "record", "--plan", str(folder), "-p", "P1", "-d", "12/07/2023",
                 "--rag", "KO1=amber", "--rag", "KO2=green",
                 "--action", "KO1=Chase the data|DPH, Devon|30/09/2023|devon",
                 "--action", "KO1=Draft the agreement|SW SLI co-ordinator|15/12/2023",
                 "--support", "KO2=Peer review", "--support-to", "KO2=torbay", "-y")
    assert result.exit_code == 0, result.stderr
    return folder


def test_the_plan_lists_its_councils() -> None:
    plan, problems = parse_plan((SMALL_PLAN + COUNCILS).encode(), "plan.toml")
    assert problems == [] and plan is not None
    assert [(c.name, c.dph) for c in plan.councils] == [
        ("Devon", "DPH, Devon"), ("Torbay", ""), ("Bath and North East Somerset", "DPH, B&NES")]
    assert plan.council("  devon ") is not None and plan.council("Dorset") is None


def test_a_plan_without_councils_loads_unchanged() -> None:
    plan, problems = parse_plan(SMALL_PLAN.encode(), "plan.toml")
    assert problems == [] and plan is not None
    assert plan.councils == ()
    assert plan.council_problem("Anywhere") is None


def test_a_council_listed_twice_and_unknown_keys_are_problems() -> None:
    text = SMALL_PLAN + COUNCILS + '\n[[councils]]\nname = "DEVON"\nlead = "x"\n'
    _, problems = parse_plan(text.encode(), "plan.toml")
    messages = [p.format() for p in problems]
    line = (SMALL_PLAN + COUNCILS).count("\n") + 3
    assert f"plan.toml:{line}: council DEVON: listed twice (first on line " \
        f"{SMALL_PLAN.count(chr(10)) + 3})" in messages
    assert any("unknown key 'lead'" in m for m in messages)


def test_actions_and_asks_name_a_council_as_the_plan_spells_it(sli: SliRunner,
                                                               plan: Path) -> None:
    (path,) = (plan / "meetings" / "2023-24-Q1").iterdir()
    outcomes = tomllib.loads(path.read_text())["outcomes"]
    assert [a.get("council") for a in outcomes[0]["actions"]] == ["Devon", None]
    assert outcomes[1]["support_to"] == "Torbay"
    shown = sli("meeting", "show", "--plan", str(plan), "P1", "2023/24 Q1")
    assert "(DPH, Devon, due 2023-09-30; Devon)" in shown.stdout


def test_actions_filter_by_council(sli: SliRunner, plan: Path) -> None:
    def ids(*args: str) -> list[str]:
        result = sli("actions", "--plan", str(plan), "-f", "json", *args)
        assert result.exit_code == 0, result.stderr
        return [(row["text"], row["council"]) for row in json.loads(result.stdout)]

    assert ids() == [("Chase the data", "Devon"), ("Draft the agreement", "")]
    assert ids("--council", "DEVON") == [("Chase the data", "Devon")]
    none = sli("actions", "--plan", str(plan), "--council", "torbay")
    assert (none.exit_code, none.stdout, none.stderr) == (0, "", "No open actions that match.\n")
    table = sli("actions", "--plan", str(plan))
    assert "(DPH, Devon; Devon)" in table.stdout


def test_an_unknown_council_filter_names_the_nearest(sli: SliRunner, plan: Path) -> None:
    result = sli("actions", "--plan", str(plan), "--council", "Devn")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("sli: no council 'Devn' in this plan (did you mean 'Devon'?); the "
                             "plan's councils are Devon, Torbay, Bath and North East Somerset\n")


def test_council_filter_on_a_plan_without_councils(sli: SliRunner, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_TODAY", "2023-11-01")
    folder = write_plan(tmp_path / "q")
    result = sli("actions", "--plan", str(folder), "--council", "Devon")
    assert result.exit_code == 2
    assert result.stderr == ("sli: --council: this plan lists no councils; add [[councils]] "
                             "tables (name, dph) to plan.toml\n")


def test_an_action_for_a_council_outside_the_list_is_refused(sli: SliRunner,
                                                             plan: Path) -> None:
    before = {k: v for k, v in tree(plan).items() if not k.startswith(".sli")}
    result = sli("meeting", "record", "--plan", str(plan), "-p", "P2", "-d", "20/07/2023",
                 "--rag", "KO3=green", "--action", "KO3=Survey|DPH, Somerset|30/09/2023|Torbey",
                 "-y")
    assert result.exit_code == 1
    assert ("objective KO3: action 1: council 'Torbey' is not one of the plan's councils "
            "(did you mean 'Torbay'?); the plan lists Devon, Torbay, Bath and North East "
            "Somerset") in result.stderr
    assert {k: v for k, v in tree(plan).items() if not k.startswith(".sli")} == before


def test_the_form_carries_an_actions_council(sli: SliRunner, plan: Path,
                                             tmp_path: Path) -> None:
    template = sli("meeting", "template", "--plan", str(plan), "-p", "P2")
    assert "#   council = " in template.stdout
    form = tmp_path / "m.toml"
    form.write_text('priority = "P2"\ndate = "20/07/2023"\n\n[[objectives]]\n'
                    'objective = "KO3"\nrag = "green"\n\n[[objectives.actions]]\n'
                    'text = "Survey"\nowner = "DPH, Somerset"\ndue = "30/09/2023"\n'
                    'council = "bath and north east somerset"\n')
    result = sli("meeting", "record", "--plan", str(plan), "--from", str(form), "-y")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(sli("actions", "--plan", str(plan), "-f", "json", "--council",
                          "Bath and North East Somerset").stdout)
    assert [r["text"] for r in rows] == ["Survey"]


def test_support_asked_of_a_near_miss_of_a_council_warns(sli: SliRunner, plan: Path) -> None:
    result = sli("meeting", "record", "--plan", str(plan), "-p", "P2", "-d", "20/07/2023",
                 "--rag", "KO3=green", "--support", "KO3=Data", "--support-to", "KO3=Devn",
                 "--strict", "-y")
    assert result.exit_code == 1
    assert ("objective KO3: support asked of 'Devn', which is not one of the plan's councils "
            "(did you mean 'Devon'?)") in result.stderr
    ok = sli("meeting", "record", "--plan", str(plan), "-p", "P2", "-d", "20/07/2023",
             "--rag", "KO3=green", "--support", "KO3=Data", "--support-to",
             "KO3=DPH, Devon", "--strict", "-y")
    assert ok.exit_code == 0, ok.stderr


def test_the_interview_asks_an_actions_council_again_until_listed(tmp_path: Path) -> None:
    from datetime import date

    from sli_cli.recording.answers import Answers
    from sli_cli.recording.build import build_meeting
    from sli_cli.recording.interview import Interview
    from tests.helpers import load_plan, load_records

    folder = write_plan(tmp_path / "p", SMALL_PLAN + COUNCILS)
    # Priority, date, quarter, attendees, apologies, then KO3's answers and an
    # action whose council is mistyped once; then decisions.
    typed = iter(["P2", "20/07/2023", "", "", "", "g", "", "", "", "", "Survey", "",
                  "30/09/2023", "Torbey", "torbay", "", ""])
    said: list[str] = []
    plan = load_plan(folder)
    answers = Answers()
    Interview(plan, load_records(folder), answers, ask=lambda _, d: next(typed) or d,
              say=said.append, today=date(2023, 11, 1)).run()
    assert any("did you mean 'Torbay'?" in line for line in said)
    built = build_meeting(plan, answers, today=date(2023, 11, 1))
    assert built.errors == [] and built.meeting is not None
    assert [a.council for _, a in built.meeting.actions] == ["Torbay"]


def test_the_successor_plan_keeps_the_councils(sli: SliRunner, plan: Path,
                                               tmp_path: Path) -> None:
    result = sli("init", str(tmp_path / "next"), "--from", str(plan))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "next" / "plan.toml").read_text()
    assert text.endswith('[[councils]]\nname = "Bath and North East Somerset"\n'
                         'dph = "DPH, B&NES"\n')
    successor, problems = parse_plan(text.encode(), "plan.toml")
    assert problems == [] and successor is not None
    assert successor.councils == parse_plan((SMALL_PLAN + COUNCILS).encode(), "p")[0].councils
