"""Stopped with the editor open (Ctrl-C, a closed terminal, kill): what the
editor had saved is kept, and sli says where."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from sli_cli.core.errors import EditorInterrupted
from sli_cli.recording.external_editor import edit_text
from tests.helpers import REPO, write_plan

# Saves some text, then stops the sli that opened it, as a closed terminal would.
EDITOR = "sh -c 'printf \"%s\" \"{text}\" > \"$1\"; kill -{signal} $PPID; exec sleep 5' sh"


def test_the_text_saved_before_an_interrupt_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", EDITOR.format(text="Half a foreword", signal="INT"))
    with pytest.raises(EditorInterrupted) as stopped:
        edit_text("# the form\n", suffix=".txt")
    kept = stopped.value.kept
    assert kept is not None and kept.read_text(encoding="utf-8") == "Half a foreword"
    kept.unlink()


def test_nothing_saved_nothing_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "sh -c 'kill -INT $PPID; exec sleep 5' sh")
    with pytest.raises(EditorInterrupted) as stopped:
        edit_text("# the form\n", suffix=".txt")
    assert stopped.value.kept is None


@pytest.mark.parametrize(("signal", "code"), [("TERM", 143), ("INT", 130)])
def test_sli_says_where_the_editor_text_is(tmp_path: Path, signal: str, code: int) -> None:
    """``sli edition write --edit`` stopped by kill: exit 128 + the signal, the
    editor's text kept and named, nothing recorded."""
    folder = write_plan(tmp_path / "p")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLI_")}
    env.update(PYTHONPATH=str(REPO), SLI_USER="tester", SLI_TODAY="2023-12-04",
               HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"),
               VISUAL=EDITOR.format(text="A foreword half written", signal=signal))
    result = subprocess.run(
        [sys.executable, "-m", "sli_cli", "edition", "write", "--plan", str(folder),
         "--month", "2023-11", "--edit"], env=env, capture_output=True, text=True,
        timeout=60, check=False)
    assert result.returncode in (code, 130), result.stderr
    assert "Traceback" not in result.stderr
    line = next(ln for ln in result.stderr.splitlines() if "What the editor saved" in ln)
    kept = Path(shlex.split(line.rsplit(" in ", 1)[1])[0])
    assert kept.read_text(encoding="utf-8") == "A foreword half written"
    assert not (folder / "snapshots").exists()
    kept.unlink()
