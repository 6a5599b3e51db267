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
which fails if the name exists. A crash leaves either the whole record or
nothing (and perhaps a ``.tmp`` file that no reader looks at); an existing
record is never replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from sli_cli.core.errors import Problem, SliError, display_path
from sli_cli.records.kind import RecordKind
from sli_cli.records.kinds import all_kinds, kind_of

PLAN_FILE = "plan.toml"
STATE = ".sli"
ID_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud safely


class WriteError(SliError):
    """A record could not be written; nothing was changed."""


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


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data`` atomically; never replace an existing file."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.link(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        _fsync_dir(folder)
    except FileExistsError:
        raise WriteError(f"{display_path(path)} already exists; nothing was written") from None
    except OSError as exc:
        raise WriteError(_os_message(path, exc)) from None


def replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` atomically, replacing it if present (drafts, exports)."""
    replace_file_with(path, lambda handle: handle.write(data))


def replace_file_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Like ``replace_file``, with ``write`` streaming the content into the
    temporary file (a large cache need not be held in memory twice)."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            with os.fdopen(fd, "wb") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        _fsync_dir(folder)
    except OSError as exc:
        raise WriteError(_os_message(path, exc)) from None


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _os_message(path: Path, exc: OSError) -> str:
    where = display_path(path)
    if exc.errno == errno.ENOSPC:
        return f"cannot write {where}: the disk is full; nothing was written"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {where}: permission denied (read-only folder?); nothing was written"
    return f"cannot write {where}: {exc.strerror or exc}; nothing was written"


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the plan folder's write lock (other writers wait)."""
    import fcntl

    state = folder / STATE
    try:
        state.mkdir(exist_ok=True)
        fd = os.open(state / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise WriteError(_os_message(state / "lock", exc)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def new_id(prefix: str, taken: set[str], rng: Callable[[int], int] | None = None) -> str:
    """A short id like ``A3F9K`` not in ``taken``."""
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
    write_new(path, dump_toml(kind_of(record).to_toml(record)))
    return path


def protected_paths(folder: Path) -> list[Path]:
    """What no output file may ever be or be inside of: the plan, the state
    folder and every kind's folder."""
    return [folder / PLAN_FILE, folder / STATE] + [folder / kind.folder for kind in all_kinds()]


# -- reading ----------------------------------------------------------------
def list_record_files(folder: Path) -> list[tuple[RecordKind[Any], str]]:
    """(kind, path relative to the folder) of every record file, in a stable order.

    Names starting with a dot (temporary files of an interrupted write) are skipped.
    """
    found: list[tuple[RecordKind[Any], str]] = []

    def names(relative: str, *, folders: bool) -> list[str]:
        try:
            with os.scandir(folder / relative) as entries:
                return sorted(e.name for e in entries if not e.name.startswith(".") and (
                    e.is_dir() if folders else e.name.endswith(".toml")))
        except (FileNotFoundError, NotADirectoryError):
            return []

    for kind in all_kinds():
        subfolders = names(kind.folder, folders=True) if kind.nested else [""]
        for sub in subfolders:
            relative = f"{kind.folder}/{sub}" if sub else kind.folder
            found += [(kind, f"{relative}/{n}") for n in names(relative, folders=False)]
    return found


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
