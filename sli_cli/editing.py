"""Editing a document in the person's editor until it is valid, like
``git commit``: problems are shown at the top as comments, and an emptied
file cancels."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from sli_cli.errors import SliError

PROBLEMS_HEADER = "# sli: please fix these problems, or empty the file to cancel:"


def strip_problems(text: str) -> str:
    """The text without a problems block added by an earlier round."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\n") != PROBLEMS_HEADER:
        return text
    index = 1
    while index < len(lines) and lines[index].startswith("#   "):
        index += 1
    return "".join(lines[index:]).lstrip("\n")


def is_empty(text: str) -> bool:
    """Nothing but blank lines and comments."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def with_problems(text: str, problems: list[str]) -> str:
    block = [PROBLEMS_HEADER] + [f"#   {line}" for p in problems for line in p.splitlines()]
    return "\n".join(block) + "\n\n" + strip_problems(text)


def edit_until_valid(text: str, edit: Callable[[str], str | None],
                     problems_of: Callable[[str], list[str]]) -> str | None:
    """Open ``text`` in the editor until ``problems_of`` finds none; return the
    valid text, or None when the person emptied the file or did not save it."""
    while True:
        edited = edit(text)
        if edited is None or is_empty(strip_problems(edited)):
            return None
        edited = strip_problems(edited)
        problems = problems_of(edited)
        if not problems:
            return edited
        text = with_problems(edited, problems)


def editor_command() -> str:
    """The person's editor: ``$VISUAL``, else ``$EDITOR``, else ``vi``."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


def run_editor(text: str, suffix: str = ".txt") -> str | None:
    """Open ``text`` in the editor; the saved text, or None when not saved.

    The command is run by the shell, as git does, so ``EDITOR='code --wait'``
    works.
    """
    handle, name = tempfile.mkstemp(prefix="sli-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(text)
        before = path.stat().st_mtime_ns
        command = editor_command()
        try:
            result = subprocess.run(["/bin/sh", "-c", f'{command} "$1"', "sli-editor",
                                     str(path)], check=False)
        except OSError as exc:
            raise SliError(f"cannot start the editor {command!r}: {exc}") from None
        if result.returncode != 0:
            raise SliError(f"the editor {command!r} exited with code {result.returncode}; "
                           "nothing recorded")
        if path.stat().st_mtime_ns == before:
            return None
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
