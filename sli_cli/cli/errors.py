"""Domain errors as the command line shows them: the one place that knows
which option gives which field, what advice goes with an error, and its exit
code. The library below ``cli/`` never names an option."""

from __future__ import annotations

from collections.abc import Sequence

from sli_cli.core.errors import (
    AddressInCirculation,
    AlreadyRecorded,
    ExitCode,
    InputError,
    NotFound,
    NothingToAmend,
    PlanNotFound,
    PlanProblems,
    SliError,
)

# The option that gives each field an ``InputError`` can carry.
OPTIONS: dict[str, str] = {
    "address": "--to-address",
    "as of": "--as-of",
    "change note": "--change-note",
    "circulation": "--to",
    "council": "--council",
    "date": "--date",
    "foreword": "--foreword",
    "kind": "--kind",
    "link": "--link",
    "month": "--month",
    "objective": "--objective",
    "plan id": "--id",
    "priority": "--priority",
    "quarter": "--quarter",
    "rating": "--rag",
    "status": "--status",
    "text": "--text",
    "title": "--title",
    "year": "--year",
}

# The short forms of those options, the same in every command that has one.
SHORT: dict[str, str] = {"--date": "-d", "--priority": "-p", "--quarter": "-q"}

# What to try next when an id is not found, by kind.
SEE: dict[str, str] = {
    "action": "see: sli actions --all",
    "objective": "see: sli objective list",
    "project": "see: sli project list",
    "support ask": "see: sli support list",
}

HOW_TO_CREATE = (
    "create one with 'sli init DIR' (or 'sli init DIR --example' for the bundled example), "
    "or name one with --plan DIR or the SLI_PLAN environment variable"
)
PLAN_SOURCES = {"option": "--plan", "environment": "SLI_PLAN"}


def message(exc: SliError, args: Sequence[str] = ()) -> str:
    """The text to print for ``exc``, given the command line ``args``."""
    if isinstance(exc, PlanProblems):
        return exc.message  # located problems already start with file:line
    return "sli: " + detail(exc, args)


def detail(exc: SliError, args: Sequence[str] = ()) -> str:
    """What went wrong and what to do, without the ``sli:`` prefix."""
    if isinstance(exc, PlanNotFound):
        return _plan_not_found(exc)
    if isinstance(exc, InputError):
        text = _input(exc, args)
        if isinstance(exc, AddressInCirculation):
            text += "; to record a personal address on purpose, give it with --to-address"
        return text
    if isinstance(exc, AlreadyRecorded):
        return (f"{exc.message}; to change it use: sli meeting record --amend "
                f"--priority {exc.priority} --quarter '{exc.quarter}'")
    if isinstance(exc, NothingToAmend):
        return f"{exc.message}; record it without --amend"
    return exc.message


def exit_code(exc: SliError) -> int:
    """The exit code for ``exc``: 2 for input a person gave, else its own."""
    if isinstance(exc, InputError | PlanNotFound):
        return int(ExitCode.USAGE)
    return int(exc.code)


def option_for(field: str) -> str | None:
    return OPTIONS.get(field)


def _input(exc: InputError, args: Sequence[str]) -> str:
    text = exc.detail
    option = OPTIONS.get(exc.field)
    if isinstance(exc, NotFound):
        pass  # "no priority 'P9' in this plan" names what it is about
    elif option is not None and _given(option, args):
        text = f"{option}{' ' if exc.follows_name else ': '}{text}"
    elif option is not None and exc.defaulted:
        text += f"; give the {exc.field} with {option}"
    if isinstance(exc, NotFound) and exc.kind in SEE:
        text += f"; {SEE[exc.kind]}"
    return text


def _plan_not_found(exc: PlanNotFound) -> str:
    if exc.source == "several":
        return f"{exc.message}; choose one with --plan DIR or SLI_PLAN"
    source = PLAN_SOURCES.get(exc.source)
    prefix = f"{source}: " if source else ""
    return f"{prefix}{exc.message}; {HOW_TO_CREATE}"


def _given(option: str, args: Sequence[str]) -> bool:
    """Whether ``option`` is on the command line (``--month X`` or
    ``--month=X``, or its short form: ``-q X`` or ``-qX``)."""
    short = SHORT.get(option)
    return any(a == option or a.startswith(option + "=")
               or (short is not None and a.startswith(short) and not a.startswith("--"))
               for a in args)
