"""The plan after: an objective carried from the plan before shows its history
there (``previous_plan`` and ``carried_from``), read only, and a plan before
that is missing, broken or out of reach is a warning, never an error."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import write_plan

OLD = """\
    schema_version = 2
    id = "ne-2022-24"
    title = "North East SLI Action Plan 2022-2024"
    network = "North East"
    start = "2022/23 Q1"
    end = "2023/24 Q4"
    sli_lead = "DPH, Gateshead"
    coordinator = "NE SLI co-ordinator"

    [[priorities]]
    id = "P1"
    title = "Healthy weight"
    dph_lead = "DPH, Sunderland"

    [[priorities]]
    id = "P2"
    title = "Screening and immunisation"
    dph_lead = "DPH, Durham"

    [[objectives]]
    id = "KO1"
    priority = "P1"
    title = "Whole-system approach to healthy weight"
    lead = "DPH, Sunderland"

    [[objectives.outputs]]
    title = "Learning set on whole-systems approaches"
    due = "2022/23 Q4"

    [[objectives.outputs]]
    title = "Case studies from four councils"
    due = "2023/24 Q4"

    [[objectives]]
    id = "KO2"
    priority = "P1"
    title = "Healthy weight declaration signed by every council"
    lead = "DPH, Sunderland"

    [[objectives]]
    id = "KO3"
    priority = "P2"
    title = "Shared MMR catch-up campaign"
    lead = "DPH, Durham"
    status = "retired"
    retired_in = "2023/24 Q3"
    merged_into = "KO4"

    [[objectives]]
    id = "KO4"
    priority = "P2"
    title = "Childhood immunisation uptake above 95%"
    lead = "DPH, Durham"
    """

# (priority, meeting day, ratings): the plan before's meetings, two a year.
MEETINGS = [
    ("P1", "14/07/2022", ["KO1=G", "KO2=N"]),
    ("P1", "12/01/2023", ["KO1=G", "KO2=A"]),
    ("P1", "13/07/2023", ["KO1=A", "KO2=G"]),
    ("P1", "11/01/2024", ["KO1=R", "KO2=G"]),
    ("P1", "11/04/2024", ["KO1=A", "KO2=B", "--progress", "KO1=Two councils back on track",
                          "--next", "KO1=Agree the shared measures"]),
    ("P2", "20/07/2022", ["KO3=A", "KO4=skip"]),
    ("P2", "18/07/2023", ["KO3=G", "KO4=skip"]),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the pair of plans is kept once made, for each test to copy."""
    return tmp_path_factory.mktemp("successor") / "plans"


@pytest.fixture
def plans(sli: SliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: Path) -> Path:
    """``plans/ne-2022-24`` with its meetings and ``plans/ne-2024-26`` drafted
    from it with ``--carry``; returns ``plans``."""
    root = tmp_path / "plans"
    monkeypatch.setenv("SLI_TODAY", "2024-11-20")
    if built.exists():
        shutil.copytree(built, root, symlinks=True)
        return root
    old = write_plan(root / "ne-2022-24", OLD)
    monkeypatch.setenv("SLI_TODAY", "2024-04-30")
    for priority, day, ratings in MEETINGS:
        extra = ratings[ratings.index("--progress"):] if "--progress" in ratings else []
        ratings = ratings[:len(ratings) - len(extra)]
        rags = [arg for rating in ratings for arg in ("--rag", rating)] + extra
        result = sli("meeting", "record", "--plan", str(old), "--priority", priority,
                     "--date", day, "--yes", *rags)
        assert result.exit_code == 0, result.output
    result = sli("output", "done", "KO1.1", "--date", "20/03/2023", "--plan", str(old))
    assert result.exit_code == 0, result.output
    result = sli("init", str(root / "ne-2024-26"), "--from", str(old), "--carry")
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("SLI_TODAY", "2024-11-20")
    new = root / "ne-2024-26"
    result = sli("meeting", "record", "--plan", str(new), "--priority", "P1",
                 "--date", "10/10/2024", "--yes", "--rag", "KO1=G")
    assert result.exit_code == 0, result.output
    shutil.copytree(root, built, symlinks=True, ignore=shutil.ignore_patterns(".sli"))
    return root


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder with its bytes and modification time."""
    found: dict[str, tuple[bytes, int]] = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        found[str(path.relative_to(folder))] = (
            path.read_bytes() if path.is_file() else b"", st.st_mtime_ns)
    return found


def test_carry_links_back_to_the_plan_before(plans: Path) -> None:
    text = (plans / "ne-2024-26" / "plan.toml").read_text()
    # KO2 was completed (Blue) and KO3 retired: only KO1 and KO4 carry.
    assert [line for line in text.splitlines() if "carried_from" in line] == [
        'carried_from = "ne-2022-24/KO1"', 'carried_from = "ne-2022-24/KO4"']
    assert 'previous_plan = "../ne-2022-24"' in text
    # Only the output not delivered is listed under its objective.
    assert [line for line in text.splitlines() if line.startswith("# Output")] == [
        "# Output of ne-2022-24 not delivered, due 2023/24 Q4: Case studies from four councils"]


def test_history_shows_the_carried_objectives_earlier_ratings(sli: SliRunner,
                                                               plans: Path) -> None:
    result = sli("history", "--plan", str(plans / "ne-2024-26"))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    earlier = result.stdout.split("Carried from the plan before", 1)[1]
    assert earlier == textwrap.dedent("""\
        : ne-2022-24
        North East SLI Action Plan 2022-2024, ratings to 2023/24 Q4

                                         22/23 22/23 22/23 22/23 23/24 23/24 23/24 23/24
        ID   Objective in ne-2022-24      Q1    Q2    Q3    Q4    Q1    Q2    Q3    Q4
        ────────────────────────────────────────────────────────────────────────────────
        KO1  KO1 Whole-system approach …    G     ·     G     ·     A     ·     R     A
        KO4  KO4 Childhood immunisation…    ·     ·     ·     ·     ·     ·     ·     ·
        """)
    # The plan's own grid is unchanged: this plan's quarters only.
    assert "24/25 24/25 24/25 24/25 25/26 25/26 25/26 25/26" in result.stdout


def test_history_of_one_priority_shows_only_its_carried_objectives(sli: SliRunner,
                                                                    plans: Path) -> None:
    result = sli("history", "--plan", str(plans / "ne-2024-26"), "--priority", "P2")
    assert result.exit_code == 0, result.output
    earlier = result.stdout.split("Carried from the plan before", 1)[1]
    assert "KO4  KO4 Childhood" in earlier and "KO1" not in earlier


def test_objective_show_says_where_it_came_from(sli: SliRunner, plans: Path) -> None:
    result = sli("objective", "show", "KO1", "--plan", str(plans / "ne-2024-26"))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[3] == "Carried   from ne-2022-24/KO1: last rated Amber in 2023/24 Q4"
    assert lines[4:11] == [
        "",
        "Ratings in ne-2022-24 as KO1, 2022/23 Q1 to 2023/24 Q4",
        "22/23 22/23 22/23 22/23 23/24 23/24 23/24 23/24",
        " Q1    Q2    Q3    Q4    Q1    Q2    Q3    Q4",
        "   G     ·     G     ·     A     ·     R     A",
        "Progress    Two councils back on track (2023/24 Q4)",
        "Next steps  Agree the shared measures (2023/24 Q4)",
    ]
    # The meeting of April 2024 rated 2023/24 Q4: this plan's own ratings follow.
    assert lines[12] == "Ratings, 2024/25 Q1 to 2025/26 Q4"
    assert lines[15].split() == ["·", "G", "·"]


def test_an_objective_never_rated_before(sli: SliRunner, plans: Path) -> None:
    new = plans / "ne-2024-26"
    result = sli("objective", "show", "KO4", "--plan", str(new))
    assert "Carried   from ne-2022-24/KO4: never rated there" in result.stdout
    assert "Progress" not in result.stdout
    # A link written by hand may name any objective of the plan before, even
    # one retired or completed there.
    for old, said in (("KO3", "last rated Green in 2023/24 Q1"),
                      ("KO2", "last rated Blue in 2023/24 Q4")):
        text = (new / "plan.toml").read_text()
        (new / "plan.toml").write_text(text.replace('carried_from = "ne-2022-24/KO4"',
                                                    f'carried_from = "ne-2022-24/{old}"'))
        result = sli("objective", "show", "KO4", "--plan", str(new))
        assert f"Carried   from ne-2022-24/{old}: {said}" in result.stdout
        (new / "plan.toml").write_text(text)


def test_an_objective_not_carried_shows_nothing_of_the_plan_before(sli: SliRunner,
                                                                    plans: Path) -> None:
    new = plans / "ne-2024-26"
    text = (new / "plan.toml").read_text().replace('carried_from = "ne-2022-24/KO4"\n', "")
    (new / "plan.toml").write_text(text)
    result = sli("objective", "show", "KO4", "--plan", str(new))
    assert result.exit_code == 0, result.output
    assert "Carried" not in result.stdout and "ne-2022-24" not in result.stdout


def test_the_plan_before_is_only_read(sli: SliRunner, plans: Path) -> None:
    old, new = plans / "ne-2022-24", plans / "ne-2024-26"
    before = snapshot(old)
    for folder in (old, *old.rglob("*")):
        if folder.is_dir():
            folder.chmod(0o555)
    try:
        for args in (("history",), ("objective", "show", "KO1"), ("check",), ("status",)):
            result = sli(*args, "--plan", str(new))
            assert result.exit_code == 0, (args, result.output)
            assert "Carried" not in result.stderr
    finally:
        for folder in (old, *old.rglob("*")):
            if folder.is_dir():
                folder.chmod(0o755)
    assert snapshot(old) == before


def test_a_missing_plan_before_is_a_warning(sli: SliRunner, plans: Path) -> None:
    new = plans / "ne-2024-26"
    (plans / "ne-2022-24").rename(plans / "elsewhere")
    warning = ("ne-2024-26/plan.toml: warning: previous_plan: no plan.toml in '../ne-2022-24' "
               "(relative to this plan's folder); carried objectives are shown without their "
               "earlier history")
    history = sli("history", "--plan", str(new))
    assert (history.exit_code, history.stderr.splitlines()) == (0, [f"plans/{warning}"])
    assert "Carried from the plan before" not in history.stdout
    show = sli("objective", "show", "KO1", "--plan", str(new))
    assert show.exit_code == 0
    assert "Carried   from ne-2022-24/KO1 (its history there is not available)" in show.stdout
    check = sli("check", "--plan", str(new))
    # Said once, though both the folder's checks and the history find it.
    assert (check.exit_code, check.stdout.splitlines()) == (0, [f"plans/{warning}"])


def test_a_broken_plan_before_is_a_warning_with_where(sli: SliRunner, plans: Path) -> None:
    old, new = plans / "ne-2022-24", plans / "ne-2024-26"
    text = (old / "plan.toml").read_text()
    (old / "plan.toml").write_text(text + "bogus = 1\n")
    line = text.count("\n") + 1
    result = sli("history", "--plan", str(new))
    assert result.exit_code == 0
    assert result.stderr == (
        "plans/ne-2024-26/plan.toml: warning: previous_plan: the plan in '../ne-2022-24' has "
        f"1 problem, the first: plans/ne-2022-24/plan.toml:{line}: objective KO4: unknown key "
        "'bogus'; carried "
        "objectives are shown without their earlier history\n")
    assert "Traceback" not in result.output
    check = sli("check", "--plan", str(new))
    assert check.exit_code == 0 and "unknown key 'bogus'" in check.stdout


@pytest.mark.parametrize(("written", "reason"), [
    ("/tmp/ne-2022-24", "'/tmp/ne-2022-24' is not a folder beside this plan's"),
    ("ne-2022-24", "'ne-2022-24' is not a folder beside this plan's"),
    ("../ne-2024-26/../ne-2022-24", "'../ne-2024-26/../ne-2022-24' is not a folder beside"),
    ("../ne-2024-26", "'../ne-2024-26' is this plan's own folder"),
    ("../linked", "plans/linked is a symbolic link; sli does not follow a link out of a plan "
                  "folder"),
    ("../ne-2022-24/plan.toml", "plans/ne-2022-24/plan.toml is not a folder"),
])
def test_a_plan_before_out_of_reach_is_not_read(sli: SliRunner, plans: Path, written: str,
                                                reason: str) -> None:
    new = plans / "ne-2024-26"
    os.symlink(plans / "ne-2022-24", plans / "linked")
    text = (new / "plan.toml").read_text()
    (new / "plan.toml").write_text(text.replace('previous_plan = "../ne-2022-24"',
                                                f'previous_plan = "{written}"'))
    check = sli("check", "--plan", str(new))
    assert check.exit_code == 0
    assert check.stdout.startswith(f"plans/ne-2024-26/plan.toml: warning: previous_plan: "
                                   f"{reason}")
    history = sli("history", "--plan", str(new))
    assert history.exit_code == 0 and "Carried from the plan before" not in history.stdout
    assert history.stderr == check.stdout


def test_a_linked_plan_file_is_not_read(sli: SliRunner, plans: Path) -> None:
    old = plans / "ne-2022-24"
    (old / "plan.toml").rename(plans / "real.toml")
    os.symlink(plans / "real.toml", old / "plan.toml")
    check = sli("check", "--plan", str(plans / "ne-2024-26"))
    assert check.stdout.startswith(
        "plans/ne-2024-26/plan.toml: warning: previous_plan: plans/ne-2022-24/plan.toml is a "
        "symbolic link")


def test_links_that_lead_nowhere_are_warnings(sli: SliRunner, plans: Path) -> None:
    new = plans / "ne-2024-26"
    text = (new / "plan.toml").read_text().replace("ne-2022-24/KO1", "ne-2022-24/KO11")
    (new / "plan.toml").write_text(text.replace("ne-2022-24/KO4", "sw-2022-24/KO4"))
    check = sli("check", "--plan", str(new))
    assert (check.exit_code, check.stdout.splitlines()) == (0, [
        "plans/ne-2024-26/plan.toml: warning: objective KO1: carried_from 'ne-2022-24/KO11': "
        "ne-2022-24 has no objective 'KO11' (did you mean 'ne-2022-24/KO1'?); its earlier "
        "history is not shown",
        "plans/ne-2024-26/plan.toml: warning: objective KO4: carried_from 'sw-2022-24/KO4' "
        "names the plan 'sw-2022-24', but previous_plan '../ne-2022-24' is 'ne-2022-24'; its "
        "earlier history is not shown",
    ])
    history = sli("history", "--plan", str(new))
    assert history.stderr.splitlines() == check.stdout.splitlines()
    assert "Carried from the plan before" not in history.stdout
    data = json.loads(sli("check", "--plan", str(new), "--format", "json").stdout)
    assert data["ok"] is True
    assert [(p["severity"], p["message"].split(":")[0]) for p in data["problems"]] == [
        ("warning", "objective KO1"), ("warning", "objective KO4")]


@pytest.mark.parametrize(("value", "message"), [
    ("KO1", "carried_from 'KO1' must name the plan before and the objective in it, e.g. "
            '"sw-2022-24/KO9"'),
    ("ne 2022/KO1", "carried_from 'ne 2022/KO1' must name the plan before"),
    ("ne-2024-26/KO1", "carried_from 'ne-2024-26/KO1' names this plan (ne-2024-26); it names "
                       "the plan before this one"),
])
def test_a_malformed_link_is_an_error_with_its_line(sli: SliRunner, plans: Path, value: str,
                                                    message: str) -> None:
    new = plans / "ne-2024-26"
    text = (new / "plan.toml").read_text()
    line = text.splitlines().index('carried_from = "ne-2022-24/KO1"') + 1
    (new / "plan.toml").write_text(text.replace("ne-2022-24/KO1", value))
    check = sli("check", "--plan", str(new))
    assert check.exit_code == 1
    assert check.stdout.startswith(f"plans/ne-2024-26/plan.toml:{line}: objective KO1: "
                                   f"{message}")


def test_without_previous_plan_the_link_is_only_shown(sli: SliRunner, plans: Path) -> None:
    new = plans / "ne-2024-26"
    text = (new / "plan.toml").read_text().replace('previous_plan = "../ne-2022-24"\n', "")
    (new / "plan.toml").write_text(text)
    assert sli("check", "--plan", str(new)).output == ""
    show = sli("objective", "show", "KO1", "--plan", str(new))
    assert (show.exit_code, show.stderr) == (0, "")
    assert "Carried   from ne-2022-24/KO1 (its history there is not available)" in show.stdout


def test_objective_list_json_names_the_link(sli: SliRunner, plans: Path) -> None:
    result = sli("objective", "list", "--plan", str(plans / "ne-2024-26"), "-f", "json")
    assert [(o["id"], o["carried_from"]) for o in json.loads(result.stdout)] == [
        ("KO1", "ne-2022-24/KO1"), ("KO4", "ne-2022-24/KO4")]
    old = sli("objective", "list", "--plan", str(plans / "ne-2022-24"), "-f", "json")
    assert {o["carried_from"] for o in json.loads(old.stdout)} == {None}


def test_only_the_quarters_before_this_plan_are_taken(sli: SliRunner, plans: Path) -> None:
    """A plan that starts before the plan before ended (a refresh a year
    early) takes only the quarters before its start; one that starts before
    the plan before began takes none, and says so."""
    new = plans / "ne-2024-26"
    text = (new / "plan.toml").read_text()
    (new / "plan.toml").write_text(text.replace('start = "2024/25 Q1"', 'start = "2023/24 Q2"'))
    result = sli("objective", "show", "KO1", "--plan", str(new))
    assert result.exit_code == 0, result.output
    assert "Carried   from ne-2022-24/KO1: last rated Amber in 2023/24 Q1" in result.stdout
    assert "Ratings in ne-2022-24 as KO1, 2022/23 Q1 to 2023/24 Q1" in result.stdout
    (new / "plan.toml").write_text(text.replace('start = "2024/25 Q1"', 'start = "2021/22 Q1"'))
    result = sli("history", "--plan", str(new))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "plans/ne-2024-26/plan.toml: warning: previous_plan: the plan in '../ne-2022-24' "
        "(ne-2022-24) starts in 2022/23 Q1, not before this plan; carried objectives are shown "
        "without their earlier history\n")


def test_a_plan_before_elsewhere_is_named_in_a_comment(sli: SliRunner, plans: Path,
                                                      tmp_path: Path) -> None:
    """``init --from`` a folder that is not beside the new one: the new plan
    names it in a comment, not in previous_plan, and so starts clean."""
    target = tmp_path / "elsewhere" / "deeper" / "ne-next"
    result = sli("init", str(target), "--from", str(plans / "ne-2022-24"), "--carry")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1] == (
        "Note: plans/ne-2022-24 is not beside the new plan's folder, so previous_plan is left "
        "out and the carried objectives' earlier history is not shown; put the two folders "
        'side by side and add previous_plan = "../ne-2022-24" to show it.')
    text = (target / "plan.toml").read_text()
    assert "\nprevious_plan" not in text
    assert ("# The plan before this one is in ../../../plans/ne-2022-24, not beside this "
            "folder:") in text
    assert 'carried_from = "ne-2022-24/KO1"' in text
    assert sli("check", "--plan", str(target)).output == ""
    show = sli("objective", "show", "KO1", "--plan", str(target))
    assert "Carried   from ne-2022-24/KO1 (its history there is not available)" in show.stdout


def test_init_from_a_folder_that_is_no_plan_names_from(sli: SliRunner, tmp_path: Path) -> None:
    for old, said in ((tmp_path / "nowhere", "does not exist"),
                      (tmp_path, "has no plan.toml")):
        result = sli("init", str(tmp_path / "next"), "--from", str(old), "--carry")
        assert result.exit_code == 2, result.stderr
        assert result.stderr.startswith("sli: --from: ") and said in result.stderr
        assert not (tmp_path / "next").exists()


def test_check_warns_of_a_plan_that_overlaps_the_plan_before(sli: SliRunner,
                                                           plans: Path) -> None:
    new = plans / "ne-2024-26"
    assert "warning" not in sli("check", "--plan", str(new)).output
    text = (new / "plan.toml").read_text()
    (new / "plan.toml").write_text(text.replace('start = "2024/25 Q1"', 'start = "2023/24 Q2"'))
    result = sli("check", "--plan", str(new))
    assert result.exit_code == 0, result.output
    assert ("plans/ne-2024-26/plan.toml: warning: this plan starts in 2023/24 Q2, before the "
            "plan before (ne-2022-24) ends in 2023/24 Q4: both report 2023/24 Q2 to 2023/24 Q4"
            ) in result.output
