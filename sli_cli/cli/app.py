"""The ``sli`` command tree. Each command lives in its own module; heavy
imports (Rich, tomli-w) happen inside commands, never here.

A run builds only the command it was asked for (``build_app(only=...)``):
importing every command module and building every command costs tens of
milliseconds that ``sli status`` has no use for. ``app`` is the whole tree.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer

from sli_cli import __version__

# In the order a co-ordinator meets them: set up, record, read, report.
# name: (module in sli_cli.cli, attribute, whether it is a group of commands)
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "init": ("init", "init", False),
    "import": ("importing", "import_tracker", False),
    "check": ("check", "check", False),
    "meeting": ("meeting", "app", True),
    "actions": ("actions", "actions", False),
    "output": ("outputs", "app", True),
    "action": ("actions", "action_app", True),
    "support": ("support", "app", True),
    "due": ("due", "due", False),
    "status": ("status", "status", False),
    "history": ("history", "history", False),
    "objective": ("objective", "app", True),
    "event": ("items", "event_app", True),
    "update": ("items", "update_app", True),
    "project": ("project", "app", True),
    "snapshot": ("documents", "snapshot", False),
    "report": ("documents", "report", False),
    "export": ("documents", "export", False),
    "edition": ("edition", "app", True),
    "network": ("network", "app", True),
    "help": ("topics", "help_topic", False),
    "pack": ("pack", "pack", False),
    "site": ("site", "site", False),
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sli {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Track a regional Sector-Led Improvement (SLI) action plan.

    Record quarterly meetings, see where the plan stands, draft the monthly
    snapshot. Every command works on a plan folder (see --plan).
    """


def build_app(only: str | None = None) -> typer.Typer:
    """The command tree: every command, or only the one named ``only``."""
    tree = typer.Typer(
        name="sli",
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    tree.callback()(_root)
    for name, (module, attribute, group) in COMMANDS.items():
        if only is not None and name != only:
            continue
        target = getattr(importlib.import_module(f"sli_cli.cli.{module}"), attribute)
        if group:
            tree.add_typer(target, name=name)
        else:
            tree.command(name)(target)
    return tree


_whole: list[typer.Typer] = []


def __getattr__(name: str) -> Any:
    if name == "app":
        if not _whole:
            _whole.append(build_app())
        return _whole[0]
    raise AttributeError(name)
