"""A private folder for what sli keeps between runs (the record cache).

The folder may sit where other users can reach it (a shared ``SLI_CACHE_DIR``,
``XDG_CACHE_HOME`` or ``HOME`` in a shared temporary folder, as in CI and
containers). It is created 0700 and used only when it is a real folder (not a
symbolic link), owned by the user, and writable by no one else; its files are
created 0600 and read only when they are regular files owned by the user that
no one else can write. Anything else is simply not used: the cache is an
optimisation.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
BINARY = getattr(os, "O_BINARY", 0)
_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH
MAX_READ = 512 * 1024 * 1024  # a cache file larger than this is not read


def _trusted(st: os.stat_result) -> bool:
    """Owned by the user and writable by no one else. On Windows, where mode
    bits say nothing of other users (the user's profile folders carry their
    own access lists), only the kind of file is checked."""
    getuid = getattr(os, "getuid", None)
    if os.name == "nt" or getuid is None:
        return True
    return st.st_uid == getuid() and not st.st_mode & _OTHERS_WRITE


def private_folder(path: Path | str) -> bool:
    """Create ``path`` (0700) if missing; True when it can be trusted."""
    path = os.fspath(path)
    try:
        parent = os.path.dirname(os.path.abspath(path))
        os.makedirs(parent, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)
        st = os.lstat(path)
    except (OSError, ValueError):
        return False
    reparse = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0)
    if getattr(st, "st_file_attributes", 0) & reparse:
        return False  # a Windows junction: a link by another name
    if not stat.S_ISDIR(st.st_mode) or not _trusted(st):
        return False
    if os.name != "nt" and st.st_mode & 0o077:
        # Ours, but readable by others (made by an older sli): close it.
        with contextlib.suppress(OSError):
            os.chmod(path, 0o700)
    return True


def open_private(path: Path | str) -> BinaryIO | None:
    """A file in a private folder opened for reading, or None when it is
    missing, not a regular file, not the user's, or writable by anyone else."""
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW | BINARY)
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and _trusted(st) and st.st_size <= MAX_READ:
            return open(fd, "rb", closefd=True)  # the caller closes it
    except OSError:
        pass
    os.close(fd)
    return None


def read_private(path: Path | str) -> bytes | None:
    """The bytes of a file in a private folder (see ``open_private``)."""
    stream = open_private(path)
    if stream is None:
        return None
    with stream:
        try:
            return stream.read()
        except OSError:
            return None


def replace_private(path: Path | str, data: bytes | Iterable[bytes]) -> None:
    """Write ``path`` (0600) whole, replacing it: a temporary file beside it,
    written from ``data`` (bytes, or chunks of bytes as they are made), renamed
    into place. Not fsync'd: a cache cut short by a crash is not used."""
    import secrets

    path = os.fspath(path)
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | BINARY, 0o600)
    try:
        with open(fd, "wb", buffering=1 << 20, closefd=True) as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                for chunk in data:
                    stream.write(chunk)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
