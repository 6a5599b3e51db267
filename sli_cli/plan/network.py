"""A network file (``network.toml``): the regions whose plans the national
ADPH SLI board reads together, and the themes their objectives share.

::

    schema_version = 1
    name = "ADPH SLI national roll-up"

    [themes]                      # the tags plans may use, with their names
    tobacco = "Tobacco control and vaping"
    suicide-prevention = "Suicide prevention"

    [[regions]]
    name = "South West"
    plan = "south-west"           # a plan folder, relative to this file

Reading is strict, with every problem located, like ``plan.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sli_cli.core.errors import Problem, display_path
from sli_cli.plan.model import tag_problem
from sli_cli.plan.tomlsource import open_fields, suggest

NETWORK_FILE = "network.toml"
NETWORK_SCHEMA_VERSION = 1
MAX_NETWORK_BYTES = 1_000_000


@dataclass(frozen=True)
class Region:
    """A region of the network and where its plan folder is."""

    name: str
    folder: Path
    line: int | None = None


@dataclass(frozen=True)
class Network:
    """The regions read together, and the vocabulary of themes."""

    name: str
    regions: tuple[Region, ...]
    themes: dict[str, str]
    source: Path | None = None

    def theme_name(self, tag: str) -> str:
        return self.themes.get(tag, tag)


def network_of_folders(folders: list[Path]) -> Network:
    """A network made of plan folders named on the command line (no themes
    vocabulary: every tag the plans use is a theme)."""
    regions = tuple(Region(name=display_path(f), folder=f) for f in folders)
    return Network(name="Regions", regions=regions, themes={})


def read_network(path: Path) -> tuple[Network | None, list[Problem]]:
    """The network described by ``path`` and every problem found in it."""
    where = display_path(path)
    try:
        if path.stat().st_size > MAX_NETWORK_BYTES:
            return None, [Problem(where, None, f"the file is larger than "
                                               f"{MAX_NETWORK_BYTES:,} bytes")]
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(where, None, "no such network file")]
    except IsADirectoryError:
        return None, [Problem(where, None, "is a folder, not a network file")]
    except OSError as exc:
        return None, [Problem(where, None, f"cannot read: {exc.strerror}")]
    top, problems = open_fields(data, where)
    if top is None:
        return None, problems
    version = top.integer("schema_version")
    if "schema_version" in top.table and version != NETWORK_SCHEMA_VERSION:
        top.problem(f"schema_version {version} is not supported by this sli (it reads "
                    f"{NETWORK_SCHEMA_VERSION})", "schema_version")
    name = top.string("name")
    themes: dict[str, str] = {}
    table = top.table_("themes")
    if table is not None:
        f = top.child("themes", None, table, "themes")
        for tag in table:
            description = f.string(tag)
            if why := tag_problem(tag):
                f.problem(why, tag)
            else:
                themes[tag] = description.strip() or tag
    regions: list[Region] = []
    seen: dict[str, int | None] = {}
    base = path.parent
    for index, entry in enumerate(top.tables("regions", required=True)):
        f = top.child("regions", index, entry, f"region {entry.get('name', index + 1)}")
        region_name = f.string("name")
        plan = f.string("plan")
        if region_name in seen:
            f.problem(f"region {region_name!r} is already listed on line {seen[region_name]}",
                      "name")
        seen.setdefault(region_name, f.line("name"))
        f.finish()
        if region_name and plan:
            regions.append(Region(region_name, base / plan, f.line()))
    top.finish()
    if not regions and not any(p.line for p in problems):
        top.problem("the network lists no regions; add a [[regions]] table per region")
    return Network(name=name, regions=tuple(regions), themes=themes, source=path), problems


def unknown_tags(network: Network, tags: set[str]) -> list[str]:
    """Tags a plan uses that the network's vocabulary does not define, each
    with the nearest known tag."""
    if not network.themes:
        return []
    return [f"{t}{suggest(t, list(network.themes))}" for t in sorted(tags - set(network.themes))]
