"""Entry point: the one place where errors become messages and exit codes."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, TextIO

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
    sys.exit(with_standard_streams(lambda: run(sys.argv[1:])))


class _ReaderGone(Exception):
    """The program reading stdout went away (``sli status | head -1``).

    Not an ``OSError``: Click turns a broken pipe into exit 1 and Rich into
    ``SystemExit(1)`` before any handler of ours would see it."""


class _Stdout:
    """stdout, with a broken pipe turned into ``_ReaderGone``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise _ReaderGone from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise _ReaderGone from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def with_standard_streams(body: Callable[[], int]) -> int:
    """Run ``body`` with standard streams it can use: one that was closed
    (``sli ... <&-``) reads as empty or writes nowhere; when stdout's reader
    goes away, print nothing more and exit 0 (a listing cut short by ``head``
    is not a failure, even under ``set -o pipefail``)."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115
    real = sys.stdout
    sys.stdout = _Stdout(real)  # type: ignore[assignment, unused-ignore]
    try:
        code = body()
        sys.stdout.flush()
        return code
    except _ReaderGone:
        # Nothing more reaches the reader: unflushed output goes to devnull so
        # that Python's own flush at exit does not fail either.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), real.fileno())
        return 0
    finally:
        sys.stdout = real
