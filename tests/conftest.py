"""One fixture pins the environment; ``sli`` runs the CLI in-process."""

from __future__ import annotations

import io
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sli_cli.cli.main import run
from tests import helpers
from tests.helpers import Result

# A test run started where SIGINT is ignored (a background job of a
# non-interactive shell, as some CI runners start it) would pass that on to
# every process the tests start, and Ctrl-C could not be tested: the run
# takes Python's own handler back, which its children then start with.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def isolation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Plain 80-column output, its own home and cache, nothing inherited that
    sli reads (``SLI_*``, ``XDG_*``, ``EDITOR``...), a temporary working folder."""
    for name in list(os.environ):
        if helpers.is_ambient(name):
            monkeypatch.delenv(name)
    pinned = helpers.pinned_environment(tmp_path)
    for name, value in pinned.items():
        monkeypatch.setenv(name, value)
    Path(pinned["HOME"]).mkdir(exist_ok=True)
    monkeypatch.setattr(helpers, "PINNED", pinned)
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
