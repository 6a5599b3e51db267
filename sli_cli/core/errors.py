"""Typed domain errors, exit codes, and located problems.

Domain code raises these; the command-line edge (``sli_cli.cli.main``) is the
one place that turns them into a message on stderr and an exit code.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class ExitCode(enum.IntEnum):
    """Exit codes shared by every command."""

    OK = 0
    DATA = 1  # a problem in the plan or records, or something still owed
    USAGE = 2  # a mistake on the command line
    INTERRUPTED = 130  # Ctrl-C


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file, with where it is."""

    path: str
    line: int | None
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """``file:line: message`` on one line; control characters, line breaks
        and escape sequences quoted from a file are shown, never sent."""
        from sli_cli.core.text import printable_line

        where = self.path if self.line is None else f"{self.path}:{self.line}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return printable_line(f"{where}: {prefix}{self.message}")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity.value,
            "message": self.message,
        }


class SliError(Exception):
    """An error that ends a command with a clear message and an exit code."""

    code: ExitCode = ExitCode.DATA

    def __init__(self, message: str, code: ExitCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class UsageError(SliError):
    """A command line that cannot work as given (raised by ``sli_cli.cli`` only)."""

    code = ExitCode.USAGE


class InputError(SliError):
    """Something a person gave is wrong: ``value`` for ``field``.

    ``field`` says what the value is (``"month"``, ``"quarter"``, ``"priority"``)
    and never names a command-line option: ``sli_cli.cli.errors`` maps fields
    to options. ``detail`` reads on its own ("'2023-13' is not a month; write
    it like 2023-11"); ``follows_name`` says it reads on after the name of
    what was given ("--month '2023-13' is not a month"); ``defaulted`` is true
    when sli chose the value itself (today's month, say), so the edge can say
    how to give another.
    """

    code = ExitCode.USAGE

    def __init__(self, field: str, value: str, detail: str, *, follows_name: bool = False,
                 defaulted: bool = False) -> None:
        super().__init__(detail)
        self.field = field
        self.value = value
        self.detail = detail
        self.follows_name = follows_name
        self.defaulted = defaulted


class BadValue(InputError):
    """A value that cannot be read, or is not allowed: ``reason`` says why."""

    def __init__(self, field: str, value: str, reason: str, *, quote: bool = True) -> None:
        self.reason = reason
        shown = repr(value) if quote else value
        super().__init__(field, value, f"{shown} {reason}", follows_name=True)


class NotFound(InputError):
    """No ``kind`` with the id ``value``; ``nearest`` is the closest id there is.

    ``known`` lists every id when they are few enough to show.
    """

    def __init__(self, kind: str, value: str, nearest: str | None = None,
                 known: Sequence[str] = (), *, field: str | None = None) -> None:
        self.kind = kind
        self.nearest = nearest
        self.known = tuple(known)
        detail = f"no {kind} {value!r} in this plan"
        if nearest:
            detail += f" (did you mean '{nearest}'?)"
        if self.known:
            detail += f"; the plan's {_plural(kind)} are {', '.join(self.known)}"
        super().__init__(field or kind, value, detail)


class OutOfPeriod(InputError):
    """A quarter, month or date outside the plan period (``period``), or, with
    ``started``, one that has not started yet (``started`` names the current one)."""

    def __init__(self, field: str, value: str, period: str, *, started: str | None = None,
                 defaulted: bool = False) -> None:
        self.period = period
        self.started = started
        if started is not None:
            detail = f"{value} has not started yet (today is in {started})"
        else:
            detail = f"{value} is outside the plan period ({period})"
        super().__init__(field, value, detail, follows_name=True, defaulted=defaulted)


class AddressInCirculation(InputError):
    """An email address (``address``) where a circulation names roles or
    lists: a personal address is kept only when given as an address."""

    def __init__(self, value: str, address: str) -> None:
        from sli_cli.core.text import printable

        super().__init__("circulation", value,
                         f"'{printable(value)}' holds the email address "
                         f"'{printable(address)}'; the circulation names roles or lists "
                         "(e.g. 'All DsPH in the region'), and a personal address is kept "
                         "only when given as an address")
        self.address = address


class AlreadyRecorded(SliError):
    """A meeting of ``priority`` for ``quarter`` (its label) is recorded at
    ``path``: recording it again would be an amendment."""

    def __init__(self, priority: str, quarter: str, path: str) -> None:
        super().__init__(f"a meeting of {priority} {quarter} is already recorded ({path})")
        self.priority = priority
        self.quarter = quarter
        self.path = path


class NothingToAmend(SliError):
    """An amendment of a meeting that was never recorded."""

    def __init__(self, priority: str, quarter: str) -> None:
        super().__init__(f"there is no meeting of {priority} {quarter} to amend")
        self.priority = priority
        self.quarter = quarter


class EditorInterrupted(KeyboardInterrupt):
    """Ctrl-C, or a closed terminal, while the editor was open; ``kept`` is
    where the text saved in it so far was left (None when nothing was saved
    beyond what it was given)."""

    def __init__(self, kept: Path | None) -> None:
        super().__init__()
        self.kept = kept


class EditorError(SliError):
    """The person's editor could not be used; ``kept`` is where their text was
    left, if anywhere."""

    code = ExitCode.USAGE

    def __init__(self, message: str, *, kept: Path | None = None) -> None:
        super().__init__(message)
        self.kept = kept


class PlanNotFound(SliError):
    """No plan folder could be found; ``source`` says where sli looked
    (``"option"``, ``"environment"`` or ``"search"``) so the edge can advise."""

    code = ExitCode.USAGE

    def __init__(self, message: str, source: str = "search") -> None:
        super().__init__(message)
        self.source = source


def _plural(kind: str) -> str:
    return kind[:-1] + "ies" if kind.endswith("y") else kind + "s"


class PlanProblems(SliError):
    """The plan or its records have one or more problems."""

    code = ExitCode.DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_sort_key)
        super().__init__("\n".join(p.format() for p in self.problems))


def _problem_sort_key(p: Problem) -> tuple[str, int, str]:
    return (p.path, p.line or 0, p.message)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=_problem_sort_key)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
