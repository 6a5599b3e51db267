"""A plan's life: objectives retired or replaced, leads changing over time.
Past views never change when today's plan is edited."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from sli_cli.core.quarters import Quarter
from sli_cli.plan.loader import parse_plan
from sli_cli.plan.model import Term, holder
from tests.conftest import SliRunner
from tests.helpers import EXAMPLE, SMALL_PLAN, tree, write_plan

P3_HEADER = '''[[priorities]]
id = "P3"
title = "Tobacco control and vaping"
dph_lead = "DPH, Somerset"
'''
P3_LEADS = '''[[priorities]]
id = "P3"
title = "Tobacco control and vaping"
dph_lead = [
    { role = "DPH, Somerset" },
    { role = "DPH, Bath and North East Somerset", from = "2023/24 Q3" },
]
'''


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLI_TODAY", "2024-03-31")
    folder = tmp_path / "sw"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".sli"))
    return folder


def outcome_line(meeting: Path, objective: str) -> int:
    """The line of ``objective = "KOn"`` in the meeting's outcome for it."""
    lines = meeting.read_text().splitlines()
    return next(n + 1 for n, line in enumerate(lines)
                if line == f'objective = "{objective}"' and lines[n - 1] == "[[outcomes]]")


# The example already retired KO9 (replaced by KO16, added from 2023/24 Q2)
# and changed P4's leads from 2023/24 Q3; these tests change it once more.

def retire_ko11(folder: Path) -> None:
    """KO11 retired from 2023/24 Q3, merged into KO10; P3's lead changes then."""
    path = folder / "plan.toml"
    text = path.read_text()
    assert P3_HEADER in text
    text = text.replace(P3_HEADER, P3_LEADS)
    marker = 'id = "KO11"\n'
    assert marker in text
    text = text.replace(marker, marker + 'status = "retired"\nretired_in = "2023/24 Q3"\n'
                        'merged_into = "KO10"\n')
    path.write_text(text)


def add_ko17(folder: Path) -> None:
    """KO17, a new objective of P2, from 2023/24 Q3."""
    path = folder / "plan.toml"
    text = path.read_text()
    marker = "# P3 Tobacco control and vaping\n"
    assert marker in text
    text = text.replace(marker, '[[objectives]]\nid = "KO17"\npriority = "P2"\ntitle = '
                        '"Self-harm in young people"\nlead = "DPH, Devon"\n'
                        'added_in = "2023/24 Q3"\n\n' + marker)
    path.write_text(text)


PAST_VIEWS = [
    ("status", "--quarter", "2023/24 Q2"),
    ("status", "--quarter", "2023/24 Q2", "--format", "json"),
    ("status", "--as-of", "2023-09-30"),
    ("report", "--year", "2022/23"),
    ("snapshot", "--month", "2023-09"),
    ("due", "--quarter", "2023/24 Q2"),
]


@pytest.mark.parametrize("change", [retire_ko11, add_ko17], ids=["retire", "add"])
def test_changing_the_plan_keeps_every_past_view(sli: SliRunner, plan: Path,
                                                 change: Callable[[Path], None]) -> None:
    before = {args: sli(*args, "--plan", str(plan)) for args in PAST_VIEWS}
    for args, result in before.items():
        # sli due exits 1 when something is owed.
        assert result.exit_code == (1 if args[0] == "due" else 0), result.output
    change(plan)
    check = sli("check", "--plan", str(plan))
    assert check.exit_code == 0, check.output
    for args, result in before.items():
        again = sli(*args, "--plan", str(plan))
        assert (again.exit_code, again.stdout) == (result.exit_code, result.stdout), args


def test_the_example_shows_who_led_then(sli: SliRunner, plan: Path) -> None:
    now = sli("status", "--plan", str(plan), "--priority", "P4")
    assert "DPH lead: DPH, Swindon" in now.stdout
    past = sli("status", "--plan", str(plan), "--priority", "P4", "--quarter", "2023/24 Q2")
    assert "DPH lead: DPH," in past.stdout and "Gloucestershire" in past.stdout.split(
        "DPH lead:", 1)[1].split("KO10", 1)[0]
    report = sli("report", "--plan", str(plan), "--year", "2022/23", "-f", "md")
    assert "| P4 Hypertension and cardiovascular disease prevention | DPH, Gloucestershire; " \
           "deputy: DPH, Swindon |" in report.stdout
    # The year the lead changed names both, and when.
    report = sli("report", "--plan", str(plan), "--year", "2023/24", "-f", "md")
    assert ("| P4 Hypertension and cardiovascular disease prevention | DPH, Gloucestershire to "
            "2023/24 Q2, then DPH, Swindon; deputy: DPH, Swindon to 2023/24 Q2, then DPH, South "
            "Gloucestershire |") in report.stdout


def test_the_example_sets_its_retired_and_added_objectives_apart(sli: SliRunner,
                                                                 plan: Path) -> None:
    status = sli("status", "--plan", str(plan))
    assert status.exit_code == 0, status.output
    lines = status.stdout.splitlines()
    assert not any(line.startswith("KO9 ") for line in lines)
    assert any(line.startswith("KO16 ") for line in lines)
    assert "Retired by 2023/24 Q4 and not shown: KO9 (now KO16)" in lines
    # Before 2023/24 Q2, KO9 ran and KO16 did not yet.
    past = sli("status", "--plan", str(plan), "--quarter", "2023/24 Q1", "--priority", "P3")
    ids = [line.split()[0] for line in past.stdout.splitlines() if line.startswith("KO")]
    assert ids == ["KO7", "KO8", "KO9"]
    assert "Retired" not in past.stdout
    # A filter on another priority says nothing of P3's retired objective.
    other = sli("status", "--plan", str(plan), "--priority", "P2")
    assert "Retired" not in other.stdout
    data = json.loads(sli("status", "--plan", str(plan), "-f", "json").stdout)
    assert data["retired"] == [{"id": "KO9", "title": "Tobacco dependency treatment in every "
                                "acute trust", "priority": "P3", "retired_in": "2023/24 Q2",
                                "replaced_by": "KO16", "merged_into": None}]
    for args in (("--priority", "P2"), ("--rag", "red,amber"), ("--lead", "Devon")):
        data = json.loads(sli("status", "--plan", str(plan), "-f", "json", *args).stdout)
        assert data["retired"] == [], args
    report = sli("report", "--plan", str(plan), "--year", "2023/24", "-f", "md").stdout
    assert ("| KO9 Tobacco dependency treatment in every acute trust | **Red** | Retired | "
            "Retired | Retired |") in report
    assert ("| KO16 Treating tobacco dependency through the integrated care systems | "
            "Not yet added | **Grey** | **Amber** | **Green** |") in report
    # The support KO9 asked of the national board, answered, is in the year's return.
    assert "| 2023/24 Q1 | KO9 Tobacco dependency treatment in every acute trust | Ask the " \
           "national ADPH SLI board" in report
    assert "Retired in 2023/24 Q2, replaced by KO16." in report
    assert "KO16" not in sli("report", "--plan", str(plan), "--year", "2022/23").stdout


def test_current_views_set_a_retired_objective_apart(sli: SliRunner, plan: Path) -> None:
    retire_ko11(plan)
    status = sli("status", "--plan", str(plan))
    assert status.exit_code == 0, status.output
    assert not any(line.startswith("KO11") for line in status.stdout.splitlines())
    assert ("Retired by 2023/24 Q4 and not shown: KO9 (now KO16), KO11 (now KO10)"
            in status.stdout)
    assert "DPH lead: DPH, Bath and" in status.stdout
    past = sli("status", "--plan", str(plan), "--quarter", "2023/24 Q2", "--priority", "P3,P4")
    assert "KO11" in past.stdout and "DPH, Somerset" in past.stdout
    assert "Bath" not in past.stdout
    history = sli("history", "--plan", str(plan))
    assert history.exit_code == 0
    row = next(line for line in history.stdout.splitlines() if line.startswith("KO11"))
    # Rated until it retired; blank in the quarters after.
    assert row.split()[-6:] == ["A", "A", "G", "G", "G", "G"]
    assert sum(len(w) == 1 and w in "RAGBN" for w in row.split()) == 6


def test_check_warns_of_ratings_after_retirement(sli: SliRunner, plan: Path) -> None:
    retire_ko11(plan)
    result = sli("check", "--plan", str(plan), "--strict")
    assert result.exit_code == 1
    [meeting] = (plan / "meetings" / "2023-24-Q3").glob("P4.*.toml")
    line = outcome_line(meeting, "KO11")
    assert (f"meetings/2023-24-Q3/{meeting.name}:{line}: warning: meeting of P4 for 2023/24 Q3: "
            "objective KO11 was retired in 2023/24 Q3, before this meeting's quarter"
            ) in result.output


def test_check_warns_of_ratings_before_an_objective_was_added(sli: SliRunner,
                                                              plan: Path) -> None:
    path = plan / "plan.toml"
    path.write_text(path.read_text().replace('added_in = "2023/24 Q2"', 'added_in = "2023/24 Q3"'))
    result = sli("check", "--plan", str(plan), "--strict")
    assert result.exit_code == 1
    [meeting] = (plan / "meetings" / "2023-24-Q2").glob("P3.*.toml")
    line = outcome_line(meeting, "KO16")
    assert result.output.splitlines() == [
        f"{plan.name}/meetings/2023-24-Q2/{meeting.name}:{line}: warning: meeting of P3 for "
        "2023/24 Q2: objective KO16 was added in 2023/24 Q3, after this meeting's quarter"]


def test_check_explains_how_to_retire_a_deleted_objective(sli: SliRunner, plan: Path) -> None:
    path = plan / "plan.toml"
    text = path.read_text()
    start = text.index('[[objectives]]\nid = "KO14"')
    end = text.index("[[objectives]]", start + 5)
    path.write_text(text[:start] + text[end:])
    before = tree(plan)
    result = sli("check", "--plan", str(plan))
    assert result.exit_code == 1
    [meeting] = (plan / "meetings" / "2023-24-Q4").glob("P5.*.toml")
    line = outcome_line(meeting, "KO14")
    assert (f"meetings/2023-24-Q4/{meeting.name}:{line}: meeting of P5 for 2023/24 Q4: objective "
            "KO14 is not defined (did you mean 'KO4'?); if it was retired, keep it in plan.toml "
            'with status = "retired" and retired_in = the first quarter it no longer ran in: its '
            "records stay valid") in result.output
    assert tree(plan) == before


def problems(extra_priority: str = "", extra_objective: str = "") -> list[str]:
    text = textwrap.dedent(SMALL_PLAN)
    text = text.replace('dph_lead = "DPH, Devon"\n', extra_priority or 'dph_lead = "DPH, Devon"\n')
    text = text.replace('title = "Bereavement support"\n',
                        'title = "Bereavement support"\n' + extra_objective)
    _, found = parse_plan(text.encode(), "plan.toml")
    return [f"{p.line}: {p.message}" for p in found]


@pytest.mark.parametrize(("extra", "expected"), [
    ('status = "retired"\n',
     ['objective KO2: a retired objective needs \'retired_in\', the first quarter it no longer '
      'runs in, like retired_in = "2023/24 Q2"']),
    ('retired_in = "2023/24 Q1"\n',
     ['objective KO2: \'retired_in\' is given but \'status\' is not "retired"; add '
      'status = "retired"']),
    ('status = "retired"\nretired_in = "2023/24 Q1"\nreplaced_by = "KO9"\n',
     ["objective KO2: 'replaced_by': objective KO9 is not defined (did you mean 'KO3'?)"]),
    ('status = "retired"\nretired_in = "2023/24 Q1"\nreplaced_by = "KO2"\n',
     ["objective KO2: 'replaced_by' names the objective itself"]),
    ('status = "retired"\nretired_in = "2025/26 Q1"\n',
     ["objective KO2: 'retired_in' 2025/26 Q1 must be after the plan's first quarter and no "
      "later than the quarter after its end (2022/23 Q1 to 2023/24 Q4)"]),
    ('status = "gone"\n', ["objective KO2: 'status' is 'gone', which is not 'active' or "
                           "'retired'"]),
    ('merged_into = "KO1"\n', ["objective KO2: 'merged_into' is only for a retired objective; "
                               'add status = "retired"']),
    ('added_in = "2022/23 Q1"\n',
     ["objective KO2: 'added_in' 2022/23 Q1 must be after the plan's first quarter and within "
      "the plan (2022/23 Q1 to 2023/24 Q4); leave it out for an objective there from the "
      "start"]),
    ('added_in = "2023/24 Q3"\nstatus = "retired"\nretired_in = "2023/24 Q3"\n',
     ["objective KO2: 'retired_in' 2023/24 Q3 must be after 'added_in' 2023/24 Q3"]),
    ('added_in = "Q3 2023"\n',
     ["objective KO2: 'Q3 2023' names no financial year: it could be 2023/24 Q3 (October to "
      "December 2023) or the calendar quarter July to September 2023 (2023/24 Q2); write the "
      "financial year, like '2023/24 Q3'"]),
])
def test_retirement_mistakes_are_reported(extra: str, expected: list[str]) -> None:
    found = problems(extra_objective=extra)
    assert [f.split(": ", 1)[1] for f in found] == expected
    assert all(f.split(":")[0] != "None" for f in found)


@pytest.mark.parametrize(("leads", "expected"), [
    ('dph_lead = [{ role = "DPH, Devon" }, { role = "DPH, Torbay" }]\n',
     ["priority P1: dph_lead 2: 'from' is missing (a quarter like '2023/24 Q2')"]),
    ('dph_lead = [{ role = "DPH, Devon" }, { role = "DPH, Torbay", from = "2019/20 Q1" }]\n',
     ["priority P1: dph_lead 2: 'from' 2019/20 Q1 is outside the plan period (2022/23 Q1 to "
      "2023/24 Q4)"]),
    ('dph_lead = [{ role = "A", from = "2023/24 Q2" }, { role = "B", from = "2023/24 Q1" }]\n',
     ["priority P1: dph_lead 2: 'from' 2023/24 Q1 is not after the term before it (2023/24 "
      "Q2); list terms oldest first"]),
    ("dph_lead = []\n",
     ["priority P1: 'dph_lead' is an empty list; give the role as text, or one "
      "{ role = ..., from = ... } per term"]),
    ('dph_lead = [{ role = "A", form = "2023/24 Q1" }]\n',
     ["priority P1: dph_lead 1: unknown key 'form' (did you mean 'from'?)"]),
])
def test_lead_terms_mistakes_are_reported(leads: str, expected: list[str]) -> None:
    found = problems(extra_priority=leads)
    assert [f.split(": ", 1)[1] for f in found] == expected


def test_the_lead_in_a_quarter() -> None:
    terms = (Term("A"), Term("B", Quarter(2023, 3)), Term("C", Quarter(2024, 1)))
    assert holder(terms, Quarter(2022, 1)) == "A"
    assert holder(terms, Quarter(2023, 2)) == "A"
    assert holder(terms, Quarter(2023, 3)) == "B"
    assert holder(terms, Quarter(2024, 4)) == "C"
    assert holder((), Quarter(2024, 4)) is None


def test_plan_at_a_quarter() -> None:
    text = textwrap.dedent(SMALL_PLAN).replace(
        'dph_lead = "DPH, Devon"\n',
        'dph_lead = [{ role = "DPH, Devon" }, { role = "DPH, Plymouth", from = "2023/24 Q1" }]\n'
    ).replace('title = "Bereavement support"\n',
              'title = "Bereavement support"\nstatus = "retired"\nretired_in = "2023/24 Q1"\n'
              'merged_into = "KO1"\n')
    plan, found = parse_plan(text.encode(), "plan.toml")
    assert plan is not None and found == []
    assert plan.priority("P1").dph_lead == "DPH, Plymouth"  # type: ignore[union-attr]
    early, late = plan.at(Quarter(2022, 4)), plan.at(Quarter(2023, 1))
    assert early.priority("P1").dph_lead == "DPH, Devon"  # type: ignore[union-attr]
    assert late.priority("P1").dph_lead == "DPH, Plymouth"  # type: ignore[union-attr]
    assert [o.id for o in early.objectives] == ["KO1", "KO2", "KO3"]
    assert [o.id for o in late.objectives] == ["KO1", "KO3"]
    assert [o.id for o in late.retired] == ["KO2"]
    assert late.objective("KO2") is not None  # records naming it stay valid
    assert [o.id for o in late.objectives_ever_of("P1")] == ["KO1", "KO2"]
    assert plan.at(Quarter(2023, 1)) is late  # computed once


def test_plan_at_a_quarter_before_an_objective_was_added() -> None:
    text = textwrap.dedent(SMALL_PLAN).replace(
        'title = "Bereavement support"\n', 'title = "Bereavement support"\n'
        'added_in = "2023/24 Q1"\n')
    plan, found = parse_plan(text.encode(), "plan.toml")
    assert plan is not None and found == []
    early, late = plan.at(Quarter(2022, 4)), plan.at(Quarter(2023, 1))
    assert [o.id for o in early.objectives] == ["KO1", "KO3"]
    assert [o.id for o in early.later] == ["KO2"] and early.retired == ()
    assert early.objective("KO2") is not None
    assert [o.id for o in early.objectives_ever_of("P1")] == ["KO1"]
    assert [o.id for o in late.objectives] == ["KO1", "KO2", "KO3"]


# -- the successor plan ------------------------------------------------------
def carried_ids(text: str) -> list[str]:
    return [line.split('"')[1].split("/")[1] for line in text.splitlines()
            if line.startswith("carried_from = ")]


def report_carry_ids(sli: SliRunner, folder: Path, year: str) -> list[str]:
    import json

    result = sli("report", "--year", year, "--plan", str(folder), "--format", "md")
    assert result.exit_code == 0, result.output
    section = result.stdout.split("## Objectives carrying over", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "**" in line]
    del json
    return [row.split("| ")[1].split(" ")[0] for row in rows]


def test_carry_takes_exactly_the_unfinished_objectives(sli: SliRunner, plan: Path,
                                                       tmp_path: Path) -> None:
    retire_ko11(plan)  # KO11 (amber at the end) is retired: it must not carry
    result = sli("init", str(tmp_path / "next"), "--from", str(plan), "--carry")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "next" / "plan.toml").read_text()
    assert carried_ids(text) == ["KO3", "KO5", "KO8", "KO16", "KO12"]
    assert carried_ids(text) == report_carry_ids(sli, plan, "2023/24")
    assert 'previous_plan = "../sw"' in text
    assert "DPH, Bath and North East Somerset" in text  # today's lead, not the first
    assert "# Open action ASBAS (SLI lead, due 2024-03-20)" in text
    check = sli("check", "--plan", str(tmp_path / "next"))
    assert (check.exit_code, check.output) == (0, "")
    # P5's objectives were all completed: the priority is not carried either.
    assert 'id = "P5"' not in text


def test_from_without_carry_starts_from_every_running_objective(sli: SliRunner, plan: Path,
                                                                tmp_path: Path) -> None:
    retire_ko11(plan)
    result = sli("init", str(tmp_path / "next"), "--from", str(plan), "--id", "sw-next",
                 "--start", "2024/25 Q1", "--end", "2026/27 Q4", "--title", "SW plan 2024-27")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "next" / "plan.toml").read_text()
    assert carried_ids(text) == []
    ids = [line.split('"')[1] for line in text.splitlines() if line.startswith('id = "KO')]
    assert ids == [f"KO{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 16, 10, 12, 13, 14, 15)]
    assert 'end = "2026/27 Q4"' in text and 'title = "SW plan 2024-27"' in text
    assert sli("check", "--plan", str(tmp_path / "next")).exit_code == 0


def test_a_missing_previous_plan_is_a_warning(sli: SliRunner, plan: Path,
                                              tmp_path: Path) -> None:
    assert sli("init", str(tmp_path / "next"), "--from", str(plan), "--carry").exit_code == 0
    shutil.rmtree(plan)
    check = sli("check", "--plan", str(tmp_path / "next"))
    assert check.exit_code == 0
    assert ("next/plan.toml: warning: previous_plan: no plan.toml in '../sw' (relative to this "
            "plan's folder); carried objectives are shown without their earlier history"
            ) in check.output
    assert sli("status", "--plan", str(tmp_path / "next")).exit_code == 0


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--carry"], 2, "sli: --carry needs --from OLD"),
    (["--from", "nowhere"], 2, "sli: --from: nowhere does not exist"),
    (["--from", "{plan}", "--example"], 2, "sli: give --example or --from, not both"),
    (["--from", "{plan}", "--id", "sw-2022-24"], 2,
     "sli: the new plan needs an id other than 'sw-2022-24'"),
    (["--from", "{plan}", "--start", "2025/26 Q1", "--end", "2024/25 Q1"], 2,
     "sli: --end 2024/25 Q1 is before the start (2025/26 Q1)"),
])
def test_successor_mistakes(sli: SliRunner, plan: Path, tmp_path: Path, args: list[str],
                            code: int, message: str) -> None:
    before = tree(plan)
    args = [a.replace("{plan}", str(plan)) for a in args]
    result = sli("init", str(tmp_path / "next"), *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(message)
    assert tree(plan) == before
    assert not (tmp_path / "next").exists()


def test_a_broken_old_plan_is_refused(sli: SliRunner, plan: Path, tmp_path: Path) -> None:
    (plan / "plan.toml").write_text((plan / "plan.toml").read_text() + "\nbogus = 1\n")
    result = sli("init", str(tmp_path / "next"), "--from", str(plan), "--carry")
    assert result.exit_code == 1
    assert "unknown key 'bogus'" in result.stderr
    assert not (tmp_path / "next").exists()


def test_an_existing_plan_is_never_replaced(sli: SliRunner, plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "next"
    target.mkdir()
    (target / "plan.toml").write_text("# mine\n")
    result = sli("init", str(target), "--from", str(plan))
    assert result.exit_code == 2
    assert (target / "plan.toml").read_text() == "# mine\n"


def test_outputs_have_ids() -> None:
    text = textwrap.dedent(SMALL_PLAN).replace(
        'due = "2022/23 Q3"\n',
        'due = "2022/23 Q3"\n\n[[objectives.outputs]]\nid = "KO1.pilot"\ntitle = "Pilot"\n'
        'due = 2023-01-15\n')
    plan, found = parse_plan(text.encode(), "plan.toml")
    assert plan is not None and found == []
    outputs = plan.objective("KO1").outputs  # type: ignore[union-attr]
    assert [o.id for o in outputs] == ["KO1.1", "KO1.pilot"]
    assert outputs[0].due_by() == Quarter(2022, 3).last_day()
    clash = text.replace('id = "KO1.pilot"', 'id = "KO1.1"')
    _, found = parse_plan(clash.encode(), "plan.toml")
    assert [p.message for p in found] == [
        "objective KO1: output 2: output id KO1.1 is also the id of an output of objective KO1; "
        "give one of them another id"]
    bad = text.replace('id = "KO1.pilot"', 'id = "KO1..x"')
    _, found = parse_plan(bad.encode(), "plan.toml")
    assert [p.message for p in found] == [
        "objective KO1: output 2: output id 'KO1..x' is not allowed: use letters, digits, '.', "
        "'-' and '_', like KO5.2"]


def test_a_retired_objective_is_not_asked_for(sli: SliRunner, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers import write_plan

    monkeypatch.setenv("SLI_TODAY", "2023-08-20")
    folder = write_plan(tmp_path / "p", textwrap.dedent(SMALL_PLAN).replace(
        'title = "Bereavement support"\n',
        'title = "Bereavement support"\nstatus = "retired"\nretired_in = "2023/24 Q1"\n'))
    before = tree(folder)
    early = sli("meeting", "record", "--plan", str(folder), "--priority", "P1", "--date",
                "10/01/2023", "--quarter", "2022/23 Q3", "--rag", "KO1=green", "--yes")
    assert early.exit_code == 1
    assert "objective KO2: no rating given" in early.stderr
    assert {k: v for k, v in tree(folder).items() if not k.startswith(".sli")} == before
    assert sli("meeting", "discard-draft", "P1", "--plan", str(folder)).exit_code == 0
    late = sli("meeting", "record", "--plan", str(folder), "--priority", "P1", "--date",
               "12/07/2023", "--rag", "KO1=green", "--yes")
    assert late.exit_code == 0, late.output
    template = sli("meeting", "template", "--plan", str(folder), "--priority", "P1",
                   "--quarter", "2023/24 Q2")
    assert template.exit_code == 0, template.output
    assert "KO1" in template.stdout and "KO2" not in template.stdout


def test_objective_show_tells_a_retired_and_an_added_objective(sli: SliRunner,
                                                               plan: Path) -> None:
    ko9 = sli("objective", "show", "KO9", "--plan", str(plan))
    assert ko9.exit_code == 0, ko9.output
    lines = ko9.stdout.splitlines()
    assert "Retired in 2023/24 Q2, replaced by KO16; last rated Red in 2023/24 Q1" in lines
    assert "   A     A     A     A     R" in lines  # blank from 2023/24 Q2
    # After it retired, only what happened to its actions is told.
    assert "2023/24 Q2  retired" in lines
    assert not any(line.startswith(("2023/24 Q3", "2023/24 Q4")) for line in lines)
    ko16 = sli("objective", "show", "KO16", "--plan", str(plan))
    assert ko16.exit_code == 0, ko16.output
    headings = [line for line in ko16.stdout.splitlines() if line[:7] in ("2022/23", "2023/24")]
    assert headings == ["2023/24 Q2  Grey  meeting of P3 on 18 September 2023",
                        "2023/24 Q3  Amber  meeting of P3 on 8 November 2023",
                        "2023/24 Q4  Green  meeting of P3 on 22 March 2024"]


def test_the_pack_tells_outputs_delivered_and_overdue(sli: SliRunner, plan: Path) -> None:
    pack = sli("pack", "--plan", str(plan), "-p", "P3", "--quarter", "2023/24 Q4")
    assert pack.exit_code == 0, pack.output
    lines = pack.stdout.splitlines()
    assert "- Joint trading standards test-purchase exercise (due 2023/24 Q3; **overdue**)" \
        in lines
    assert ("- Treatment pathways agreed with each of the seven South West ICSs (due 2023/24 "
            "Q4; delivered Tue 26 Mar 2024)") in lines
    assert "- Shared outcomes dataset for inpatient and community treatment (due 2023/24 Q4)" \
        in lines
    assert "| Not yet added | **Grey** | **Amber** | **Green** |" in lines


def test_an_objective_not_yet_added_is_not_asked_for(sli: SliRunner, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers import write_plan

    monkeypatch.setenv("SLI_TODAY", "2023-08-20")
    monkeypatch.setenv("SLI_USER", "SW SLI co-ordinator")
    folder = write_plan(tmp_path / "p", textwrap.dedent(SMALL_PLAN).replace(
        'title = "Bereavement support"\n',
        'title = "Bereavement support"\nadded_in = "2023/24 Q1"\n'))
    early = sli("meeting", "record", "--plan", str(folder), "--priority", "P1", "--date",
                "10/01/2023", "--quarter", "2022/23 Q3", "--rag", "KO1=green", "--yes")
    assert early.exit_code == 0, early.output
    late = sli("meeting", "record", "--plan", str(folder), "--priority", "P1", "--date",
               "12/07/2023", "--rag", "KO1=green", "--yes")
    assert late.exit_code == 1
    assert "objective KO2: no rating given" in late.stderr


# -- an objective just started is not stale -----------------------------------

ADDED = SMALL_PLAN.replace("schema_version = 1", "schema_version = 2") + '''
[[objectives]]
id = "KO4"
priority = "P2"
title = "Treating tobacco dependency"
lead = "DPH, Somerset"
added_in = "2023/24 Q2"
'''


@pytest.mark.parametrize(("today", "stale"), [
    ("2023-08-20", False),   # 2023/24 Q2, its first quarter
    ("2023-10-20", False),   # October: Q2's meetings are still under review
    ("2023-11-20", True),    # 2023/24 Q3: its second quarter, never rated
])
def test_an_objective_added_is_stale_only_once_it_has_run_two_quarters(
        sli: SliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: str,
        stale: bool) -> None:
    import json

    monkeypatch.setenv("SLI_TODAY", today)
    folder = write_plan(tmp_path / "p", ADDED)
    status = json.loads(sli("status", "--plan", str(folder), "-f", "json").stdout)
    ko4 = next(o for o in status["objectives"] if o["id"] == "KO4")
    assert ko4["stale"] is stale, (today, ko4)
    due = json.loads(sli("due", "--plan", str(folder), "-f", "json").stdout)
    unrated = [o["objective"] for lead in due["leads"] for o in lead["unrated_objectives"]]
    assert ("KO4" in unrated) is stale, (today, unrated)


def test_in_the_plans_first_quarter_nothing_is_stale(sli: SliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.setenv("SLI_TODAY", "2022-05-20")
    folder = write_plan(tmp_path / "p")
    status = json.loads(sli("status", "--plan", str(folder), "-f", "json").stdout)
    assert [o["stale"] for o in status["objectives"]] == [False, False, False]
