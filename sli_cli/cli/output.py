"""Printing: data to stdout, messages to stderr. Rich is loaded only when a
command prints a table, so ``--help`` stays fast."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from rich.console import Console

    from sli_cli.records.workspace import Workspace


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False, markup=False)


def out(renderable: Any) -> None:
    """Print a result (a str is written as is, anything else through Rich)."""
    if isinstance(renderable, str):
        sys.stdout.write(renderable if renderable.endswith("\n") or not renderable
                         else renderable + "\n")
        sys.stdout.flush()
    else:
        show(renderable)


def show(renderable: Any, *, stderr: bool = False) -> None:
    """Print a Rich renderable on stdout (or stderr), without trailing spaces."""
    target = console(stderr=stderr)
    with target.capture() as captured:
        target.print(renderable)
    stream = sys.stderr if stderr else sys.stdout
    stream.write(without_trailing_spaces(captured.get()))
    stream.flush()


# Spaces at the end of a line, before any closing colour codes: Rich pads
# table cells and wrapped lines to the full width.
_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


def without_trailing_spaces(text: str) -> str:
    """``text`` with no spaces at the end of any line (padding Rich adds)."""
    return _TRAILING.sub(r"\1", text)


def err(message: str) -> None:
    """A message for the person, on stderr. Messages often quote what was
    typed: control characters in it are shown, never sent to the terminal."""
    from sli_cli.core.text import printable

    sys.stderr.write(printable(message.rstrip("\n")) + "\n")
    sys.stderr.flush()


def open_workspace(plan_option: str | Path | None = None,
                   today: date | None = None) -> Workspace:
    """Load the plan folder for a command, and say which records it shows
    where copies of the plan diverged (``sli check`` tells more)."""
    from sli_cli.records.workspace import open_workspace as load

    ws = load(plan_option, today)
    for note in ws.notes:
        err(f"Note: {note}; see sli check")
    return ws


def editor_text_kept(path: Path) -> str:
    """Where the text saved in an editor stopped with sli was left."""
    from sli_cli.core.errors import display_path

    return f"What the editor saved is kept in {display_path(path)}"


def edit_in_editor(text: str, *, suffix: str) -> str:
    """``text`` edited in the person's editor. Stopped with the editor open
    (Ctrl-C, a closed terminal), say where what it saved is kept, then stop."""
    import typer

    from sli_cli.cli.signals import signals_as_interrupts
    from sli_cli.core.errors import EditorInterrupted
    from sli_cli.recording.external_editor import edit_text

    with signals_as_interrupts() as caught:
        try:
            return edit_text(text, suffix=suffix)
        except EditorInterrupted as exc:
            if exc.kept is not None:
                err("\n" + editor_text_kept(exc.kept))
            err("\nInterrupted.")
            raise typer.Exit(caught.exit_code) from None
