"""``sli site``: the network's website, built from the plan folder."""


from pathlib import Path
from typing import Annotated

import typer

from sli_cli.cli.options import PlanOption


def write_folder(output: Path, files: dict[str, bytes], force: bool, plan_folder: Path) -> int:
    """Write ``files`` (relative path to bytes) under ``output``, each atomically.

    An existing, non-empty ``output`` is written into only with ``force``, and
    then only sli's own file names are replaced. Never inside the plan's own
    folder, never through a symbolic link. Returns how many files changed.
    """
    from sli_cli.core.errors import UsageError, display_path
    from sli_cli.records.store import replace_file

    target = output.resolve()
    folder = plan_folder.resolve()
    if target == folder or folder in target.parents or target in folder.parents:
        raise UsageError(f"-o {display_path(output)} holds or is inside the plan folder; "
                         "choose a folder of its own")
    if output.exists() and not output.is_dir():
        raise UsageError(f"-o {display_path(output)} is a file; give a folder")
    if output.is_dir() and any(output.iterdir()) and not force:
        raise UsageError(f"{display_path(output)} is not empty; nothing was written "
                         "(add --force to write the site's files over it)")
    for name in files:
        path = output / name
        for part in [path, *path.parents]:
            if part == output.parent:
                break
            if part.is_symlink():
                raise UsageError(f"{display_path(part)} is a symbolic link; sli does not write "
                                 "through links: remove it or choose another folder")
    changed = 0
    for name, data in files.items():
        path = output / name
        if path.is_file() and path.read_bytes() == data:
            continue  # unchanged: keep its time, so a static host sees no change
        replace_file(path, data)
        changed += 1
    return changed


def site(
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="DIR", show_default=False,
        help="The folder to build the site in. A folder that is not empty is kept unless "
        "--force.")],
    public: Annotated[bool, typer.Option(
        "--public", help="Leave out everything marked internal, for a public web page.")
    ] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Write the site's files into DIR even if it is not empty.")] = False,
    plan: PlanOption = None,
) -> None:
    """Build the network's website: static pages to publish or open from disk.

    An index (the plan, its leads, where it stands), a page per priority and
    per objective (its story quarter by quarter), the ratings by quarter, and
    the archive of monthly snapshots, newest first, each with HTML, Word and
    Markdown downloads. Relative links, no scripts, nothing fetched from
    elsewhere; the same plan folder always gives the same files.
    """
    from sli_cli.cli.output import err
    from sli_cli.core.errors import display_path
    from sli_cli.records.workspace import open_workspace
    from sli_cli.render.site import site_files
    from sli_cli.views.site import build_site

    ws = open_workspace(plan)
    files = site_files(build_site(ws.plan, ws.records, public=public))
    changed = write_folder(output, files, force, ws.folder)
    err(f"Wrote {display_path(output)}: {len(files)} files ({changed} changed); "
        f"open {display_path(output / 'index.html')}")
