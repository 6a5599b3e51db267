"""Opening text in the user's editor ($VISUAL, then $EDITOR), as git commit does."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from sli_cli.core.errors import EditorError


def editor_command() -> list[str]:
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as exc:
                raise EditorError(f"{name} is {value!r}, which is not a command ({exc})"
                                  ) from None
            if words:
                return words
    raise EditorError("no editor set: set VISUAL or EDITOR (for example EDITOR=nano)")


def edit_text(text: str, *, suffix: str = ".toml") -> str:
    """Open ``text`` in the editor and return what was saved."""
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix="sli-", suffix=suffix)
    path = Path(name)
    kept = False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        try:
            status = subprocess.call([*command, str(path)])
        except OSError as exc:
            raise EditorError(f"cannot start the editor {command[0]!r}: {exc.strerror}"
                              ) from None
        if status != 0:
            kept = path.read_text(encoding="utf-8", errors="replace") != text
            where = f"; the text is kept in {path}" if kept else ""
            raise EditorError(f"the editor {command[0]!r} exited with status {status}; "
                              f"nothing was recorded{where}", kept=path if kept else None)
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            kept = True  # what was typed stays on disk: nothing is lost
            raise EditorError(f"the editor saved text that is not UTF-8; it is kept in {path}: "
                              "save it as UTF-8", kept=path) from None
        return text
    finally:
        if not kept:
            path.unlink(missing_ok=True)
