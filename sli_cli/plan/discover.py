"""Finding the plan folder a command works on.

In order: ``--plan DIR``; the ``SLI_PLAN`` environment variable; the nearest
``plan.toml`` in the current folder or its parents (as git finds ``.git``);
the single plan under ``./plans/``.
"""

from __future__ import annotations

import os
from pathlib import Path

from sli_cli.core.errors import PlanNotFound, display_path
from sli_cli.plan.loader import PLAN_FILE


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
            names = ", ".join(display_path(p) for p in found)
            raise PlanNotFound(f"several plans under ./plans ({names})", "several")
    raise PlanNotFound(f"no plan found in {here} or its parents", "search")


def _explicit(path: Path, source: str) -> Path:
    if path.name == PLAN_FILE and path.is_file():
        path = path.parent
    if not path.exists():
        raise PlanNotFound(f"{path} does not exist", source)
    if not (path / PLAN_FILE).is_file():
        raise PlanNotFound(f"{path} has no {PLAN_FILE}", source)
    return path
