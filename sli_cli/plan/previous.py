"""Where the plan before this one is: ``previous_plan`` in ``plan.toml``.

It is optional, and only ever read, to show a carried objective's history.
What is allowed: a relative path that goes up out of this plan's folder once
and then down by plain folder names, e.g. ``../sw-2022-24`` (a folder beside
this one) or ``../archive/sw-2022-24``: the plan before sits under the same
parent folder as this one (as resolved), never inside this plan's folder nor
anywhere else on the machine. No folder on the way may be a symbolic link, and
its ``plan.toml`` must be a regular file: sli follows no link out of a plan.
Anything else is a warning (the history is then not shown), never an error.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from sli_cli.core.errors import Problem, Severity, display_path
from sli_cli.plan.loader import PLAN_FILE
from sli_cli.plan.model import Plan

NO_HISTORY = "carried objectives are shown without their earlier history"


class PreviousPlanError(Exception):
    """Why the plan before cannot be read (one clause, without the field name)."""


def _parts(written: str) -> tuple[str, ...] | None:
    """The folder names after the leading ``..``, or None when ``written``
    is not of the allowed form."""
    parts = PurePosixPath(written.replace("\\", "/")).parts
    if not parts or parts[0] != ".." or len(parts) < 2 \
            or any(p in ("", ".", "..") or p.endswith(":") for p in parts[1:]):
        return None
    return parts[1:]


def allowed(written: str) -> bool:
    """Whether ``written`` has the form ``previous_plan`` allows (``../NAME``,
    ``../folder/NAME``), whatever is on disk."""
    return _parts(written) is not None


def previous_folder(folder: Path, written: str) -> Path:
    """The folder of the plan before, ``written`` relative to ``folder``;
    raises ``PreviousPlanError`` saying why it cannot be used."""
    parts = _parts(written)
    if parts is None:
        raise PreviousPlanError(
            f"{written!r} is not a folder beside this plan's; write it relative to this plan's "
            "folder, e.g. '../sw-2022-24'")
    here = folder.resolve()
    current = here.parent
    for part in parts:
        current = current / part
        try:
            st = os.lstat(current)
        except OSError:
            raise PreviousPlanError(f"no plan.toml in {written!r} (relative to this plan's "
                                    "folder)") from None
        if stat.S_ISLNK(st.st_mode):
            raise PreviousPlanError(f"{_shown(current)} is a symbolic link; sli does "
                                    "not follow a link out of a plan folder")
        if not stat.S_ISDIR(st.st_mode):
            raise PreviousPlanError(f"{_shown(current)} is not a folder")
    if current == here:
        raise PreviousPlanError(f"{written!r} is this plan's own folder")
    try:
        st = os.lstat(current / PLAN_FILE)
    except OSError:
        raise PreviousPlanError(f"no plan.toml in {written!r} (relative to this plan's "
                                "folder)") from None
    if stat.S_ISLNK(st.st_mode):
        raise PreviousPlanError(f"{_shown(current / PLAN_FILE)} is a symbolic link; sli "
                                "does not follow a link out of a plan folder")
    if not stat.S_ISREG(st.st_mode):
        raise PreviousPlanError(f"{_shown(current / PLAN_FILE)} is not a file")
    return current


def _shown(path: Path) -> str:
    """``path`` as typed from the current folder, its last part not resolved
    (it may be the link being reported)."""
    return os.path.join(display_path(path.parent), path.name)


def previous_problem(folder: Path, plan: Plan) -> Problem | None:
    """A warning when the plan names a plan before that cannot be read."""
    if not plan.previous_plan:
        return None
    try:
        before = previous_folder(folder, plan.previous_plan)
    except PreviousPlanError as exc:
        return warning(folder, str(exc))
    return _overlap(folder, plan, before)


def _overlap(folder: Path, plan: Plan, before: Path) -> Problem | None:
    """A warning when this plan starts before the plan before has ended: the
    two plans report the same quarters."""
    from sli_cli.plan.loader import read_plan

    old, _ = read_plan(before)
    if old is None or plan.start > old.end:
        return None
    return Problem(display_path(folder / PLAN_FILE), None,
                   f"this plan starts in {plan.label(plan.start)}, before the plan before "
                   f"({old.id}) ends in {old.label(old.end)}: both report "
                   f"{plan.label(plan.start)} to {old.label(min(old.end, plan.end))}; "
                   "a carried objective's history is taken only from the quarters before "
                   "this plan's start", Severity.WARNING)


def warning(folder: Path, reason: str) -> Problem:
    """``plan.toml: warning: previous_plan: <reason>; carried objectives are
    shown without their earlier history``."""
    return Problem(display_path(folder / PLAN_FILE), None, f"previous_plan: {reason}; "
                   f"{NO_HISTORY}", Severity.WARNING)
