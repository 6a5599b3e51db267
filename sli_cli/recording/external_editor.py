"""Opening text in the user's editor ($VISUAL, then $EDITOR), as git commit does."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from sli_cli.core.errors import EditorError, EditorInterrupted


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
            editor = subprocess.Popen([*command, str(path)])
        except OSError as exc:
            raise EditorError(f"cannot start the editor {command[0]!r}: {exc.strerror}"
                              ) from None
        except KeyboardInterrupt:  # stopped while the editor was starting
            raise EditorInterrupted(None) from None
        try:
            status = editor.wait()
        except KeyboardInterrupt:
            # Stopped with the editor open: the editor is stopped too, and what
            # it saved so far stays on disk.
            editor.kill()
            editor.wait()
            kept = _saved_something(path, text)
            raise EditorInterrupted(path if kept else None) from None
        if status != 0:
            kept = _read_back(path, command[0]).decode("utf-8", "replace") != text
            where = f"; the text is kept in {path}" if kept else ""
            raise EditorError(f"the editor {command[0]!r} exited with status {status}; "
                              f"nothing was recorded{where}", kept=path if kept else None)
        data = _read_back(path, command[0])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            kept = True  # what was typed stays on disk: nothing is lost
            raise EditorError(f"the editor saved text that is not UTF-8; it is kept in {path}: "
                              "save it as UTF-8", kept=path) from None
        return text
    finally:
        if not kept and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)


def _saved_something(path: Path, text: str) -> bool:
    """Whether the file holds something other than what the editor was given."""
    try:
        return not path.is_symlink() and path.read_bytes() != text.encode("utf-8")
    except OSError:
        return False


def _read_back(path: Path, editor: str) -> bytes:
    """What the editor saved; an editor that deleted the file or put something
    else in its place (``EDITOR=rm``, a folder) is a message, not a traceback."""
    import stat

    from sli_cli.core.text import printable

    shown = f"the editor {printable(editor)!r}"
    try:
        st = path.lstat()
    except FileNotFoundError:
        raise EditorError(f"{shown} removed the file it was given ({path}); "
                          "nothing was recorded") from None
    if not stat.S_ISREG(st.st_mode):
        raise EditorError(f"{shown} replaced the file it was given ({path}) with something "
                          "that is not a file; nothing was recorded") from None
    try:
        return path.read_bytes()
    except OSError as exc:
        raise EditorError(f"cannot read what {shown} saved ({path}): "
                          f"{exc.strerror or exc}; nothing was recorded") from None
