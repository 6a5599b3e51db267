"""Finding the plan folder a command works on.

In order: ``--plan DIR``; the ``SLI_PLAN`` environment variable; the nearest
``plan.toml`` in the current folder or its parents (as git finds ``.git``);
the single plan under ``./plans/``. Several plans there (two regions, or a
plan and the one after it) are refused with their names and periods: sli
never picks one of them on its own.
"""

from __future__ import annotations

import os
from pathlib import Path

from sli_cli.core.errors import PlanNotFound, display_path
from sli_cli.plan.loader import PLAN_FILE, read_plan


def find_plan(option: str | Path | None = None, cwd: Path | None = None) -> Path:
    """The plan folder to use; raises ``PlanNotFound`` saying where sli looked
    (``option``: the folder given; ``environment``: ``SLI_PLAN``; ``several``:
    more than one plan under ``./plans``; ``search``: none found)."""
    if option:
        return _explicit(Path(option), "option")
    env = os.environ.get("SLI_PLAN")
    if env:
        return _explicit(Path(env), "environment")
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PLAN_FILE).is_file():
            return folder
    plans = here / "plans"
    if plans.is_dir():
        found = sorted(p.parent for p in plans.glob(f"*/{PLAN_FILE}"))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            # Never a guess between them, even when one follows the other:
            # each is named with its period so the person can choose.
            names = [f"{display_path(p)}{_period(p)}" for p in found]
            listed = ", ".join(names[:-1]) + " and " + names[-1]
            raise PlanNotFound(f"several plans under ./plans: {listed}", "several")
    raise PlanNotFound(f"no plan found in {here} or its parents", "search")


def _period(folder: Path) -> str:
    """`` (2022/23 Q1 to 2023/24 Q4)`` for a plan that reads, else nothing."""
    plan, _ = read_plan(folder)
    return f" ({plan.period_label()})" if plan is not None else ""


def _explicit(path: Path, source: str) -> Path:
    if path.name == PLAN_FILE and path.is_file():
        path = path.parent
    if not path.exists():
        raise PlanNotFound(f"{path} does not exist", source)
    if not (path / PLAN_FILE).is_file():
        raise PlanNotFound(f"{path} has no {PLAN_FILE}", source)
    return path
