"""Shell completion of commands, options, ids and quarters from the plan in use."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import EXAMPLE, REPO, run_process, subprocess_env, write_plan


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
    # Run from the repository root: the single plan under ./plans is used.
    assert complete("sli status --priority ") == ["P1", "P2", "P3", "P4", "P5"]
    assert complete("sli status --priority P1,") == [f"P1,P{n}" for n in range(1, 6)]
    assert complete("sli objective show KO1") == ["KO1", "KO10", "KO11", "KO12", "KO13",
                                                  "KO14", "KO15"]
    assert complete("sli status --quarter 2023-") == [
        "2023-24-Q1", "2023-24-Q2", "2023-24-Q3", "2023-24-Q4"]
    assert complete("sli status --quarter 2022/23-Q") == [
        "2022/23-Q1", "2022/23-Q2", "2022/23-Q3", "2022/23-Q4"]
    assert complete("sli status --rag red,a") == ["red,amber"]


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
