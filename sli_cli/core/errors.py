"""Typed domain errors, exit codes, and located problems.

Domain code raises these; the command-line edge (``sli_cli.cli.main``) is the
one place that turns them into a message on stderr and an exit code.
"""

from __future__ import annotations

import enum
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
    """Something the user typed on the command line is wrong."""

    code = ExitCode.USAGE


class PlanNotFound(UsageError):
    """No plan folder could be found."""


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
