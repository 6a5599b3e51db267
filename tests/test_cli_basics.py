from pathlib import Path

from sli_cli import __version__
from tests.conftest import SliRunner
from tests.helpers import EXAMPLE, run_process


def test_version(sli: SliRunner) -> None:
    result = sli("--version")
    assert (result.exit_code, result.stdout) == (0, f"sli {__version__}\n")


def test_no_arguments_shows_help(sli: SliRunner) -> None:
    result = sli()
    assert result.exit_code in (0, 2)
    assert "Usage: sli [OPTIONS] COMMAND [ARGS]..." in result.output


def test_unknown_command_is_a_usage_error(sli: SliRunner) -> None:
    result = sli("stauts")
    assert result.exit_code == 2
    assert "No such command 'stauts'" in result.stderr


def test_unknown_option_is_a_usage_error(sli: SliRunner) -> None:
    result = sli("check", "--strcit")
    assert result.exit_code == 2
    assert "No such option: --strcit" in result.stderr


def test_every_command_has_help(sli: SliRunner) -> None:
    from typer.main import get_command

    from sli_cli.cli.app import app

    root = get_command(app)
    names: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, [*path, name])
        else:
            names.append(path)

    walk(root, [])
    assert ["check"] in names and ["init"] in names
    for path in names:
        result = sli(*path, "--help")
        assert result.exit_code == 0, path
        assert f"Usage: sli {' '.join(path)}" in result.stdout
        help_text = result.stdout.split("Options:")[0]
        assert len(help_text.strip().splitlines()) >= 3, f"{path} has no help text"


def test_python_dash_m_runs_the_same_program() -> None:
    result = run_process("check", "--plan", str(EXAMPLE))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    result = run_process("--version")
    assert result.stdout == f"sli {__version__}\n"


BROKEN_COMMANDS = [
    ["status"], ["status", "-f", "json"], ["history"], ["objective", "list"],
    ["objective", "show", "KO1"], ["meeting", "list"], ["meeting", "show", "P1", "2023/24 Q1"],
    ["actions"], ["due"], ["snapshot", "--month", "2023-11"], ["report", "--year", "2023/24"],
    ["export", "--format", "json"], ["event", "list"], ["update", "list"],
    ["meeting", "record", "--priority", "P1", "--date", "12/07/2023", "--rag", "KO1=green",
     "--rag", "KO2=green", "--yes"],
    ["event", "add", "--date", "1/6/2023", "--title", "Webinar"],
]


def test_every_command_refuses_a_broken_plan(sli: SliRunner, tmp_path: Path) -> None:
    from tests.helpers import SMALL_PLAN, tree, write_plan

    folder = write_plan(tmp_path / "p", SMALL_PLAN.replace('priority = "P2"', 'priority = "P9"'))
    before = tree(folder)
    expected = "p/plan.toml:39: objective KO3: priority P9 is not defined\n"
    for command in BROKEN_COMMANDS:
        result = sli(*command, "--plan", str(folder))
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected), command
    assert tree(folder) == before
