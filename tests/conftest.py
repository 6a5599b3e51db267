"""One fixture pins the environment; ``sli`` runs the CLI in-process."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sli_cli.cli.main import run
from tests.helpers import Result


@pytest.fixture(autouse=True)
def isolation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Plain 80-column output, no inherited plan, a temporary working folder."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("SLI_USER", "tester")
    monkeypatch.delenv("SLI_PLAN", raising=False)
    monkeypatch.delenv("SLI_NO_CACHE", raising=False)
    monkeypatch.setenv("SLI_CACHE_DIR", str(tmp_path / ".cache-sli"))
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


SliRunner = Callable[..., Result]


@pytest.fixture
def sli(monkeypatch: pytest.MonkeyPatch) -> SliRunner:
    """Run ``sli ARGS`` in this process; returns exit code, stdout and stderr."""

    def invoke(*args: str, input: str = "") -> Result:
        stdout, stderr = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stdin", io.StringIO(input))
        monkeypatch.setattr(sys, "stdout", stdout)
        monkeypatch.setattr(sys, "stderr", stderr)
        code = run(list(args))
        return Result(code, stdout.getvalue(), stderr.getvalue())

    return invoke
