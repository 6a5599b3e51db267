"""A cache of parsed record files: an optimisation only.

Each record file's parsed form is kept with the file's fingerprint (size,
modification and change times in nanoseconds, inode). A file whose fingerprint
differs is parsed again, so a stale entry is never served; files with problems
and symbolic links are never cached. The cache also records the sli version,
the cache format, the Python version, a digest of the code that defines the
records and the plan folder's absolute path, and is ignored whole when any
differs.

Nothing read from the cache can run code or build an object sli did not
choose: the file is JSON (lists, strings, numbers), and records are rebuilt
field by field from the record classes' own declarations. The cache folder is
created private (0700) and not used at all when it is a symbolic link, is not
owned by the user, or can be written by others; its files are 0600. Old
entries are evicted: at most ``MAX_FILES`` cache files and ``MAX_BYTES`` in all.

It lives outside the plan folder (``$SLI_CACHE_DIR``, else
``$XDG_CACHE_HOME/sli``, else ``~/.cache/sli``), so a read-only plan folder or
a deleted cache does no harm. ``SLI_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import os
import stat
import sys
import types
import typing
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sli_cli import __version__
from sli_cli.core.errors import Problem
from sli_cli.records.collection import Parsed, join_display
from sli_cli.records.kind import RecordKind
from sli_cli.records.kinds import all_kinds

CACHE_FORMAT = 3
MAX_FILES = 16  # plan folders remembered
MAX_BYTES = 256 * 1024 * 1024  # in all
Fingerprint = tuple[int, int, int, int]
Parse = Callable[[Path, RecordKind[Any], str, str], tuple[Any, list[Problem]]]
Decode = Callable[[Any], Any]
PREFIX, SUFFIX = "records-", ".jsonl"
OLD_SUFFIXES = (".json",)  # the files of the earlier cache format, evicted


def cache_dir() -> Path | None:
    """The cache folder, created private if missing; None when the cache is off
    or the folder cannot be trusted (see ``private_folder``)."""
    from sli_cli.records.private import private_folder

    base = configured_dir()
    if base is None or not private_folder(base):
        return None
    return base


def configured_dir() -> Path | None:
    """Where the cache is meant to be, whether or not it can be used."""
    if os.environ.get("SLI_NO_CACHE"):
        return None
    explicit = os.environ.get("SLI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sli"


def _code_digest() -> str:
    """A digest of the code that defines what the cache holds (every kind of
    record in the table, the quarter and rating classes, and this codec): a
    build whose records differ in any way never reads another build's cache,
    whatever its version."""
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


def _absolute(folder: Path) -> str:
    return str(folder.resolve())


def _header(folder: Path, prefix: str = "") -> list[Any]:
    """What a cache file must start with to be used (``prefix``, how the folder
    was spelt, is not part of it: the same folder shares one cache)."""
    return ["sli-records", __version__, CACHE_FORMAT, list(sys.version_info[:2]),
            _code_digest(), _absolute(folder)]


def cache_file(folder: Path, prefix: str = "") -> Path | None:
    """The one cache file of a plan folder, named from its absolute path."""
    base = cache_dir()
    if base is None:
        return None
    key = hashlib.sha256(_absolute(folder).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return base / f"{PREFIX}{key}{SUFFIX}"


# -- the codec: records as plain data ---------------------------------------
def _record_classes() -> dict[str, type]:
    """The classes a cache entry may name: the record class of each kind."""
    return {kind.type.__name__: kind.type for kind in all_kinds()}


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_encode(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name != "path"]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _same(kind: type) -> Decode:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise ValueError(f"expected {kind.__name__}")
        return value
    return check


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ValueError("expected a list")
    return value


def _plain_tuple(value: Any, kind: type) -> tuple[Any, ...]:
    if type(value) is not list or not all(type(v) is kind for v in value):
        raise ValueError(f"expected a list of {kind.__name__}")
    if kind is str:
        return tuple([_shared(v) for v in value])
    return tuple(value)


# Short text repeats across records (ids, roles, ratings, quarters): one copy
# of each is kept instead of one per record (a large plan's peak memory).
SHARED_UP_TO = 40


def _shared(text: str) -> str:
    return sys.intern(text) if len(text) <= SHARED_UP_TO else text


_DECODERS: dict[Any, Decode] = {}
_PLAIN = (str, int, bool, float)


def _decoder(hint: Any) -> Decode:
    """A function rebuilding a value of type ``hint`` from its plain form;
    anything of another shape raises (and the cache is not used)."""
    if hint in _DECODERS:
        return _DECODERS[hint]
    decode: Decode
    origin = typing.get_origin(hint)
    if hint in (str, int, bool, float):
        decode = _same(hint)
    elif hint is datetime:
        decode = datetime.fromisoformat
    elif hint is date:
        decode = date.fromordinal
    elif isinstance(hint, type) and issubclass(hint, enum.Enum):
        members = {m.value: m for m in hint}
        decode = members.__getitem__
    elif origin is tuple and typing.get_args(hint)[0] in _PLAIN:
        kind = typing.get_args(hint)[0]
        decode = lambda value: _plain_tuple(value, kind)  # noqa: E731
    elif origin is tuple:
        item = _decoder(typing.get_args(hint)[0])
        decode = lambda value: tuple(map(item, _list(value)))  # noqa: E731
    elif origin in (typing.Union, types.UnionType):
        others = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(others) != 1:
            raise TypeError(f"cannot cache {hint}")
        inner = _decoder(others[0])
        decode = lambda value: None if value is None else inner(value)  # noqa: E731
    elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
        decode = _dataclass_decoder(hint)
    else:
        raise TypeError(f"cannot cache {hint}")
    _DECODERS[hint] = decode
    return decode


def _field_decoders(cls: type) -> tuple[list[str], list[tuple[int, type]],
                                        list[tuple[int, Decode]]]:
    """The stored fields of ``cls`` (all but ``path``), split into those kept as
    they are (checked for their exact type) and those rebuilt by a decoder."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls) if f.name != "path"]
    plain = [(i, hints[n]) for i, n in enumerate(names) if hints[n] in _PLAIN]
    built = [(i, _decoder(hints[n])) for i, n in enumerate(names) if hints[n] not in _PLAIN]
    return names, plain, built


def _rebuild_args(cls: type, value: Any, count: int, plain: list[tuple[int, type]],
                  built: list[tuple[int, Decode]]) -> list[Any]:
    if type(value) is not list or len(value) != count:
        raise ValueError(f"a {cls.__name__} has {count} fields")
    args = list(value)
    for i, kind in plain:
        if type(args[i]) is not kind:
            raise ValueError(f"{cls.__name__}: field {i} is not a {kind.__name__}")
        if kind is str and len(args[i]) <= SHARED_UP_TO:
            args[i] = sys.intern(args[i])
    for i, decode in built:
        args[i] = decode(args[i])
    return args


def _dataclass_decoder(cls: type) -> Decode:
    names, plain, built = _field_decoders(cls)
    count = len(names)
    return lambda value: cls(*_rebuild_args(cls, value, count, plain, built))


_RECORD_DECODERS: dict[str, Callable[[Any, str], Any]] = {}


def _record_decoders() -> dict[str, Callable[[Any, str], Any]]:
    """For each record class: rebuild it, with ``path`` as it is shown now."""
    if _RECORD_DECODERS:
        return _RECORD_DECODERS
    made = _RECORD_DECODERS
    for name, cls in _record_classes().items():
        names, plain, built = _field_decoders(cls)
        if [f.name for f in dataclasses.fields(cls)] != [*names, "path"]:
            raise TypeError(f"{name}: 'path' must be its last field")

        def decode(value: Any, where: str, cls: type = cls, count: int = len(names),
                   plain: list[tuple[int, type]] = plain,
                   built: list[tuple[int, Decode]] = built) -> Any:
            return cls(*_rebuild_args(cls, value, count, plain, built), where)

        made[name] = decode
    return made


# -- reading and writing the cache file -------------------------------------
# The file is JSON lines: the header, then one line per cached record file,
# ``[relative path, fingerprint, class name, plain form]``, sorted by relative
# path. It is read a line at a time, in step with the plan's files in the same
# order, so a large plan never holds the whole file, or its parsed form, in
# memory. A line that is not a well-formed entry, or out of order, ends the
# reading: the files after it are read from disk.
Entry = tuple[str, Fingerprint, str, Any]


def _entries(stream: BinaryIO | None, header: list[Any]) -> Iterator[tuple[str, Any, bytes]]:
    """(relative path, the line's entry, the line itself) of each entry, in
    order; nothing when the header is not this build's."""
    if stream is None:
        return
    import json

    try:
        if json.loads(stream.readline().decode("utf-8", "surrogatepass")) != header:
            return
        last = ""
        for line in stream:
            entry = json.loads(line.decode("utf-8", "surrogatepass"))
            if type(entry) is not list or len(entry) != 4 or type(entry[0]) is not str \
                    or entry[0] <= last:
                return
            last = entry[0]
            yield last, entry, line
    except Exception:  # a corrupt or truncated cache: the rest is not used
        return


def _fingerprint_of(entry: Any) -> Fingerprint | None:
    fp = entry[1]
    if type(fp) is list and len(fp) == 4 and all(type(n) is int for n in fp):
        return (fp[0], fp[1], fp[2], fp[3])
    return None


def _line(relative: str, print_: Fingerprint, record: Any) -> bytes:
    import json

    return _prefix(relative, print_) + json.dumps(
        [type(record).__name__, _encode(record)], ensure_ascii=False,
        separators=(",", ":"))[1:].encode("utf-8", "surrogatepass") + b"\n"


def _prefix(relative: str, print_: Fingerprint) -> bytes:
    """How the line of this file at this fingerprint starts: ``[rel,[fp],``."""
    import json

    return json.dumps([relative, list(print_)], ensure_ascii=False,
                      separators=(",", ":"))[:-1].encode("utf-8", "surrogatepass") + b","


def _save(path: Path, header: list[Any], kept: dict[str, Fingerprint],
          fresh: dict[str, tuple[Fingerprint, Any]]) -> None:
    """Write the cache: the lines ``kept`` (copied from the file as it is now,
    when they still hold that fingerprint) and ``fresh`` (records just parsed)."""
    import json

    from sli_cli.records.private import open_private, replace_private

    def lines(old: Iterator[tuple[str, Any, bytes]]) -> Iterator[bytes]:
        yield json.dumps(header, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
        current = next(old, None)
        for relative in sorted(kept.keys() | fresh.keys()):
            if relative in fresh:
                print_, record = fresh[relative]
                try:
                    line = _line(relative, print_, record)
                except TypeError:  # a record this codec cannot keep is not cached
                    continue
                yield line
                continue
            while current is not None and current[0] < relative:
                current = next(old, None)
            if current is not None and current[0] == relative \
                    and current[2].startswith(_prefix(relative, kept[relative])):
                yield current[2]

    with contextlib.suppress(Exception):  # the cache is optional: never fail a command
        stream = open_private(path)
        try:
            replace_private(path, lines(_entries(stream, header)))
        finally:
            if stream is not None:
                stream.close()
        evict(path.parent, keep=path)


def evict(folder: Path, keep: Path | None = None, max_files: int = MAX_FILES,
          max_bytes: int = MAX_BYTES) -> None:
    """Remove the least recently written cache files beyond ``max_files`` files
    or ``max_bytes`` in all (``keep``, just written, stays)."""
    found: list[tuple[int, int, str]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(PREFIX) and entry.name.endswith((SUFFIX, *OLD_SUFFIXES)):
                with contextlib.suppress(OSError):
                    st = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode):
                        found.append((st.st_mtime_ns, st.st_size, entry.path))
    found.sort(reverse=True)  # newest first
    total = 0
    for number, (_, size, name) in enumerate(found):
        total += size
        if (number >= max_files or total > max_bytes) and (keep is None or name != str(keep)):
            with contextlib.suppress(OSError):
                os.unlink(name)


def fingerprint(path: str) -> Fingerprint | None:
    """None for a symbolic link or anything but a regular file: never cached.
    One ``lstat``: a file's size, times and inode together."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def parse_files(folder: Path, prefix: str, files: list[tuple[RecordKind[Any], str]],
                parse: Parse) -> list[Parsed]:
    """Parse every file, reusing cached results whose fingerprint still matches."""
    import gc

    from sli_cli.records.private import open_private

    path = cache_file(folder, prefix)
    header = _header(folder) if path is not None else []
    stream = open_private(path) if path is not None else None
    try:
        decoders = _record_decoders() if stream is not None else {}
    except Exception:  # a record field of a type this codec does not know: no cache
        _RECORD_DECODERS.clear()
        decoders, path = {}, None
    if not decoders and stream is not None:
        stream.close()
        stream = None
    # Decoding allocates many objects at once; the cycle collector would walk
    # them again and again for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        results, kept, fresh, dirty = _walk(folder, prefix, files, parse, decoders,
                                            _entries(stream, header))
    finally:
        if stream is not None:
            stream.close()
        if enabled:
            gc.enable()
    if path is not None and dirty:
        _save(path, header, kept, fresh)
    return results


def _walk(folder: Path, prefix: str, files: list[tuple[RecordKind[Any], str]], parse: Parse,
          decoders: dict[str, Callable[[Any, str], Any]],
          cached: Iterator[tuple[str, Any, bytes]]) -> tuple[
              list[Parsed], dict[str, Fingerprint], dict[str, tuple[Fingerprint, Any]], bool]:
    """Each file's record, from its cache line when the fingerprint matches (the
    lines and the files walked together in the order of their paths)."""
    results: list[Parsed | None] = [None] * len(files)
    kept: dict[str, Fingerprint] = {}
    fresh: dict[str, tuple[Fingerprint, Any]] = {}
    dirty = False
    base = str(folder)
    current = next(cached, None)
    for index in sorted(range(len(files)), key=lambda i: files[i][1]):
        kind, relative = files[index]
        print_ = fingerprint(os.path.join(base, relative))
        where = join_display(prefix, relative)
        while current is not None and current[0] < relative:
            dirty = True  # the line of a file no longer there
            current = next(cached, None)
        entry = None
        if current is not None and current[0] == relative:
            entry = current[1]
            current = next(cached, None)
        problems: list[Problem] = []
        record = None
        if print_ is not None and entry is not None and _fingerprint_of(entry) == print_:
            try:
                record = decoders[entry[2]](entry[3], where)
                kept[relative] = print_
            except Exception:  # an entry of the wrong shape: read the file instead
                record = None
        if record is None:
            record, problems = parse(folder, kind, relative, where)
            dirty = True
            if print_ is not None and record is not None and not problems:
                fresh[relative] = (print_, record)
        results[index] = (kind, relative, record, problems)
    if current is not None:
        dirty = True
    return [r for r in results if r is not None], kept, fresh, dirty
