"""Reading TOML with line numbers.

``tomllib`` reports syntax errors with a line but forgets where each table and
key came from. ``SourceMap`` recovers that from the text with a light scan, so
semantic problems can be reported as ``plan.toml:41: ...``. ``Fields`` reads
one table strictly: types, required keys, unknown keys with a suggestion.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sli_cli.core.errors import Problem
from sli_cli.core.quarters import FIRST_YEAR, LAST_YEAR, Quarter, QuarterError

try:
    # The compiled tomli wheel parses about 3x faster than the stdlib's tomllib
    # (its pure-Python twin) with identical results; use it when installed.
    import tomli as toml_reader
except ImportError:  # pragma: no cover - depends on the installation
    import tomllib as toml_reader  # type: ignore[no-redef]

Path_ = tuple[str | int, ...]

_KEY_PART = r"(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
_KEY_LINE = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(?:#.*)?$")
_TOML_ERROR_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _split_key(text: str) -> list[str]:
    parts = re.findall(_KEY_PART, text)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


@dataclass
class SourceMap:
    """Where each table and key of a TOML document starts (1-based lines)."""

    tables: dict[Path_, int] = field(default_factory=dict)
    keys: dict[Path_, int] = field(default_factory=dict)
    _pending: str | None = None
    top: int | None = None  # the line given for the top table (a key missing from it)

    @classmethod
    def lazy(cls, text: str, top: int | None = None) -> SourceMap:
        """A map that scans ``text`` only when a line is first asked for: most
        files have no problem, and scanning costs as much as parsing."""
        return cls(_pending=text, top=top)

    @classmethod
    def scan(cls, text: str) -> SourceMap:
        smap = cls()
        smap._scan(text)
        return smap

    def _scan(self, text: str) -> None:
        smap = self
        array_counts: dict[Path_, int] = {}
        current: Path_ = ()
        in_string: str | None = None
        depth = 0  # open brackets of a multi-line array or inline table
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            if depth == 0:
                header = _HEADER.match(line)
                if header and header.group(1) == header.group(3)[::-1].replace("]", "["):
                    names = _split_key(header.group(2))
                    resolved: Path_ = ()
                    for name in names[:-1]:
                        resolved += (name,)
                        if resolved in array_counts:
                            resolved += (array_counts[resolved] - 1,)
                    resolved += (names[-1],)
                    if header.group(1) == "[[":
                        array_counts[resolved] = array_counts.get(resolved, 0) + 1
                        resolved += (array_counts[resolved] - 1,)
                    current = resolved
                    smap.tables.setdefault(current, number)
                    continue
                key = _KEY_LINE.match(line)
                if key:
                    smap.keys.setdefault(current + tuple(_split_key(key.group(1))), number)
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_string = quote
                    break
            if in_string is None:
                stripped = re.sub(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'", "", line.split("#", 1)[0])
                depth = max(0, depth + stripped.count("[") + stripped.count("{")
                            - stripped.count("]") - stripped.count("}"))
                if depth and _HEADER.match(line) and not _KEY_LINE.match(line):
                    depth = 0

    def line(self, path: Path_) -> int | None:
        """Line of a key or table; falls back to the nearest enclosing table."""
        if self._pending is not None:
            text, self._pending = self._pending, None
            self._scan(text)
        while path:
            if path in self.keys:
                return self.keys[path]
            if path in self.tables:
                return self.tables[path]
            path = path[:-1]
        return self.top


def parse_toml(text: str, where: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse TOML text; a syntax error becomes a located problem."""
    try:
        return toml_reader.loads(text), []
    except toml_reader.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_ERROR_LINE.search(message)
        line = int(m.group(1)) if m else None
        message = _TOML_ERROR_LINE.sub("", message).strip()
        col = f" (column {m.group(2)})" if m else ""
        if message.endswith("(at end of document)"):
            message = message.removesuffix("(at end of document)").strip()
            line, col = text.count("\n") + 1, " (at the end of the file)"
        return None, [Problem(where, line, f"TOML syntax error: {message}{col}")]


def decode(data: bytes, where: str) -> tuple[str | None, list[Problem]]:
    """Bytes of a file as text: UTF-8, with or without a byte-order mark."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(where, line, "file is not UTF-8 text; save it as UTF-8")]


def suggest(word: str, choices: Iterator[str] | list[str] | set[str] | tuple[str, ...]) -> str:
    """`` (did you mean 'x'?)`` or empty when nothing is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def open_fields(data: bytes, where: str, *,
                top_line: int | None = None) -> tuple[Fields | None, list[Problem]]:
    """A TOML file's bytes as ``Fields`` over its top table, or the problems
    that stop it being read (not UTF-8, a syntax error). ``top_line`` is the
    line given to problems of the top table itself (a missing key)."""
    text, problems = decode(data, where)
    if text is None:
        return None, problems
    doc, problems = parse_toml(text, where)
    if doc is None:
        return None, problems
    return Fields(doc, where=where, smap=SourceMap.lazy(text, top_line), path=(), context="",
                  problems=problems), problems


T = TypeVar("T")
_MISSING = object()


class Fields:
    """Strict reading of one TOML table, collecting problems as it goes."""

    def __init__(
        self,
        table: dict[str, Any],
        *,
        where: str,
        smap: SourceMap,
        path: Path_,
        context: str,
        problems: list[Problem],
    ) -> None:
        self.table = table
        self.where = where
        self.smap = smap
        self.path = path
        self.context = context
        self.problems = problems
        self.seen: set[str] = set()

    # -- reporting ----------------------------------------------------------
    def line(self, key: str | None = None) -> int | None:
        return self.smap.line(self.path + ((key,) if key else ()))

    def problem(self, message: str, key: str | None = None, *, severity: Any = None) -> None:
        prefix = f"{self.context}: " if self.context else ""
        if severity is None:
            self.problems.append(Problem(self.where, self.line(key), prefix + message))
        else:
            self.problems.append(Problem(self.where, self.line(key), prefix + message, severity))

    def child(self, key: str, index: int | None, table: dict[str, Any], context: str) -> Fields:
        path = self.path + ((key,) if index is None else (key, index))
        return Fields(table, where=self.where, smap=self.smap, path=path, context=context,
                      problems=self.problems)

    # -- typed getters ------------------------------------------------------
    def _get(self, key: str, required: bool, kind: str) -> Any:
        self.seen.add(key)
        if key not in self.table:
            if required:
                self.problem(f"'{key}' is missing ({kind})")
            return _MISSING
        return self.table[key]

    def string(self, key: str, *, required: bool = True, default: str = "",
               allow_empty: bool = False) -> str:
        value = self._get(key, required, "text")
        if value is _MISSING:
            return default
        if not isinstance(value, str):
            self.problem(f"'{key}' must be text in quotes, not {_type_name(value)}", key)
            return default
        if not allow_empty and required and not value.strip():
            self.problem(f"'{key}' is empty", key)
        return value

    def integer(self, key: str, *, required: bool = True, default: int = 0) -> int:
        value = self._get(key, required, "a whole number")
        if value is _MISSING:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(f"'{key}' must be a whole number, not {_type_name(value)}", key)
            return default
        return value

    def boolean(self, key: str, *, default: bool = False) -> bool:
        value = self._get(key, False, "true or false")
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.problem(f"'{key}' must be true or false, not {_type_name(value)}", key)
            return default
        return value

    def date(self, key: str, *, required: bool = True) -> date | None:
        value = self._get(key, required, "a date like 2023-07-12")
        if value is _MISSING:
            return None
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = date.fromisoformat(value)
        if isinstance(value, date):
            if FIRST_YEAR <= value.year <= LAST_YEAR:
                return value
            self.problem(f"'{key}' is {value.isoformat()}: the year must be between "
                         f"{FIRST_YEAR} and {LAST_YEAR}", key)
            return None
        self.problem(f"'{key}' must be a date like 2023-07-12, not {value!r}", key)
        return None

    def datetime(self, key: str, *, required: bool = True) -> datetime | None:
        value = self._get(key, required, "a date and time")
        if value is _MISSING:
            return None
        if isinstance(value, datetime):
            return value
        self.problem(f"'{key}' must be a date and time like 2023-07-12T10:00:00Z", key)
        return None

    def quarter(self, key: str, *, required: bool = True,
                year_start_month: int | None = None) -> Quarter | None:
        """A quarter; given the plan's first month, one year alone is refused
        unless the year starts in January (see ``Quarter.parse``)."""
        value = self._get(key, required, "a quarter like '2023/24 Q2'")
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.problem(f"'{key}' must be a quarter in quotes like '2023/24 Q2'", key)
            return None
        try:
            return Quarter.parse(value, year_start_month)
        except QuarterError as exc:
            self.problem(str(exc), key)
            return None

    def strings(self, key: str, *, required: bool = False) -> list[str]:
        value = self._get(key, required, "a list of text")
        if value is _MISSING:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"'{key}' must be a list of text in quotes, like [\"a\", \"b\"]", key)
            return []
        return list(value)

    def tables(self, key: str, *, required: bool = False) -> list[dict[str, Any]]:
        value = self._get(key, required, f"one or more [[{key}]] tables")
        if value is _MISSING:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(f"'{key}' must be a list of tables, written as [[{key}]]", key)
            return []
        return list(value)

    def table_(self, key: str) -> dict[str, Any] | None:
        value = self._get(key, False, "a table")
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            self.problem(f"'{key}' must be a table, written as [{key}]", key)
            return None
        return value

    def choice(self, key: str, parse: Callable[[str], T], describe: str, *,
               required: bool = True) -> T | None:
        value = self.string(key, required=required)
        if not value:
            return None
        try:
            return parse(value)
        except ValueError:
            self.problem(f"'{key}' is {value!r}, which is not {describe}", key)
            return None

    def finish(self) -> None:
        """Report keys nobody asked for: most often a typo."""
        for key in self.table:
            if key not in self.seen:
                self.problem(f"unknown key '{key}'{suggest(key, self.seen)}", key)


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, datetime | date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__
