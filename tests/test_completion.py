"""Shell completion of commands, options, ids and quarters from the plan in use."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, REPO, run_process, subprocess_env, write_plan

# Slow: runs the shell completion in subprocesses.
pytestmark = pytest.mark.slow


def complete(words: str, cwd: Path = REPO, **env: str) -> list[str]:
    """What bash completion offers for ``words`` (the last one being typed)."""
    parts = words.split(" ")
    result = run_process(cwd=cwd, env=subprocess_env(
        _SLI_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1),
        **env))
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout.split()


def test_commands_and_options() -> None:
    assert complete("sli st") == ["status"]
    assert complete("sli objective ") == ["show", "list"]
    assert complete("sli status --as") == ["--as-of"]


def test_ids_and_quarters_from_the_plan_found() -> None:
    # Run from the repository root, which holds two plans under ./plans: the
    # one SLI_PLAN names is used, as the README says.
    def offered(words: str) -> list[str]:
        return complete(words, SLI_PLAN="plans/south-west")

    assert offered("sli status --priority ") == ["P1", "P2", "P3", "P4", "P5"]
    assert offered("sli status --priority P1,") == [f"P1,P{n}" for n in range(1, 6)]
    # In the plan's order: KO16, which replaced KO9, is listed under its priority.
    assert offered("sli objective show KO1") == ["KO1", "KO16", "KO10", "KO11", "KO12",
                                                 "KO13", "KO14", "KO15"]
    assert offered("sli status --quarter 2023-") == [
        "2023-24-Q1", "2023-24-Q2", "2023-24-Q3", "2023-24-Q4"]
    assert offered("sli status --quarter 2022/23-Q") == [
        "2022/23-Q1", "2022/23-Q2", "2022/23-Q3", "2022/23-Q4"]
    assert offered("sli status --rag red,a") == ["red,amber"]
    # With no plan named, two plans there offer no ids (and print nothing).
    assert complete("sli status --priority ") == []


def test_plan_option_is_used(tmp_path: Path) -> None:
    folder = write_plan(tmp_path / "tiny")
    assert complete(f"sli objective show --plan {folder} K", cwd=tmp_path) == [
        "KO1", "KO2", "KO3"]
    assert complete("sli history --priority ", cwd=tmp_path, SLI_PLAN=str(folder)) == [
        "P1", "P2"]


def test_no_plan_offers_nothing_and_does_not_fail(tmp_path: Path) -> None:
    assert complete("sli objective show K", cwd=tmp_path) == []
    assert complete("sli status --quarter ", cwd=tmp_path) == []
    assert complete("sli status --priority ", cwd=tmp_path,
                    SLI_PLAN=str(tmp_path / "missing")) == []
    broken = write_plan(tmp_path / "broken", "this is not toml")
    assert complete(f"sli status --plan {broken} --priority ", cwd=tmp_path) == []


def test_completed_quarter_is_understood(tmp_path: Path) -> None:
    result = run_process("status", "--plan", str(EXAMPLE), "--quarter", "2022-23-Q3", "-f",
                         "json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert '"quarter": "2022/23 Q3"' in result.stdout
    result = run_process("status", "--plan", str(EXAMPLE), "--quarter", "2022/23-Q4", "-f",
                         "json", cwd=tmp_path)
    assert '"quarter": "2022/23 Q4"' in result.stdout


# Parameters that take an id, a quarter, a month, a year or a topic: each
# must complete from the plan in use (or, for init, from today).
TAKES_A_VALUE = {"priority", "quarter", "objective", "action_id", "month", "year", "start",
                 "end", "rag", "topic"}


def test_every_id_quarter_month_and_year_parameter_completes() -> None:
    from typer.main import get_command

    from sli_cli.cli.app import build_app

    found: list[str] = []
    missing: list[str] = []

    def walk(command: object, path: list[str]) -> None:
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                walk(child, [*path, name])
            return
        for param in getattr(command, "params", []):
            if param.name in TAKES_A_VALUE:
                where = f"sli {' '.join(path)} {param.opts[0]}"
                found.append(where)
                if getattr(param, "_custom_shell_complete", None) is None:
                    missing.append(where)

    walk(get_command(build_app()), [])
    assert len(found) >= 25  # the walk reached every command
    assert missing == []


def test_new_completions_offer_the_plans_values(tmp_path: Path) -> None:
    from tests.plans.north_east import build_north_east

    folder = build_north_east(tmp_path / "ne")
    env = {"SLI_TODAY": "2024-07-20"}

    def offered(words: str) -> list[str]:
        return complete(words.replace("PLAN", str(folder)), cwd=tmp_path, **env)

    assert offered("sli meeting record --plan PLAN --priority C") == ["CVD"]
    assert offered("sli meeting record --plan PLAN --priority c") == ["cvd"]  # typed so
    assert offered("sli meeting record --plan PLAN --priority TOB --rag ") == [
        "TOB1=", "TOB2="]
    assert offered("sli meeting record --plan PLAN --priority TOB --rag TOB1=g") == [
        "TOB1=green", "TOB1=grey"]
    assert offered("sli meeting show --plan PLAN ") == ["TOB", "CVD", "IMM"]
    assert offered("sli meeting show --plan PLAN TOB 2024-") == [
        "2024-25-Q1", "2024-25-Q2", "2024-25-Q3", "2024-25-Q4"]
    assert offered("sli meeting list --plan PLAN -p I") == ["IMM"]
    assert offered("sli meeting template --plan PLAN -q 2023-24-Q") == [
        "2023-24-Q1", "2023-24-Q2", "2023-24-Q3", "2023-24-Q4"]
    assert set(offered("sli action done --plan PLAN ACVD")) == {"ACVD1", "ACVD2", "ACVD3"}
    assert offered("sli actions --plan PLAN -p ") == ["TOB", "CVD", "IMM"]
    assert offered("sli due --plan PLAN -q 2023-24-Q4") == ["2023-24-Q4"]
    assert offered("sli report --plan PLAN --year ") == ["2023-24", "2024-25"]
    assert offered("sli snapshot --plan PLAN --month 2025-0") == [
        f"2025-0{n}" for n in range(1, 7)]
    assert offered("sli event add --plan PLAN --objective CVD") == ["CVD1", "CVD2"]
    assert offered("sli update list --plan PLAN --month 2023-0") == [
        "2023-04", "2023-05", "2023-06", "2023-07", "2023-08", "2023-09"]
    assert offered("sli help plan") == ["plan-format"]
    assert "2024-25-Q1" in offered("sli init new --start 2024-")


SOUTH_WEST = ("South West", "SW ", "Wiltshire", "Devon", "Cornwall", "Somerset", "Bristol",
              "Exeter", "Plymouth", "Torbay", "Dorset", "Swindon", "Gloucestershire")


def test_no_help_text_names_the_example_region_outside_the_example() -> None:
    """Another region's co-ordinator meets no South West names in sli's help,
    except where it describes the bundled example itself."""
    import typer
    from typer.main import get_command

    from sli_cli.cli.app import build_app

    root = get_command(build_app())
    found: list[str] = []

    def walk(command: object, path: list[str], parent: object) -> None:
        ctx = typer.Context(command, info_name=" ".join(path), parent=parent)  # type: ignore[arg-type]
        for name, child in (getattr(command, "commands", None) or {}).items():
            walk(child, [*path, name], ctx)
        for line in command.get_help(ctx).splitlines():  # type: ignore[attr-defined]
            if any(word in line for word in SOUTH_WEST) and "example" not in line:
                found.append(f"{' '.join(path)}: {line.strip()}")

    walk(root, ["sli"], None)
    assert found == []
