from pathlib import Path

import pytest

from sli_cli.cli.errors import HOW_TO_CREATE
from sli_cli.core.errors import PlanNotFound
from sli_cli.plan.discover import find_plan
from tests.conftest import SliRunner
from tests.helpers import write_plan


def test_option_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = write_plan(tmp_path / "a"), write_plan(tmp_path / "b")
    monkeypatch.setenv("SLI_PLAN", str(b))
    assert find_plan(str(a)) == a
    assert find_plan(str(a / "plan.toml")) == a


def test_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    b = write_plan(tmp_path / "b")
    write_plan(tmp_path)  # a plan.toml in the working folder loses to SLI_PLAN
    monkeypatch.setenv("SLI_PLAN", str(b))
    assert find_plan() == b


def test_nearest_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = write_plan(tmp_path / "plan")
    deep = plan / "meetings" / "2023-24-Q1"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_plan() == plan.resolve()


def test_single_plan_under_plans(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plans" / "sw")
    assert find_plan(cwd=tmp_path) == plan.resolve()


def test_several_plans_under_plans(sli: SliRunner, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    write_plan(tmp_path / "plans" / "sw")
    write_plan(tmp_path / "plans" / "nw")
    with pytest.raises(PlanNotFound) as info:
        find_plan(cwd=tmp_path)
    assert (info.value.message, info.value.source) == (
        "several plans under ./plans: plans/nw (2022/23 Q1 to 2023/24 Q4) and plans/sw "
        "(2022/23 Q1 to 2023/24 Q4)", "several")
    monkeypatch.chdir(tmp_path)
    result = sli("check")
    assert (result.exit_code, result.stderr) == (
        2, "sli: several plans under ./plans: plans/nw (2022/23 Q1 to 2023/24 Q4) and plans/sw "
           "(2022/23 Q1 to 2023/24 Q4); choose one with --plan DIR or SLI_PLAN\n")


def test_a_plan_and_the_plan_after_it_are_not_chosen_between(
        sli: SliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A succession is still two plans: sli names both, with their periods,
    and picks neither (whichever it picked, a co-ordinator would one day
    record a meeting in the wrong one). A plan that does not read is named
    without its period."""
    old = write_plan(tmp_path / "plans" / "sw-2022-24")
    monkeypatch.chdir(tmp_path)
    assert sli("init", "plans/sw-2024-26", "--from", str(old), "--carry").exit_code == 0
    (tmp_path / "plans" / "broken").mkdir()
    (tmp_path / "plans" / "broken" / "plan.toml").write_text("id = \n")
    for command in (["status"], ["history"], ["meeting", "record", "--priority", "P1"]):
        result = sli(*command)
        assert (result.exit_code, result.stdout, result.stderr) == (
            2, "", "sli: several plans under ./plans: plans/broken, plans/sw-2022-24 (2022/23 "
                   "Q1 to 2023/24 Q4) and plans/sw-2024-26 (2024/25 Q1 to 2025/26 Q4); choose "
                   "one with --plan DIR or SLI_PLAN\n"), command
    monkeypatch.setenv("SLI_PLAN", "plans/sw-2024-26")
    assert sli("status").exit_code == 0


def test_none_found(sli: SliRunner, tmp_path: Path) -> None:
    result = sli("check")
    assert result.exit_code == 2
    assert result.stderr == f"sli: no plan found in {tmp_path.resolve()} or its parents; " \
                            f"{HOW_TO_CREATE}\n"
    assert "sli init DIR" in result.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nowhere", "sli: --plan: nowhere does not exist; " + HOW_TO_CREATE),
        (".", "sli: --plan: . has no plan.toml; " + HOW_TO_CREATE),
    ],
)
def test_bad_plan_option(sli: SliRunner, value: str, message: str) -> None:
    result = sli("check", "--plan", value)
    assert (result.exit_code, result.stderr) == (2, message + "\n")


def test_bad_environment_variable(sli: SliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_PLAN", "missing-plan")
    result = sli("check")
    assert (result.exit_code, result.stderr) == (
        2, f"sli: SLI_PLAN: missing-plan does not exist; {HOW_TO_CREATE}\n")
