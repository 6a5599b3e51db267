"""Entry point: the one place where errors become messages and exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typer import TyperException


def run(argv: Sequence[str] | None = None) -> int:
    """Run ``sli`` with ``argv``; return the exit code."""
    from typer import Abort, TyperException

    from sli_cli.cli.app import COMMANDS, build_app
    from sli_cli.cli.errors import exit_code, message
    from sli_cli.cli.output import err
    from sli_cli.core.errors import ExitCode, SliError
    from sli_cli.core.text import printable

    args = list(argv) if argv is not None else sys.argv[1:]
    undecodable = next((a for a in args if not _is_utf8(a)), None)
    if undecodable is not None:
        shown = undecodable.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        err(f"sli: the argument '{printable(shown)}' is not UTF-8 text (is the terminal "
            "set to another encoding?); nothing was done")
        return int(ExitCode.USAGE)
    # Build only the command asked for; the whole tree for anything else (a
    # mistyped command gets Click's list of the real ones; completion needs all).
    only = args[0] if args and args[0] in COMMANDS and "_SLI_COMPLETE" not in os.environ \
        else None
    app = build_app(only)
    try:
        result = app(args=args, prog_name="sli",
                     standalone_mode=False)
    except SliError as exc:
        err(message(exc, args))
        return exit_code(exc)
    except Abort:
        err("\nInterrupted.")
        return int(ExitCode.INTERRUPTED)
    except TyperException as exc:
        # A mistake Typer found (an unknown option, a missing argument).
        err(_typer_message(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        err("\nInterrupted.")
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (``sli status | head``): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return int(ExitCode.OK)
    return result if isinstance(result, int) else int(ExitCode.OK)


def _typer_message(exc: TyperException) -> str:
    """Typer's own text for its error: the usage line and hint when it has
    them (``show``), else the message alone."""
    import io

    show = getattr(exc, "show", None)
    if show is None:
        return f"Error: {exc.format_message()}"
    text = io.StringIO()
    show(file=text)
    return text.getvalue()


def _is_utf8(arg: str) -> bool:
    """False for an argument holding bytes that were not UTF-8 (Python keeps
    them as lone surrogates, which no file or document can hold)."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def main() -> None:
    """The ``sli`` console script and ``python -m sli_cli``."""
    import gc

    # A command lives for a moment and builds many objects that never form
    # garbage cycles (records, rows); the cycle collector would walk them again
    # and again: a third of `sli status` at 100k records, for no memory saved.
    gc.disable()
    sys.exit(run(sys.argv[1:]))
