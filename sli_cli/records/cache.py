"""A cache of parsed record files: an optimisation only.

Each record file's parsed form is kept with the file's fingerprint (size,
modification and change times in nanoseconds, inode). A file whose fingerprint
differs is parsed again, so a stale entry is never served; files with problems
and symbolic links are never cached. The cache also records the sli version,
the cache format, the Python version and a digest of the code that defines
the records, and is ignored whole when any differs (so a build whose records
changed in any way never reads another build's cache, whatever its version).

It lives outside the plan folder (``$SLI_CACHE_DIR``, else
``$XDG_CACHE_HOME/sli``, else ``~/.cache/sli``), so a read-only plan folder or
a deleted cache does no harm. ``SLI_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from sli_cli import __version__
from sli_cli.core.errors import Problem
from sli_cli.records.collection import Parsed, join_display
from sli_cli.records.kind import RecordKind
from sli_cli.records.kinds import all_kinds
from sli_cli.records.store import replace_file_with

CACHE_FORMAT = 1
Fingerprint = tuple[int, int, int, int]
Parse = Callable[[Path, RecordKind[Any], str, str], tuple[Any, list[Problem]]]


def cache_dir() -> Path | None:
    if os.environ.get("SLI_NO_CACHE"):
        return None
    explicit = os.environ.get("SLI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sli"


def _code_digest() -> str:
    """A digest of the code that defines what the cache holds (every kind of
    record in the table, the quarter and rating classes, and how they are
    pickled): a build whose records differ in any way never reads another
    build's cache, whatever its version."""
    from sli_cli.core import quarters
    from sli_cli.plan import model
    from sli_cli.records import common, kind, kinds

    modules = [sys.modules[k.type.__module__] for k in all_kinds()]
    digest = hashlib.sha256()
    for module in (*modules, common, kind, kinds, quarters, model, sys.modules[__name__]):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            digest.update(module.__name__.encode())
    return digest.hexdigest()


def _header(folder: Path, prefix: str) -> tuple[Any, ...]:
    return ("sli-records", __version__, CACHE_FORMAT, sys.version_info[:2], _code_digest(),
            str(folder.resolve()), prefix)


def cache_file(folder: Path, prefix: str) -> Path | None:
    """One cache file per plan folder (and way of naming it); a cache written
    by another build is replaced, not kept beside."""
    base = cache_dir()
    if base is None:
        return None
    key = hashlib.sha256(repr((str(folder.resolve()), prefix)).encode()).hexdigest()[:32]
    return base / f"records-{key}.pickle"


CHUNK = 500  # entries per pickle: the pickler's memo stays small while saving


def _load(path: Path | None, header: tuple[Any, ...]) -> dict[str, tuple[Fingerprint, Any]]:
    """The entries of a cache file: its header, then chunks of entries, then None."""
    if path is None:
        return {}
    import gc

    # Unpickling allocates many objects at once; the cycle collector would
    # walk them again and again for nothing.
    enabled = gc.isenabled()
    gc.disable()
    entries: dict[str, tuple[Fingerprint, Any]] = {}
    try:
        with open(path, "rb") as stream:
            if pickle.load(stream) != header:
                return {}
            while (chunk := pickle.load(stream)) is not None:
                entries.update(chunk)
    except Exception:  # a missing, truncated or foreign cache is simply not used
        return {}
    finally:
        if enabled:
            gc.enable()
    return entries


def _save(path: Path, header: tuple[Any, ...], entries: dict[str, tuple[Fingerprint, Any]]) -> None:
    def write(handle: BinaryIO) -> None:
        protocol = pickle.HIGHEST_PROTOCOL
        pickle.dump(header, handle, protocol=protocol)
        items = list(entries.items())
        for start in range(0, len(items), CHUNK):
            pickle.dump(dict(items[start:start + CHUNK]), handle, protocol=protocol)
        pickle.dump(None, handle, protocol=protocol)  # the end: a cut-off file is not used

    with contextlib.suppress(Exception):  # the cache is optional: never fail a command
        replace_file_with(path, write)


def fingerprint(path: str) -> Fingerprint | None:
    """None for a symbolic link or a file that cannot be seen: never cached."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not os.path.isfile(path) or os.path.islink(path):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def parse_files(folder: Path, prefix: str, files: list[tuple[RecordKind[Any], str]],
                parse: Parse) -> list[Parsed]:
    """Parse every file, reusing cached results whose fingerprint still matches."""
    path = cache_file(folder, prefix)
    header = _header(folder, prefix) if path is not None else ()
    old = _load(path, header)
    new: dict[str, tuple[Fingerprint, Any]] = {}
    results: list[Parsed] = []
    dirty = False
    base = str(folder)
    for kind, relative in files:
        print_ = fingerprint(os.path.join(base, relative))
        entry = old.get(relative)
        problems: list[Problem] = []
        if print_ is not None and entry is not None and entry[0] == print_:
            record = entry[1]
        else:
            record, problems = parse(folder, kind, relative, join_display(prefix, relative))
            dirty = True
        if print_ is not None and record is not None and not problems:
            new[relative] = (print_, record)
        results.append((kind, relative, record, problems))
    if path is not None and (dirty or new.keys() != old.keys()):
        _save(path, header, new)
    return results
