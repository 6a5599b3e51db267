"""Opening text in the user's editor ($VISUAL, then $EDITOR), as git commit does."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from sli_cli.errors import UsageError


def editor_command() -> list[str]:
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    raise UsageError("no editor set: set VISUAL or EDITOR (for example EDITOR=nano)")


def edit_text(text: str, *, suffix: str = ".toml") -> str:
    """Open ``text`` in the editor and return what was saved."""
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix="sli-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        try:
            status = subprocess.call([*command, str(path)])
        except OSError as exc:
            raise UsageError(f"cannot start the editor {command[0]!r}: {exc.strerror}") from None
        if status != 0:
            raise UsageError(f"the editor {command[0]!r} exited with status {status}; "
                             "nothing was saved")
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
