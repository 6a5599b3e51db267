"""A plan folder shared through git: sli's own working files stay out of it.

``.sli/`` holds the write lock and unfinished drafts: they belong to one
machine, so a new plan gets a ``.gitignore`` for them and ``sli check`` warns
when git tracks them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sli_cli.core.errors import Problem, Severity, display_path
from sli_cli.records.store import STATE, write_new

GITIGNORE = (f"# sli's own working files (the write lock, unfinished drafts) belong to\n"
             f"# one machine: never share them.\n{STATE}/\n")


def write_gitignore(folder: Path) -> None:
    """Give a new plan folder a ``.gitignore`` for ``.sli/`` (unless it has one)."""
    path = folder / ".gitignore"
    if not path.exists():
        write_new(path, GITIGNORE.encode("utf-8"))


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def tracked_state(folder: Path) -> list[Problem]:
    """A warning when git tracks files under ``.sli/`` (only asked when git is
    installed; outside a git work tree ``git ls-files`` fails and nothing is
    reported)."""
    if shutil.which("git") is None:
        return []
    listed = [name for name in (_git(folder, "ls-files", "-z", STATE) or "").split("\0")
              if name]
    if not listed:
        return []
    count = f"{len(listed)} file{'s' if len(listed) != 1 else ''}"
    return [Problem(display_path(folder / STATE), None,
                    f"is tracked by git ({count}): sli's lock and drafts belong to one machine "
                    f"and would reach everyone who pulls; untrack the folder in git (keeping "
                    f"the files) and keep the line '{STATE}/' in .gitignore: docs/sharing.md "
                    f"shows how",
                    Severity.WARNING)]
