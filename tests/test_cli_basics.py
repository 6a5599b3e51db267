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
