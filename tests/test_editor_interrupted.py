"""Stopped with the editor open (Ctrl-C, a closed terminal, kill): what the
editor had saved is kept, and sli says where."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, write_plan

# Saves some text, then (once sli is surely waiting for it) stops the sli
# that opened it, as a closed terminal would.
EDITOR = ("sh -c 'printf \"%s\" \"{text}\" > \"$1\"; sleep 1; kill -{signal} $PPID; "
          "exec sleep 5' sh")


PROBE = """
from sli_cli.core.errors import EditorInterrupted
from sli_cli.recording.external_editor import edit_text
try:
    edit_text("# the form\\n", suffix=".txt")
except EditorInterrupted as exc:
    print("kept", exc.kept or "")
"""


def probe(visual: str, tmp_path: Path) -> str:
    """Run ``edit_text`` in a process of its own (the editor stops that
    process, not the tests), and say what it kept."""
    temporary = tmp_path / "tmp"
    temporary.mkdir(exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(REPO), VISUAL=visual, TMPDIR=str(temporary))
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result.stdout.strip()


def test_the_text_saved_before_an_interrupt_is_kept(tmp_path: Path) -> None:
    said = probe(EDITOR.format(text="Half a foreword", signal="INT"), tmp_path)
    assert said.startswith("kept ")
    assert Path(said[5:]).read_text(encoding="utf-8") == "Half a foreword"


def test_nothing_saved_nothing_kept(tmp_path: Path) -> None:
    assert probe("sh -c 'sleep 1; kill -INT $PPID; exec sleep 5' sh", tmp_path) == "kept"
    assert list((tmp_path / "tmp").iterdir()) == []  # the untouched form is not left behind


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
