"""One enum of output formats; each command offers and accepts only its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SliRunner
from tests.helpers import write_plan


@pytest.mark.parametrize(("args", "wrong", "offered"), [
    (["status"], "docx", "'table', 'md', 'csv', 'json'"),
    (["check"], "docx", "'text', 'json'"),
    (["snapshot"], "xlsx", "'md', 'html', 'docx', 'text'"),
    (["export"], "docx", "'csv', 'json', 'xlsx'"),
])
def test_a_format_the_command_does_not_write_is_refused(sli: SliRunner, tmp_path: Path,
                                                       args: list[str], wrong: str,
                                                       offered: str) -> None:
    plan = write_plan(tmp_path / "p")
    result = sli(*args, "--plan", str(plan), "--format", wrong)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: Invalid value for '--format' / '-f': '{wrong}' is not one of {offered}.\n")


@pytest.mark.parametrize(("args", "metavar"), [
    (["status"], "<table|md|csv|json>"),
    (["check"], "<text|json>"),
    (["report"], "<md|html|docx|text>"),
])
def test_help_shows_only_the_formats_offered(sli: SliRunner, args: list[str],
                                             metavar: str) -> None:
    result = sli(*args, "--help")
    assert f"-f, --format {metavar}" in result.stdout


def test_formats_are_read_in_any_case(sli: SliRunner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "p")
    result = sli("check", "--plan", str(plan), "-f", "JSON")
    assert (result.exit_code, result.stdout.startswith("{")) == (0, True)
