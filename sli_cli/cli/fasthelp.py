"""Help text kept from an earlier run, so that ``sli --help`` need not load Typer.

Typer alone takes about 55 ms to import, five times Python's own start-up,
while the help it prints only changes when sli's command-line code, Typer or
the terminal width does. The first ``sli ... --help`` runs as usual and keeps
its output in the cache folder; later ones print it straight away. The key
holds the sli and Python versions, the width, the words typed, and the size
and modification time of every file of ``sli_cli/cli`` and of Typer, so any
change to them makes a new entry. This module imports nothing heavy.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Callable

HELP_FLAGS = ("--help", "-h")


def is_help_request(args: list[str]) -> bool:
    """``sli --help``, ``sli status --help``, ``sli meeting record -h``."""
    if not args or args[-1] not in HELP_FLAGS or len(args) > 3:
        return False
    return all(w.replace("-", "").isalpha() and w.islower() for w in args[:-1])


def _folder() -> str | None:
    if os.environ.get("SLI_NO_CACHE") or "_SLI_COMPLETE" in os.environ:
        return None
    base = os.environ.get("SLI_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "sli")
    from sli_cli.records.private import private_folder

    # Help text printed from a folder someone else could write would let them
    # put escape sequences on the terminal: only a private folder is used.
    folder = os.path.join(base, "help")
    return folder if private_folder(base) and private_folder(folder) else None


def _width() -> int:
    """The terminal width the help is wrapped to, found as Click finds it."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
        if columns > 0:
            return columns
    except ValueError:
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        return 80


def _stamp(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def _key(args: list[str]) -> str:
    from sli_cli import __version__

    here = os.path.dirname(os.path.abspath(__file__))
    parts = [__version__, sys.version, str(_width()), "\0".join(args)]
    parts += [_stamp(os.path.join(here, name)) for name in sorted(os.listdir(here))
              if name.endswith(".py")]
    for entry in sys.path:
        typer_init = os.path.join(entry or ".", "typer", "__init__.py")
        if os.path.isfile(typer_init):
            parts.append(_stamp(typer_init))
            break
    return "\n".join(parts)


def _entry(key: str) -> str | None:
    folder = _folder()
    if folder is None:
        return None
    return os.path.join(folder, f"{zlib.crc32(key.encode()):08x}.txt")


def cached_help(args: list[str]) -> str | None:
    """The help kept for ``args``, if it is still current."""
    key = _key(args)
    path = _entry(key)
    if path is None:
        return None
    from sli_cli.records.private import read_private

    data = read_private(path)
    if data is None:
        return None
    try:
        stored_key, _, text = data.decode("utf-8").partition("\n\0\n")
    except UnicodeDecodeError:
        return None
    return text if stored_key == key else None


def run_and_keep(args: list[str], run: Callable[[list[str]], int]) -> int:
    """Run the help request as usual; keep what it printed for next time."""
    import io

    real, captured = sys.stdout, io.StringIO()
    sys.stdout = captured
    try:
        code = run(args)
    finally:
        sys.stdout = real
    text = captured.getvalue()
    real.write(text)
    real.flush()
    key = _key(args)
    path = _entry(key)
    if code == 0 and path is not None and text:
        try:
            from sli_cli.records.private import replace_private

            replace_private(path, f"{key}\n\0\n{text}".encode())
        except Exception:  # the kept help is an optimisation only
            pass
    return code
