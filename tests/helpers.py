"""Shared test helpers: run sli in-process or as a process, small plans, folder snapshots."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sli_cli.plan.model import Plan
    from sli_cli.records.collection import Records

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "plans" / "south-west"

SMALL_PLAN = textwrap.dedent("""\
    schema_version = 1
    id = "tiny"
    title = "Tiny SLI Plan"
    network = "South West"
    start = "2022/23 Q1"
    end = "2023/24 Q4"
    sli_lead = "DPH, Wiltshire"
    coordinator = "SW SLI co-ordinator"

    [[priorities]]
    id = "P1"
    title = "Suicide prevention"
    dph_lead = "DPH, Devon"
    deputy_lead = "DPH, Torbay"

    [[priorities]]
    id = "P2"
    title = "Tobacco control"
    dph_lead = "DPH, Somerset"

    [[objectives]]
    id = "KO1"
    priority = "P1"
    title = "Real-time surveillance"
    lead = "DPH, Devon"

    [[objectives.outputs]]
    title = "Data-sharing agreement signed"
    due = "2022/23 Q3"

    [[objectives]]
    id = "KO2"
    priority = "P1"
    title = "Bereavement support"
    lead = "DPH, Torbay"

    [[objectives]]
    id = "KO3"
    priority = "P2"
    title = "Youth vaping"
    lead = "DPH, Somerset"
    """)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def write_plan(folder: Path, text: str = SMALL_PLAN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# What sli (or Rich, Click, an editor launcher) reads from the environment.
# A test never inherits these from the shell it was started from.
AMBIENT_PREFIXES = ("SLI_", "XDG_", "_SLI_")
AMBIENT_NAMES = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM", "EDITOR", "VISUAL",
                 "CLICOLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
                 "JUPYTER_COLUMNS", "JUPYTER_LINES", "PYTHONSTARTUP")


def is_ambient(name: str) -> bool:
    """True for a variable sli's behaviour depends on (tests pin or clear it)."""
    return name.startswith(AMBIENT_PREFIXES) or name in AMBIENT_NAMES


def pinned_environment(root: Path) -> dict[str, str]:
    """The variables every test runs with: its own home and cache under ``root``."""
    home = root / ".home"
    return {
        "HOME": str(home),
        "USERPROFILE": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "SLI_CACHE_DIR": str(root / ".cache-sli"),
        "SLI_USER": "tester",
        "NO_COLOR": "1",
        "COLUMNS": "80",
        "TERM": "dumb",
    }


# Set by the ``isolation`` fixture for the test running now.
PINNED: dict[str, str] = {}


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment of an ``sli`` process a test starts: the test's own home
    and cache, nothing inherited that sli reads, this checkout on the path."""
    env = {k: v for k, v in os.environ.items() if not is_ambient(k)}
    env.update(PINNED or {"NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb"})
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


def run_process(*args: str, cwd: Path | None = None, input: str | None = None,
                env: dict[str, str] | None = None, timeout: float = 60) -> Result:
    """Run ``python -m sli_cli ARGS`` as a separate process."""
    proc = subprocess.run(
        [sys.executable, "-m", "sli_cli", *args],
        cwd=cwd, input=input, capture_output=True, text=True,
        env=env or subprocess_env(), timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def load_plan(folder: Path) -> Plan:
    """The plan in ``folder``; fails the test, with its problems, when it has errors."""
    from sli_cli.core.errors import Severity
    from sli_cli.plan.loader import read_plan

    plan, problems = read_plan(folder)
    errors = [p.format() for p in problems if p.severity is Severity.ERROR]
    assert plan is not None and not errors, errors
    return plan


def load_records(folder: Path) -> Records:
    """The records in ``folder``; fails the test, with its problems, when there are any."""
    from sli_cli.records.load import read_records

    records, problems = read_records(folder)
    assert not problems, [p.format() for p in problems]
    return records


def written(folder: Path, stem: str) -> Path:
    """The one file sli wrote for ``stem`` (``meetings/2023-24-Q1/P1``,
    ``actions/AC7HS``): its name carries a unique suffix, ``P1.k3f9mq2x.toml``."""
    found = sorted((folder / stem).parent.glob(f"{Path(stem).name}.*.toml"))
    assert len(found) == 1, found
    return found[0]


def shown(folder: Path, path: Path) -> str:
    """``path`` as sli shows it, from the folder above ``folder`` (``p/...``)."""
    return path.relative_to(folder.parent).as_posix()
