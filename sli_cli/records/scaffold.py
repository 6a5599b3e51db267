"""Creating plan folders: a commented skeleton, or a copy of the bundled example."""

from __future__ import annotations

import shutil
from pathlib import Path

from sli_cli.core.errors import ExitCode, InputError, SliError, display_path
from sli_cli.core.quarters import Quarter
from sli_cli.core.text import toml_string
from sli_cli.plan.loader import PLAN_FILE
from sli_cli.plan.model import DEFAULT_DEFINITIONS, Rating, id_problem
from sli_cli.records.sharing import write_gitignore
from sli_cli.records.store import STATE, write_new

EXAMPLE_NAME = "south-west"


def plan_skeleton(*, plan_id: str, title: str, network: str, start: Quarter, end: Quarter) -> str:
    """A commented ``plan.toml`` that passes ``sli check`` and is ready to fill in."""
    rag_lines = "\n".join(f"{r.value} = {toml_string(DEFAULT_DEFINITIONS[r])}" for r in Rating)
    return f"""\
# An SLI action plan for sli. This file is yours: sli reads it and never
# writes it. Records of meetings, actions, events and updates go into their own
# files in this folder. The format, with a complete example: sli help plan-format
schema_version = 2

id = {toml_string(plan_id)}  # letters, digits, - and _ only
title = {toml_string(title)}
network = {toml_string(network)}  # the regional ADPH network

# The plan period, as financial-year quarters (Q1 = Apr-Jun ... Q4 = Jan-Mar).
start = {toml_string(start.label())}
end = {toml_string(end.label())}
# year_start_month = 4  # first month of the financial year (April)

# People are named by role.
sli_lead = "DPH SLI lead"
coordinator = "SLI co-ordinator"
# contact = "sli@example.org"

# What each rating means in this plan: shown to whoever chooses a rating.
# Remove a line to leave that rating out of the plan's scheme.
[rag]
{rag_lines}

# One [[priorities]] table per priority area.
[[priorities]]
id = "P1"
title = "First priority area"
dph_lead = "DPH, Council name"
# deputy_lead = "DPH, Other council"

# Key objectives are numbered across the whole plan (KO1, KO2, ...).
[[objectives]]
id = "KO1"
priority = "P1"
title = "First key objective"
lead = "DPH, Council name"

# Outputs (deliverables), each due on a date or within a quarter.
[[objectives.outputs]]
title = "First output"
due = {toml_string(end.label())}
"""


def bundled_example() -> Path:
    """Folder of the bundled example plan, in a wheel or in a source checkout."""
    from importlib import resources

    installed = Path(str(resources.files("sli_cli"))) / "example_plan"
    if (installed / PLAN_FILE).is_file():
        return installed
    checkout = Path(__file__).resolve().parents[2] / "plans" / EXAMPLE_NAME
    if (checkout / PLAN_FILE).is_file():
        return checkout
    raise SliError("the bundled example plan is missing from this installation", ExitCode.USAGE)


def _refuse_existing(target: Path) -> None:
    shown = display_path(target)
    if (target / PLAN_FILE).exists():
        raise InputError("folder", shown, f"{display_path(target / PLAN_FILE)} already exists; "
                         "sli init never overwrites a plan")
    if target.exists() and not target.is_dir():
        raise InputError("folder", shown, f"{shown} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise InputError("folder", shown, f"{shown} is not empty; choose a new or empty folder")


def create_plan(target: Path, *, plan_id: str, title: str, network: str, start: Quarter,
                end: Quarter) -> Path:
    """Write a commented skeleton ``plan.toml`` into ``target`` (new or empty)."""
    _refuse_existing(target)
    if why := id_problem(plan_id):
        raise InputError("plan id", plan_id, why)
    if end < start:
        raise InputError("end", end.label(),
                         f"the plan ends ({end.label()}) before it starts ({start.label()})")
    text = plan_skeleton(plan_id=plan_id, title=title, network=network, start=start, end=end)
    path = target / PLAN_FILE
    write_new(path, text.encode("utf-8"))
    write_gitignore(target)
    return path


def write_plan_file(target: Path, text: str) -> Path:
    """Write a drafted ``plan.toml`` (a successor plan) into ``target``, a new
    or empty folder."""
    _refuse_existing(target)
    path = target / PLAN_FILE
    write_new(path, text.encode("utf-8"))
    return path


def copy_example(target: Path) -> Path:
    _refuse_existing(target)
    source = bundled_example()
    staging = target.parent / f".{target.name}.tmp-init"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        shutil.copytree(source, staging, ignore=shutil.ignore_patterns(STATE, "*.tmp",
                                                                        "__pycache__", "*.py"))
        if target.is_dir():
            target.rmdir()
        staging.rename(target)
        write_gitignore(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError("folder", display_path(target), f"cannot create "
                         f"{display_path(target)}: {exc.strerror or exc}") from None
    return target


EXAMPLE_NETWORK = "network.toml"
EXAMPLE_REGIONS = "example-regions"


def bundled_network() -> Path:
    """Folder holding the example network file and its fictional regions."""
    from importlib import resources

    installed = Path(str(resources.files("sli_cli"))) / "example_network"
    if (installed / EXAMPLE_NETWORK).is_file():
        return installed
    checkout = Path(__file__).resolve().parents[2] / "plans"
    if (checkout / EXAMPLE_NETWORK).is_file():
        return checkout
    raise SliError("the bundled example network is missing from this installation",
                   ExitCode.USAGE)


def copy_example_network(target: Path) -> Path:
    """Copy the example network into ``target`` (a new or empty folder): the
    network file, the South West example as ``south-west`` and the fictional
    regions. Returns the new network file."""
    source = bundled_network()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        shown = display_path(target)
        raise InputError("folder", shown, f"{shown} already exists and is not an empty "
                         "folder; choose a new folder")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / EXAMPLE_NETWORK, target / EXAMPLE_NETWORK)
    shutil.copytree(source / EXAMPLE_REGIONS, target / EXAMPLE_REGIONS, symlinks=False,
                    ignore=shutil.ignore_patterns(".sli"))
    shutil.copytree(bundled_example(), target / EXAMPLE_NAME, symlinks=False,
                    ignore=shutil.ignore_patterns(".sli"))
    return target / EXAMPLE_NETWORK
