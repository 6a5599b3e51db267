"""Low-level file primitives for the plan folder: atomic writes that never
replace a record, folders opened without following symbolic links, and the
write lock.

Inside a plan folder, sli never reads or writes through a symbolic link:
``meetings/``, its quarter folders, ``actions/``, ``events/``, ``updates/``,
``.sli/`` and ``.sli/lock`` are opened one component at a time relative to
the folder above (``dir_fd``) with ``O_NOFOLLOW``, so a link planted anywhere
on the way is refused, not followed, even if it appears between a check and
the write. (On systems without ``dir_fd``, Windows, each component is checked
with ``lstat`` first.) The plan folder itself may be a link: the user chose it.

A new record is written to a temporary file in its folder, flushed, fsync'd,
then put in place by a step that fails if the name exists: ``os.link``
(POSIX, and NTFS on Windows); where the file system has no hard links,
``os.rename`` on Windows (which never replaces); else the record is written
under its own name opened with ``O_CREAT | O_EXCL``, flushed and fsync'd.

The lock is a ``filelock`` lock on ``.sli/lock`` (``flock`` on POSIX,
``LockFileEx`` on Windows, a lock file where neither works); a writer that
finds it taken says so, naming the holder's pid, and gives up after
``SLI_LOCK_TIMEOUT`` seconds (default 60).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from sli_cli.core.errors import SliError, display_path

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
DIRECTORY = getattr(os, "O_DIRECTORY", 0)
BINARY = getattr(os, "O_BINARY", 0)
# Descriptor-relative calls (openat, mkdirat, linkat): everywhere but Windows.
DIR_FD = {os.open, os.mkdir, os.link, os.unlink, os.stat} <= os.supports_dir_fd
# Errors meaning "this file system has no hard links", not "the write failed".
NO_LINKS = {errno.EPERM, errno.ENOSYS, errno.EXDEV, errno.EMLINK,
            getattr(errno, "ENOTSUP", -1), getattr(errno, "EOPNOTSUPP", -1)}
# ERROR_INVALID_FUNCTION, ERROR_NOT_SUPPORTED: a Windows volume without hard links (FAT).
NO_LINKS_WINDOWS = {1, 50}
LOCK_NAME = "lock"
OWNER_NAME = "lock.pid"
DEFAULT_LOCK_TIMEOUT = 60.0


class WriteError(SliError):
    """A record could not be written; nothing was changed."""


class SymlinkRefused(WriteError):
    """A folder or file of the plan is a symbolic link; sli does not follow it."""


SYMLINK_REFUSED = ("is a symbolic link; sli never reads or writes through a link inside the "
                   "plan folder (replace it with a real folder or file)")


def symlink_message(where: str) -> str:
    return f"{where} {SYMLINK_REFUSED}"


def os_message(path: Path | str, exc: OSError) -> str:
    where = display_path(Path(path))
    if exc.errno == errno.ENOSPC:
        return f"cannot write {where}: the disk is full; nothing was written"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {where}: permission denied (read-only folder?); nothing was written"
    return f"cannot write {where}: {exc.strerror or exc}; nothing was written"


# -- folders, one component at a time ---------------------------------------
def is_symlink(path: Path | str) -> bool:
    """True when ``path`` itself (not what it points to) is a symbolic link
    (or, on Windows, a junction)."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return False
    if stat.S_ISLNK(st.st_mode):
        return True
    reparse = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0)
    return bool(reparse and getattr(st, "st_file_attributes", 0) & reparse)


def symlinks_on_the_way(base: Path, relative: Sequence[str]) -> str | None:
    """The first of ``base/relative...`` that is a symbolic link, as a path
    relative to ``base``, or None."""
    path = base
    for number, part in enumerate(relative):
        path = path / part
        if is_symlink(path):
            return "/".join(relative[:number + 1])
    return None


@contextlib.contextmanager
def open_folder(base: Path, parts: Sequence[str], *, create: bool,
                mode: int = 0o777) -> Iterator[int | None]:
    """A descriptor of the folder ``base/parts...``, each part created if
    missing (``create``) and none of them a symbolic link; None on systems
    without descriptor-relative calls (the parts are then checked by path)."""
    if not DIR_FD:
        path = base
        for number, part in enumerate(parts):
            path = path / part
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(path, mode)
            if is_symlink(path):
                raise SymlinkRefused(symlink_message(display_path(base / "/".join(
                    parts[:number + 1]))))
        yield None
        return
    fd = os.open(base, os.O_RDONLY | DIRECTORY)
    try:
        for number, part in enumerate(parts):
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, mode, dir_fd=fd)
            try:
                inner = os.open(part, os.O_RDONLY | DIRECTORY | NOFOLLOW, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK) and stat.S_ISLNK(
                        os.stat(part, dir_fd=fd, follow_symlinks=False).st_mode):
                    raise SymlinkRefused(symlink_message(display_path(base.joinpath(
                        *parts[:number + 1])))) from None
                raise
            os.close(fd)
            fd = inner
        yield fd
    finally:
        os.close(fd)


def _split(path: Path, within: Path | None) -> tuple[Path, tuple[str, ...], str]:
    """(base, folder parts checked for links, file name)."""
    try:
        parts = path.relative_to(within).parts if within is not None else ()
    except ValueError:
        parts = ()
    if not parts:
        return path.parent, (), path.name
    assert within is not None
    return within, parts[:-1], parts[-1]


def _at(fd: int | None, base: Path, parts: Sequence[str], name: str) -> str:
    """How to name ``name`` for calls made with ``dir_fd=fd``."""
    return name if fd is not None else str(base.joinpath(*parts, name))


def _fsync_folder(fd: int | None, base: Path, parts: Sequence[str]) -> None:
    with contextlib.suppress(OSError):
        if fd is not None:
            os.fsync(fd)
            return
        own = os.open(base.joinpath(*parts), os.O_RDONLY)
        try:
            os.fsync(own)
        finally:
            os.close(own)


def _write_temporary(fd: int | None, base: Path, parts: Sequence[str], name: str,
                     write: Callable[[BinaryIO], object], mode: int) -> str:
    import secrets  # writing only: reading commands never load it

    tmp = _at(fd, base, parts, f".{name}.{secrets.token_hex(4)}.tmp")
    handle_fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | BINARY, mode,
                        dir_fd=fd)
    try:
        with os.fdopen(handle_fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=fd)
        raise
    return tmp


# -- writing ------------------------------------------------------------------
def write_new(path: Path, data: bytes, *, within: Path | None = None) -> None:
    """Create ``path`` with ``data`` atomically; never replace an existing file.

    With ``within`` (the plan folder), the folders from there to ``path`` are
    created as needed and none may be a symbolic link.
    """
    base, parts, name = _split(path, within)
    try:
        if not parts:
            base.mkdir(parents=True, exist_ok=True)
        with open_folder(base, parts, create=True) as fd:
            tmp = _write_temporary(fd, base, parts, name, lambda h: h.write(data), 0o644)
            try:
                _publish_new(fd, tmp, _at(fd, base, parts, name), data)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp, dir_fd=fd)
            _fsync_folder(fd, base, parts)
    except FileExistsError:
        raise WriteError(f"{display_path(path)} already exists; nothing was written") from None
    except OSError as exc:
        raise WriteError(os_message(path, exc)) from None


def _publish_new(fd: int | None, tmp: str, name: str, data: bytes) -> None:
    """Give the written temporary file its name, failing if the name exists."""
    link = getattr(os, "link", None)
    if link is not None:
        try:
            if fd is not None:
                link(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)  # tmp: our own file
            else:
                link(tmp, name)
            return
        except OSError as exc:
            if isinstance(exc, FileExistsError) or not (
                    exc.errno in NO_LINKS or getattr(exc, "winerror", None) in NO_LINKS_WINDOWS):
                raise
    if sys.platform == "win32":
        os.rename(tmp, name)  # on Windows, fails if ``name`` exists
        return
    # No hard links here: create the name itself exclusively. A crash in the
    # middle can leave it short (a reader reports it); it never replaces one.
    out = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | BINARY, 0o644,
                  dir_fd=fd)
    try:
        with os.fdopen(out, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=fd)
        raise


def replace_file(path: Path, data: bytes, *, within: Path | None = None,
                 regular_only: bool = False) -> None:
    """Write ``path`` atomically, replacing it if present (drafts, documents).

    With ``regular_only``, what is replaced must be a regular file: a link,
    a device or a pipe at ``path`` is refused (checked again just before the
    rename, after the content is written)."""
    replace_file_with(path, lambda handle: handle.write(data), within=within,
                      regular_only=regular_only)


def replace_file_with(path: Path, write: Callable[[BinaryIO], object], *,
                      within: Path | None = None, regular_only: bool = False) -> None:
    """Like ``replace_file``, with ``write`` streaming the content."""
    base, parts, name = _split(path, within)
    try:
        if not parts:
            base.mkdir(parents=True, exist_ok=True)
        with open_folder(base, parts, create=True) as fd:
            tmp = _write_temporary(fd, base, parts, name, write, 0o644)
            try:
                if regular_only:
                    _refuse_special(fd, _at(fd, base, parts, name), path)
                os.replace(tmp, _at(fd, base, parts, name), src_dir_fd=fd, dst_dir_fd=fd)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp, dir_fd=fd)
            _fsync_folder(fd, base, parts)
    except OSError as exc:
        raise WriteError(os_message(path, exc)) from None


def _refuse_special(fd: int | None, name: str, path: Path) -> None:
    try:
        st = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(f"{display_path(path)} is not a regular file (a link, a device or a "
                         "pipe); only a regular file is replaced; nothing was written")


# -- the write lock -----------------------------------------------------------
def lock_timeout() -> float:
    """Seconds a writer waits for another one: ``SLI_LOCK_TIMEOUT``, else 60."""
    text = os.environ.get("SLI_LOCK_TIMEOUT", "")
    try:
        value = float(text)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return value if 0 <= value <= 24 * 3600 else DEFAULT_LOCK_TIMEOUT


def _say(message: str) -> None:
    from sli_cli.core.text import printable

    sys.stderr.write(printable(message) + "\n")
    sys.stderr.flush()


# Where "waiting for another sli" goes: stderr unless a caller prefers otherwise.
WAIT_REPORTER: Callable[[str], None] = _say


def _holder(state: Path) -> str:
    """The pid the current holder wrote beside the lock, as text ("unknown")."""
    try:
        fd = os.open(state / OWNER_NAME, os.O_RDONLY | NOFOLLOW | BINARY)
    except OSError:
        return "unknown"
    try:
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    finally:
        os.close(fd)
    return text if text.isdigit() else "unknown"


@contextlib.contextmanager
def locked(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the plan folder's write lock (other writers wait, then give up)."""
    state = folder / ".sli"
    try:
        with open_folder(folder, (".sli",), create=True):
            pass
    except OSError as exc:
        raise WriteError(os_message(state / LOCK_NAME, exc)) from None
    lock_path = state / LOCK_NAME
    if is_symlink(lock_path):
        raise SymlinkRefused(symlink_message(display_path(lock_path)))
    import warnings

    with warnings.catch_warnings():
        # Where flock is missing filelock warns that it falls back to a lock
        # file: that is the intended portable behaviour, not news for the user.
        warnings.simplefilter("ignore")
        from filelock import FileLock, Timeout

    wait = lock_timeout() if timeout is None else timeout
    lock = FileLock(str(lock_path), mode=0o644)
    try:
        try:
            lock.acquire(blocking=False)
        except Timeout:
            WAIT_REPORTER(f"waiting for another sli writing to this plan (pid {_holder(state)})"
                          f", for up to {wait:g} s")
            lock.acquire(timeout=wait, poll_interval=0.1)
    except Timeout:
        raise WriteError(
            f"another sli (pid {_holder(state)}) has been writing to this plan for more than "
            f"{wait:g} s; nothing was written. If no sli is running, a process may be holding "
            f"{display_path(lock_path)} open: try again later") from None
    except OSError as exc:
        raise WriteError(os_message(lock_path, exc)) from None
    try:
        _note_holder(state)
        yield
    finally:
        # Gone before the lock is: a waiter never reads a finished writer's pid.
        with contextlib.suppress(OSError):
            os.unlink(state / OWNER_NAME)
        lock.release()


def _note_holder(state: Path) -> None:
    """Write this process's pid beside the lock, for a writer that has to wait."""
    with contextlib.suppress(OSError), open_folder(state.parent, (".sli",),
                                                   create=False) as fd:
        name = _at(fd, state.parent, (".sli",), OWNER_NAME)
        out = os.open(name, os.O_WRONLY | os.O_CREAT | NOFOLLOW | BINARY, 0o644, dir_fd=fd)
        try:
            os.ftruncate(out, 0)
            os.write(out, f"{os.getpid()}\n".encode())
        finally:
            os.close(out)
