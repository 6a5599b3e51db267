"""`sli --help` is served from kept help without loading Typer, and never stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sli_cli.cli import fasthelp
from tests.helpers import run_process, subprocess_env

PROBE = ("import sys\nfrom sli_cli.cli.main import main\nsys.argv = ['sli', *sys.argv[1:]]\n"
         "try:\n    main()\nexcept SystemExit:\n    pass\n"
         "sys.stderr.write('typer loaded: %s' % ('typer' in sys.modules))\n")


def probe(tmp_path: Path, *args: str, **env: str) -> tuple[str, str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          env=subprocess_env(SLI_CACHE_DIR=str(tmp_path / "cache"), **env),
                          timeout=60)
    return proc.stdout, proc.stderr


@pytest.mark.parametrize("args", [["--help"], ["status", "--help"], ["meeting", "record", "-h"]])
def test_kept_help_is_the_same_and_skips_typer(tmp_path: Path, args: list[str]) -> None:
    fresh = run_process(*args, env=subprocess_env(SLI_NO_CACHE="1"))
    assert fresh.exit_code == 0
    first, loaded = probe(tmp_path, *args)
    assert (first, loaded) == (fresh.stdout, "typer loaded: True")
    second, loaded = probe(tmp_path, *args)
    assert (second, loaded) == (fresh.stdout, "typer loaded: False")


def test_another_width_is_not_served_the_kept_help(tmp_path: Path) -> None:
    probe(tmp_path, "status", "--help")
    wide = run_process("status", "--help", env=subprocess_env(SLI_NO_CACHE="1", COLUMNS="120"))
    out, loaded = probe(tmp_path, "status", "--help", COLUMNS="120")
    assert (out, loaded) == (wide.stdout, "typer loaded: True")


def test_an_entry_for_another_key_is_not_served(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLI_CACHE_DIR", str(tmp_path / "cache"))
    args = ["--help"]
    path = fasthelp._entry(fasthelp._key(args))
    assert path is not None
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("another key\n\0\nstale help")
    assert fasthelp.cached_help(args) is None
    Path(path).write_text(f"{fasthelp._key(args)}\n\0\nkept help")
    assert fasthelp.cached_help(args) == "kept help"


@pytest.mark.parametrize(("args", "expected"), [
    (["--help"], True), (["-h"], True), (["status", "--help"], True),
    (["meeting", "record", "--help"], True), ([], False), (["status"], False),
    (["status", "--plan", "x", "--help"], False), (["--help", "status"], False),
    (["a", "b", "c", "--help"], False), (["Status", "--help"], False),
])
def test_which_requests_are_help(args: list[str], expected: bool) -> None:
    assert fasthelp.is_help_request(args) is expected


def test_a_command_builds_only_itself(tmp_path: Path) -> None:
    """`sli check` neither imports nor builds the other commands."""
    from tests.helpers import EXAMPLE

    code = ("import sys\nfrom sli_cli.cli.main import run\n"
            f"assert run(['check', '--plan', {str(EXAMPLE)!r}]) == 0\n"
            "print(sorted(m for m in sys.modules if m.startswith('sli_cli.cli.')))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=subprocess_env(SLI_CACHE_DIR=str(tmp_path)), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ("['sli_cli.cli.app', 'sli_cli.cli.check', "
                                   "'sli_cli.cli.main', 'sli_cli.cli.options', "
                                   "'sli_cli.cli.output']")
