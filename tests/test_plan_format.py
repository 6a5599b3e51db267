"""The plan format: the documented example loads, and every mistake is located."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.plan.loader import parse_plan
from sli_cli.plan.model import Rating
from tests.conftest import SliRunner
from tests.helpers import REPO, SMALL_PLAN, tree, write_plan


def doc_example() -> str:
    text = (REPO / "docs" / "plan-format.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- plan-format-example -->\n```toml\n(.*?)```", text, re.S)
    assert match, "the annotated example is missing from docs/plan-format.md"
    return match.group(1)


def test_documented_example_loads() -> None:
    plan, problems = parse_plan(doc_example().encode(), "docs/plan-format.md")
    assert problems == []
    assert plan is not None
    assert plan.title == "South West ADPH SLI Action Plan 2022-2024"
    assert (plan.start, plan.end) == (Quarter(2022, 1), Quarter(2023, 4))
    assert [p.id for p in plan.priorities] == ["P1", "P2"]
    assert [o.id for o in plan.objectives] == ["KO4", "KO14"]
    assert plan.scheme.ratings == list(Rating)
    ko4 = plan.objective("KO4")
    assert ko4 is not None
    assert [o.due_label() for o in ko4.outputs] == ["2022/23 Q3", "2023-06-30"]


def test_example_plan_shape() -> None:
    plan, problems = parse_plan((REPO / "plans/south-west/plan.toml").read_bytes(), "x")
    assert problems == [] and plan is not None
    assert len(plan.priorities) == 5
    assert all(p.dph_lead.startswith("DPH, ") for p in plan.priorities)
    assert len(plan.objectives) >= 14
    ko14 = plan.objective("KO14")
    assert ko14 is not None and ko14.title == "The SW ADPH Voice"
    assert sum(len(o.outputs) for o in plan.objectives) >= 2 * 14
    assert len(plan.quarters()) == 8


TEN_MISTAKES = """\
schema_version = 1
id = "bad plan"
title = "Bad"
network = "SW"
start = "2022/23 Q1"
end = "2023/24 Q4"
sli_lead = "DPH"
coordinatr = "x"

[rag]
red = "r"
purple = "p"

[[priorities]]
id = "P1"
title = "One"
dph_lead = "DPH, A"

[[priorities]]
id = "P1"
title = "Dup"
dph_lead = "DPH, B"

[[objectives]]
id = "KO1"
priority = "P9"
title = "x"
lead = "y"

[[objectives.outputs]]
title = "o"
due = "2030/31 Q1"

[[objectives.outputs]]
title = "o2"
due = "soon"

[[objectives]]
id = "KO1"
priority = "P1"
title = 5
lead = "y"
"""


def test_ten_mistakes_ten_located_messages(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "bad", TEN_MISTAKES)
    before = tree(folder)
    result = sli("check", "--plan", str(folder))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "bad/plan.toml: 'coordinator' is missing (text)",
        "bad/plan.toml:2: id 'bad plan' is not allowed: use letters, digits, '-' and '_' only, "
        "starting with a letter or digit, at most 64",
        "bad/plan.toml:8: unknown key 'coordinatr' (did you mean 'coordinator'?)",
        "bad/plan.toml:12: rag: rating 'purple' is not one sli knows; ratings are red, amber, "
        "green, blue, grey",
        "bad/plan.toml:20: priority P1: duplicate id: priority P1 is already defined on line 15",
        "bad/plan.toml:26: objective KO1: priority P9 is not defined",
        "bad/plan.toml:32: objective KO1: output 1: due 2030/31 Q1 is outside the plan period "
        "(2022/23 Q1 to 2023/24 Q4)",
        "bad/plan.toml:36: objective KO1: output 2: 'due' is 'soon': give a date like "
        "2023-09-30 or a quarter like '2023/24 Q2'",
        "bad/plan.toml:39: objective KO1: duplicate id: objective KO1 is already defined on "
        "line 25",
        "bad/plan.toml:41: objective KO1: 'title' must be text in quotes, not a number",
    ]
    assert tree(folder) == before


def test_check_json(sli: SliRunner, tmp_path: Path) -> None:
    import json

    folder = write_plan(tmp_path / "bad", SMALL_PLAN.replace('priority = "P2"', 'priority = "P3"'))
    result = sli("check", "--plan", str(folder), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "plan": "bad",
        "ok": False,
        "problems": [{"path": "bad/plan.toml", "line": 39, "severity": "error",
                      "message": "objective KO3: priority P3 is not defined"}],
        "held_back": 0,
    }
    clean = write_plan(tmp_path / "good")
    result = sli("check", "--plan", str(clean), "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"plan": "good", "ok": True, "problems": [],
                                         "held_back": 0}


def check_text(sli: SliRunner, folder: Path, text: str) -> tuple[int, str]:
    write_plan(folder, text)
    result = sli("check", "--plan", str(folder))
    return result.exit_code, result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("schema_version = 1", "schema_version = 3"),
         "p/plan.toml:1: schema_version 3 is not supported by this sli (it reads 1 and 2)"),
        (('start = "2022/23 Q1"', 'start = "2024/25 Q1"'),
         "p/plan.toml:6: 'end' (2023/24 Q4) is before 'start' (2024/25 Q1)"),
        (('start = "2022/23 Q1"', 'start = "spring"'),
         "p/plan.toml:5: 'spring' is not a quarter; write it like '2023/24 Q2' (Q1 = Apr-Jun, "
         "Q2 = Jul-Sep, Q3 = Oct-Dec, Q4 = Jan-Mar)"),
        (('id = "KO2"', 'id = "KO/2"'),
         "p/plan.toml:32: objective KO/2: id 'KO/2' is not allowed: use letters, digits, '-' "
         "and '_' only, starting with a letter or digit, at most 64"),
        (('id = "KO2"', 'id = "P1"'), "p/plan.toml:32: objective P1: id P1 is already used by a "
                                      "priority"),
        (('due = "2022/23 Q3"', "due = 2022-02-30"),
         "p/plan.toml:29: TOML syntax error: Invalid date or datetime (column 7)"),
        (('dph_lead = "DPH, Somerset"', 'dph_leed = "DPH, Somerset"'),
         "p/plan.toml:16: priority P2: 'dph_lead' is missing (text)"),
        (('title = "Youth vaping"', 'title = ""'),
         "p/plan.toml:40: objective KO3: 'title' is empty"),
        (("[[objectives.outputs]]", "[objectives.outputs]"),
         "p/plan.toml:27: objective KO1: 'outputs' must be a list of tables, written as "
         "[[outputs]]"),
    ],
)
def test_each_mistake(sli: SliRunner, tmp_path: Path, change: tuple[str, str],
                      message: str) -> None:
    code, out = check_text(sli, tmp_path / "p", SMALL_PLAN.replace(*change, 1))
    assert code == 1
    assert message in out.splitlines()


def test_syntax_error_has_line(sli: SliRunner, tmp_path: Path) -> None:
    code, out = check_text(sli, tmp_path / "p", SMALL_PLAN.replace('title = "Tiny SLI Plan"',
                                                                   'title = "Tiny'))
    assert code == 1
    assert out == "p/plan.toml:3: TOML syntax error: Illegal character '\\n' (column 14)\n"


def test_bom_and_crlf_are_read(sli: SliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "plan.toml").write_bytes(b"\xef\xbb\xbf" + SMALL_PLAN.replace("\n", "\r\n").encode())
    assert sli("check", "--plan", str(folder)).exit_code == 0


def test_not_utf8(sli: SliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "plan.toml").write_bytes(SMALL_PLAN.replace("Tiny", "Tiny \xe9").encode("latin-1"))
    result = sli("check", "--plan", str(folder))
    assert (result.exit_code, result.stdout) == (
        1, "p/plan.toml:3: file is not UTF-8 text; save it as UTF-8\n")


def test_rag_scheme_subset(tmp_path: Path) -> None:
    text = SMALL_PLAN + textwrap.dedent("""
        [rag]
        red = "Off track"
        amber = "At risk"
        green = "On track"
        """)
    plan, problems = parse_plan(text.encode(), "p")
    assert problems == [] and plan is not None
    assert plan.scheme.ratings == [Rating.RED, Rating.AMBER, Rating.GREEN]
    assert plan.scheme.definitions[Rating.AMBER] == "At risk"


def test_other_commands_refuse_a_broken_plan(sli: SliRunner, tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "p", SMALL_PLAN.replace('priority = "P2"', 'priority = "P7"'))
    from sli_cli.core.errors import PlanProblems
    from sli_cli.records.workspace import open_workspace

    with pytest.raises(PlanProblems) as info:
        open_workspace(folder)
    assert info.value.message == "p/plan.toml:39: objective KO3: priority P7 is not defined"
