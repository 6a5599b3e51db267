"""The plan folder on disk: where records live, how they are written, listed
and read one by one.

Layout (all paths relative to the plan folder)::

    plan.toml                             hand-written; sli never writes it
    meetings/2023-24-Q2/P2.k3f9mq2x.toml  a meeting record (one version; the end is its uid)
    meetings/2023-24-Q2/P2.r7tw4hna.toml  an amendment of that meeting
    actions/A3F9K.m2xq8vbe.toml           the completion of action A3F9K
    events/E7KQ2.p4zn6tds.toml            an event for the snapshot
    updates/U2M4X.h8ck3wuy.toml           a project, news or national update
    .sli/lock                             taken while writing
    .sli/drafts/                          answers kept when a recording did not finish

Records written before uids (``P2.toml``, ``P2.v2.toml``, ``actions/A3F9K.toml``)
are read as they are.

Each kind of record, with its folder and file names, is declared once in
``sli_cli.records.kinds``; this module reads that table.

Every write creates a new file: the record goes to a temporary file in the
same folder, is flushed and fsync'd, then linked into place with ``os.link``,
which fails if the name exists (``sli_cli.records.files`` has the details and
the fallbacks). A crash leaves either the whole record or nothing (and perhaps
a ``.tmp`` file that no reader looks at); an existing record is never
replaced. No folder of the layout may be a symbolic link.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sli_cli.core.errors import Problem, display_path
from sli_cli.records.collection import join_display
from sli_cli.records.files import SYMLINK_REFUSED, is_symlink

# The file primitives live in ``files``; callers keep importing them from here.
from sli_cli.records.files import WriteError as WriteError
from sli_cli.records.files import locked as locked
from sli_cli.records.files import replace_file as replace_file
from sli_cli.records.files import replace_file_with as replace_file_with
from sli_cli.records.files import write_new as write_new
from sli_cli.records.kind import RecordKind
from sli_cli.records.kinds import all_kinds, kind_of

PLAN_FILE = "plan.toml"
STATE = ".sli"
ID_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud safely


# -- atomic writing ---------------------------------------------------------
def dump_toml(doc: dict[str, Any]) -> bytes:
    import tomli_w  # only commands that write need it

    # Multi-line strings read best, but TOML turns a CRLF inside one into LF;
    # a record holding a carriage return is written with escapes instead.
    multiline = not _has_carriage_return(doc)
    return tomli_w.dumps(doc, multiline_strings=multiline).encode("utf-8")


def _has_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_has_carriage_return(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_carriage_return(v) for v in value)
    return False


def new_id(prefix: str, taken: set[str], rng: Callable[[int], int] | None = None) -> str:
    """A short id like ``A3F9K`` not in ``taken``."""
    import secrets  # writing only: reading commands never load it

    choose = rng or secrets.randbelow
    while True:
        candidate = prefix + "".join(ID_ALPHABET[choose(len(ID_ALPHABET))] for _ in range(4))
        if candidate not in taken:
            return candidate


# -- paths ----------------------------------------------------------------
def record_path(folder: Path, record: object) -> Path:
    """Where a record's file goes."""
    return folder / kind_of(record).path(record)


def write_record(folder: Path, record: object) -> Path:
    """Write a new record file; refuse if its file already exists."""
    path = record_path(folder, record)
    write_new(path, dump_toml(kind_of(record).to_toml(record)), within=folder)
    return path


def protected_paths(folder: Path) -> list[Path]:
    """What no output file may ever be or be inside of: the plan, the state
    folder and every kind's folder."""
    return [folder / PLAN_FILE, folder / STATE] + [folder / kind.folder for kind in all_kinds()]


# -- reading ----------------------------------------------------------------
def list_record_files(folder: Path) -> list[tuple[RecordKind[Any], str]]:
    """(kind, path relative to the folder) of every record file, in a stable order.

    Names starting with a dot (temporary files of an interrupted write) are
    skipped, and so are folders that are symbolic links or unreadable (see
    ``folder_problems``).
    """
    found: list[tuple[RecordKind[Any], str]] = []
    for kind, relative in _record_folders(folder):
        found += [(kind, f"{relative}/{n}") for n in _names(folder, relative, folders=False)]
    return found


def _names(folder: Path, relative: str, *, folders: bool) -> list[str]:
    """The record files (or, with ``folders``, the sub-folders, links among
    them) in ``relative``; none when it is a link, missing or unreadable."""
    if is_symlink(folder / relative):
        return []
    try:
        with os.scandir(folder / relative) as entries:
            return sorted(e.name for e in entries if not e.name.startswith(".") and (
                (e.is_dir() or e.is_symlink()) if folders else e.name.endswith(".toml")))
    except OSError:  # missing, not a folder, unreadable: see ``folder_problems``
        return []


def _record_folders(folder: Path) -> list[tuple[RecordKind[Any], str]]:
    """Every folder that holds records of a kind (``meetings/2023-24-Q2``)."""
    found: list[tuple[RecordKind[Any], str]] = []
    for kind in all_kinds():
        if kind.nested:
            found += [(kind, f"{kind.folder}/{sub}")
                      for sub in _names(folder, kind.folder, folders=True)]
        else:
            found.append((kind, kind.folder))
    return found


def folder_problems(folder: Path) -> list[Problem]:
    """A problem for each record folder that is a symbolic link (sli reads and
    writes nothing through one: it could lead out of the plan folder) or that
    cannot be read."""
    prefix = display_path(folder)
    problems = []
    nested = [f"{kind.folder}/{sub}" for kind in all_kinds() if kind.nested
              for sub in _names(folder, kind.folder, folders=True)]
    for rel in [*(kind.folder for kind in all_kinds()), *nested, STATE, f"{STATE}/drafts",
                f"{STATE}/lock"]:
        where = join_display(prefix, rel)
        if is_symlink(folder / rel):
            problems.append(Problem(where, None, SYMLINK_REFUSED))
        elif not rel.startswith(STATE) and (folder / rel).is_dir():
            try:
                with os.scandir(folder / rel):
                    pass
            except OSError as exc:
                problems.append(Problem(where, None, f"cannot be read: "
                                        f"{(exc.strerror or str(exc)).lower()}"))
    return problems


def parse_record_file(folder: Path, kind: RecordKind[Any], relative: str,
                      where: str) -> tuple[Any, list[Problem]]:
    """Read and parse one record file; (record or None, problems)."""
    path = folder / relative
    if path.is_symlink():
        try:
            path.resolve(strict=True).relative_to(folder.resolve())
        except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
            return None, [Problem(where, None, "is a symbolic link to outside the plan "
                                  "folder (or to nothing); sli only reads records inside it")]
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            # A folder, a pipe or a device: reading a pipe would wait for ever.
            return None, [Problem(where, None, "is not a regular file")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(where, None, f"cannot read: {exc.strerror or exc}")]
    return kind.parse(data, where)
